import Fluent
import GripCore
import Vapor

/// The action page's evidence, review, closure and re-audit forms.
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
        let input = EvidenceService.Input.parse(category: form.category, kind: form.kind, date: form.date, summary: form.summary,
                                       statements: form.statements, request: form.request, into: &errors)
        let also = FormParse.uuids(form.also, "also", into: &errors).filter { $0 != actionID }
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            var service = EvidenceService(db: req.db, actor: actor, today: Self.today())
            service.maxUploadBytes = req.application.maxUploadBytes
            _ = try await service.record(actionIDs: [actionID] + also, input, files: Uploads.file(form.file).map { [$0] } ?? [])
            req.flash("Evidence recorded.")
            return req.redirect(to: Paths.action(actionID, tab: "evidence"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(req, e, values: ["category": form.category ?? "", "kind": form.kind ?? "", "date": form.date ?? "",
                                                       "summary": form.summary ?? ""], tab: "evidence")
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
            _ = try await EvidenceService(db: req.db, actor: actor, today: Self.today())
                .request(actionID: actionID, of: person, what: form.what ?? "", due: due)
            req.flash("Evidence requested.")
            return req.redirect(to: Paths.action(actionID, tab: "evidence"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(req, e, values: ["what": form.what ?? "", "request_due_day": form.due_day ?? ""], tab: "evidence")
        }
    }

    struct ReviewForm: Content {
        var date: String?; var rag: String?; var measure_value: String?; var commentary: String?; var decision: String?
        var control_change: String?; var escalation: String?
    }

    /// An assurance review: never by the action's lead (asked before the form is read).
    @Sendable func recordReview(req: Request) async throws -> Response {
        let (actor, action) = try await req.action(may: .recordAssuranceReview)
        let actionID = try action.requireID()
        let form = try req.content.decode(ReviewForm.self)
        var errors: [FieldError] = []
        let day = FormParse.day(form.date, "date", "The review date", into: &errors)
        let measure = FormParse.number(form.measure_value, "measure_value", "The measure", into: &errors)
        var rag: RAG?
        if let r = form.rag, !r.isEmpty { rag = RAG(rawValue: r); if rag == nil { errors.append(FieldError("rag", "Choose red, amber or green.")) } }
        let input = ReviewService.ReviewInput(day: day, rag: rag, measureValue: measure, commentary: form.commentary ?? "",
                                              decision: form.decision ?? "", controlChange: form.control_change ?? "",
                                              escalation: form.escalation ?? "")
        do {
            if !errors.isEmpty {
                // Say everything at once: unreadable values and missing ones.
                let rules = ReviewRules.problems(.init(day: day ?? Self.today(), rag: rag, measureValue: measure, commentary: input.commentary),
                                                 action: ReviewService.ruleFacts(action, measures: []), today: Self.today())
                throw AppError.invalid(errors + rules.filter { p in !errors.contains { $0.field == p.field } })
            }
            _ = try await ReviewService(db: req.db, actor: actor, today: Self.today()).record(actionID: actionID, input)
            req.flash("Assurance review recorded.")
            return req.redirect(to: Paths.action(actionID, tab: "reviews"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(req, e, values: ["date": form.date ?? "", "rag": form.rag ?? "", "measure_value": form.measure_value ?? "",
                                                       "commentary": form.commentary ?? "", "decision": form.decision ?? "",
                                                       "review_control_change": form.control_change ?? "",
                                                       "review_escalation": form.escalation ?? ""], tab: "reviews")
        }
    }

    struct ProgressForm: Content { var date: String?; var measure_value: String?; var commentary: String? }

    /// A progress update: delivery's account (the lead's, typically), which the closure gate never reads.
    @Sendable func recordProgress(req: Request) async throws -> Response {
        let (actor, action) = try await req.action(may: .recordProgress)
        let actionID = try action.requireID()
        let form = try req.content.decode(ProgressForm.self)
        var errors: [FieldError] = []
        let day = FormParse.day(form.date, "progress_date", "The update's date", into: &errors)
        let measure = FormParse.number(form.measure_value, "progress_measure", "The reported measure", into: &errors)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            _ = try await ReviewService(db: req.db, actor: actor, today: Self.today())
                .recordProgress(actionID: actionID, day: day, measure: measure, commentary: form.commentary ?? "")
            req.flash("Progress update recorded.")
            return req.redirect(to: Paths.action(actionID, tab: "reviews"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            let renamed = e.fieldErrors.map { f in
                FieldError(["date": "progress_date", "measure_value": "progress_measure", "commentary": "progress_commentary"][f.field] ?? f.field,
                           f.message)
            }
            return try await rerender(req, AppError(e.status, e.reason, fields: renamed),
                                      values: ["progress_date": form.date ?? "", "progress_measure": form.measure_value ?? "",
                                               "progress_commentary": form.commentary ?? ""], tab: "reviews")
        }
    }

    struct DecideForm: Content { var decision: String?; var reason: String?; var version: String? }

    /// Approves or refuses a proposed change to the action's oversight.
    @Sendable func decideChange(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let service = PendingChanges(db: req.db, actor: actor, today: Self.today())
        let changeID = try id(req, "change")
        let change = try await service.find(changeID)
        guard change.recordID == actionID else { throw AppError.notFound("proposed change") }
        let (relation, found) = try await service.relation(to: change)
        guard let action = found else { throw AppError.notFound("proposed change") }
        try actor.require(change.approver, relation)
        let form = try req.content.decode(DecideForm.self)
        let approve: Bool? = switch form.decision { case "approve": true; case "refuse": false; default: nil }
        do {
            let c = try await service.decide(change, approve: approve, reason: form.reason,
                                             version: form.version.flatMap { Int($0) })
            req.flash(c.status == .approved ? "Change approved and applied to \(action.reference)." : "Change refused; \(action.reference) is unchanged.")
            return req.redirect(to: Paths.action(actionID))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let errors = e.fieldErrors.isEmpty ? [FieldError("decision", e.reason)] : e.fieldErrors
            return try await rerender(req, AppError(e.status, e.reason, fields: errors.map { FieldError("change_" + $0.field, $0.message) }),
                                      values: ["change_reason": form.reason ?? ""])
        }
    }

    struct CloseForm: Content { var override_condition: String?; var override_reason: String? }

    @Sendable func close(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let form = try req.content.decode(CloseForm.self)
        do {
            var override: (ClosureCondition, String)?
            if let c = form.override_condition, !c.isEmpty {
                guard let condition = ClosureCondition(rawValue: c) else { throw AppError.invalid("override.condition", "Choose a condition to override from the list.") }
                override = (condition, form.override_reason ?? "")
            }
            let a = try await ReviewService(db: req.db, actor: actor, today: Self.today()).close(actionID: actionID, override: override)
            req.flash("\(a.reference) is closed and in monitoring.")
            return req.redirect(to: Paths.action(actionID, tab: "closure"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(req, e, values: ["override_reason": form.override_reason ?? ""], tab: "closure")
        }
    }

    struct ReAuditForm: Content {
        var passed: String?; var finding: String?; var date: String?; var sample: String?; var method: String?
        var control_change: String?; var evidence: String?
    }

    @Sendable func reAudit(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let form = try req.content.decode(ReAuditForm.self)
        var errors: [FieldError] = []
        let day = FormParse.day(form.date, "date", "The re-audit date", into: &errors)
        let passed: Bool? = switch form.passed { case "pass": true; case "fail": false; default: nil }
        var evidenceID: UUID?
        if let raw = form.evidence, !raw.isEmpty {
            evidenceID = UUID(uuidString: raw)
            if evidenceID == nil { errors.append(FieldError("evidence", "Choose one of this action's items of evidence.")) }
        }
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let a = try await ReviewService(db: req.db, actor: actor, today: Self.today())
                .reAudit(actionID: actionID, passed: passed, finding: form.finding ?? "", sample: form.sample ?? "",
                         method: form.method ?? "", controlChange: form.control_change ?? "", evidenceID: evidenceID, day: day)
            req.flash(a.status == .sustained ? "\(a.reference) passed its re-audit and is sustained." : "\(a.reference) failed its re-audit and is reopened.")
            return req.redirect(to: Paths.action(actionID, tab: "closure"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(req, e, values: ["finding": form.finding ?? "", "date": form.date ?? "",
                                                       "sample": form.sample ?? "", "method": form.method ?? "",
                                                       "control_change": form.control_change ?? "", "evidence": form.evidence ?? ""],
                                 tab: "closure")
        }
    }
}

/// Evidence pages outside an action: edit, and file downloads.
struct EvidenceWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let evidence = routes.grouped("evidence")
        evidence.get(":id", "edit", use: editForm)
        evidence.post(":id", "edit", use: update)
        evidence.get(":id", "files", ":file", use: download)
    }

    struct EditPage: Encodable {
        let layout: Layout
        let form: FormState
        let version: Int
        let categories: [Choice]
        let kinds: [Choice]
        let action: String
        let backHref: String
    }

    struct EditForm: Content { var category: String?; var kind: String?; var date: String?; var summary: String?; var version: String? }

    func page(_ req: Request, _ e: Evidence, values: [String: String], errors: [FieldError]) async throws -> EditPage {
        let link = try await EvidenceAction.query(on: req.db).filter(\.$evidence.$id == e.id!).first()
        return EditPage(layout: Layout(req, title: "Change evidence", section: "actions"), form: FormState(values: values, errors: errors),
                        version: e.version,
                        categories: Reference.evidenceCategories.map { Choice(value: $0.id, label: $0.title,
                                                                              selected: values["category"] == $0.id) },
                        kinds: EvidenceKind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: values["kind"] == $0.rawValue) },
                        action: Paths.editEvidence(e.id!), backHref: link.map { Paths.action($0.$action.id, tab: "evidence") } ?? Paths.actions)
    }

    func evidenceID(_ req: Request) throws -> UUID {
        guard let s = req.parameters.get("id"), let id = UUID(uuidString: s) else { throw AppError.notFound("evidence") }
        return id
    }

    @Sendable func editForm(req: Request) async throws -> View {
        let actor = try req.actor
        let e = try await EvidenceService.visible(try evidenceID(req), for: actor, on: req.db)
        try actor.require(.editEvidence, RecordRelation(isOwner: e.$recordedBy.id == actor.id))
        return try await req.view.render("evidence/edit", try await page(req, e, values: ["category": e.category, "kind": e.kind.rawValue,
                                                                                         "date": e.day, "summary": e.summary], errors: []))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try evidenceID(req)
        let form = try req.content.decode(EditForm.self)
        var errors: [FieldError] = []
        let input = EvidenceService.Input.parse(category: form.category, kind: form.kind, date: form.date, summary: form.summary,
                                                       statements: nil, request: nil, into: &errors)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let e = try await EvidenceService(db: req.db, actor: actor, today: Day.today(now: Date())).update(id, input, version: form.version.flatMap { Int($0) })
            req.flash("Evidence changed.")
            let link = try await EvidenceAction.query(on: req.db).filter(\.$evidence.$id == e.id!).first()
            return req.redirect(to: link.map { Paths.action($0.$action.id, tab: "evidence") } ?? Paths.actions)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let current = try await EvidenceService.visible(id, for: actor, on: req.db)
            let values = ["category": form.category ?? "", "kind": form.kind ?? "", "date": form.date ?? "", "summary": form.summary ?? ""]
            let res = try await req.view.render("evidence/edit", try await page(req, current, values: values,
                                                                               errors: e.fieldErrors.isEmpty ? [FieldError("version", e.reason)] : e.fieldErrors)).encodeResponse(for: req)
            res.status = e.status
            return res
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        try await EvidenceService.download(req)
    }
}
