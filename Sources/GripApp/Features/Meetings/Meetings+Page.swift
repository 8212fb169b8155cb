import Fluent
import GripCore
import Vapor

/// Meetings of the review routes: the routes' calendars, scheduling, and the meeting page.
/// Minutes per item are in `MeetingsWebController+Minutes`.
struct MeetingsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.meetings, use: list)
        routes.get(.route, use: routePage)
        routes.post(.routeMeetings, use: schedule)
        routes.get(.meeting, use: show)
        routes.post(.meetingStart, use: start)
        routes.post(.meetingAttendance, use: attendance)
        routes.post(.meetingApprove, use: approve)
        routes.post(.meetingAddenda, use: addendum)
        routes.get(.meetingItem, use: itemPage)
        routes.post(.meetingItemDiscussion, use: discussion)
        routes.post(.meetingItemChallenges, use: challenge)
        routes.post(.meetingItemDecisions, use: decision)
        routes.post(.meetingItemFollowUps, use: followUp)
    }

    static func service(_ req: Request) throws -> MeetingService {
        MeetingService(db: req.db, actor: try req.actor, today: req.today)
    }
    static func id(_ req: Request, _ name: String = "id") -> UUID? {
        req.parameters.get(name).flatMap(UUID.init(uuidString:))
    }

    struct MeetingRow: Encodable {
        let href: String; let route: String; let day: String; let status: String; let isToday: Bool
    }
    struct RouteRow: Encodable {
        let name: String; let href: String; let kind: String; let cadence: String; let services: String
        let lastHeld: String?; let nextScheduled: String?; let nextDue: String; let dueNow: Bool
    }
    struct ListPage: Encodable {
        let layout: Layout; let routes: [RouteRow]; let upcoming: [MeetingRow]; let recent: [MeetingRow]
    }

    static func row(_ m: Meeting, route: String, today: Day) -> MeetingRow {
        MeetingRow(
            href: Paths.meeting(m.id!), route: route, day: m.meetingDay.ukFormat, status: m.status.label,
            isToday: m.meetingDay == today)
    }

    static func cadence(_ days: Int) -> String {
        switch days {
        case 7: "Weekly"
        case 14: "Every two weeks"
        case 28, 30, 31: "Monthly"
        case 91, 92: "Quarterly"
        default: "Every \(days) days"
        }
    }

    @Sendable func list(req: Request) async throws -> View {
        let service = try Self.service(req)
        let today = req.today
        let routes = try await service.routes()
        let ids = routes.compactMap(\.id)
        let meetings = try await MeetingsQuery(db: req.db).meetings(ofRoutes: ids, limit: 400)
        let covered = try await MeetingsQuery(db: req.db).coverage(ids)
        let servicesBy = Dictionary(grouping: covered, by: { $0.$route.id }).mapValues {
            $0.map(\.service.name).sorted().joined(separator: ", ")
        }
        let byRoute = Dictionary(grouping: meetings, by: { $0.$route.id })
        let names = Dictionary(routes.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows = routes.map { r -> RouteRow in
            let ms = byRoute[r.id!] ?? []
            let last = ms.filter { $0.status.isHeld }.map(\.meetingDay).max()
            let next = ms.filter { $0.status == .scheduled && $0.meetingDay >= today }.map(\.meetingDay).min()
            let due = MeetingRules.nextDue(lastHeld: last, cadenceDays: r.cadenceDays, today: today)
            return RouteRow(
                name: r.name, href: Paths.route(r.id!), kind: r.kind.label, cadence: Self.cadence(r.cadenceDays),
                services: servicesBy[r.id!] ?? "", lastHeld: last?.ukFormat, nextScheduled: next?.ukFormat,
                nextDue: due.ukFormat, dueNow: next == nil && due <= today)
        }
        let upcoming = meetings.filter { $0.status == .scheduled || $0.meetingDay >= today }.sorted { $0.day < $1.day }
            .prefix(20)
        let recent = meetings.filter { $0.status.isHeld && $0.meetingDay < today }.prefix(20)
        return try await req.view.render(
            "meetings/list",
            ListPage(
                layout: Layout(req, title: "Meetings", section: "meetings"), routes: rows,
                upcoming: upcoming.map { Self.row($0, route: names[$0.$route.id] ?? "", today: today) },
                recent: recent.map { Self.row($0, route: names[$0.$route.id] ?? "", today: today) }))
    }

    struct RoutePage: Encodable {
        let layout: Layout; let id: String; let name: String; let kind: String; let cadence: String;
        let services: [String]; let members: [String]
        let past: [MeetingRow]; let upcoming: [MeetingRow]; let nextDue: String; let dueNow: Bool;
        let canSchedule: Bool; let form: FormState
    }

    func routePage(_ req: Request, form: FormState) async throws -> RoutePage {
        let service = try Self.service(req)
        let today = req.today
        let r = try await service.route(Self.id(req))
        let rid = r.id!
        let meetings = try await MeetingsQuery(db: req.db).meetings(ofRoutes: [rid], limit: 200)
        let (services, people) = try await MeetingsQuery(db: req.db).names(of: r)
        let members = people.map { "\($0.name) (\($0.role.label.lowercased()))" }
        let last = meetings.filter { $0.status.isHeld }.map(\.meetingDay).max()
        let due = MeetingRules.nextDue(lastHeld: last, cadenceDays: r.cadenceDays, today: today)
        let upcoming = meetings.filter { $0.status == .scheduled }.sorted { $0.day < $1.day }
        var values = form.values
        if values["day"] == nil { values["day"] = max(due, today).iso }
        return RoutePage(
            layout: Layout(req, title: r.name, section: "meetings"), id: rid.uuidString, name: r.name,
            kind: r.kind.label,
            cadence: Self.cadence(r.cadenceDays), services: services, members: members,
            past: meetings.filter { $0.status.isHeld }.map { Self.row($0, route: r.name, today: today) },
            upcoming: upcoming.map { Self.row($0, route: r.name, today: today) },
            nextDue: due.ukFormat, dueNow: upcoming.isEmpty && due <= today, canSchedule: service.canManage,
            form: FormState(values: values, errors: form.summary))
    }

    @Sendable func routePage(req: Request) async throws -> View {
        try await req.view.render("meetings/route", try await routePage(req, form: FormState()))
    }

    struct ScheduleForm: Content { var day: String? }

    @Sendable func schedule(req: Request) async throws -> Response {
        let f = try req.content.decode(ScheduleForm.self)
        var errors: [FieldError] = []
        let day = FormParse.day(f.day, "day", "The meeting's day", into: &errors)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let m = try await Self.service(req).schedule(routeID: Self.id(req), day: day)
            req.flash("Meeting scheduled for \(m.meetingDay.ukFormat).")
            return req.redirect(to: Paths.meeting(m.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "meetings/route",
                try await routePage(req, form: FormState(values: ["day": f.day ?? ""], errors: e.fieldErrors)),
                status: e.status)
        }
    }
}
