import Fluent
import Foundation
import GripCore

/// A person supported (issue 23), minimised: a reference code, never a name; where they live or are supported; a
/// current risk profile with its review day; and how their representative was involved.
final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "reference") var reference: String
    @Field(key: "placement") var placement: String
    /// `RiskProfile.encoded`.
    @Field(key: "risks") var risks: String
    /// The highest rating's rank (0 when nothing is rated): the service page sorts by it in the query.
    @Field(key: "highest_risk") var highestRisk: Int
    @OptionalField(key: "review_due") var reviewDue: String?
    @Field(key: "representative") var representative: String
    @OptionalField(key: "contact") var contact: ContactMethod?
    @OptionalField(key: "last_involved") var lastInvolved: String?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service

    init() {}

    var profile: RiskProfile { RiskProfile(encoded: risks) }
    var reviewDay: Day? { reviewDue.flatMap(Day.init(iso:)) }
    var lastInvolvedDay: Day? { lastInvolved.flatMap(Day.init(iso:)) }
}

extension Person {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _reference, _placement, _risks, _highestRisk, _reviewDue, _representative,
            _contact,
            _lastInvolved, _organisation, _service
        ]
    }
}
