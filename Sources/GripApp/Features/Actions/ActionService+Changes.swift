import Fluent
import Foundation
import GripCore

/// Changes that weaken oversight need a second person (DESIGN §1, issue 33): the change policy judges
/// them at the door (`ChangeDoor`); here is what an approval applies to an action.
extension ActionService {
    /// The policy's edits for new values over an action's: one per changed field, its condition holding
    /// where the change weakens a live action's oversight.
    static func edits(before: [String: String], after: [String: String], weakenings: [Weakening]) -> [PolicyEdit] {
        diff(before, after).map { change in
            weakenings.first { $0.subject == change.field }?.edit
                ?? PolicyEdit(change.field, meetsCondition: false, message: "\(change.field) changes.")
        }
    }

    /// The weakenings of new values over an action's, with the routes' kinds read when the route changes.
    func weakenings(
        of v: ActionValues, band: RiskBand, over a: RecoveryAction, statements: [String],
        statementNames: [String: String]
    ) async throws -> [Weakening] {
        var kinds: [UUID: RouteKind] = [:]
        if v.routeID != a.$route.id {
            let routes = try await Scoped.query(ReviewRoute.self, for: actor, on: db)
                .filter(\.$id ~~ [v.routeID, a.$route.id]).all()
            for r in routes { kinds[r.id!] = r.kind }
        }
        var before = Self.terms(a, statements: statements)
        var after = Self.terms(v, band: band)
        before.routeKind = kinds[a.$route.id]
        after.routeKind = kinds[v.routeID]
        return OversightChange.weakenings(
            before: before, after: after, status: a.status,
            statementNames: statementNames)
    }

    /// What approving a held change to an action applies, checked against the action as it now stands.
    func approved(_ c: PendingChange) async throws -> PendingChanges.Applier {
        let actionID = c.recordID
        let action = try await Access.action(actionID, for: actor, on: db)
        if c.operation == .actionCancel {
            let reason = try c.payload(CancelPayload.self).reason
            return { rec, note in
                guard let a = try await RecoveryAction.find(actionID, on: rec.db) else {
                    throw AppError.notFound("action")
                }
                try await self.cancel(a, reason: reason, rec: rec, operation: "cancel_approved", extra: note)
            }
        }
        let fw = try await frameworkInForce()
        let stored = try c.payload(ProposedValues.self)
        let statements = try await action.$mappings.query(on: db).filter(\.$framework == fw.id).all()
            .map(\.itemID).sorted()
        var v = try action.values(statements: statements).merged(proposed: stored.proposed, base: stored.base)
        v.statementIDs = v.statementIDs.sorted()
        let rating = try rate(v.factors)
        let problems = try await check(v, rating: rating, framework: fw)
        guard problems.isEmpty else {
            throw AppError(
                .unprocessableEntity,
                "The change can no longer be applied as proposed: "
                    + problems.map(\.message).joined(separator: " ") + " Refuse it; the lead can propose "
                    + "it again.",
                fields: problems)
        }
        let values = v
        return { rec, note in
            guard let a = try await RecoveryAction.find(actionID, on: rec.db) else { throw AppError.notFound("action") }
            try await self.write(
                values, rating: rating, to: a, framework: fw.id, oldStatements: statements, rec: rec,
                operation: "change_approved", extra: note)
        }
    }

    /// Cancels an action (the lifecycle decides whether it may), audited.
    func cancel(
        _ a: RecoveryAction, reason: String, rec: AuditRecorder, operation: String,
        extra: [AuditChange] = []
    ) async throws {
        let from = a.status
        do throws(TransitionError) {
            a.status = try ActionLifecycle.transition(from: from, to: .cancelled, reason: reason)
        } catch {
            throw AppError.invalid("to", error.message)
        }
        a.statusReason = reason
        a.version += 1
        try await a.update(on: rec.db)
        try await rec.record(
            "action", a.requireID(), operation,
            [
                AuditChange(field: "status", before: from.rawValue, after: ActionStatus.cancelled.rawValue),
                AuditChange(field: "reason", before: nil, after: reason)
            ] + extra)
    }
}

/// What a proposed change to an action's fields stores: its values when proposed and as proposed.
struct ProposedValues: Codable, Sendable {
    let base: ActionValues
    let proposed: ActionValues
}

/// What a proposed cancellation stores.
struct CancelPayload: Codable, Sendable {
    let reason: String
}
