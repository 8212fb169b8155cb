import Fluent
import Foundation
import GripCore

/// Pending changes: proposed, listed, decided. Approval hands the change to its record's own writer,
/// which checks it again as the record now stands.
struct PendingChanges {
    let db: any Database
    let actor: Actor
    var today: Day = Clock.current.today()

    /// Records a held change and asks those who may decide it, in one audited transaction. A record has at most
    /// one pending change at a time.
    func propose(
        _ h: ChangeDoor.Hold, need: ChangeNeed, approver: Permission, reason: String
    ) async throws
        -> PendingChange
    {
        let actor = self.actor
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            rec.policyVersion = ChangePolicy.version
            let waiting = try await PendingChange.query(on: rec.db).filter(\.$recordID == h.recordID)
                .filter(\.$service.$id == h.serviceID).filter(\.$status == .pending).first()
            if waiting != nil {
                throw AppError(
                    .conflict,
                    "A change to \(h.subject) is already waiting for a decision: it is approved "
                        + "or refused first.", fields: [FieldError("change_reason", "A change is already waiting.")])
            }
            let c = PendingChange()
            c.$organisation.id = actor.organisationID
            c.$service.id = h.serviceID
            c.$action.id = h.actionID
            c.$proposedBy.id = actor.userID
            c.proposedByName = actor.name
            c.recordType = h.recordType
            c.recordID = h.recordID
            c.operation = h.operation
            c.need = need
            c.approver = approver
            c.status = .pending
            c.reason = reason
            c.proposed = h.payload
            c.weakenings = try ChangeDoor.json(h.weakenings)
            c.approvalBand = h.band
            c.recordVersion = h.recordVersion
            c.policyVersion = ChangePolicy.version
            c.version = 1
            try await c.create(on: rec.db)
            let action = try await h.actionID.asyncMap { try await RecoveryAction.find($0, on: rec.db) } ?? nil
            let who = need == .ownerConfirmation ? "a commissioner of the service confirms" : "someone else approves"
            let named = h.title.isEmpty ? h.subject : "\(h.subject) \(h.title)"
            let what =
                switch h.operation {
                case .actionUpdate: "a change to the oversight of \(named):"
                case .actionCancel: "cancelling \(named):"
                case .oversight: "a step-down of commissioner oversight of \(named):"
                case .seriesSettings: "a change to the limits of \(named):"
                case .notEscalating: "not escalating \(named):"
                case .standDown: "standing down \(named):"
                }
            try await MailOutbox.queue(
                .approval, to: MailRecipients.deciders(of: c, action: action, on: rec.db),
                subject: "\(h.subject) waits for your \(need == .ownerConfirmation ? "confirmation" : "approval")",
                lines: [
                    "\(actor.name) proposes \(what)",
                    h.weakenings.map(\.message).joined(separator: " "), "Their reason: \(reason)",
                    "It applies only if \(who) it."
                ],
                path: h.path + "#pending-change", now: Clock.current.now(), on: rec.db)
            try await rec.record(
                Self.entityType(h.recordType), h.recordID, "change_proposed",
                [
                    AuditChange(
                        field: "change", before: nil, after: h.weakenings.map(\.message).joined(separator: " ")),
                    AuditChange(field: "reason", before: nil, after: reason),
                    AuditChange(field: "needs", before: nil, after: need.rawValue)
                ] + h.details)
            return c
        }
    }

    static func entityType(_ record: GovernedRecord) -> String {
        switch record {
        case .commissionerOversight: "service"
        case .indicatorSeries: "indicator"
        case .escalationFiring: "escalation_firing"
        case .safetyModel: "safety_model"
        default: "action"
        }
    }

    /// A pending change the actor can see (through its service), or 404.
    func find(_ id: UUID?) async throws -> PendingChange {
        guard let id, let c = try await PendingChange.query(on: db).visible(to: actor).filter(\.$id == id).first()
        else { throw AppError.notFound("proposed change") }
        return c
    }

    /// How the actor stands to a change: its proposer or not, and for an action, lead and band.
    static func relation(of actor: Actor, to c: PendingChange, action: RecoveryAction?) -> RecordRelation {
        var r = action.map { actor.relation(to: $0) } ?? RecordRelation()
        r.isProposer = c.$proposedBy.id == actor.id
        if let a = action { r.band = max(c.approvalBand ?? a.riskBand, a.riskBand) }
        return r
    }

    func relation(to c: PendingChange) async throws -> (RecordRelation, RecoveryAction?) {
        let action = try await c.$action.id.asyncMap { try await Access.action($0, for: actor, on: db) }
        return (Self.relation(of: actor, to: c, action: action), action)
    }

    /// What approving does, checked now: a writer that runs in the deciding transaction.
    typealias Applier = @Sendable (AuditRecorder, [AuditChange]) async throws -> Void

    func applier(for c: PendingChange) async throws -> Applier {
        switch c.operation {
        case .actionUpdate, .actionCancel:
            return try await ActionService(db: db, actor: actor, today: today).approved(c)
        case .oversight:
            return try await OversightService(db: db, actor: actor, today: today).confirmed(c)
        case .seriesSettings:
            return try await IndicatorService(db: db, actor: actor, today: today).approved(c)
        case .notEscalating:
            return try await FiringService(db: db, actor: actor).approved(c)
        case .standDown:
            return try await SafetyModelService(db: db, actor: actor, today: today).approved(c)
        }
    }

    /// Approves (applies) or refuses a pending change. `version` is the change's, as the decider saw it.
    func decide(_ changeID: UUID?, approve: Bool?, reason: String?, version: Int?) async throws -> PendingChange {
        try await decide(try await find(changeID), approve: approve, reason: reason, version: version)
    }

    /// The same for a change already found with `find` (a handler that looked it up to ask the rulebook
    /// before reading the body passes it, rather than reading it again).
    func decide(
        _ change: PendingChange, approve: Bool?, reason: String?, version: Int?
    ) async throws
        -> PendingChange
    {
        let (relation, _) = try await relation(to: change)
        try actor.require(change.approver, relation)
        if let p = OversightChange.decisionProblem(approve: approve, reason: reason) { throw AppError.invalid([p]) }
        guard let version else { throw AppError.invalid("version", "Send the version of the change you are deciding.") }
        let approve = approve ?? false
        let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let changeID = try change.requireID()
        let apply: Applier? = approve && change.status == .pending ? try await applier(for: change) : nil
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            rec.policyVersion = ChangePolicy.version
            guard let c = try await PendingChange.find(changeID, on: rec.db) else {
                throw AppError.notFound("proposed change")
            }
            guard c.status == .pending else {
                throw AppError(.conflict, "This change was already \(c.status.rawValue); nothing more to decide.")
            }
            guard c.version == version else { throw AppError.stale("proposed change", current: c.version) }
            c.status = approve ? .approved : .refused
            c.$decidedBy.id = actor.userID
            c.decidedAt = Clock.current.now()
            c.decisionReason = reason.isEmpty ? nil : reason
            c.version += 1
            try await c.update(on: rec.db)
            let note =
                [AuditChange(field: "change", before: ChangeStatus.pending.rawValue, after: c.status.rawValue)]
                + (reason.isEmpty ? [] : [AuditChange(field: "decision_reason", before: nil, after: reason)])
            if let apply {
                try await apply(rec, note)
            } else {
                try await rec.record(Self.entityType(c.recordType), c.recordID, "change_refused", note)
            }
            return c
        }
    }

    /// The changes of one record, newest first (at most 200).
    func list(recordID: UUID) async throws -> [PendingChange] {
        try await PendingChange.query(on: db).visible(to: actor).filter(\.$recordID == recordID)
            .sort(\.$createdAt, .descending).with(\.$decidedBy).limit(200).all()
    }
}

extension PendingChanges {
    /// A page of the changes of a status the actor can see (through their services), newest first.
    func list(_ status: ChangeStatus, page: PageRequest) async throws -> Page<PendingChange> {
        try await PendingChange.query(on: db).visible(to: actor).filter(\.$status == status)
            .sort(\.$createdAt, .descending).with(\.$decidedBy).leanPage(page)
    }
}

extension Optional {
    func asyncMap<T>(_ f: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await f(self)
    }
}
