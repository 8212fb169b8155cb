import Fluent
import GripCore
import Vapor

/// Admin pages: services, users and roles, review routes, API tokens, and the settings in force.
struct AdminWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequireAdminMiddleware())
        admin.get(.admin, use: settings)
        admin.get(.adminSettings, use: settings)
        admin.get(.adminServices, use: services)
        admin.post(.adminServices, use: saveService)
        admin.get(.adminService, use: services)
        admin.post(.adminService, use: saveService)
        admin.get(.adminUsers, use: users)
        admin.post(.adminUsers, use: createUser)
        admin.get(.adminUser, use: user)
        admin.post(.adminUser, use: updateUser)
        admin.post(.adminUserResetLink, use: resetLink)
        admin.post(.adminUserDeactivate, use: deactivate)
        admin.post(.adminUserTwoFactorReset, use: resetTwoFactor)
        admin.post(.adminSettingsTwoFactor, use: saveTwoFactorRoles)
        admin.get(.adminRoutes, use: routesPage)
        admin.post(.adminRoutes, use: saveRoute)
        admin.get(.adminRoute, use: routesPage)
        admin.post(.adminRoute, use: saveRoute)
        admin.get(.adminTokens, use: tokens)
        admin.post(.adminTokens, use: createToken)
        admin.post(.adminTokenRevoke, use: revokeToken)
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
        let frameworkSince: String
        let keyQuestions: [KQ]
        let categories: [Choice]
        let matrixVersion: String
        let matrixDescription: String
        let grid: [Row]
        let policyVersion: String
        let cadences: [Cadence]
        let twoFactorRoles: [Choice]
        let notEnrolled: [String]
        var twoFactorError: String? = nil
    }

    @Sendable func settings(req: Request) async throws -> View {
        try await req.view.render("admin/settings", try await settingsPage(req))
    }

    func settingsPage(_ req: Request) async throws -> SettingsPage {
        let actor = try req.actor
        guard let org = try await Organisation.find(actor.organisationID, on: req.db) else {
            throw AppError.notFound("organisation")
        }
        let inForce = try await FrameworkCatalogue(db: req.db, organisationID: actor.organisationID).inForce()
        let fw = inForce.framework
        let matrix = RiskMatrix.version(org.riskMatrixVersion) ?? .current
        let policy = ReviewPolicy.version(org.reviewPolicyVersion) ?? .current
        let grid = (1...5).reversed().map { s in
            SettingsPage.Row(
                label: "Severity \(s)",
                cells: (1...5).map { l in
                    let b = matrix.band(forScore: s * l)
                    return .init(score: s * l, band: b.label, bandClass: "band-" + b.rawValue)
                })
        }
        let required = TwoFactorPolicy.parse(org.twoFactorRoles)
        // Who the requirement will stop until they set it up: active people in those roles without it.
        let waiting = try await req.admin.withoutTwoFactor(in: Array(required))
        return SettingsPage(
            layout: Layout(req, title: "Admin: settings in force", section: "admin"), organisation: org.name,
            frameworkName: fw.title, frameworkVersion: fw.id,
            frameworkSince: inForce.since?.ukFormat ?? "",
            keyQuestions: fw.groups.map {
                .init(
                    name: $0.title,
                    statements: $0.items.map {
                        Choice(value: $0.id, label: $0.title, selected: false)
                    })
            },
            categories: Reference.evidenceCategories.map { Choice(value: $0.id, label: $0.title, selected: false) },
            matrixVersion: matrix.version, matrixDescription: matrix.description, grid: grid,
            policyVersion: policy.version,
            cadences: RiskBand.allCases.reversed().map { .init(band: $0.label, days: policy.cadence(for: $0)) },
            twoFactorRoles: Role.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: required.contains($0))
            },
            notEnrolled: waiting.map { "\($0.name) (\($0.role.label))" })
    }

    struct TwoFactorRolesForm: Content { var roles: [String]? }

    @Sendable func saveTwoFactorRoles(req: Request) async throws -> Response {
        let form = try req.content.decode(TwoFactorRolesForm.self)
        let roles: Set<Role>
        switch TwoFactorPolicy.roles(from: form.roles ?? []) {
        case .success(let chosen): roles = chosen
        case .failure(let error):
            var page = try await settingsPage(req)
            page.twoFactorError = error.message
            return try await req.render("admin/settings", page, status: .unprocessableEntity)
        }
        try await TwoFactor.setRequiredRoles(roles, by: try req.actor, on: req.db)
        req.flash(
            roles.isEmpty
                ? "Two-factor sign-in is now optional for everyone."
                : """
                Two-factor sign-in is now required for: \
                \(Role.allCases.filter(roles.contains).map(\.label).joined(separator: ", ")).
                """
        )
        return req.redirect(to: Paths.adminSettings)
    }

}

/// Admin pages are for provider admins only (403 for everyone else).
struct RequireAdminMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try req.actor.require(.administer)
        return try await next.respond(to: req)
    }
}

/// The add-or-edit form beside an admin list: where it posts (the record's address when editing, the list's when
/// adding) and the version read.
struct AdminEditor: Encodable {
    let action: String
    let isEdit: Bool
    let version: Int

    init(_ editing: (path: String, version: Int)?, list: String) {
        action = editing?.path ?? list
        isEdit = editing != nil
        version = editing?.version ?? 0
    }
}
