import Fluent
import Foundation
import GripCore

extension PendingChange: ServiceOwned {
    static var organisationKey: KeyPath<PendingChange, FieldProperty<PendingChange, UUID>> { \.$organisation.$id }
    static var serviceKey: KeyPath<PendingChange, FieldProperty<PendingChange, UUID>> { \.$service.$id }
}

/// The one door every governed write passes (issue 33). The change policy (`ChangePolicy.judge`) judges
/// the change: the door applies it in one audited transaction (each entry naming the policy version),
/// refuses it (422, nothing written, the field and the rule named), or holds it as a pending change
/// (202) for a second person or the owning party.
enum ChangeDoor {
    enum Outcome<T: Sendable>: Sendable {
        case applied(T)
        case held(PendingChange)
    }

    /// What a held change records, and whom it asks.
    struct Hold: Sendable {
        let recordType: GovernedRecord
        let recordID: UUID
        let serviceID: UUID
        var actionID: UUID? = nil
        let operation: PendingChange.Operation
        /// JSON of what approval applies.
        let payload: String
        /// What weakens; empty: the held edits' own sentences.
        var weakenings: [Weakening]
        var band: RiskBand? = nil
        let recordVersion: Int
        /// "A-0005", "Oakwood House": the messages' subject line.
        let subject: String
        /// "Body maps for every mark": what follows the subject in a message's text.
        var title: String = ""
        /// The page the approver opens.
        let path: String
        /// The fields as they are and as proposed, for the audit.
        var details: [AuditChange] = []
    }

    /// Judges the change and applies, refuses or holds it. `reasonField`: the form's name for the reason.
    /// `ownerActs`: the person is the owning party (a commissioner of the service), whose changes apply.
    static func pass<T: Sendable>(
        _ record: GovernedRecord, edits: [PolicyEdit], reason: String?, reasonField: String = "change_reason",
        ownerActs: Bool = false, actor: Actor, on db: any Database, hold: () throws -> Hold,
        apply: @escaping @Sendable (AuditRecorder) async throws -> T
    ) async throws -> Outcome<T> {
        switch ChangePolicy.judge(record, edits: edits, reason: reason, ownerActs: ownerActs) {
        case .refuse(let errors):
            throw AppError.invalid(
                errors.map { $0.field == "change_reason" ? FieldError(reasonField, $0.message) : $0 })
        case .apply:
            return .applied(try await applying(actor: actor, on: db, apply))
        case .hold(let need, let approver, let edits):
            var h = try hold()
            if h.weakenings.isEmpty {
                h.weakenings = edits.map {
                    Weakening(code: code(for: $0.subject), message: $0.message, field: $0.subject)
                }
            }
            return .held(
                try await PendingChanges(db: db, actor: actor)
                    .propose(h, need: need, approver: approver, reason: reason ?? ""))
        }
    }

    /// An applied change: one transaction, every audit entry naming the policy version that judged it.
    static func applying<T: Sendable>(
        actor: Actor, on db: any Database,
        _ body: @escaping @Sendable (AuditRecorder) async throws -> T
    ) async throws -> T {
        try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            rec.policyVersion = ChangePolicy.version
            return try await body(rec)
        }
    }

    /// A change to subjects whose rows are free (their checks already made by the caller): judged — so a subject
    /// with no row is refused — then applied through the door.
    static func applyingFree<T: Sendable>(
        _ record: GovernedRecord, _ subjects: [String], actor: Actor,
        on db: any Database,
        _ body: @escaping @Sendable (AuditRecorder) async throws -> T
    ) async throws
        -> T
    {
        let edits = subjects.map { PolicyEdit($0, meetsCondition: false, message: "\($0) changes.") }
        switch ChangePolicy.judge(record, edits: edits, reason: nil) {
        case .apply: return try await applying(actor: actor, on: db, body)
        case .refuse(let errors): throw AppError.invalid(errors)
        case .hold: throw AppError(.internalServerError, "\(record.label): a free row was held.")
        }
    }

    static func code(for subject: String) -> Weakening.Code {
        if subject == "baseline_points" { return .seriesSettings }
        if subject == "direction" { return .looserTarget }
        return Weakening.Code.allCases.first { $0.subject == subject } ?? .seriesSettings
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
