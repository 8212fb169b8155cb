import Fluent
import Foundation
import GripCore

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

extension MeetingAttendance {
    var properties: [any AnyProperty] { [_id, _presence, _meeting, _user] }
}

extension MeetingChallenge {
    var properties: [any AnyProperty] { [_id, _createdAt, _challenge, _answer, _item, _challenger] }
}
