import Fluent
import GripCore
import Vapor

/// The action page's evidence forms: record evidence (with its file), request evidence of someone.
extension ActionsWebController {
    struct EvidenceForm: Content {
        var category: String?
        var kind: String?
        var date: String?
        var summary: String?
        var statements: [String]?
        var request: String?
        var also: [String]?
        var file: File?
    }

    @Sendable func recordEvidence(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        _ = try await Access.action(actionID, for: actor, on: req.db)
        try Uploads.refuseOversizedBody(req)
        let form = try req.content.decode(EvidenceForm.self)
        var errors: [FieldError] = []
        let input = EvidenceService.Input.parse(
            category: form.category, kind: form.kind, date: form.date, summary: form.summary,
            statements: form.statements, request: form.request, into: &errors)
        let also = FormParse.uuids(form.also, "also", into: &errors).filter { $0 != actionID }
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            var service = EvidenceService(db: req.db, actor: actor, today: req.today)
            service.maxUploadBytes = req.application.maxUploadBytes
            _ = try await service.record(
                actionIDs: [actionID] + also, input, files: Uploads.file(form.file).map { [$0] } ?? [])
            req.flash("Evidence recorded.")
            return req.redirect(to: Paths.action(actionID, tab: "evidence"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(
                req, e,
                values: [
                    "category": form.category ?? "", "kind": form.kind ?? "", "date": form.date ?? "",
                    "summary": form.summary ?? ""
                ], tab: "evidence")
        }
    }

    struct RequestForm: Content { var person: String?; var what: String?; var due_day: String? }

    @Sendable func requestEvidence(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let form = try req.content.decode(RequestForm.self)
        var errors: [FieldError] = []
        let person = FormParse.uuid(form.person, "person", "a person", into: &errors)
        let due = FormParse.day(form.due_day, "request_due_day", "The day needed by", into: &errors)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            _ = try await EvidenceService(db: req.db, actor: actor, today: req.today)
                .request(actionID: actionID, of: person, what: form.what ?? "", due: due)
            req.flash("Evidence requested.")
            return req.redirect(to: Paths.action(actionID, tab: "evidence"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(
                req, e, values: ["what": form.what ?? "", "request_due_day": form.due_day ?? ""], tab: "evidence")
        }
    }
}
