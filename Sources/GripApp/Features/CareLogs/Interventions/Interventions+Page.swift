import Fluent
import GripCore
import Vapor

/// The restrictive interventions log (issue 23): list with this month's computed measures, recording an
/// intervention, and its page for the debrief and the panel's sign-off.
struct InterventionsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("interventions")
        r.get(use: list)
        r.get("new", use: newForm)
        r.get("import", use: importForm)
        r.post("import", maxBytes: 8 * 1_048_576, use: importFile)
        r.post(use: create)
        r.get(":id", use: show)
        r.post(":id", use: update)
    }

    static func log(_ req: Request) throws -> InterventionService {
        InterventionService(db: req.db, actor: try req.actor, now: req.now)
    }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render("interventions/list", try await InterventionListPage.load(req))
    }

    @Sendable func importForm(req: Request) async throws -> View {
        try await req.view.render("carelogs/import", try CareLogImportPage.load(req, .interventions))
    }

    @Sendable func importFile(req: Request) async throws -> Response {
        try await CareLogImportPage.run(req, .interventions)
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("interventions/show", try await InterventionPage.load(req))
    }

    @Sendable func newForm(req: Request) async throws -> View {
        let values = ["person": req.query[String.self, at: "person"] ?? "", "started_at": LocalTime.input(req.now)]
        return try await req.view.render(
            "interventions/form",
            try await InterventionFormPage.load(
                req, form: FormState(values: values)))
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.actor.require(.raiseConcerns)
        let f = try req.content.decode(InterventionForm.self)
        let (input, unreadable) = f.parse()
        do {
            if !unreadable.isEmpty {
                throw AppError.invalid(
                    InputParse.merge(
                        unreadable,
                        InterventionService.problems(
                            input, now: req.now)))
            }
            let i = try await Self.log(req).create(input)
            req.flash("Intervention recorded." + (i.debriefAt == nil ? " Hold the debrief within 24 hours." : ""))
            return req.redirect(to: Paths.intervention(i.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "interventions/form",
                try await InterventionFormPage.load(
                    req, form: FormState(values: InterventionFormPage.values(f), errors: e.fieldErrors)),
                status: e.status)
        }
    }

    @Sendable func update(req: Request) async throws -> Response {
        let log = try Self.log(req)
        let existing = try await log.find(req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        try req.actor.require(.raiseConcerns)
        let f = try req.content.decode(InterventionForm.self)
        let (input, unreadable) = f.parse()
        do {
            if !unreadable.isEmpty {
                throw AppError.invalid(
                    InputParse.merge(
                        unreadable,
                        InterventionService.problems(
                            input, now: req.now)))
            }
            let i = try await log.update(existing.id, input, version: f.version)
            req.flash("Intervention saved.")
            return req.redirect(to: Paths.intervention(i.id!))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            var state = FormState(
                values: InterventionFormPage.values(f),
                errors: e.fieldErrors.isEmpty
                    ? [FieldError("version", e.reason)] : e.fieldErrors)
            if e.status == .conflict { state.values["version"] = String(try await log.find(existing.id).version) }
            return try await req.render(
                "interventions/show", try await InterventionPage.load(req, form: state),
                status: e.status)
        }
    }
}
