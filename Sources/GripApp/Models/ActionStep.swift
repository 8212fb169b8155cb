import Fluent
import Foundation
import GripCore

/// One ordered step of an action's operational response.
final class ActionStep: Model, @unchecked Sendable {
    static let schema = "action_steps"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "position") var position: Int
    @Field(key: "owner_role") var ownerRole: String
    @Field(key: "what") var what: String
    @Field(key: "where_recorded") var whereRecorded: String
    @Field(key: "due_day") var dueDay: String
    @OptionalField(key: "done_on") var doneOn: String?

    // relationships
    @Parent(key: "action_id") var action: RecoveryAction
    @OptionalParent(key: "owner_id") var owner: User?

    init() {}
}

/// A due-day change with its reason (and control change when the rules require it).
final class DueDayChange: Model, @unchecked Sendable {
    static let schema = "due_day_changes"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "from_day") var fromDay: String
    @Field(key: "to_day") var toDay: String
    @Field(key: "reason") var reason: String
    @Field(key: "control_change") var controlChange: String
    @OptionalField(key: "escalation") var escalation: String?

    // relationships
    @Parent(key: "action_id") var action: RecoveryAction
    @Parent(key: "changed_by_id") var changedBy: User

    init() {}
}

extension ActionStep {
    var properties: [any AnyProperty] {
        [_id, _version, _position, _ownerRole, _what, _whereRecorded, _dueDay, _doneOn, _action, _owner]
    }
}

extension DueDayChange {
    var properties: [any AnyProperty] {
        [_id, _createdAt, _fromDay, _toDay, _reason, _controlChange, _escalation, _action, _changedBy]
    }
}
