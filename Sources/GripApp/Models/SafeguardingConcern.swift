import Fluent
import Foundation
import GripCore

/// A safeguarding concern about a person supported (issue 23): raised, kept safe at once, decided by a manager with
/// a reason, referred to the local authority where it meets the threshold, and closed with its outcome and learning.
final class SafeguardingConcern: Model, @unchecked Sendable {
    static let schema = "safeguarding_concerns"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "raised_at") var raisedAt: Date
    /// The role of whoever raised it ("Night support worker"): a concern can come from anyone.
    @Field(key: "raised_by_role") var raisedByRole: String
    @Field(key: "category") var category: SafeguardingCategory
    @Field(key: "summary") var summary: String
    @Field(key: "safeguards") var safeguards: String
    @Field(key: "decision") var decision: String
    @Field(key: "rationale") var rationale: String
    @OptionalField(key: "decision_at") var decisionAt: Date?
    @OptionalField(key: "referred_at") var referredAt: Date?
    @Field(key: "la_reference") var laReference: String
    @Field(key: "notify_cqc") var notifyCQC: Bool
    @OptionalField(key: "review_due") var reviewDue: String?
    @Field(key: "outcome") var outcome: String
    @Field(key: "learning") var learning: String
    @OptionalField(key: "closed_at") var closedAt: Date?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @Parent(key: "person_id") var person: Person
    /// Who recorded it; none for the command line (its audit entries name the command).
    @OptionalParent(key: "recorded_by_id") var recordedBy: User?
    @OptionalParent(key: "decided_by_id") var decidedBy: User?

    init() {}

    var facts: SafeguardingFacts {
        SafeguardingFacts(
            raisedAt: raisedAt, decisionAt: decisionAt, referredAt: referredAt,
            reviewDue: reviewDue.flatMap(Day.init(iso:)), closedAt: closedAt)
    }
}

extension SafeguardingConcern {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _raisedAt, _raisedByRole, _category, _summary, _safeguards, _decision,
            _rationale,
            _decisionAt, _referredAt, _laReference, _notifyCQC, _reviewDue, _outcome, _learning, _closedAt,
            _organisation, _service, _person, _recordedBy, _decidedBy
        ]
    }
}
