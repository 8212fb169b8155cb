import Fluent
import Foundation
import GripCore

/// A decision-log entry: made at a meeting, owned by one person, due on a day, followed through.
final class Decision: Model, @unchecked Sendable {
    static let schema = "decisions"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "text") var text: String
    @Field(key: "due_day") var dueDay: String
    @Field(key: "status") var status: DecisionStatus
    @OptionalField(key: "done_on") var doneOn: String?
    @Field(key: "done_note") var doneNote: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "meeting_id") var meeting: Meeting
    @Parent(key: "item_id") var item: MeetingItem
    @OptionalParent(key: "service_id") var service: Service?
    @Parent(key: "owner_id") var owner: User

    init() {}
}

/// A correction or addition to approved minutes, with its own author and time.
final class MeetingAddendum: Model, @unchecked Sendable {
    static let schema = "meeting_addenda"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "seq") var seq: Int
    @Field(key: "text") var text: String

    // relationships
    @Parent(key: "meeting_id") var meeting: Meeting
    @Parent(key: "author_id") var author: User

    init() {}
}

extension Decision {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _text, _dueDay, _status, _doneOn, _doneNote, _organisation, _meeting, _item,
            _service, _owner
        ]
    }
}

extension MeetingAddendum {
    var properties: [any AnyProperty] { [_id, _createdAt, _seq, _text, _meeting, _author] }
}

/// A follow-up action raised from an agenda item.
final class MeetingFollowUp: Model, @unchecked Sendable {
    static let schema = "meeting_follow_ups"

    // managed fields
    @ID(key: .id) var id: UUID?

    // relationships
    @Parent(key: "item_id") var item: MeetingItem
    @Parent(key: "action_id") var action: RecoveryAction

    init() {}
}

extension MeetingFollowUp {
    var properties: [any AnyProperty] { [_id, _item, _action] }
}
