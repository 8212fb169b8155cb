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
