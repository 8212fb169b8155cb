import Fluent
import GripCore
import Vapor

extension AdminWebController {
    struct RoutesPage: Encodable {
        struct Row: Encodable {
            let name: String; let href: String; let kind: String; let cadence: Int; let services: String;
            let members: String
        }
        let layout: Layout
        let rows: [Row]
        let form: FormState
        let editor: AdminEditor
        let kinds: [Choice]
        let services: [Choice]
        let members: [Choice]
    }

    struct RouteForm: Content {
        var name: String?; var kind: String?; var cadence_days: String?; var services: [String]?;
        var members: [String]?; var version: String?
        var reopen_on_concern: String?
    }

    func routesPage(
        _ req: Request, editing: ReviewRoute?, values: [String: String], services sel: Set<String>,
        members msel: Set<String>, errors: [FieldError]
    ) async throws -> RoutesPage {
        let routes = try await req.admin.routes()
        let services = try await req.admin.services()
        let people = try await req.admin.activePeople()
        return RoutesPage(
            layout: Layout(req, title: "Admin: review routes", section: "admin"),
            rows: routes.map { r in
                .init(
                    name: r.name, href: Paths.adminRoute(r.id!), kind: r.kind.label, cadence: r.cadenceDays,
                    services: r.services.map(\.name).sorted().joined(separator: ", "),
                    members: r.members.map(\.name).sorted().joined(separator: ", "))
            },
            form: FormState(values: values, errors: errors),
            editor: AdminEditor(
                editing.map { (path: Paths.adminRoute($0.id!), version: $0.version) }, list: Paths.adminRoutes),
            kinds: RouteKind.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: values["kind"] == $0.rawValue)
            },
            services: services.map {
                Choice(value: $0.id!.uuidString, label: $0.name, selected: sel.contains($0.id!.uuidString))
            },
            members: people.map {
                Choice(
                    value: $0.id!.uuidString, label: "\($0.name) (\($0.role.label))",
                    selected: msel.contains($0.id!.uuidString))
            })
    }

    @Sendable func routesPage(req: Request) async throws -> View {
        let actor = try req.actor
        var editing: ReviewRoute?
        var values: [String: String] = ["cadence_days": "14"]
        var sel = Set<String>(), msel = Set<String>()
        if let id = try optionalID(req) {
            let r = try await Access.route(id, for: actor, on: req.db)
            editing = r
            values = [
                "name": r.name, "kind": r.kind.rawValue, "cadence_days": String(r.cadenceDays),
                "reopen_on_concern": r.reopenOnConcern ? "yes" : ""
            ]
            let membership = try await req.admin.routeMembership(id)
            sel = Set(membership.services.map(\.uuidString))
            msel = Set(membership.members.map(\.uuidString))
        }
        return try await req.view.render(
            "admin/routes",
            try await routesPage(req, editing: editing, values: values, services: sel, members: msel, errors: []))
    }

    @Sendable func saveRoute(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try optionalID(req)
        let editing: ReviewRoute? = if let id { try await Access.route(id, for: actor, on: req.db) } else { nil }
        let f = try req.content.decode(RouteForm.self)
        var errors: [FieldError] = []
        var kind: RouteKind?
        if let k = f.kind, !k.isEmpty {
            kind = RouteKind(rawValue: k);
            if kind == nil { errors.append(FieldError("kind", "Choose a kind from the list.")) }
        }
        let cadence = FormParse.int(f.cadence_days, "cadence_days", "The cadence", into: &errors)
        let services = FormParse.uuids(f.services, "services", into: &errors)
        let members = FormParse.uuids(f.members, "members", into: &errors)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let r = try await AdminService(db: req.db, actor: actor).saveRoute(
                id,
                .init(
                    name: f.name ?? "", kind: kind, cadenceDays: cadence, serviceIDs: services, memberIDs: members,
                    reopenOnConcern: f.reopen_on_concern == "yes"), version: f.version.flatMap { Int($0) })
            req.flash("Review route \(r.name) saved.")
            return req.redirect(to: Paths.adminRoutes)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let errs = e.fieldErrors.isEmpty ? [FieldError("version", e.reason)] : e.fieldErrors
            let page = try await routesPage(
                req, editing: editing,
                values: [
                    "name": f.name ?? "", "kind": f.kind ?? "", "cadence_days": f.cadence_days ?? "",
                    "reopen_on_concern": f.reopen_on_concern ?? ""
                ],
                services: Set(f.services ?? []), members: Set(f.members ?? []), errors: errs)
            return try await req.render("admin/routes", page, status: e.status)
        }
    }
}
