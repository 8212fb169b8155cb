import Fluent
import Foundation
import GripCore

/// A provider escalation to the commissioner: concise, factual, early (DESIGN §2).
final class Escalation: Model, @unchecked Sendable {
    static let schema = "escalations"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "reference") var reference: String
    @Field(key: "category") var category: EscalationCategory
    @Field(key: "facts") var facts: String
    @Field(key: "safeguards") var safeguards: String
    @Field(key: "actions_taken") var actionsTaken: String
    @Field(key: "support_needed") var supportNeeded: String
    @Field(key: "respond_by") var respondBy: String
    @OptionalField(key: "joint_review_day") var jointReviewDay: String?
    @Field(key: "status") var status: EscalationStatus
    @OptionalField(key: "raised_on") var raisedOn: String?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @Parent(key: "created_by_id") var createdBy: User
    /// The indicator whose improvement shows the outcome (with the linked actions' outcome indicators).
    @OptionalParent(key: "indicator_id") var indicator: Indicator?
    /// The person whose pattern the escalation cites (issue 23), if any.
    @OptionalParent(key: "person_id") var person: Person?

    init() {}
}

/// An action or a decision an escalation led to (one of the two per row).
final class EscalationLink: Model, @unchecked Sendable {
    static let schema = "escalation_links"
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "escalation_id") var escalation: Escalation
    @OptionalParent(key: "action_id") var action: RecoveryAction?
    @OptionalParent(key: "decision_id") var decision: Decision?
    init() {}
}

/// Evidence linked to an escalation (for its resolution).
final class EscalationEvidence: Model, @unchecked Sendable {
    static let schema = "escalation_evidence"
    @ID(key: .id) var id: UUID?
    @Parent(key: "escalation_id") var escalation: Escalation
    @Parent(key: "evidence_id") var evidence: Evidence
    init() {}
}

/// A response or comment on an escalation, from either side; moves are recorded here too.
final class EscalationResponse: Model, @unchecked Sendable {
    static let schema = "escalation_responses"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "party") var party: Party
    @Field(key: "text") var text: String
    @OptionalField(key: "moved_to") var movedTo: EscalationStatus?

    // relationships
    @Parent(key: "escalation_id") var escalation: Escalation
    @Parent(key: "author_id") var author: User

    init() {}
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension Escalation {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _reference, _category, _facts, _safeguards,
            _actionsTaken, _supportNeeded, _respondBy, _jointReviewDay, _status,
            _raisedOn, _organisation, _service, _createdBy,
            _indicator, _person
        ]
    }
}
extension EscalationLink {
    var properties: [any AnyProperty] { [_id, _createdAt, _escalation, _action, _decision] }
}
extension EscalationEvidence {
    var properties: [any AnyProperty] { [_id, _escalation, _evidence] }
}
extension EscalationResponse {
    var properties: [any AnyProperty] { [_id, _createdAt, _party, _text, _movedTo, _escalation, _author] }
}
