import Fluent
import Foundation
import GripCore

/// A change to a live action that weakens its oversight (DESIGN §1): kept with its reason until
/// someone other than the proposer, who may be the action's senior reviewer, approves or refuses it.
final class ProposedChange: Model, @unchecked Sendable {
    static let schema = "proposed_changes"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "status") var status: ChangeStatus
    @Field(key: "reason") var reason: String
    /// The action's complete values as proposed (JSON of `ActionValues`).
    @Field(key: "proposed") var proposed: String
    /// What weakens, as `[Weakening]` JSON: the approver reads these sentences.
    @Field(key: "weakenings") var weakenings: String
    /// The band that decides who may approve: the higher of before and after.
    @Field(key: "approval_band") var approvalBand: RiskBand
    /// The action's version when proposed; approval applies only to that version.
    @Field(key: "action_version") var actionVersion: Int
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decision_reason") var decisionReason: String?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "action_id") var action: RecoveryAction
    @Parent(key: "proposed_by_id") var proposedBy: User
    @OptionalParent(key: "decided_by_id") var decidedBy: User?

    init() {}

    var decodedWeakenings: [Weakening] {
        (try? JSONDecoder().decode([Weakening].self, from: Data(weakenings.utf8))) ?? []
    }
}

extension ProposedChange {
    var properties: [any AnyProperty] {
        [_id, _version, _createdAt, _status, _reason, _proposed, _weakenings, _approvalBand, _actionVersion, _decidedAt,
         _decisionReason, _organisation, _action, _proposedBy, _decidedBy]
    }
}
