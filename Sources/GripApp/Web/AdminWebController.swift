import Fluent
import GripCore
import Vapor

/// Admin pages: services, users and roles, review routes, API tokens, and the settings in force.
struct AdminWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin").grouped(RequireAdminMiddleware())
        admin.get(use: settings)
        admin.get("settings", use: settings)
        admin.get("services", use: services)
        admin.post("services", use: saveService)
        admin.get("services", ":id", use: services)
        admin.post("services", ":id", use: saveService)
        admin.get("users", use: users)
        admin.post("users", use: createUser)
        admin.get("users", ":id", use: user)
        admin.post("users", ":id", use: updateUser)
        admin.post("users", ":id", "reset-link", use: resetLink)
        admin.post("users", ":id", "deactivate", use: deactivate)
        admin.get("routes", use: routesPage)
        admin.post("routes", use: saveRoute)
        admin.get("routes", ":id", use: routesPage)
        admin.post("routes", ":id", use: saveRoute)
        admin.get("tokens", use: tokens)
        admin.post("tokens", use: createToken)
        admin.post("tokens", ":id", "revoke", use: revokeToken)
    }

    func optionalID(_ req: Request) throws -> UUID? {
        guard let s = req.parameters.get("id") else { return nil }
        guard let id = UUID(uuidString: s) else { throw AppError.notFound("record") }
        return id
    }


    // MARK: settings

    struct SettingsPage: Encodable {
        struct Row: Encodable { let label: String; let cells: [Cell] }
        struct Cell: Encodable { let score: Int; let band: String; let bandClass: String }
        struct Cadence: Encodable { let band: String; let days: Int }
        struct KQ: Encodable { let name: String; let statements: [Choice] }
        let layout: Layout
        let organisation: String
        let frameworkName: String
        let frameworkVersion: String
        let keyQuestions: [KQ]
        let categories: [Choice]
        let matrixVersion: String
        let matrixDescription: String
        let grid: [Row]
        let policyVersion: String
        let cadences: [Cadence]
    }

    @Sendable func settings(req: Request) async throws -> View {
        let actor = try req.actor
        guard let org = try await Organisation.find(actor.organisationID, on: req.db) else { throw AppError.notFound("organisation") }
        let fw = Framework.bundled
        let matrix = RiskMatrix.version(org.riskMatrixVersion) ?? .current
        let policy = ReviewPolicy.version(org.reviewPolicyVersion) ?? .current
        let grid = (1...5).reversed().map { s in
            SettingsPage.Row(label: "Severity \(s)", cells: (1...5).map { l in
                let b = matrix.band(forScore: s * l)
                return .init(score: s * l, band: b.label, bandClass: "band-" + b.rawValue)
            })
        }
        return try await req.view.render("admin/settings", SettingsPage(
            layout: Layout(req, title: "Admin: settings in force", section: "admin"), organisation: org.name,
            frameworkName: fw.framework, frameworkVersion: org.frameworkVersion,
            keyQuestions: fw.keyQuestions.map { .init(name: $0.name, statements: $0.statements.map { Choice(value: $0.id, label: $0.name, selected: false) }) },
            categories: fw.evidenceCategories.map { Choice(value: $0.id, label: $0.name, selected: false) },
            matrixVersion: matrix.version, matrixDescription: matrix.description, grid: grid,
            policyVersion: policy.version,
            cadences: RiskBand.allCases.reversed().map { .init(band: $0.label, days: policy.cadence(for: $0)) }))
    }

}

/// Admin pages are for provider admins only (403 for everyone else).
struct RequireAdminMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try req.actor.require(.administer)
        return try await next.respond(to: req)
    }
}
