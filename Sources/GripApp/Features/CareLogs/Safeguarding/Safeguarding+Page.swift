import Fluent
import GripCore
import Vapor

/// The safeguarding log (issue 23): list with this month's computed measures, recording a concern, and a concern's
/// page where a manager records the decision, referral and closure.
struct SafeguardingWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let s = routes.grouped("safeguarding")
        s.get(use: list)
        s.get("new", use: newForm)
        s.get("import", use: importForm)
        s.post("import", maxBytes: 8 * 1_048_576, use: importFile)
        s.post(use: create)
        s.get(":id", use: show)
        s.post(":id", use: update)
    }

    static func log(_ req: Request) throws -> SafeguardingService {
        SafeguardingService(db: req.db, actor: try req.actor, now: req.now)
    }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render("safeguarding/list", try await SafeguardingListPage.load(req))
    }

    @Sendable func importForm(req: Request) async throws -> View {
        try await req.view.render("carelogs/import", try CareLogImportPage.load(req, .concerns))
    }

    @Sendable func importFile(req: Request) async throws -> Response {
        try await CareLogImportPage.run(req, .concerns)
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("safeguarding/show", try await ConcernPage.load(req))
    }

    @Sendable func newForm(req: Request) async throws -> View {
        let values = ["person": req.query[String.self, at: "person"] ?? "", "raised_at": LocalTime.input(req.now)]
        return try await req.view.render(
            "safeguarding/form",
            try await ConcernFormPage.load(
                req, form: FormState(values: values)))
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.actor.require(.raiseConcerns)
        let f = try req.content.decode(ConcernForm.self)
        let (input, unreadable) = f.parse()
        do {
            if !unreadable.isEmpty {
                throw AppError.invalid(
                    InputParse.merge(
                        unreadable,
                        SafeguardingService.problems(
                            input, now: req.now)))
            }
            let c = try await Self.log(req).create(input)
            req.flash("Concern recorded." + (c.decisionAt == nil ? " A manager records the decision today." : ""))
            return req.redirect(to: Paths.concern(c.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "safeguarding/form",
                try await ConcernFormPage.load(
                    req, form: FormState(values: ConcernFormPage.values(f), errors: e.fieldErrors)), status: e.status)
        }
    }

    @Sendable func update(req: Request) async throws -> Response {
        let log = try Self.log(req)
        let existing = try await log.find(req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        try req.actor.require(.decideConcerns)
        let f = try req.content.decode(ConcernForm.self)
        let (input, unreadable) = f.parse()
        do {
            if !unreadable.isEmpty {
                throw AppError.invalid(
                    InputParse.merge(
                        unreadable,
                        SafeguardingService.problems(
                            input, now: req.now)))
            }
            let c = try await log.update(existing.id, input, version: f.version)
            req.flash("Concern saved.")
            return req.redirect(to: Paths.concern(c.id!))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            var state = FormState(
                values: ConcernFormPage.values(f),
                errors: e.fieldErrors.isEmpty
                    ? [FieldError("version", e.reason)] : e.fieldErrors)
            if e.status == .conflict { state.values["version"] = String(try await log.find(existing.id).version) }
            return try await req.render(
                "safeguarding/show", try await ConcernPage.load(req, form: state),
                status: e.status)
        }
    }
}
