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

    func render<T: Encodable>(_ req: Request, _ template: String, _ ctx: T, status: HTTPResponseStatus = .ok) async throws -> Response {
        let res = try await req.view.render(template, ctx).encodeResponse(for: req)
        res.status = status
        return res
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

    // MARK: services

    struct ServicesPage: Encodable {
        struct Row: Encodable { let name: String; let href: String; let type: String; let location: String; let commissioners: String; let ratings: String }
        struct RatingField: Encodable { let key: String; let label: String; let options: [Choice] }
        let layout: Layout
        let rows: [Row]
        let form: FormState
        let formAction: String
        let isEdit: Bool
        let version: Int
        let types: [Choice]
        let ratings: [RatingField]
    }

    struct ServiceForm: Content {
        var name: String?; var cqc_location_id: String?; var service_type: String?; var commissioners: String?; var version: String?
        var rating_safe: String?; var rating_effective: String?; var rating_caring: String?; var rating_responsive: String?; var rating_well_led: String?
        var ratingValues: [String: String?] {
            ["safe": rating_safe, "effective": rating_effective, "caring": rating_caring, "responsive": rating_responsive, "well-led": rating_well_led]
        }
    }

    func servicesPage(_ req: Request, editing: Service?, values: [String: String], errors: [FieldError]) async throws -> ServicesPage {
        let actor = try req.actor
        let all = try await Service.query(on: req.db).filter(\.$organisation.$id == actor.organisationID).sort(\.$name).all()
        let fw = Framework.bundled
        return ServicesPage(
            layout: Layout(req, title: "Admin: services", section: "admin"),
            rows: all.map { s in
                .init(name: s.name, href: Paths.adminService(s.id!), type: s.serviceType.label, location: s.cqcLocationID,
                      commissioners: s.commissioners,
                      ratings: fw.keyQuestions.map { "\($0.name): \(s.ratings[$0.id]?.label ?? "Not rated")" }.joined(separator: "; "))
            },
            form: FormState(values: values, errors: errors),
            formAction: editing.map { Paths.adminService($0.id!) } ?? Paths.adminServices,
            isEdit: editing != nil, version: editing?.version ?? 0,
            types: ServiceType.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: values["service_type"] == $0.rawValue) },
            ratings: fw.keyQuestions.map { kq in
                .init(key: "rating_" + kq.id.replacingOccurrences(of: "-", with: "_"), label: kq.name,
                      options: CQCRating.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: (values["rating_" + kq.id] ?? "not_rated") == $0.rawValue) })
            })
    }

    @Sendable func services(req: Request) async throws -> View {
        let actor = try req.actor
        var editing: Service?
        var values: [String: String] = [:]
        if let id = try optionalID(req) {
            let s = try await Access.service(id, for: actor, on: req.db)
            editing = s
            values = ["name": s.name, "cqc_location_id": s.cqcLocationID, "service_type": s.serviceType.rawValue, "commissioners": s.commissioners]
            for (k, r) in s.ratings { values["rating_" + k] = r.rawValue }
        }
        return try await req.view.render("admin/services", try await servicesPage(req, editing: editing, values: values, errors: []))
    }

    @Sendable func saveService(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try optionalID(req)
        let editing: Service? = if let id { try await Access.service(id, for: actor, on: req.db) } else { nil }
        let f = try req.content.decode(ServiceForm.self)
        var errors: [FieldError] = []
        var ratings: [String: CQCRating] = [:]
        for (k, v) in f.ratingValues {
            guard let v, !v.isEmpty else { continue }
            if let r = CQCRating(rawValue: v) { ratings[k] = r } else { errors.append(FieldError("rating_" + k, "Choose a rating from the list.")) }
        }
        var type: ServiceType?
        if let t = f.service_type, !t.isEmpty { type = ServiceType(rawValue: t); if type == nil { errors.append(FieldError("service_type", "Choose a type from the list.")) } }
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let s = try await AdminService(db: req.db, actor: actor).saveService(id, .init(
                name: f.name ?? "", cqcLocationID: f.cqc_location_id ?? "", serviceType: type, commissioners: f.commissioners ?? "",
                ratings: ratings), version: f.version.flatMap { Int($0) })
            req.flash("Service \(s.name) saved.")
            return req.redirect(to: Paths.adminServices)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            var values = ["name": f.name ?? "", "cqc_location_id": f.cqc_location_id ?? "", "service_type": f.service_type ?? "", "commissioners": f.commissioners ?? ""]
            for (k, v) in f.ratingValues { values["rating_" + k] = v ?? "" }
            let errs = e.fieldErrors.isEmpty ? [FieldError("version", e.reason)] : e.fieldErrors
            return try await render(req, "admin/services", try await servicesPage(req, editing: editing, values: values, errors: errs), status: e.status)
        }
    }

    // MARK: users

    struct UsersPage: Encodable {
        struct Row: Encodable { let name: String; let href: String; let email: String; let role: String; let scope: String; let active: Bool }
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
        if let r = f.role, !r.isEmpty { role = Role(rawValue: r); if role == nil { errors.append(FieldError("role", "Choose a role from the list.")) } }
        let services = FormParse.uuids(f.services, "services", into: &errors)
        return (.init(name: f.name ?? "", email: f.email ?? "", role: role, serviceIDs: services), errors)
    }

    func usersPage(_ req: Request, values: [String: String], selected: Set<String>, errors: [FieldError], resetLink: String? = nil) async throws -> UsersPage {
        let actor = try req.actor
        let users = try await User.query(on: req.db).filter(\.$organisation.$id == actor.organisationID).with(\.$services).sort(\.$name).all()
        let services = try await Service.query(on: req.db).filter(\.$organisation.$id == actor.organisationID).sort(\.$name).all()
        return UsersPage(
            layout: Layout(req, title: "Admin: users and roles", section: "admin"),
            rows: users.map { u in
                .init(name: u.name, href: Paths.adminUser(u.id!), email: u.email, role: u.role.label,
                      scope: u.role.isOrganisationScoped ? "All services" : u.services.map(\.name).sorted().joined(separator: ", "),
                      active: u.active)
            },
            form: FormState(values: values, errors: errors),
            roles: Role.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: values["role"] == $0.rawValue) },
            services: services.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: selected.contains($0.id!.uuidString)) },
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
            let (u, token) = try await AdminService(db: req.db, actor: actor).createUser(input, hasher: req.application.password)
            let link = Self.absolute(req, Paths.resetPassword(token))
            req.flash("\(u.name) added. Send them this one-time link to choose a password (valid 72 hours): \(link)")
            return req.redirect(to: Paths.adminUser(u.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            let page = try await usersPage(req, values: ["name": f.name ?? "", "email": f.email ?? "", "role": f.role ?? ""],
                                           selected: Set(f.services ?? []), errors: e.fieldErrors)
            return try await render(req, "admin/users", page, status: e.status)
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
    }

    func userPage(_ req: Request, _ u: User, values: [String: String]? = nil, selected: Set<String>? = nil, errors: [FieldError] = []) async throws -> UserPage {
        let actor = try req.actor
        let admin = try AdminService(db: req.db, actor: actor)
        let id = try u.requireID()
        let current = try await ServiceAccess.query(on: req.db).filter(\.$user.$id == id).all().map { $0.$service.id.uuidString }
        let services = try await Service.query(on: req.db).filter(\.$organisation.$id == actor.organisationID).sort(\.$name).all()
        let held = u.active ? try await admin.holdings(of: id) : AdminService.Holdings(leads: [], reviews: [], steps: [])
        let people = try await User.query(on: req.db).filter(\.$organisation.$id == actor.organisationID)
            .filter(\.$active == true).filter(\.$id != id).filter(\.$role != .commissioner).sort(\.$name).all()
        let v = values ?? ["name": u.name, "email": u.email, "role": u.role.rawValue]
        let sel = selected ?? Set(current)
        var heldRows = held.leads.map { UserPage.Held(label: "Leads \($0.reference) \($0.title)", href: Paths.action($0.id!)) }
        heldRows += held.reviews.map { UserPage.Held(label: "Senior reviewer of \($0.reference) \($0.title)", href: Paths.action($0.id!)) }
        heldRows += held.steps.map { UserPage.Held(label: "Owns step \($0.position): \($0.what)", href: Paths.action($0.$action.id, tab: "steps")) }
        return UserPage(
            layout: Layout(req, title: "Admin: \(u.name)", section: "admin"), id: id.uuidString, name: u.name, email: u.email,
            active: u.active, version: u.version, form: FormState(values: v, errors: errors),
            roles: Role.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: v["role"] == $0.rawValue) },
            services: services.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: sel.contains($0.id!.uuidString)) },
            held: heldRows,
            successors: people.map { Choice(value: $0.id!.uuidString, label: "\($0.name) (\($0.role.label))", selected: v["successor"] == $0.id!.uuidString) },
            updateHref: Paths.adminUser(id), resetHref: Paths.adminUserReset(id), deactivateHref: Paths.adminUserDeactivate(id))
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
            _ = try await AdminService(db: req.db, actor: actor).updateUser(u.id!, input, version: f.version.flatMap { Int($0) })
            req.flash("\(input.name) saved.")
            return req.redirect(to: Paths.adminUser(u.id!))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let fresh = try await loadUser(req)
            let errs = e.fieldErrors.isEmpty ? [FieldError("version", e.reason)] : e.fieldErrors
            let page = try await userPage(req, fresh, values: ["name": f.name ?? "", "email": f.email ?? "", "role": f.role ?? ""],
                                          selected: Set(f.services ?? []), errors: errs)
            return try await render(req, "admin/user", page, status: e.status)
        }
    }

    @Sendable func resetLink(req: Request) async throws -> Response {
        let actor = try req.actor
        let u = try await loadUser(req)
        let token = try await AdminService(db: req.db, actor: actor).resetLink(for: u.id!)
        req.flash("One-time password link for \(u.name) (valid 72 hours; it replaces nothing until used): \(Self.absolute(req, Paths.resetPassword(token)))")
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
            let held = try await AdminService(db: req.db, actor: actor).deactivate(u.id!, handoverTo: successor, version: f.version.flatMap { Int($0) })
            req.flash("\(u.name) is deactivated" + (held.isEmpty ? "." : "; \(held.count) open item(s) handed over."))
            return req.redirect(to: Paths.adminUsers)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let errs = e.fieldErrors.isEmpty ? [FieldError("successor", e.reason)] : e.fieldErrors
            var values = ["name": u.name, "email": u.email, "role": u.role.rawValue]
            values["successor"] = f.successor ?? ""
            return try await render(req, "admin/user", try await userPage(req, u, values: values, errors: errs), status: e.status)
        }
    }

    // MARK: review routes

    struct RoutesPage: Encodable {
        struct Row: Encodable { let name: String; let href: String; let kind: String; let cadence: Int; let services: String; let members: String }
        let layout: Layout
        let rows: [Row]
        let form: FormState
        let formAction: String
        let isEdit: Bool
        let version: Int
        let kinds: [Choice]
        let services: [Choice]
        let members: [Choice]
    }

    struct RouteForm: Content {
        var name: String?; var kind: String?; var cadence_days: String?; var services: [String]?; var members: [String]?; var version: String?
    }

    func routesPage(_ req: Request, editing: ReviewRoute?, values: [String: String], services sel: Set<String>, members msel: Set<String>, errors: [FieldError]) async throws -> RoutesPage {
        let actor = try req.actor
        let routes = try await ReviewRoute.query(on: req.db).filter(\.$organisation.$id == actor.organisationID)
            .with(\.$services).with(\.$members).sort(\.$name).all()
        let services = try await Service.query(on: req.db).filter(\.$organisation.$id == actor.organisationID).sort(\.$name).all()
        let people = try await User.query(on: req.db).filter(\.$organisation.$id == actor.organisationID).filter(\.$active == true).sort(\.$name).all()
        return RoutesPage(
            layout: Layout(req, title: "Admin: review routes", section: "admin"),
            rows: routes.map { r in
                .init(name: r.name, href: Paths.adminRoute(r.id!), kind: r.kind.label, cadence: r.cadenceDays,
                      services: r.services.map(\.name).sorted().joined(separator: ", "), members: r.members.map(\.name).sorted().joined(separator: ", "))
            },
            form: FormState(values: values, errors: errors),
            formAction: editing.map { Paths.adminRoute($0.id!) } ?? Paths.adminRoutes, isEdit: editing != nil, version: editing?.version ?? 0,
            kinds: RouteKind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: values["kind"] == $0.rawValue) },
            services: services.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: sel.contains($0.id!.uuidString)) },
            members: people.map { Choice(value: $0.id!.uuidString, label: "\($0.name) (\($0.role.label))", selected: msel.contains($0.id!.uuidString)) })
    }

    @Sendable func routesPage(req: Request) async throws -> View {
        let actor = try req.actor
        var editing: ReviewRoute?
        var values: [String: String] = ["cadence_days": "14"]
        var sel = Set<String>(), msel = Set<String>()
        if let id = try optionalID(req) {
            let r = try await Access.route(id, for: actor, on: req.db)
            editing = r
            values = ["name": r.name, "kind": r.kind.rawValue, "cadence_days": String(r.cadenceDays)]
            sel = Set(try await RouteService.query(on: req.db).filter(\.$route.$id == id).all().map { $0.$service.id.uuidString })
            msel = Set(try await RouteMember.query(on: req.db).filter(\.$route.$id == id).all().map { $0.$user.id.uuidString })
        }
        return try await req.view.render("admin/routes", try await routesPage(req, editing: editing, values: values, services: sel, members: msel, errors: []))
    }

    @Sendable func saveRoute(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try optionalID(req)
        let editing: ReviewRoute? = if let id { try await Access.route(id, for: actor, on: req.db) } else { nil }
        let f = try req.content.decode(RouteForm.self)
        var errors: [FieldError] = []
        var kind: RouteKind?
        if let k = f.kind, !k.isEmpty { kind = RouteKind(rawValue: k); if kind == nil { errors.append(FieldError("kind", "Choose a kind from the list.")) } }
        let cadence = FormParse.int(f.cadence_days, "cadence_days", "The cadence", into: &errors)
        let services = FormParse.uuids(f.services, "services", into: &errors)
        let members = FormParse.uuids(f.members, "members", into: &errors)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let r = try await AdminService(db: req.db, actor: actor).saveRoute(id, .init(
                name: f.name ?? "", kind: kind, cadenceDays: cadence, serviceIDs: services, memberIDs: members), version: f.version.flatMap { Int($0) })
            req.flash("Review route \(r.name) saved.")
            return req.redirect(to: Paths.adminRoutes)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let errs = e.fieldErrors.isEmpty ? [FieldError("version", e.reason)] : e.fieldErrors
            let page = try await routesPage(req, editing: editing, values: ["name": f.name ?? "", "kind": f.kind ?? "", "cadence_days": f.cadence_days ?? ""],
                                            services: Set(f.services ?? []), members: Set(f.members ?? []), errors: errs)
            return try await render(req, "admin/routes", page, status: e.status)
        }
    }

    // MARK: API tokens

    struct TokensPage: Encodable {
        struct Row: Encodable { let name: String; let user: String; let prefix: String; let created: String; let revoked: Bool; let revokeHref: String }
        let layout: Layout
        let rows: [Row]
        let form: FormState
        let users: [Choice]
        let newToken: String?
    }

    struct TokenForm: Content { var name: String?; var user: String? }

    func tokensPage(_ req: Request, values: [String: String], errors: [FieldError], newToken: String? = nil) async throws -> TokensPage {
        let actor = try req.actor
        let tokens = try await ApiToken.query(on: req.db).filter(\.$organisation.$id == actor.organisationID).with(\.$user)
            .sort(\.$createdAt, .descending).all()
        let people = try await User.query(on: req.db).filter(\.$organisation.$id == actor.organisationID).filter(\.$active == true).sort(\.$name).all()
        return TokensPage(
            layout: Layout(req, title: "Admin: API tokens", section: "admin"),
            rows: tokens.map { t in
                .init(name: t.name, user: "\(t.user.name) (\(t.user.role.label))", prefix: t.prefix + "…",
                      created: t.createdAt.map(UKTime.format) ?? "", revoked: t.revokedAt != nil, revokeHref: Paths.adminTokenRevoke(t.id!))
            },
            form: FormState(values: values, errors: errors),
            users: people.map { Choice(value: $0.id!.uuidString, label: "\($0.name) (\($0.role.label))", selected: (values["user"] ?? actor.id.uuidString) == $0.id!.uuidString) },
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
            let (_, secret) = try await AdminService(db: req.db, actor: actor).createToken(name: f.name ?? "", for: userID)
            return try await render(req, "admin/tokens", try await tokensPage(req, values: [:], errors: [], newToken: secret), status: .created)
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await render(req, "admin/tokens", try await tokensPage(req, values: ["name": f.name ?? "", "user": f.user ?? ""], errors: e.fieldErrors), status: e.status)
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

/// Admin pages are for provider admins only (403 for everyone else).
struct RequireAdminMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try req.actor.require(.administer)
        return try await next.respond(to: req)
    }
}
