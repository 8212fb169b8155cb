import Fluent
import GripCore
import Vapor

/// Review routes, meetings, agendas, minutes and the decision log over the API.
struct MeetingsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiRoutes, use: listRoutes)
        routes.get(.apiRoute, use: getRoute)
        routes.post(.apiRouteMeetings, use: schedule)
        routes.get(.apiMeetings, use: listMeetings)
        routes.get(.apiMeeting, use: getMeeting)
        routes.get(.apiMeetingAgenda, use: agenda)
        routes.get(.apiMeetingMinutes, use: minutes)
        routes.post(.apiMeetingStart, use: start)
        routes.put(.apiMeetingAttendance, use: attendance)
        routes.put(.apiMeetingItemDiscussion, use: discussion)
        routes.post(.apiMeetingItemChallenges, use: challenge)
        routes.post(.apiMeetingItemDecisions, use: decision)
        routes.post(.apiMeetingItemFollowUps, use: followUp)
        routes.post(.apiMeetingApprove, use: approve)
        routes.post(.apiMeetingAddenda, use: addendum)
        routes.get(.apiDecisions, use: listDecisions)
        routes.post(.apiDecisionDone, use: decisionDone)
    }

    static func service(_ req: Request) throws -> MeetingService {
        MeetingService(db: req.db, actor: try req.actor, today: req.today)
    }
    static func id(_ req: Request, _ name: String = "id") -> UUID? {
        req.parameters.get(name).flatMap(UUID.init(uuidString:))
    }

    static func paging(_ req: Request) throws -> (page: Int, per: Int) {
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (f, errors) = ActionFilter.parse(["page": raw["page"] ?? "", "per": raw["per"] ?? ""])
        guard errors.isEmpty else {
            throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors)
        }
        return (f.page, f.per)
    }

    // MARK: routes

    static func routeDTOs(_ routes: [ReviewRoute], today: Day, on db: any Database) async throws -> [RouteDTO] {
        let ids = routes.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let (covered, members, meetings) = try await MeetingsQuery(db: db).routeParts(ids)
        return routes.map { r in
            let ms = meetings[r.id!] ?? []
            let last = ms.filter { $0.status.isHeld }.map(\.meetingDay).max()
            return RouteDTO(
                id: r.id!, name: r.name, kind: r.kind, cadenceDays: r.cadenceDays,
                services: (covered[r.id!] ?? []).map { RefDTO(id: $0.service.id!, name: $0.service.name) }.sorted {
                    $0.name < $1.name
                },
                members: (members[r.id!] ?? []).map { PersonDTO($0.user) }.sorted { $0.name < $1.name },
                lastHeld: last,
                nextScheduled: ms.filter { $0.status == .scheduled && $0.meetingDay >= today }.map(\.meetingDay).min(),
                nextDue: MeetingRules.nextDue(lastHeld: last, cadenceDays: r.cadenceDays, today: today),
                version: r.version)
        }
    }

    @Sendable func listRoutes(req: Request) async throws -> ListDTO<RouteDTO> {
        let (page, per) = try Self.paging(req)
        let all = try await Self.service(req).routes()
        let slice = Array(all.dropFirst((page - 1) * per).prefix(per))
        return ListDTO(
            items: try await Self.routeDTOs(slice, today: req.today, on: req.db),
            metadata: ListMetadata(page: page, per: per, total: all.count))
    }

    @Sendable func getRoute(req: Request) async throws -> RouteCalendarDTO {
        let r = try await Self.service(req).route(Self.id(req))
        let meetings = try await MeetingsQuery(db: req.db).meetings(ofRoutes: [r.id!], limit: 200)
        let ref = RefDTO(id: r.id!, name: r.name)
        func summary(_ m: Meeting) -> MeetingSummaryDTO {
            MeetingSummaryDTO(id: m.id!, route: ref, day: m.meetingDay, status: m.status, version: m.version)
        }
        return RouteCalendarDTO(
            route: try await Self.routeDTOs([r], today: req.today, on: req.db)[0],
            held: meetings.filter { $0.status.isHeld }.map(summary),
            scheduled: meetings.filter { $0.status == .scheduled }.reversed().map(summary))
    }

    @Sendable func schedule(req: Request) async throws -> Response {
        let service = try Self.service(req)
        _ = try await service.route(Self.id(req))
        try service.requireManager()
        let b = try req.content.decode(ScheduleDTO.self)
        let m = try await service.schedule(routeID: Self.id(req), day: b.day)
        return try await Self.meetingDTO(m, on: req.db).encodeResponse(status: .created, for: req)
    }

    // MARK: meetings

    static func meetingDTO(_ m: Meeting, on db: any Database) async throws -> MeetingDTO {
        guard let route = try await ReviewRoute.find(m.$route.id, on: db) else {
            throw AppError.notFound("review route")
        }
        let (attendance, addenda) = try await MeetingsQuery(db: db).attendanceAndAddenda(m)
        var approver: User?
        if let a = m.$approvedBy.id { approver = try await User.find(a, on: db) }
        return MeetingDTO(
            id: m.id!, route: RefDTO(id: route.id!, name: route.name), day: m.meetingDay, status: m.status,
            othersPresent: m.othersPresent,
            attendance: attendance.sorted { $0.user.name < $1.user.name }.map {
                .init(person: PersonDTO($0.user), presence: $0.presence)
            },
            approvedBy: approver.map(PersonDTO.init), approvedAt: m.approvedAt,
            addenda: addenda.map { .init(seq: $0.seq, author: PersonDTO($0.author), at: $0.createdAt, text: $0.text) },
            version: m.version)
    }

    @Sendable func listMeetings(req: Request) async throws -> ListDTO<MeetingSummaryDTO> {
        let (page, per) = try Self.paging(req)
        let service = try Self.service(req)
        try service.requireProvider()
        var route: UUID?
        if let r = req.query[String.self, at: "route"], !r.isEmpty {
            guard let rid = UUID(uuidString: r) else {
                throw AppError(
                    .badRequest, "route must be a review route id.",
                    fields: [FieldError("route", "route must be a review route id.")])
            }
            route = rid
        }
        var status: MeetingStatus?
        if let s = req.query[String.self, at: "status"], !s.isEmpty {
            guard let st = MeetingStatus(rawValue: s) else {
                throw AppError(
                    .badRequest, "status must be scheduled, held or approved.",
                    fields: [FieldError("status", "status must be scheduled, held or approved.")])
            }
            status = st
        }
        let result = try await MeetingsQuery(db: req.db).list(
            for: try req.actor, routes: try await service.visibleRouteIDs(), route: route, status: status,
            page: PageRequest(page: page, per: per))
        return ListDTO(
            items: result.items.map {
                MeetingSummaryDTO(
                    id: $0.id!, route: RefDTO(id: $0.route.id!, name: $0.route.name), day: $0.meetingDay,
                    status: $0.status, version: $0.version)
            },
            metadata: ListMetadata(page: page, per: per, total: result.metadata.total))
    }

    @Sendable func getMeeting(req: Request) async throws -> MeetingDTO {
        try await Self.meetingDTO(try await Self.service(req).find(Self.id(req)), on: req.db)
    }

    @Sendable func agenda(req: Request) async throws -> AgendaDTO {
        let service = try Self.service(req)
        let m = try await service.find(Self.id(req))
        if m.status == .scheduled {
            let live = try await service.liveAgenda(m)
            return AgendaDTO(
                meetingId: m.id!, fixed: false,
                items: live.enumerated().map { n, e in
                    AgendaItemDTO(
                        id: nil, position: n + 1, section: e.section, title: e.title, actionId: e.actionID,
                        escalationId: e.escalationID,
                        serviceId: e.serviceID, indicatorId: e.indicatorID)
                })
        }
        let items = try await MeetingsQuery(db: req.db).items(of: m)
        return AgendaDTO(
            meetingId: m.id!, fixed: true,
            items: items.map(AgendaItemDTO.init))
    }

    static func itemDTO(_ i: MeetingItem, _ minutes: MeetingMinutes) -> ItemMinutesDTO {
        let iid = i.id!
        let minuted = ItemMinutesDTO.Minuted(
            discussion: i.discussion,
            challenges: (minutes.challenges[iid] ?? []).map {
                ChallengeDTO(
                    id: $0.id!, challenger: PersonDTO($0.challenger), challenge: $0.challenge, answer: $0.answer,
                    at: $0.createdAt)
            },
            decisions: (minutes.decisions[iid] ?? []).map(DecisionDTO.init),
            followUpActionIds: (minutes.followUps[iid] ?? []).compactMap(\.id),
            version: i.version)
        return ItemMinutesDTO(item: AgendaItemDTO(i), minuted: minuted)
    }

    @Sendable func minutes(req: Request) async throws -> MinutesDTO {
        let m = try await Self.service(req).find(Self.id(req))
        let minutes = try await MeetingMinutes.load(m, on: req.db)
        // Decisions' services are loaded for their DTOs (one more query).
        let sids = Set(minutes.decisions.values.flatMap { $0.compactMap { $0.$service.id } })
        let services = try await MeetingsQuery(db: req.db).services(sids)
        for d in minutes.decisions.values.flatMap({ $0 }) {
            d.$service.value = .some(services.first { $0.id == d.$service.id })
        }
        return MinutesDTO(
            meeting: try await Self.meetingDTO(m, on: req.db), items: minutes.items.map { Self.itemDTO($0, minutes) })
    }

    @Sendable func start(req: Request) async throws -> MeetingDTO {
        let service = try Self.service(req)
        _ = try await service.find(Self.id(req))
        try service.requireManager()
        let b = try req.content.decode(VersionDTO.self)
        return try await Self.meetingDTO(try await service.start(Self.id(req), version: b.version), on: req.db)
    }

    @Sendable func attendance(req: Request) async throws -> MeetingDTO {
        let service = try Self.service(req)
        _ = try await service.find(Self.id(req))
        try service.requireManager()
        let b = try req.content.decode(AttendanceDTO.self)
        var presence: [UUID: Presence] = [:]
        for e in b.attendance {
            if presence[e.userId] != nil { throw AppError.invalid("attendance", "A person is listed twice.") }
            presence[e.userId] = e.presence
        }
        return try await Self.meetingDTO(
            try await service.setAttendance(
                Self.id(req), version: b.version, presence: presence, othersPresent: b.othersPresent ?? ""), on: req.db)
    }

    /// The meeting and item exist for the caller before the body is read (404 before 400).
    static func requireItem(_ req: Request, _ service: MeetingService) async throws {
        _ = try await service.item(id(req, "item"), of: try await service.find(id(req)))
    }

    func itemResult(_ req: Request, _ service: MeetingService) async throws -> ItemMinutesDTO {
        let m = try await service.find(Self.id(req))
        let item = try await service.item(Self.id(req, "item"), of: m)
        return Self.itemDTO(item, try await MeetingMinutes.load(m, on: req.db))
    }

    @Sendable func discussion(req: Request) async throws -> ItemMinutesDTO {
        let service = try Self.service(req)
        try await Self.requireItem(req, service)
        try service.requireManager()
        let b = try req.content.decode(DiscussionDTO.self)
        _ = try await service.saveDiscussion(
            Self.id(req), itemID: Self.id(req, "item"), version: b.version, discussion: b.discussion)
        return try await itemResult(req, service)
    }

    @Sendable func challenge(req: Request) async throws -> Response {
        let service = try Self.service(req)
        try await Self.requireItem(req, service)
        try service.requireManager()
        let b = try req.content.decode(ChallengeCreateDTO.self)
        _ = try await service.addChallenge(
            Self.id(req), itemID: Self.id(req, "item"), challengerID: b.challengerId, challenge: b.challenge,
            answer: b.answer)
        return try await itemResult(req, service).encodeResponse(status: .created, for: req)
    }

    @Sendable func decision(req: Request) async throws -> Response {
        let service = try Self.service(req)
        try await Self.requireItem(req, service)
        try service.requireManager()
        let b = try req.content.decode(DecisionCreateDTO.self)
        let d = try await service.addDecision(
            Self.id(req), itemID: Self.id(req, "item"), text: b.text, ownerID: b.ownerId, dueDay: b.dueDay)
        try await d.$owner.load(on: req.db)
        try await d.$service.load(on: req.db)
        return try await DecisionDTO(d).encodeResponse(status: .created, for: req)
    }

    @Sendable func followUp(req: Request) async throws -> Response {
        let service = try Self.service(req)
        try await Self.requireItem(req, service)
        try service.requireManager()
        let b = try req.content.decode(FollowUpCreateDTO.self)
        let a = try await service.addFollowUp(
            Self.id(req), itemID: Self.id(req, "item"), title: b.title, leadID: b.leadId, reviewerID: b.reviewerId,
            dueDay: b.dueDay)
        return try await ActionsAPIController().dto(a, req).encodeResponse(status: .created, for: req)
    }

    @Sendable func approve(req: Request) async throws -> MeetingDTO {
        let service = try Self.service(req)
        _ = try await service.find(Self.id(req))
        try service.requireManager()
        let b = try req.content.decode(VersionDTO.self)
        return try await Self.meetingDTO(try await service.approve(Self.id(req), version: b.version), on: req.db)
    }

    @Sendable func addendum(req: Request) async throws -> Response {
        let service = try Self.service(req)
        _ = try await service.find(Self.id(req))
        try service.requireManager()
        let b = try req.content.decode(AddendumCreateDTO.self)
        _ = try await service.addAddendum(Self.id(req), text: b.text)
        return try await Self.meetingDTO(try await service.find(Self.id(req)), on: req.db).encodeResponse(
            status: .created, for: req)
    }

    // MARK: decisions

    @Sendable func listDecisions(req: Request) async throws -> ListDTO<DecisionDTO> {
        let actor = try req.actor
        let f = try DecisionLog.Filter.parse(req)
        let (rows, total) = try await DecisionLog(db: req.db, actor: actor, today: req.today).search(f)
        return ListDTO(
            items: rows.map(DecisionDTO.init), metadata: ListMetadata(page: f.page, per: f.per, total: total))
    }

    @Sendable func decisionDone(req: Request) async throws -> DecisionDTO {
        let log = DecisionLog(db: req.db, actor: try req.actor, today: req.today)
        try log.requireCanComplete(try await log.find(Self.id(req)))
        let b = try req.content.decode(DecisionDoneDTO.self)
        let d = try await log.complete(Self.id(req), version: b.version, note: b.note)
        try await d.$owner.load(on: req.db)
        try await d.$service.load(on: req.db)
        return DecisionDTO(d)
    }
}
