import Fluent
import Foundation
import GripCore

/// Learning across services (issue 36): what was learned at one service — from a finding, a closed action or an
/// escalation — marked as applying to others, each of which gets a check (`LearningCheck`).
final class LearningItem: Model, @unchecked Sendable {
    static let schema = "learning_items"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "origin") var origin: Learning.Origin
    @Field(key: "origin_id") var originID: UUID
    /// The origin as it read when the learning was shared ("A-0004 Body maps completed…").
    @Field(key: "origin_label") var originLabel: String
    @Field(key: "summary") var summary: String
    @Field(key: "due_day") var dueDay: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @Parent(key: "shared_by") var sharedBy: User

    init() {}
}

/// One service's check of shared learning: due on a day, and what it found.
final class LearningCheck: Model, @unchecked Sendable {
    static let schema = "learning_checks"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "due_day") var dueDay: String
    @OptionalField(key: "checked_on") var checkedOn: String?
    @OptionalField(key: "outcome") var outcome: Learning.Outcome?
    @Field(key: "note") var note: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "learning_id") var learning: LearningItem
    @Parent(key: "service_id") var service: Service
    @OptionalParent(key: "checked_by") var checkedBy: User?

    init() {}
}

extension LearningItem {
    var properties: [any AnyProperty] {
        [_id, _createdAt, _origin, _originID, _originLabel, _summary, _dueDay, _organisation, _service, _sharedBy]
    }
}

extension LearningCheck {
    var properties: [any AnyProperty] {
        [_id, _version, _dueDay, _checkedOn, _outcome, _note, _organisation, _learning, _service, _checkedBy]
    }
}
