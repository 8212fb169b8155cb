import Fluent
import Foundation
import GripCore

/// A change the change policy holds (issue 33): it weakens oversight, so it waits, with its reason,
/// until a second person approves it or the owning party confirms it. One table for every governed
/// record — an action's fields or cancellation, a commissioner's oversight level, a series' settings.
final class PendingChange: Model, @unchecked Sendable {
    static let schema = "pending_changes"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "status") var status: ChangeStatus
    @Field(key: "record_type") var recordType: GovernedRecord
    @Field(key: "record_id") var recordID: UUID
    /// What approval applies: `PendingChange.Operation`.
    @Field(key: "operation") var operation: Operation
    /// A second person, or the owner's confirmation.
    @Field(key: "need") var need: ChangeNeed
    /// Who may decide it, asked of the rulebook.
    @Field(key: "approver") var approver: Permission
    @Field(key: "reason") var reason: String
    /// What approval applies, as JSON of the operation's payload.
    @Field(key: "proposed") var proposed: String
    /// What weakens, as `[Weakening]` JSON: the approver reads these sentences.
    @Field(key: "weakenings") var weakenings: String
    /// The band that decides who may approve a change to an action: the higher of before and after.
    @OptionalField(key: "approval_band") var approvalBand: RiskBand?
    /// The record's version when proposed.
    @Field(key: "record_version") var recordVersion: Int
    @Field(key: "policy_version") var policyVersion: String
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decision_reason") var decisionReason: String?
    @Field(key: "proposed_by_name") var proposedByName: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    /// The action, for changes to one (its page, the agenda, the approvers by band).
    @OptionalParent(key: "action_id") var action: RecoveryAction?
    @OptionalParent(key: "proposed_by_id") var proposedBy: User?
    @OptionalParent(key: "decided_by_id") var decidedBy: User?

    init() {}

    enum Operation: String, Codable, Sendable, CaseIterable {
        /// An action's fields (`ProposedValues`).
        case actionUpdate = "action_update"
        /// An action's cancellation (`CancelPayload`).
        case actionCancel = "action_cancel"
        /// A service's commissioner oversight (`OversightPayload`).
        case oversight
        /// A series' settings (`SeriesPayload`).
        case seriesSettings = "series_settings"
        /// A decision not to escalate a fired threshold (the reason is the change's own).
        case notEscalating = "not_escalating"
        /// A safety-critical operating model's stand-down (the evidence is the change's reason).
        case standDown = "stand_down"

        var title: String {
            switch self {
            case .actionUpdate: "Change to the action's oversight"
            case .actionCancel: "Cancellation"
            case .oversight: "Step-down of commissioner oversight"
            case .seriesSettings: "Change to a series' limits"
            case .notEscalating: "Not escalating"
            case .standDown: "Stand-down of a safety-critical operating model"
            }
        }
    }

    var decodedWeakenings: [Weakening] {
        (try? JSONDecoder().decode([Weakening].self, from: Data(weakenings.utf8))) ?? []
    }

    func payload<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(proposed.utf8))
    }
}

extension PendingChange {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _status, _recordType, _recordID, _operation, _need, _approver, _reason,
            _proposed,
            _weakenings, _approvalBand, _recordVersion, _policyVersion, _decidedAt, _decisionReason, _proposedByName,
            _organisation, _service, _action, _proposedBy, _decidedBy
        ]
    }
}
