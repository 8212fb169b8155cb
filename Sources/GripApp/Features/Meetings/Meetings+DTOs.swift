import Fluent
import GripCore
import Vapor

struct RouteDTO: Content {
    let id: UUID
    let name: String
    let kind: RouteKind
    let cadenceDays: Int
    let services: [RefDTO]
    let members: [PersonDTO]
    let lastHeld: Day?
    let nextScheduled: Day?
    let nextDue: Day
    let version: Int
}

struct MeetingSummaryDTO: Content {
    let id: UUID
    let route: RefDTO
    let day: Day
    let status: MeetingStatus
    let version: Int
}

struct RouteCalendarDTO: Content {
    let route: RouteDTO
    let held: [MeetingSummaryDTO]
    let scheduled: [MeetingSummaryDTO]
}

struct MeetingDTO: Content {
    struct Attendee: Content { let person: PersonDTO; let presence: Presence }
    struct Addendum: Content { let seq: Int; let author: PersonDTO; let at: Date?; let text: String }
    let id: UUID
    let route: RefDTO
    let day: Day
    let status: MeetingStatus
    let othersPresent: String
    let attendance: [Attendee]
    let approvedBy: PersonDTO?
    let approvedAt: Date?
    let addenda: [Addendum]
    let version: Int
}

struct AgendaItemDTO: Content {
    let id: UUID?
    let position: Int
    let section: String
    let title: String
    let actionId: UUID?
    let escalationId: UUID?
    let serviceId: UUID?
    let indicatorId: UUID?
}

extension AgendaItemDTO {
    /// A fixed agenda's item (a live agenda's items are not stored yet, and have no id).
    init(_ i: MeetingItem) {
        self.init(
            id: i.id, position: i.position, section: i.section, title: i.title, actionId: i.$action.id,
            escalationId: i.$escalation.id, serviceId: i.$service.id, indicatorId: i.$indicator.id)
    }
}

struct AgendaDTO: Content {
    let meetingId: UUID
    /// False while the meeting is scheduled: the agenda is built live; true once the minutes start.
    let fixed: Bool
    let items: [AgendaItemDTO]
}

struct DecisionDTO: Content {
    let id: UUID
    let meetingId: UUID
    let itemId: UUID
    let text: String
    let owner: PersonDTO
    let service: RefDTO?
    let dueDay: Day
    let status: DecisionStatus
    let doneOn: Day?
    let doneNote: String
    let version: Int

    init(_ d: Decision) {
        id = d.id!
        meetingId = d.$meeting.id
        itemId = d.$item.id
        text = d.text
        owner = PersonDTO(d.owner)
        service = d.service.map { RefDTO(id: $0.id!, name: $0.name) }
        dueDay = Day(iso: d.dueDay)!
        status = d.status
        doneOn = d.doneOn.flatMap(Day.init(iso:))
        doneNote = d.doneNote
        version = d.version
    }
}

struct ChallengeDTO: Content {
    let id: UUID
    let challenger: PersonDTO
    let challenge: String
    let answer: String
    let at: Date?
}

/// An agenda item with its minutes: one flat JSON object, the item's own fields beside what was minuted.
struct ItemMinutesDTO: Content {
    struct Minuted: Codable {
        let discussion: String
        let challenges: [ChallengeDTO]
        let decisions: [DecisionDTO]
        let followUpActionIds: [UUID]
        let version: Int
    }
    let item: AgendaItemDTO
    let minuted: Minuted

    init(item: AgendaItemDTO, minuted: Minuted) {
        self.item = item
        self.minuted = minuted
    }
    init(from decoder: any Decoder) throws {
        item = try AgendaItemDTO(from: decoder)
        minuted = try Minuted(from: decoder)
    }
    func encode(to encoder: any Encoder) throws {
        try item.encode(to: encoder)
        try minuted.encode(to: encoder)
    }
}

struct MinutesDTO: Content {
    let meeting: MeetingDTO
    let items: [ItemMinutesDTO]
}

struct ScheduleDTO: Content { var day: Day }
struct VersionDTO: Content { var version: Int }
struct AttendanceDTO: Content {
    struct Entry: Content { var userId: UUID; var presence: Presence }
    var version: Int
    var attendance: [Entry]
    var othersPresent: String?
}
struct DiscussionDTO: Content { var discussion: String; var version: Int }
struct ChallengeCreateDTO: Content { var challengerId: UUID; var challenge: String; var answer: String }
struct DecisionCreateDTO: Content { var text: String; var ownerId: UUID; var dueDay: Day }
struct FollowUpCreateDTO: Content { var title: String; var leadId: UUID; var reviewerId: UUID; var dueDay: Day }
struct AddendumCreateDTO: Content { var text: String }
struct DecisionDoneDTO: Content { var note: String; var version: Int }
