import Fluent
import GripCore
import Vapor

/// Reports: choose a pack, its services and period; get the print-ready page, a PDF or CSV.
struct ReportsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.reports, use: form)
        routes.grouped(HeavyWorkMiddleware()).get(.reportsPack, use: pack)
    }

    struct FormPage: Encodable {
        let layout: Layout; let form: FormState; let kinds: [Choice]; let services: [Choice]; let formats: [Choice];
        let defaultPeriod: String
        /// Framework versions a pack can be made under: the one in force first.
        let frameworks: [Choice]
    }

    func formPage(_ req: Request, form: FormState, chosen: Set<UUID> = []) async throws -> FormPage {
        let actor = try req.actor
        try actor.require(.readPacks)
        let services = try await Scoped.services(for: actor, on: req.db)
        let catalogue = FrameworkCatalogue(db: req.db, organisationID: actor.organisationID)
        let inForce = try await catalogue.inForce().framework
        let chosenFramework = form.values["framework"] ?? ""
        let frameworks =
            [
                Choice(
                    value: "", label: "\(inForce.id), in force: \(inForce.title)",
                    selected: chosenFramework.isEmpty)
            ]
            + (try await catalogue.all()).filter { $0.id != inForce.id }.map {
                Choice(value: $0.id, label: "\($0.id): \($0.title)", selected: chosenFramework == $0.id)
            }
        let kind = form.values["kind"] ?? Pack.Kind.commissioner.rawValue, format = form.values["format"] ?? "html"
        return FormPage(
            layout: Layout(req, title: "Reports", section: "reports"), form: form,
            kinds: Pack.Kind.allCases.map {
                Choice(value: $0.rawValue, label: $0.title, selected: $0.rawValue == kind)
            },
            services: services.map {
                Choice(value: $0.id!.uuidString, label: $0.name, selected: chosen.contains($0.id!))
            },
            formats: PackRenderer.Format.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == format)
            },
            defaultPeriod: ReportPeriod.lastThreeFullMonths(today: req.today).label,
            frameworks: frameworks)
    }

    @Sendable func form(req: Request) async throws -> View {
        try await req.view.render("reports/form", try await formPage(req, form: FormState()))
    }

    struct Query: Content {
        var kind: String?; var services: [String]?; var from: String?; var to: String?; var format: String?
        var framework: String?
    }

    @Sendable func pack(req: Request) async throws -> Response {
        let actor = try req.actor
        let q = try req.query.decode(Query.self)
        var errors: [FieldError] = []
        let kind = Pack.Kind(rawValue: q.kind ?? "")
        if kind == nil { errors.append(FieldError("kind", "Choose which pack to build.")) }
        let format = PackRenderer.Format(rawValue: q.format ?? "html")
        if format == nil { errors.append(FieldError("format", "Choose HTML, PDF or CSV.")) }
        let ids = FormParse.uuids(q.services, "services", into: &errors)
        var period: ReportPeriod?
        do { period = try ReportPeriod.parse(from: q.from, to: q.to, today: req.today) } catch {
            errors += error.errors
        }
        let values = [
            "kind": q.kind ?? "", "from": q.from ?? "", "to": q.to ?? "", "format": q.format ?? "html",
            "framework": q.framework ?? ""
        ]
        do {
            guard errors.isEmpty, let kind, let format, let period else { throw AppError.invalid(errors) }
            let built = try await PackRenderer.build(
                kind, actor: actor, serviceIDs: ids.isEmpty ? nil : ids, period: period,
                today: req.today, baseURL: req.publicBaseURL,
                framework: q.framework, on: req.db)
            return try await PackRenderer.response(built, format, standalone: false, views: req.view)
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "reports/form",
                try await formPage(req, form: FormState(values: values, errors: e.fieldErrors), chosen: Set(ids)),
                status: e.status)
        }
    }
}
