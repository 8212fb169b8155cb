import Fluent
import GripCore
import Vapor

extension AdminWebController {
    struct TokensPage: Encodable {
        struct Row: Encodable {
            let name: String; let user: String; let prefix: String; let created: String; let revoked: Bool;
            let revokeHref: String
        }
        let layout: Layout
        let rows: [Row]
        let form: FormState
        let users: [Choice]
        let newToken: String?
    }

    struct TokenForm: Content { var name: String?; var user: String? }

    func tokensPage(
        _ req: Request, values: [String: String], errors: [FieldError], newToken: String? = nil
    ) async throws -> TokensPage {
        let actor = try req.actor
        let tokens = try await req.admin.tokens()
        let people = try await req.admin.activePeople()
        return TokensPage(
            layout: Layout(req, title: "Admin: API tokens", section: "admin"),
            rows: tokens.map { t in
                .init(
                    name: t.name, user: "\(t.user.name) (\(t.user.role.label))", prefix: t.prefix + "…",
                    created: t.createdAt.map(UKTime.format) ?? "", revoked: t.revokedAt != nil,
                    revokeHref: Paths.adminTokenRevoke(t.id!))
            },
            form: FormState(values: values, errors: errors),
            users: people.map {
                Choice(
                    value: $0.id!.uuidString, label: "\($0.name) (\($0.role.label))",
                    selected: (values["user"] ?? actor.id.uuidString) == $0.id!.uuidString)
            },
            newToken: newToken)
    }

    @Sendable func tokens(req: Request) async throws -> View {
        try await req.view.render("admin/tokens", try await tokensPage(req, values: [:], errors: []))
    }

    @Sendable func createToken(req: Request) async throws -> Response {
        let actor = try req.actor
        let f = try req.content.decode(TokenForm.self)
        var errors: [FieldError] = []
        let userID = FormParse.uuid(f.user, "user", "a user", into: &errors)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            guard let userID else { throw AppError.invalid("user", "Choose the user the token acts as.") }
            let (_, secret) = try await AdminService(db: req.db, actor: actor).createToken(
                name: f.name ?? "", for: userID)
            return try await req.render(
                "admin/tokens", try await tokensPage(req, values: [:], errors: [], newToken: secret), status: .created)
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "admin/tokens",
                try await tokensPage(req, values: ["name": f.name ?? "", "user": f.user ?? ""], errors: e.fieldErrors),
                status: e.status)
        }
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = try optionalID(req) else { throw AppError.notFound("token") }
        try await AdminService(db: req.db, actor: actor).revokeToken(id)
        req.flash("Token revoked: it no longer works.")
        return req.redirect(to: Paths.adminTokens)
    }
}
