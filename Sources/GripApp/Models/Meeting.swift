import Fluent
import Foundation
import GripCore

/// A governance meeting of a review route on a day (DESIGN §2).
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "day") var day: String
    @Field(key: "status") var status: MeetingStatus
    @Field(key: "others_present") var othersPresent: String
    @OptionalField(key: "approved_at") var approvedAt: Date?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "route_id") var route: ReviewRoute
    @OptionalParent(key: "approved_by_id") var approvedBy: User?

    init() {}

    var meetingDay: Day { Day(iso: day) ?? Day(year: 2000, month: 1, day: 1)! }
}

/// One item of a meeting's agenda, fixed when the minutes start, with its minutes.
final class MeetingItem: Model, @unchecked Sendable {
    static let schema = "meeting_items"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "position") var position: Int
    @Field(key: "section") var section: String
    @Field(key: "title") var title: String
    @Field(key: "discussion") var discussion: String

    // relationships
    @Parent(key: "meeting_id") var meeting: Meeting
    @OptionalParent(key: "action_id") var action: RecoveryAction?
    @OptionalParent(key: "escalation_id") var escalation: Escalation?
    @OptionalParent(key: "service_id") var service: Service?
    @OptionalParent(key: "indicator_id") var indicator: Indicator?

    init() {}
}

/// Who attended a meeting, or sent apologies.
final class MeetingAttendance: Model, @unchecked Sendable {
    static let schema = "meeting_attendance"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "presence") var presence: Presence

    // relationships
    @Parent(key: "meeting_id") var meeting: Meeting
    @Parent(key: "user_id") var user: User

    init() {}
}

/// Senior challenge minuted on an item: who challenged what, and the answer.
final class MeetingChallenge: Model, @unchecked Sendable {
    static let schema = "meeting_challenges"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "challenge") var challenge: String
    @Field(key: "answer") var answer: String

    // relationships
    @Parent(key: "item_id") var item: MeetingItem
    @Parent(key: "challenger_id") var challenger: User

    init() {}
}

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

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension Meeting {
    var properties: [any AnyProperty] {
        [_id, _version, _createdAt, _day, _status, _othersPresent, _approvedAt, _organisation, _route, _approvedBy]
    }
}
extension MeetingItem {
    var properties: [any AnyProperty] {
        [_id, _version, _position, _section, _title, _discussion, _meeting, _action, _escalation, _service, _indicator]
    }
}
extension MeetingAttendance {
    var properties: [any AnyProperty] { [_id, _presence, _meeting, _user] }
}
extension MeetingChallenge {
    var properties: [any AnyProperty] { [_id, _createdAt, _challenge, _answer, _item, _challenger] }
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
extension MeetingFollowUp {
    var properties: [any AnyProperty] { [_id, _item, _action] }
}
