import Fluent
import GripCore
import Vapor

/// The action page's held changes: approve or refuse one.
extension ActionsWebController {
    /// Approves or refuses a proposed change to the action's oversight.
    @Sendable func decideChange(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let service = PendingChanges(db: req.db, actor: actor, today: req.today)
        let changeID = try id(req, "change")
        let change = try await service.find(changeID)
        guard change.recordID == actionID else { throw AppError.notFound("proposed change") }
        let (relation, found) = try await service.relation(to: change)
        guard let action = found else { throw AppError.notFound("proposed change") }
        let form = try ChangeDecisionForm.read(req, deciding: change, as: actor, relation: relation)
        do {
            let c = try await service.decide(change, form)
            req.flash(
                c.status == .approved
                    ? "Change approved and applied to \(action.reference)."
                    : "Change refused; \(action.reference) is unchanged.")
            return req.redirect(to: Paths.action(actionID))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let errors = e.fieldErrors.isEmpty ? [FieldError("decision", e.reason)] : e.fieldErrors
            return try await rerender(
                req, AppError(e.status, e.reason, fields: errors.map { FieldError("change_" + $0.field, $0.message) }),
                values: ["change_reason": form.reason ?? ""])
        }
    }
}
