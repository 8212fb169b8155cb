import Fluent
import Foundation
import GripCore

/// A commissioner's oversight level of a service from a day, with the reporting cadence asked for. Kept as history.
final class ServiceOversight: Model, @unchecked Sendable {
    static let schema = "service_oversight"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "level") var level: OversightLevel
    @Field(key: "since") var since: String
    @Field(key: "cadence_days") var cadenceDays: Int
    @Field(key: "note") var note: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

/// An update the provider sent the commissioner under oversight.
final class OversightUpdate: Model, @unchecked Sendable {
    static let schema = "oversight_updates"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "day") var day: String
    @Field(key: "summary") var summary: String

    // relationships
    @Parent(key: "service_id") var service: Service
    @Parent(key: "recorded_by_id") var recordedBy: User

    init() {}
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension ServiceOversight {
    var properties: [any AnyProperty] {
        [_id, _createdAt, _level, _since, _cadenceDays, _note, _organisation, _service, _recordedBy]
    }
}
extension OversightUpdate {
    var properties: [any AnyProperty] { [_id, _createdAt, _day, _summary, _service, _recordedBy] }
}
