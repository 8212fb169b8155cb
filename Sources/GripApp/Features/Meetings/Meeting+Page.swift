import Fluent
import GripCore
import Vapor

/// The meeting page: attendance, the agenda with its minutes, approval and addenda.
extension MeetingsWebController {
    struct ChallengeView: Encodable { let who: String; let challenge: String; let answer: String }
    struct DecisionView: Encodable {
        let text: String; let owner: String; let due: String; let status: String; let done: Bool
    }
    struct FollowUpView: Encodable { let label: String; let href: String }
    struct ItemView: Encodable {
        let position: Int; let title: String; let href: String?; let recordHref: String?; let discussion: String
        let challenges: [ChallengeView]; let decisions: [DecisionView]; let followUps: [FollowUpView]
    }
    struct SectionView: Encodable { let title: String; let items: [ItemView] }
    struct AttendRow: Encodable {
        let id: String; let name: String; let role: String; let present: Bool; let apologies: Bool; let absent: Bool
    }
    struct AddendumView: Encodable { let seq: Int; let who: String; let at: String; let text: String }

    struct MeetingPage: Encodable {
        let layout: Layout
        let id: String
        let version: Int
        let route: String
        let routeHref: String
        let day: String
        let status: String
        let scheduled: Bool
        let held: Bool
        let approved: Bool
        let approvedBy: String?
        let approvedAt: String?
        let canStart: Bool
        let startNote: String?
        let canMinute: Bool
        let canAddend: Bool
        let attendance: [AttendRow]
        let present: String
        let apologies: String
        let othersPresent: String
        let sections: [SectionView]
        let itemCount: Int
        let addenda: [AddendumView]
        let form: FormState
    }

    static func sectionTitle(_ raw: String) -> String {
        Agenda.Section(rawValue: raw)?.title ?? (raw == Agenda.otherBusiness ? Agenda.otherBusinessTitle : raw)
    }

    static func itemView(_ item: MeetingItem, minutes: MeetingMinutes) -> ItemView {
        let iid = item.id!
        return ItemView(
            position: item.position, title: item.title, href: Paths.meetingItem(minutes.meeting.id!, iid),
            recordHref: Paths.agendaRecord(
                action: item.$action.id, escalation: item.$escalation.id, indicator: item.$indicator.id,
                service: item.$service.id),
            discussion: item.discussion,
            challenges: (minutes.challenges[iid] ?? []).map {
                ChallengeView(who: $0.challenger.name, challenge: $0.challenge, answer: $0.answer)
            },
            decisions: (minutes.decisions[iid] ?? []).map(decisionView),
            followUps: (minutes.followUps[iid] ?? []).map {
                FollowUpView(label: "\($0.reference) \($0.title)", href: Paths.action($0.id!))
            })
    }

    static func decisionView(_ d: Decision) -> DecisionView {
        DecisionView(
            text: d.text, owner: d.owner.name, due: Day(iso: d.dueDay)?.ukFormat ?? d.dueDay,
            status: d.status == .done ? "Done \(d.doneOn.flatMap { Day(iso: $0)?.ukFormat } ?? "")" : "Open",
            done: d.status == .done)
    }

    static func title(_ m: Meeting, route: ReviewRoute) -> String { "\(route.name), \(m.meetingDay.ukFormat)" }

    func meetingPage(_ req: Request, form: FormState) async throws -> MeetingPage {
        let service = try Self.service(req)
        let today = req.today
        let m = try await service.find(Self.id(req))
        let minutes = try await MeetingMinutes.load(m, on: req.db)
        var sections: [SectionView] = []
        if m.status == .scheduled {
            // Before the meeting: the agenda as the data stands now (fixed when the minutes start).
            let live = try await service.liveAgenda(m)
            for s in Agenda.Section.allCases {
                let items = live.filter { $0.section == s.rawValue }.enumerated().map { n, e in
                    ItemView(
                        position: n + 1, title: e.title, href: nil,
                        recordHref: Paths.agendaRecord(
                            action: e.actionID, escalation: e.escalationID, indicator: e.indicatorID,
                            service: e.serviceID),
                        discussion: "", challenges: [], decisions: [], followUps: [])
                }
                sections.append(SectionView(title: s.title, items: items))
            }
        } else {
            var order: [String] = []
            var grouped: [String: [ItemView]] = [:]
            for item in minutes.items {
                if grouped[item.section] == nil { order.append(item.section) }
                grouped[item.section, default: []].append(Self.itemView(item, minutes: minutes))
            }
            // Every section is shown, so an empty one reads as "nothing to discuss" rather than missing.
            for s in Agenda.Section.allCases.map(\.rawValue) + [Agenda.otherBusiness] {
                sections.append(SectionView(title: Self.sectionTitle(s), items: grouped[s] ?? []))
            }
        }
        let recorded = Dictionary(
            minutes.attendance.map { ($0.user.id!, $0.presence) }, uniquingKeysWith: { a, _ in a })
        var people = minutes.members
        for a in minutes.attendance where !people.contains(where: { $0.id == a.user.id }) { people.append(a.user) }
        let attendance = people.map { u in
            let p = recorded[u.id!]
            return AttendRow(
                id: u.id!.uuidString, name: u.name, role: u.role.label, present: p == .present,
                apologies: p == .apologies, absent: p == .absent)
        }
        func names(_ p: Presence) -> String {
            minutes.attendance.filter { $0.presence == p }.map(\.user.name).joined(separator: ", ")
        }
        let refusal = MeetingRules.canStart(status: m.status, day: m.meetingDay, today: today)
        var approver: String?
        if let a = m.$approvedBy.id { approver = try await User.find(a, on: req.db)?.name }
        var values = form.values
        if values["others_present"] == nil { values["others_present"] = m.othersPresent }
        return MeetingPage(
            layout: Layout(req, title: Self.title(m, route: minutes.route), section: "meetings"), id: m.id!.uuidString,
            version: m.version,
            route: minutes.route.name, routeHref: Paths.route(minutes.route.id!), day: m.meetingDay.ukFormat,
            status: m.status.label,
            scheduled: m.status == .scheduled, held: m.status == .held, approved: m.status == .approved,
            approvedBy: approver,
            approvedAt: m.approvedAt.map(UKTime.format),
            canStart: service.canManage && m.status == .scheduled && refusal == nil,
            startNote: m.status == .scheduled ? refusal?.message : nil,
            canMinute: service.canManage && m.status == .held,
            canAddend: service.canManage && m.status == .approved, attendance: attendance, present: names(.present),
            apologies: names(.apologies), othersPresent: m.othersPresent,
            sections: sections, itemCount: sections.reduce(0) { $0 + $1.items.count },
            addenda: minutes.addenda.map {
                AddendumView(seq: $0.seq, who: $0.author.name, at: $0.createdAt.map(UKTime.format) ?? "", text: $0.text)
            },
            form: FormState(values: values, errors: form.summary))
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("meetings/show", try await meetingPage(req, form: FormState()))
    }

    struct VersionForm: Content { var version: Int? }

    /// Re-renders the meeting page with the problem (422), or lets 403/404/409 through as errors.
    func meetingFailure(_ req: Request, _ e: AppError, values: [String: String] = [:]) async throws -> Response {
        try await req.render(
            "meetings/show", try await meetingPage(req, form: FormState(values: values, errors: e.fieldErrors)),
            status: e.status)
    }

    @Sendable func start(req: Request) async throws -> Response {
        let f = try req.content.decode(VersionForm.self)
        do {
            let m = try await Self.service(req).start(Self.id(req), version: f.version)
            req.flash("Minutes started: the agenda is fixed as it stood today.")
            return req.redirect(to: Paths.meeting(m.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await meetingFailure(req, e)
        }
    }

    @Sendable func attendance(req: Request) async throws -> Response {
        struct Form: Content { var version: Int?; var others_present: String? }
        let f = try req.content.decode(Form.self)
        // Radio groups are named presence-<user id>; unknown values are refused, never dropped.
        var presence: [UUID: Presence] = [:]
        var errors: [FieldError] = []
        if let all = try? req.content.decode([String: String].self) {
            for (k, v) in all where k.hasPrefix("presence-") {
                guard let uid = UUID(uuidString: String(k.dropFirst("presence-".count))), let p = Presence(rawValue: v)
                else {
                    errors.append(FieldError("attendance", "Choose present, apologies or absent for each person."))
                    continue
                }
                presence[uid] = p
            }
        }
        do {
            if !errors.isEmpty { throw AppError.invalid(Array(errors.prefix(1))) }
            _ = try await Self.service(req).setAttendance(
                Self.id(req), version: f.version, presence: presence, othersPresent: f.others_present ?? "")
            req.flash("Attendance saved.")
            return req.redirect(to: Paths.meeting(Self.id(req)!) + "#attendance")
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await meetingFailure(req, e, values: ["others_present": f.others_present ?? ""])
        }
    }

    @Sendable func approve(req: Request) async throws -> Response {
        let f = try req.content.decode(VersionForm.self)
        do {
            _ = try await Self.service(req).approve(Self.id(req), version: f.version)
            req.flash("Minutes approved. They are now locked; corrections are added as addenda.")
            return req.redirect(to: Paths.meeting(Self.id(req)!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await meetingFailure(req, e)
        }
    }

    @Sendable func addendum(req: Request) async throws -> Response {
        struct Form: Content { var text: String? }
        let f = try req.content.decode(Form.self)
        do {
            let a = try await Self.service(req).addAddendum(Self.id(req), text: f.text ?? "")
            req.flash("Addendum \(a.seq) added.")
            return req.redirect(to: Paths.meeting(Self.id(req)!) + "#addenda")
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await meetingFailure(req, e, values: ["text": f.text ?? ""])
        }
    }
}
