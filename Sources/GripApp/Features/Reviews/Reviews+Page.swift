import Fluent
import GripCore
import Vapor

/// The action page's assurance forms: reviews, progress updates, closure and re-audit.
extension ActionsWebController {
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
        if let r = form.rag, !r.isEmpty {
            rag = RAG(rawValue: r); if rag == nil { errors.append(FieldError("rag", "Choose red, amber or green.")) }
        }
        let input = ReviewService.ReviewInput(
            day: day, rag: rag, measureValue: measure, commentary: form.commentary ?? "",
            decision: form.decision ?? "", controlChange: form.control_change ?? "",
            escalation: form.escalation ?? "")
        do {
            if !errors.isEmpty {
                // Say everything at once: unreadable values and missing ones.
                let rules = ReviewRules.problems(
                    .init(day: day ?? req.today, rag: rag, measureValue: measure, commentary: input.commentary),
                    action: ReviewService.ruleFacts(action, measures: []), today: req.today)
                throw AppError.invalid(errors + rules.filter { p in !errors.contains { $0.field == p.field } })
            }
            _ = try await ReviewService(db: req.db, actor: actor, today: req.today).record(actionID: actionID, input)
            req.flash("Assurance review recorded.")
            return req.redirect(to: Paths.action(actionID, tab: "reviews"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(
                req, e,
                values: [
                    "date": form.date ?? "", "rag": form.rag ?? "", "measure_value": form.measure_value ?? "",
                    "commentary": form.commentary ?? "", "decision": form.decision ?? "",
                    "review_control_change": form.control_change ?? "",
                    "review_escalation": form.escalation ?? ""
                ], tab: "reviews")
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
            _ = try await ReviewService(db: req.db, actor: actor, today: req.today)
                .recordProgress(actionID: actionID, day: day, measure: measure, commentary: form.commentary ?? "")
            req.flash("Progress update recorded.")
            return req.redirect(to: Paths.action(actionID, tab: "reviews"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            let renamed = e.fieldErrors.map { f in
                FieldError(
                    ["date": "progress_date", "measure_value": "progress_measure", "commentary": "progress_commentary"][
                        f.field] ?? f.field,
                    f.message)
            }
            return try await rerender(
                req, AppError(e.status, e.reason, fields: renamed),
                values: [
                    "progress_date": form.date ?? "", "progress_measure": form.measure_value ?? "",
                    "progress_commentary": form.commentary ?? ""
                ], tab: "reviews")
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
                guard let condition = ClosureCondition(rawValue: c) else {
                    throw AppError.invalid("override.condition", "Choose a condition to override from the list.")
                }
                override = (condition, form.override_reason ?? "")
            }
            let a = try await ReviewService(db: req.db, actor: actor, today: req.today).close(
                actionID: actionID, override: override)
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
        let passed: Bool? =
            switch form.passed {
            case "pass": true;
            case "fail": false;
            default: nil
            }
        var evidenceID: UUID?
        if let raw = form.evidence, !raw.isEmpty {
            evidenceID = UUID(uuidString: raw)
            if evidenceID == nil {
                errors.append(FieldError("evidence", "Choose one of this action's items of evidence."))
            }
        }
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let a = try await ReviewService(db: req.db, actor: actor, today: req.today)
                .reAudit(
                    actionID: actionID, passed: passed, finding: form.finding ?? "", sample: form.sample ?? "",
                    method: form.method ?? "", controlChange: form.control_change ?? "", evidenceID: evidenceID,
                    day: day)
            req.flash(
                a.status == .sustained
                    ? "\(a.reference) passed its re-audit and is sustained."
                    : "\(a.reference) failed its re-audit and is reopened.")
            return req.redirect(to: Paths.action(actionID, tab: "closure"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(
                req, e,
                values: [
                    "finding": form.finding ?? "", "date": form.date ?? "",
                    "sample": form.sample ?? "", "method": form.method ?? "",
                    "control_change": form.control_change ?? "", "evidence": form.evidence ?? ""
                ],
                tab: "closure")
        }
    }
}
