import Fluent
import Foundation
import GripCore

/// The thresholds that fired (issue 36), as the provider answers them: the open ones for My work, the digest and
/// the agenda; one with its evidence and clock; and the three answers — an escalation raised on it (in
/// `EscalationService`), taken up internally, or not escalated for a reason a second person approves. Every answer
/// passes the change policy's rows for `escalation_firing` and is audited with the firing.
struct FiringService {
    let db: any Database
    let actor: Actor
    var now: Date = Clock.current.now()

    /// The firings the actor may see: the provider's people, through their services (commissioners read late
    /// escalations in the pack, not the provider's working list).
    func visible() throws -> QueryBuilder<EscalationFiring> {
        try actor.require(.readProviderWork)
        return EscalationFiring.query(on: db).visible(to: actor)
    }

    func find(_ id: UUID?) async throws -> EscalationFiring {
        guard let id, let f = try await visible().filter(\.$id == id).with(\.$service).with(\.$answeredBy).first()
        else { throw AppError.notFound("escalation due") }
        return f
    }

    /// The unanswered firings of the actor's services, the soonest deadline first (at most `limit`). Staff, who do
    /// not escalate, see none.
    func open(limit: Int = 100) async throws -> [EscalationFiring] {
        guard actor.may(.raiseEscalations) else { return [] }
        return try await visible().filter(\.$answeredAt == nil).sort(\.$deadline).with(\.$service).limit(limit).all()
    }

    /// The actor's relation to a firing's pending change (the proposer may not approve it).
    func pending(_ f: EscalationFiring) async throws -> PendingChange? {
        try await PendingChange.query(on: db).visible(to: actor).filter(\.$recordID == f.requireID())
            .filter(\.$status == .pending).first()
    }

    static func checkVersion(_ version: Int?, of f: EscalationFiring) throws {
        guard let version else { throw AppError.invalid("version", "Send the version you read.") }
        if version != f.version { throw AppError.stale("escalation due", current: f.version) }
    }

    static func checkOpen(_ f: EscalationFiring) throws {
        if let answer = f.answer {
            throw AppError(
                .conflict, "This was already answered (\(answer.label.lowercased())).",
                fields: [FieldError("answer", "Already answered.")])
        }
    }

    /// An internal threshold taken up by a registered manager or above: what they are doing about it.
    func takeUp(_ id: UUID?, note raw: String, version: Int?) async throws -> EscalationFiring {
        let f = try await find(id)
        try actor.require(.raiseEscalations)
        let note = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if f.level != .internal {
            errors.append(
                FieldError(
                    "note", "This threshold goes to the commissioner: raise an escalation, or record why not."))
        }
        if !NotEscalating.reasonLength.contains(note.count) {
            errors.append(
                FieldError(
                    "note",
                    "Say what is being done, in \(NotEscalating.reasonLength.lowerBound) to "
                        + "\(NotEscalating.reasonLength.upperBound) characters (it is \(note.count))."))
        }
        if !errors.isEmpty { throw AppError.invalid(Array(errors.prefix(1))) }
        try Self.checkVersion(version, of: f)
        try Self.checkOpen(f)
        let actor = self.actor, now = self.now, fid = try f.requireID()
        return try await ChangeDoor.applyingFree(.escalationFiring, ["answer:taken_up"], actor: actor, on: db) { rec in
            guard let fresh = try await EscalationFiring.find(fid, on: rec.db) else {
                throw AppError.notFound("escalation due")
            }
            try Self.checkVersion(version, of: fresh)
            try Self.checkOpen(fresh)
            try await Self.answer(
                fresh, .internalTakenUp, note: note, by: actor.userID, escalation: nil, at: now, rec: rec)
            fresh.$service.value = f.$service.value
            return fresh
        }
    }

    /// A decision not to escalate: a reason, held for a quality lead or the nominated individual who did not
    /// propose it. The firing stays open, its clock running, until they approve.
    func proposeNotEscalating(_ id: UUID?, reason raw: String, version: Int?) async throws -> PendingChange {
        let f = try await find(id)
        try actor.require(.raiseEscalations)
        let problems = NotEscalating.problems(reason: raw)
        if !problems.isEmpty { throw AppError.invalid(problems) }
        try Self.checkVersion(version, of: f)
        try Self.checkOpen(f)
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let message = "Not escalating: \(f.trigger.label.lowercased()) at \(f.service.name) (\(f.evidence))"
        let outcome = try await ChangeDoor.pass(
            .escalationFiring, edits: [PolicyEdit("answer:not_escalating", meetsCondition: false, message: message)],
            reason: reason, reasonField: "reason", actor: actor, on: db,
            hold: {
                ChangeDoor.Hold(
                    recordType: .escalationFiring, recordID: try f.requireID(), serviceID: f.$service.id,
                    operation: .notEscalating, payload: "{}", weakenings: [], recordVersion: f.version,
                    subject: f.service.name, title: f.trigger.label.lowercased(), path: Paths.firing(try f.requireID()),
                    details: [
                        AuditChange(field: "answer", before: nil, after: EscalationFiring.Answer.notEscalating.rawValue)
                    ])
            },
            apply: { _ in })
        guard case .held(let change) = outcome else {
            throw AppError(.internalServerError, "Not escalating was not held for a second person.")
        }
        return change
    }

    /// What approving a decision not to escalate does, checked again when the approver decides.
    func approved(_ c: PendingChange) async throws -> PendingChanges.Applier {
        let f = try await find(c.recordID)
        try Self.checkOpen(f)
        let now = self.now, proposer = c.$proposedBy.id, reason = c.reason, fid = try f.requireID()
        return { rec, note in
            guard let fresh = try await EscalationFiring.find(fid, on: rec.db) else {
                throw AppError.notFound("escalation due")
            }
            try Self.checkOpen(fresh)
            try await Self.answer(
                fresh, .notEscalating, note: reason, by: proposer, escalation: nil, at: now, rec: rec, extra: note)
        }
    }

    /// Records an answer on a firing (late when after its deadline), audited with the firing.
    static func answer(
        _ f: EscalationFiring, _ answer: EscalationFiring.Answer, note: String?, by: UUID?, escalation: UUID?,
        at: Date, rec: AuditRecorder, extra: [AuditChange] = []
    ) async throws {
        f.answer = answer
        f.answeredAt = at
        f.answerNote = note
        f.$answeredBy.id = by
        f.$escalation.id = escalation
        f.late = f.late || at > f.deadline
        f.version += 1
        try await f.update(on: rec.db)
        rec.touch(services: [f.$service.id])
        try await rec.record(
            "escalation_firing", f.requireID(), "answered",
            [
                AuditChange(field: "answer", before: nil, after: answer.rawValue),
                AuditChange(field: "late", before: nil, after: f.late ? "yes" : "no")
            ] + (note.map { [AuditChange(field: "note", before: nil, after: $0)] } ?? [])
                + (escalation.map { [AuditChange(field: "escalation", before: nil, after: $0.uuidString)] } ?? [])
                + extra)
    }
}

extension EscalationFiring {
    /// "Internal: 2 working days" — who it goes to and how long they have, for a row.
    var levelLabel: String { level == .internal ? "Internal" : "To the commissioner" }
}
