import Fluent
import Foundation
import GripCore

extension ActionService {
    struct StepInput: Sendable {
        var what: String
        var ownerRole: String
        var ownerID: UUID?
        var whereRecorded: String
        var dueDay: Day?
    }

    func addStep(_ actionID: UUID, _ input: StepInput) async throws -> ActionStep {
        try actor.require(.editActions)
        let action = try await Access.action(actionID, for: actor, on: db)
        var errors: [FieldError] = []
        let what = input.what.trimmingCharacters(in: .whitespacesAndNewlines)
        if what.isEmpty { errors.append(FieldError("what", "Say what is done in this step.")) }
        if what.count > 1000 { errors.append(FieldError("what", "Keep the step to 1000 characters.")) }
        let role = input.ownerRole.trimmingCharacters(in: .whitespacesAndNewlines)
        if role.isEmpty && input.ownerID == nil {
            errors.append(FieldError("owner_role", "Name the role or person who does this step."))
        }
        let whereRecorded = input.whereRecorded.trimmingCharacters(in: .whitespacesAndNewlines)
        if whereRecorded.isEmpty {
            errors.append(
                FieldError(
                    "where_recorded", "Say where the step is recorded (for example, the care record or the MAR chart).")
            )
        }
        if input.dueDay == nil { errors.append(FieldError("due_day", "Enter the step's due day as a real date.")) }
        if let ownerID = input.ownerID {
            let c = try await candidates([ownerID], serviceID: action.$service.id)[ownerID]
            if let c {
                if let p = ActionRules.leadProblem(c) { errors.append(FieldError("owner", p)) }
            } else {
                errors.append(FieldError("owner", "No such person in this organisation."))
            }
        }
        guard errors.isEmpty, let due = input.dueDay else { throw AppError.invalid(errors) }
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let last = try await ActionStep.query(on: rec.db).filter(\.$action.$id == actionID).sort(
                \.$position, .descending
            ).first()
            let step = ActionStep()
            step.$action.id = actionID
            step.position = (last?.position ?? 0) + 1
            step.what = what
            step.ownerRole = role
            step.$owner.id = input.ownerID
            step.whereRecorded = whereRecorded
            step.dueDay = due.iso
            step.version = 1
            try await step.create(on: rec.db)
            try await rec.record(
                "action", actionID, "step_added",
                [
                    AuditChange(
                        field: "step \(step.position)", before: nil,
                        after:
                            "\(what) — \(role.isEmpty ? "" : role + ", ")recorded in \(whereRecorded), due \(due.iso)")
                ])
            return step
        }
    }

    func completeStep(_ actionID: UUID, _ stepID: UUID) async throws {
        let action = try await Access.action(actionID, for: actor, on: db)
        guard
            let step = try await ActionStep.query(on: db).filter(\.$action.$id == actionID).filter(\.$id == stepID)
                .first()
        else {
            throw AppError.notFound("step")
        }
        try actor.require(.completeStep, actor.relation(to: action, isOwner: step.$owner.id == actor.id))
        guard step.doneOn == nil else { throw AppError.invalid("step", "This step is already done.") }
        let today = self.today
        try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            step.doneOn = today.iso
            step.version += 1
            try await step.update(on: rec.db)
            try await rec.record(
                "action", actionID, "step_done",
                [AuditChange(field: "step \(step.position)", before: "to do", after: "done \(today.iso)")])
        }
    }
}
