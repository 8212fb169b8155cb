import Fluent
import GripCore
import Vapor

extension AdminWebController {
    struct UsersPage: Encodable {
        struct Row: Encodable {
            let name: String; let href: String; let email: String; let role: String; let scope: String; let active: Bool
        }
        let layout: Layout
        let rows: [Row]
        let form: FormState
        let roles: [Choice]
        let services: [Choice]
        let resetLink: String?
    }

    struct UserForm: Content {
        var name: String?; var email: String?; var role: String?; var services: [String]?; var version: String?
    }

    func parse(_ f: UserForm) -> (AdminService.UserInput, [FieldError]) {
        var errors: [FieldError] = []
        var role: Role?
        if let r = f.role, !r.isEmpty {
            role = Role(rawValue: r);
            if role == nil { errors.append(FieldError("role", "Choose a role from the list.")) }
        }
        let services = FormParse.uuids(f.services, "services", into: &errors)
        return (.init(name: f.name ?? "", email: f.email ?? "", role: role, serviceIDs: services), errors)
    }

    func usersPage(
        _ req: Request, values: [String: String], selected: Set<String>, errors: [FieldError], resetLink: String? = nil
    ) async throws -> UsersPage {
        let users = try await req.admin.users()
        let services = try await req.admin.services()
        return UsersPage(
            layout: Layout(req, title: "Admin: users and roles", section: "admin"),
            rows: users.map { u in
                .init(
                    name: u.name, href: Paths.adminUser(u.id!), email: u.email, role: u.role.label,
                    scope: u.role.isOrganisationScoped
                        ? "All services" : u.services.map(\.name).sorted().joined(separator: ", "),
                    active: u.active)
            },
            form: FormState(values: values, errors: errors),
            roles: Role.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: values["role"] == $0.rawValue)
            },
            services: services.map {
                Choice(value: $0.id!.uuidString, label: $0.name, selected: selected.contains($0.id!.uuidString))
            },
            resetLink: resetLink)
    }

    static func absolute(_ req: Request, _ path: String) -> String {
        let host = req.headers.first(name: .host) ?? "127.0.0.1:8080"
        return "http://\(host)\(path)"
    }

    @Sendable func users(req: Request) async throws -> View {
        try await req.view.render("admin/users", try await usersPage(req, values: [:], selected: [], errors: []))
    }

    @Sendable func createUser(req: Request) async throws -> Response {
        let actor = try req.actor
        let f = try req.content.decode(UserForm.self)
        let (input, parseErrors) = parse(f)
        do {
            if !parseErrors.isEmpty { throw AppError.invalid(parseErrors) }
            let (u, token) = try await AdminService(db: req.db, actor: actor).createUser(
                input, hasher: req.application.password)
            let link = Self.absolute(req, Paths.resetPassword(token))
            req.flash("\(u.name) added. Send them this one-time link to choose a password (valid 72 hours): \(link)")
            return req.redirect(to: Paths.adminUser(u.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            let page = try await usersPage(
                req, values: ["name": f.name ?? "", "email": f.email ?? "", "role": f.role ?? ""],
                selected: Set(f.services ?? []), errors: e.fieldErrors)
            return try await req.render("admin/users", page, status: e.status)
        }
    }

    struct UserPage: Encodable {
        struct Held: Encodable { let label: String; let href: String }
        let layout: Layout
        let id: String
        let name: String
        let email: String
        let active: Bool
        let version: Int
        let form: FormState
        let roles: [Choice]
        let services: [Choice]
        let held: [Held]
        let successors: [Choice]
        let updateHref: String
        let resetHref: String
        let deactivateHref: String
        let twoFactor: Bool
        let twoFactorResetHref: String
    }

    func userPage(
        _ req: Request, _ u: User, values: [String: String]? = nil, selected: Set<String>? = nil,
        errors: [FieldError] = []
    ) async throws -> UserPage {
        let actor = try req.actor
        let admin = try AdminService(db: req.db, actor: actor)
        let id = try u.requireID()
        let current = try await req.admin.serviceIDs(of: id).map(\.uuidString)
        let services = try await req.admin.services()
        let held =
            u.active ? try await admin.holdings(of: id) : AdminService.Holdings(leads: [], reviews: [], steps: [])
        let people = try await req.admin.successors(of: id)
        let v = values ?? ["name": u.name, "email": u.email, "role": u.role.rawValue]
        let sel = selected ?? Set(current)
        var heldRows = held.leads.map {
            UserPage.Held(label: "Leads \($0.reference) \($0.title)", href: Paths.action($0.id!))
        }
        heldRows += held.reviews.map {
            UserPage.Held(label: "Senior reviewer of \($0.reference) \($0.title)", href: Paths.action($0.id!))
        }
        heldRows += held.steps.map {
            UserPage.Held(
                label: "Owns step \($0.position): \($0.what)", href: Paths.action($0.$action.id, tab: "steps"))
        }
        return UserPage(
            layout: Layout(req, title: "Admin: \(u.name)", section: "admin"), id: id.uuidString, name: u.name,
            email: u.email,
            active: u.active, version: u.version, form: FormState(values: v, errors: errors),
            roles: Role.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: v["role"] == $0.rawValue)
            },
            services: services.map {
                Choice(value: $0.id!.uuidString, label: $0.name, selected: sel.contains($0.id!.uuidString))
            },
            held: heldRows,
            successors: people.map {
                Choice(
                    value: $0.id!.uuidString, label: "\($0.name) (\($0.role.label))",
                    selected: v["successor"] == $0.id!.uuidString)
            },
            updateHref: Paths.adminUser(id), resetHref: Paths.adminUserReset(id),
            deactivateHref: Paths.adminUserDeactivate(id),
            twoFactor: TwoFactor.isEnrolled(u), twoFactorResetHref: Paths.adminUserTwoFactorReset(id))
    }

    func loadUser(_ req: Request) async throws -> User {
        try await Access.user(try optionalID(req), for: try req.actor, on: req.db)
    }

    @Sendable func user(req: Request) async throws -> View {
        try await req.view.render("admin/user", try await userPage(req, try await loadUser(req)))
    }

    @Sendable func updateUser(req: Request) async throws -> Response {
        let actor = try req.actor
        let u = try await loadUser(req)
        let f = try req.content.decode(UserForm.self)
        let (input, parseErrors) = parse(f)
        do {
            if !parseErrors.isEmpty { throw AppError.invalid(parseErrors) }
            _ = try await AdminService(db: req.db, actor: actor).updateUser(
                u.id!, input, version: f.version.flatMap { Int($0) })
            req.flash("\(input.name) saved.")
            return req.redirect(to: Paths.adminUser(u.id!))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let fresh = try await loadUser(req)
            let errs = e.fieldErrors.isEmpty ? [FieldError("version", e.reason)] : e.fieldErrors
            let page = try await userPage(
                req, fresh, values: ["name": f.name ?? "", "email": f.email ?? "", "role": f.role ?? ""],
                selected: Set(f.services ?? []), errors: errs)
            return try await req.render("admin/user", page, status: e.status)
        }
    }

    @Sendable func resetLink(req: Request) async throws -> Response {
        let actor = try req.actor
        let u = try await loadUser(req)
        let token = try await AdminService(db: req.db, actor: actor).resetLink(for: u.id!)
        req.flash(
            """
            One-time password link for \(u.name) (valid 72 hours; it replaces nothing until used): \
            \(Self.absolute(req, Paths.resetPassword(token)))
            """
        )
        return req.redirect(to: Paths.adminUser(u.id!))
    }

    /// For someone who lost their phone: they set two-factor sign-in up again at their next sign-in.
    @Sendable func resetTwoFactor(req: Request) async throws -> Response {
        let u = try await TwoFactor.reset(try await loadUser(req).requireID(), by: try req.actor, on: req.db)
        req.flash("Two-factor sign-in for \(u.name) is reset: they sign in with their password and set it up again.")
        return req.redirect(to: Paths.adminUser(u.id!))
    }

    struct DeactivateForm: Content { var successor: String?; var version: String? }

    @Sendable func deactivate(req: Request) async throws -> Response {
        let actor = try req.actor
        let u = try await loadUser(req)
        let f = try req.content.decode(DeactivateForm.self)
        var parse: [FieldError] = []
        let successor = FormParse.uuid(f.successor, "successor", "a successor", into: &parse)
        do {
            if !parse.isEmpty { throw AppError.invalid(parse) }
            let held = try await AdminService(db: req.db, actor: actor).deactivate(
                u.id!, handoverTo: successor, version: f.version.flatMap { Int($0) })
            req.flash("\(u.name) is deactivated" + (held.isEmpty ? "." : "; \(held.count) open item(s) handed over."))
            return req.redirect(to: Paths.adminUsers)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let errs = e.fieldErrors.isEmpty ? [FieldError("successor", e.reason)] : e.fieldErrors
            var values = ["name": u.name, "email": u.email, "role": u.role.rawValue]
            values["successor"] = f.successor ?? ""
            return try await req.render(
                "admin/user", try await userPage(req, u, values: values, errors: errs), status: e.status)
        }
    }
}
