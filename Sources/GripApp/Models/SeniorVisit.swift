import Fluent
import Foundation
import GripCore

/// A senior visit to a service (issue 36): the nominated individual's or a quality lead's planned or unannounced
/// visit, what they observed, whom they spoke to and what they found.
final class SeniorVisit: Model, @unchecked Sendable {
    static let schema = "senior_visits"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "day") var day: String
    @Field(key: "kind") var kind: SeniorVisits.Kind
    @Field(key: "observed") var observed: String
    @Field(key: "spoken_to") var spokenTo: String
    @Field(key: "findings") var findings: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @Parent(key: "visitor_id") var visitor: User

    init() {}
}

extension SeniorVisit {
    var properties: [any AnyProperty] {
        [_id, _createdAt, _day, _kind, _observed, _spokenTo, _findings, _organisation, _service, _visitor]
    }
}
