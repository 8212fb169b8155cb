import Fluent
import GripCore
import Vapor

/// Sources of concern: the CQC findings, commissioner concerns, audits, incidents and complaints actions trace back to.
struct SourcesWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.sources, use: list)
        routes.post(.sources, use: create)
    }

    struct Row: Encodable {
        let kind: String; let title: String; let detail: String; let service: String; let raised: String
        let statement: String; let regulation: String; let newActionHref: String
        /// Share what the finding taught with other services (issue 36): for the group's oversight.
        let learningHref: String?
    }

    struct SourcesPage: Encodable {
        let layout: Layout
        let rows: [Row]
        let form: FormState
        let services: [Choice]
        let kinds: [Choice]
        /// What the framework in force calls its items, and its name.
        let statementLabel: String
        let frameworkName: String
        let statements: [Choice]
        let regulations: [Choice]
    }

    struct SourceForm: Content {
        var service: String?; var kind: String?; var title: String?; var detail: String?
        var raised_on: String?; var statement: String?; var regulation: String?
    }

    func page(_ req: Request, form: FormState) async throws -> SourcesPage {
        let actor = try req.actor
        try actor.require(.manageSources)
        let catalogue = FrameworkCatalogue(db: req.db, organisationID: actor.organisationID)
        let fw = try await catalogue.inForce().framework
        let sources = try await SourceService.recent(for: actor, on: req.db)
        let versions = try await catalogue.byID(Set(sources.compactMap(\.statementFramework)))
        let services = try await Scoped.services(for: actor, on: req.db)
        let v = form.values
        return SourcesPage(
            layout: Layout(req, title: "Sources of concern", section: "sources"),
            rows: sources.map { s in
                Row(
                    kind: s.kind.label, title: s.title, detail: s.detail, service: s.service.name,
                    raised: Day(iso: s.raisedOn)?.ukFormat ?? s.raisedOn,
                    statement: s.statementID.map { id in
                        let version = s.statementFramework.flatMap { versions[$0] }
                        let label = version?.label(ofItem: id) ?? id
                        return version?.id == fw.id ? label : "\(label) (\(s.statementFramework ?? ""))"
                    } ?? "",
                    regulation: s.regulation.map { "Regulation \($0): \(Reference.regulation($0)?.title ?? "")" } ?? "",
                    newActionHref: Paths.newAction + "?service=\(s.$service.id.uuidString)",
                    learningHref: actor.may(.shareLearning)
                        ? SiteRoute.learning.pattern + "?finding=\(s.id!.uuidString)#share" : nil)
            },
            form: form,
            services: services.map {
                Choice(value: $0.id!.uuidString, label: $0.name, selected: v["service"] == $0.id!.uuidString)
            },
            kinds: SourceKind.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: v["kind"] == $0.rawValue)
            },
            statementLabel: fw.itemLabel, frameworkName: fw.name,
            statements: fw.items.map {
                Choice(
                    value: $0.id, label: "\($0.id) \($0.title)",
                    selected: v["statement"] == $0.id)
            },
            regulations: Reference.regulations.map {
                Choice(value: $0.id, label: "Regulation \($0.id): \($0.title)", selected: v["regulation"] == $0.id)
            })
    }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render(
            "sources", try await page(req, form: FormState(values: ["raised_on": req.today.iso])))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.manageSources)
        let f = try req.content.decode(SourceForm.self)
        var parse: [FieldError] = []
        let service = FormParse.uuid(f.service, "service", "a service", into: &parse)
        let raised = FormParse.day(f.raised_on, "raised_on", "The day raised", into: &parse)
        var kind: SourceKind?
        if let k = f.kind, !k.isEmpty {
            kind = SourceKind(rawValue: k);
            if kind == nil { parse.append(FieldError("kind", "Choose a kind from the list.")) }
        }
        do {
            if !parse.isEmpty { throw AppError.invalid(parse) }
            _ = try await SourceService(db: req.db, actor: actor).create(
                .init(
                    serviceID: service, kind: kind, title: f.title ?? "", detail: f.detail ?? "", raisedOn: raised,
                    statementID: f.statement, regulation: f.regulation))
            req.flash("Source of concern recorded.")
            return req.redirect(to: Paths.sources)
        } catch let e as AppError where e.status == .unprocessableEntity {
            let values = [
                "service": f.service ?? "", "kind": f.kind ?? "", "title": f.title ?? "", "detail": f.detail ?? "",
                "raised_on": f.raised_on ?? "", "statement": f.statement ?? "", "regulation": f.regulation ?? ""
            ]
            return try await req.render(
                "sources", try await page(req, form: FormState(values: values, errors: e.fieldErrors)),
                status: .unprocessableEntity)
        }
    }
}
