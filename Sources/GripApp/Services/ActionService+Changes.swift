import Fluent
import Foundation
import GripCore

/// Changes that weaken oversight need a second person (DESIGN §1): proposed with a reason,
/// applied only when someone other than the proposer who may be the senior reviewer approves.
extension ActionService {
    func propose(_ existing: RecoveryAction, base: ActionValues, proposed: ActionValues, weakenings: [Weakening],
                 band: RiskBand, reason: String, version: Int) async throws -> ProposedChange {
        let id = try existing.requireID()
        let actor = self.actor
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let values = String(decoding: try encoder.encode(ProposedValues(base: base, proposed: proposed)), as: UTF8.self)
        let weak = String(decoding: try encoder.encode(weakenings), as: UTF8.self)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let a = try await RecoveryAction.find(id, on: rec.db) else { throw AppError.notFound("action") }
            guard a.version == version else { throw AppError.stale("action", current: a.version) }
            let waiting = try await ProposedChange.query(on: rec.db).filter(\.$action.$id == id)
                .filter(\.$status == .pending).first()
            if waiting != nil {
                throw AppError(.conflict, "A change to \(a.reference)'s oversight is already waiting for approval: it "
                    + "is approved or refused first.",
                               fields: [FieldError("change_reason", "A change is already waiting for approval.")])
            }
            let c = ProposedChange()
            c.$organisation.id = actor.organisationID
            c.$action.id = id
            c.$proposedBy.id = actor.id
            c.status = .pending
            c.reason = reason
            c.proposed = values
            c.weakenings = weak
            c.approvalBand = band
            c.actionVersion = a.version
            c.version = 1
            try await c.create(on: rec.db)
            // Those who may approve it and asked to hear at once (issue 24), in the same transaction.
            try await MailOutbox.queue(
                .approval, to: MailRecipients.approvers(of: c, on: a, proposer: actor.id, on: rec.db),
                subject: "\(a.reference) waits for your approval",
                lines: ["\(actor.name) proposes a change to the oversight of \(a.reference) \(a.title):",
                        weakenings.map(\.message).joined(separator: " "), "Their reason: \(reason)",
                        "It applies only if someone other than them approves it."],
                path: Paths.action(id) + "#pending-change", now: Date(), on: rec.db)
            try await rec.record("action", id, "change_proposed", [
                AuditChange(field: "change", before: nil, after: weakenings.map(\.message).joined(separator: " ")),
                AuditChange(field: "reason", before: nil, after: reason),
            ] + ActionService.diff(ActionService.snapshot(values: base), ActionService.snapshot(values: proposed)))
            return c
        }
    }

    /// A proposed change the actor can see (through its action), or 404.
    func proposedChange(_ id: UUID?) async throws -> (ProposedChange, RecoveryAction) {
        guard let id, let c = try await ProposedChange.query(on: db).filter(\.$organisation.$id == actor.organisationID)
            .filter(\.$id == id).first() else { throw AppError.notFound("proposed change") }
        let a = try await Access.action(c.$action.id, for: actor, on: db)
        return (c, a)
    }

    func relation(to c: ProposedChange, on a: RecoveryAction) -> RecordRelation {
        var r = actor.relation(to: a)
        r.isProposer = c.$proposedBy.id == actor.id
        r.band = max(c.approvalBand, a.riskBand)
        return r
    }

    /// Approves (applies) or refuses a pending change. `version` is the change's, as the approver saw it.
    func decide(_ changeID: UUID?, approve: Bool?, reason: String?, version: Int?) async throws -> ProposedChange {
        let (change, action) = try await proposedChange(changeID)
        try actor.require(.approveChange, relation(to: change, on: action))
        if let p = OversightChange.decisionProblem(approve: approve, reason: reason) { throw AppError.invalid([p]) }
        guard let version else { throw AppError.invalid("version", "Send the version of the change you are deciding.") }
        let approve = approve ?? false
        let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let changeID = try change.requireID(), actionID = try action.requireID()
        // Approval applies the proposal over the action as it now stands, checked again.
        // The values, rating, statements and the version they are under; the version is read only to approve.
        var checked: (ActionValues, RiskRating, [String], String)?
        if approve && change.status == .pending {
            let fw = try await frameworkInForce()
            let stored = try JSONDecoder().decode(ProposedValues.self, from: Data(change.proposed.utf8))
            let statements = try await action.$mappings.query(on: db).filter(\.$framework == fw.id).all()
                .map(\.itemID).sorted()
            var v = try action.values(statements: statements).merged(proposed: stored.proposed, base: stored.base)
            v.statementIDs = v.statementIDs.sorted()
            let rating = try rate(v.factors)
            let problems = try await check(v, rating: rating, framework: fw)
            guard problems.isEmpty else {
                throw AppError(.unprocessableEntity, "The change can no longer be applied as proposed: "
                               + problems.map(\.message).joined(separator: " ") + " Refuse it; the lead can propose "
                                   + "it again.",
                               fields: problems)
            }
            checked = (v, rating, statements, fw.id)
        }
        let actor = self.actor
        let checkedValues = checked
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let c = try await ProposedChange.find(changeID,
                                                        on: rec.db) else { throw AppError.notFound("proposed change") }
            guard c.status == .pending else {
                throw AppError(.conflict, "This change was already \(c.status.rawValue); nothing more to decide.")
            }
            guard c.version == version else { throw AppError.stale("proposed change", current: c.version) }
            c.status = approve ? .approved : .refused
            c.$decidedBy.id = actor.id
            c.decidedAt = Date()
            c.decisionReason = reason.isEmpty ? nil : reason
            c.version += 1
            try await c.update(on: rec.db)
            let note = [AuditChange(field: "change", before: ChangeStatus.pending.rawValue, after: c.status.rawValue)]
                + (reason.isEmpty ? [] : [AuditChange(field: "decision_reason", before: nil, after: reason)])
            if let (v, rating, statements, framework) = checkedValues {
                guard let a = try await RecoveryAction.find(actionID,
                                                            on: rec.db) else { throw AppError.notFound("action") }
                try await write(v, rating: rating, to: a, framework: framework, oldStatements: statements, rec: rec,
                                operation: "change_approved", extra: note)
            } else {
                try await rec.record("action", actionID, "change_refused", note)
            }
            return c
        }
    }
}

/// What a proposed change stores: the action's values when proposed and as proposed.
struct ProposedValues: Codable, Sendable {
    let base: ActionValues
    let proposed: ActionValues
}

extension ActionService {
    /// The audit snapshot of values not yet written (a proposal), in the same keys as `snapshot(_:statements:)`.
    static func snapshot(values v: ActionValues) -> [String: String] {
        let f = v.factors
        return [
            "title": v.title, "theme": v.theme, "service_id": v.serviceID.uuidString,
            "source_id": v.sourceID?.uuidString ?? "", "statements": v.statementIDs.sorted().joined(separator: ", "),
            "baseline": v.baseline, "baseline_day": v.baselineDay.iso, "metric": v.metric,
            "direction": v.direction.rawValue, "baseline_value": ActionRules.display(v.baselineValue),
            "target_value": ActionRules.display(v.targetValue), "target_day": v.targetDay.iso,
            "risk_factors": "\(f.harm)/\(f.peopleAffected)/\(f.recurrence)/\(f.regulatoryImpact)/\(f.controlWeakness)",
            "lead_id": v.leadID.uuidString, "reviewer_id": v.reviewerID.uuidString, "route_id": v.routeID.uuidString,
            "indicator_id": v.indicatorID?.uuidString ?? "", "interim_controls": v.interimControls,
        ]
    }
}
