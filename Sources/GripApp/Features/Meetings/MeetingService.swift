import Fluent
import Foundation
import GripCore

/// Governance meetings of review routes: scheduling, the agenda built from the data, and the
/// calendar of each route. Minutes are in `MeetingService+Minutes`.
struct MeetingService {
    let db: any Database
    let actor: Actor
    let today: Day

    func requireProvider() throws {
        try actor.require(.readMeetings)
    }

    /// Scheduling and minuting: a registered manager or above.
    func requireManager() throws {
        try requireProvider()
        try actor.require(.runMeetings)
    }

    var canManage: Bool { actor.may(.runMeetings) }

    /// Routes a service-scoped person may see: those covering one of their services, or that they belong to. Nil: all.
    func visibleRouteIDs() async throws -> Set<UUID>? {
        guard !actor.seesAllServices else { return nil }
        let byService = try await RouteService.query(on: db)
            .join(ServiceAccess.self, on: \RouteService.$service.$id == \ServiceAccess.$service.$id)
            .filter(ServiceAccess.self, \.$user.$id == actor.id).all().map { $0.$route.id }
        let byMember = try await RouteMember.query(on: db).filter(\.$user.$id == actor.id).all().map { $0.$route.id }
        return Set(byService + byMember)
    }

    func routes() async throws -> [ReviewRoute] {
        try requireProvider()
        var q = Scoped.query(ReviewRoute.self, for: actor, on: db)
        if let ids = try await visibleRouteIDs() { q = q.filter(\.$id ~~ ids) }
        return try await q.sort(\.$name).all()
    }

    func route(_ id: UUID?) async throws -> ReviewRoute {
        try requireProvider()
        let r = try await Access.route(id, for: actor, on: db)
        if let ids = try await visibleRouteIDs(), !ids.contains(try r.requireID()) {
            throw AppError.notFound("review route")
        }
        return r
    }

    func find(_ id: UUID?) async throws -> Meeting {
        try requireProvider()
        guard let id,
            let m = try await Scoped.query(Meeting.self, for: actor, on: db).filter(
                \.$id == id
            ).first()
        else {
            throw AppError.notFound("meeting")
        }
        if let ids = try await visibleRouteIDs(), !ids.contains(m.$route.id) { throw AppError.notFound("meeting") }
        return m
    }

    /// The days of held meetings of each route, oldest first (one query).
    static func heldDays(routeIDs: [UUID], on db: any Database) async throws -> [UUID: [Day]] {
        guard !routeIDs.isEmpty else { return [:] }
        let rows = try await Meeting.query(on: db).filter(\.$route.$id ~~ Set(routeIDs))
            .filter(\.$status ~~ [MeetingStatus.held, .approved]).field(\.$route.$id).field(\.$day).sort(\.$day).all()
        return Dictionary(grouping: rows, by: { $0.$route.id }).mapValues { $0.compactMap { Day(iso: $0.day) } }
    }

    /// For closed actions (monitoring or sustained): meetings of their route held after they closed and before
    /// `before` (nil while the route has none). One query.
    static func heldSinceClosure(
        _ actions: [RecoveryAction], before: Day, on db: any Database
    ) async throws
        -> [UUID: Int]
    {
        let closed = actions.filter { $0.closedOn != nil }
        let held = try await heldDays(routeIDs: Array(Set(closed.map { $0.$route.id })), on: db)
        var out: [UUID: Int] = [:]
        for a in closed {
            guard let day = a.closedOn.flatMap(Day.init(iso:)), let id = a.id else { continue }
            if let n = MeetingRules.heldSinceClosure(closedOn: day, heldDays: held[a.$route.id] ?? [], before: before) {
                out[id] = n
            }
        }
        return out
    }

    func schedule(routeID: UUID?, day: Day?) async throws -> Meeting {
        try requireManager()
        let route = try await self.route(routeID)
        let rid = try route.requireID()
        var clash: [Day] = []
        if let day, try await Meeting.query(on: db).filter(\.$route.$id == rid).filter(\.$day == day.iso).count() > 0 {
            clash = [day]
        }
        let problems = MeetingRules.scheduleProblems(day: day, today: today, existing: clash)
        guard problems.isEmpty, let day else { throw AppError.invalid(problems) }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let m = Meeting()
            m.$organisation.id = actor.organisationID
            m.$route.id = rid
            m.day = day.iso
            m.status = .scheduled
            m.othersPresent = ""
            m.version = 1
            try await m.create(on: rec.db)
            try await rec.record(
                "meeting", m.requireID(), "scheduled",
                [
                    AuditChange(field: "route", before: nil, after: route.name),
                    AuditChange(field: "day", before: nil, after: day.iso)
                ])
            return m
        }
    }

    /// One line of an agenda: built live before the meeting, stored once the minutes start.
    struct Entry: Sendable, Equatable {
        let section: String
        let title: String
        var actionID: UUID? = nil
        var escalationID: UUID? = nil
        var serviceID: UUID? = nil
        var indicatorID: UUID? = nil
    }

    /// The agenda from the data as it stands (DESIGN §2), in a fixed number of queries.
    func liveAgenda(_ m: Meeting) async throws -> [Entry] {
        let day = m.meetingDay
        let routeID = m.$route.id
        guard let route = try await ReviewRoute.find(routeID, on: db) else { throw AppError.notFound("review route") }
        let serviceIDs = try await RouteService.query(on: db).filter(\.$route.$id == routeID).all().map {
            $0.$service.id
        }
        let statuses = ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring }
        var q = Scoped.query(RecoveryAction.self, for: actor, on: db).filter(
            \.$status ~~ statuses)
        q = route.kind.overseesItsServices ? q.filter(\.$service.$id ~~ serviceIDs) : q.filter(\.$route.$id == routeID)
        let services = try await Scoped.query(Service.self, for: actor, on: db).filter(
            \.$id ~~ serviceIDs
        ).sort(\.$name).all()
        // Early warnings are stored with the values (`SeriesWarnings`): no need to load the services' work.
        let indicators = try await Scoped.query(Indicator.self, for: actor, on: db).all()
        let stored = try await ServiceSignals.storedWarnings(
            serviceIDs: services.compactMap(\.id), indicators: indicators, on: db)
        var warnings: [(UUID, Service, ServiceSignals.Warning)] = []
        for s in services { for w in stored[s.id!] ?? [] { warnings.append((UUID(), s, w)) } }
        // Sustained is still watched: sustained actions whose outcome indicator has a stored warning in
        // their service (only those: the query does not grow with every action ever sustained).
        let warned = Set(warnings.map { "\($0.2.indicator.id!)|\($0.1.id!)" })
        let warnedIndicators = Set(warnings.compactMap { $0.2.indicator.id })
        var sq = Scoped.query(RecoveryAction.self, for: actor, on: db).filter(
            \.$status == .sustained
        )
        .filter(\.$indicator.$id ~~ warnedIndicators)
        sq =
            route.kind.overseesItsServices
            ? sq.filter(\.$service.$id ~~ serviceIDs) : sq.filter(\.$route.$id == routeID)
        let warnedSustained = warnedIndicators.isEmpty ? [] : try await sq.with(\.$service).with(\.$route).all()
        // ... and for at least two held meetings of its route after it closed, even once re-audited (DESIGN §2):
        // the sustained actions closed in the last two years, counted against their routes' held meetings.
        var rq = Scoped.query(RecoveryAction.self, for: actor, on: db)
            .filter(\.$status == .sustained).filter(\.$closedOn >= day.adding(days: -Monitoring.lookBackDays).iso)
        rq =
            route.kind.overseesItsServices
            ? rq.filter(\.$service.$id ~~ serviceIDs)
            : rq.filter(\.$route.$id == routeID)
        let recent = try await rq.with(\.$service).with(\.$route).all()
        let warnedIDs = Set(warnedSustained.compactMap(\.id))
        let sustained = warnedSustained + recent.filter { !warnedIDs.contains($0.id!) }
        let heldSince = try await Self.heldSinceClosure(sustained, before: day, on: db)
        let warningPeriod = Dictionary(
            warnings.map { ("\($0.2.indicator.id!)|\($0.1.id!)", $0.2.period) },
            uniquingKeysWith: { a, b in max(a, b) })
        let actions = try await q.with(\.$service).with(\.$route).all() + sustained
        let pending = try await Self.pendingChangeActionIDs(organisationID: actor.organisationID, on: db)
        // Disconnected: live, no linked indicator, and no outcome evidence (one statement for those unlinked).
        let unlinked = actions.filter { $0.status.isLive && $0.$indicator.id == nil }.compactMap(\.id)
        let withOutcome = try await AttentionQueries.withOutcomeEvidence(unlinked, on: db)
        let facts = actions.compactMap { a -> Agenda.ActionFact? in
            guard let id = a.id, let due = Day(iso: a.dueDay), let review = Day(iso: a.nextReviewDay) else {
                return nil
            }
            let closed = a.closedOn.flatMap(Day.init(iso:))
            let key = a.$indicator.id.map { "\($0)|\(a.$service.id)" }
            let concern =
                key.map { warned.contains($0) } ?? false
                && (closed.map { c in key.flatMap { warningPeriod[$0] }.map { $0 >= c } ?? false } ?? true)
            return Agenda.ActionFact(
                id: id, band: a.riskBand, status: a.status, dueDay: due, nextReviewDay: review, closedOn: closed,
                routeCadenceDays: a.route.cadenceDays,
                // In monitoring it stays until re-audited, however many meetings were held;
                // sustained, for two held meetings of its route after closure.
                meetingsHeldSinceClosure: a.status == .sustained ? heldSince[id] : nil,
                hasPendingChange: pending.contains(id), escalated: a.escalatedOn != nil, concernSinceClosure: concern,
                disconnected: a.status.isLive && a.$indicator.id == nil && !withOutcome.contains(id))
        }
        let escalations = try await Scoped.query(Escalation.self, for: actor, on: db)
            .filter(\.$service.$id ~~ serviceIDs).filter(
                \.$status ~~ [EscalationStatus.raised, .acknowledged, .jointReview]
            )
            .with(\.$service).sort(\.$reference).all()
        // Thresholds that fired at the route's services and wait for an answer (issue 36), soonest deadline first.
        let due = try await Scoped.query(EscalationFiring.self, for: actor, on: db)
            .filter(\.$service.$id ~~ serviceIDs).filter(\.$answeredAt == nil).with(\.$service).sort(\.$deadline)
            .limit(100).all()
        // Drift of the route's services, as of the meeting day (or today, if it is past): today's from the
        // stored summaries, a later day's computed (the summaries hold today's only).
        let drift: [(UUID, Service, Drift.Signal)]
        if day <= today {
            let summaries = try await ServiceSummaries.current(
                services, organisationID: actor.organisationID,
                today: today, part: .heat, on: db)
            drift = services.flatMap { s in (summaries[s.id!]?.drift ?? []).map { (UUID(), s, $0) } }
        } else {
            let signals = try await ServiceSignals.load(services, actor: actor, today: day, drift: true, on: db)
            drift = signals.flatMap { s in s.drift.map { (UUID(), s.service, $0) } }
        }
        // The restrictive practice panel: its services' interventions not yet reviewed, up to the meeting day.
        let interventions =
            route.kind.reviewsInterventions
            ? try await Scoped.query(RestrictiveIntervention.self, for: actor, on: db)
                .filter(\.$service.$id ~~ serviceIDs)
                .filter(\.$panelOn == nil).filter(
                    \.$startedAt
                        < (LocalTime.parse(day.adding(days: 1).iso + "T00:00")
                            ?? Clock.current.now())
                ).with(\.$person).with(\.$service).sort(\.$startedAt).limit(200).all() : []
        let built = Agenda.build(
            meetingDay: day, actions: facts, drift: drift.map(\.0),
            earlyWarnings: warnings.map(\.0),
            escalationsDue: due.compactMap(\.id), openEscalations: escalations.compactMap(\.id),
            interventionsAwaitingPanel: interventions.compactMap(\.id))
        let interventionBy = Dictionary(interventions.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let driftBy = Dictionary(drift.map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { a, _ in a })
        let actionBy = Dictionary(actions.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let warningBy = Dictionary(warnings.map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { a, _ in a })
        let escalationBy = Dictionary(escalations.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let dueBy = Dictionary(due.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Entry] = []
        for (section, ids) in built {
            for id in ids {
                if let a = actionBy[id] {
                    let due = Day(iso: a.dueDay)?.ukFormat ?? a.dueDay
                    let why = section == .escalated ? a.escalation.map { " Escalated: \($0)" } ?? "" : ""
                    out.append(
                        Entry(
                            section: section.rawValue,
                            title:
                                """
                                \(a.reference) \(a.title) – \(a.service.name) (\(a.riskBand.label) risk, \
                                \(a.status.label.lowercased()), due \(due))
                                """
                                    + why,
                            actionID: id, serviceID: a.$service.id))
                } else if let (service, w) = warningBy[id] {
                    out.append(
                        Entry(
                            section: section.rawValue,
                            title:
                                """
                                \(w.indicator.name) at \(service.name): special-cause concern in \
                                \(w.indicator.period.display(w.period)) (\(ActionRules.display(w.value)) \
                                \(w.indicator.unit))
                                """,
                            serviceID: service.id, indicatorID: w.indicator.id))
                } else if let (service, signal) = driftBy[id] {
                    out.append(
                        Entry(
                            section: section.rawValue,
                            title: "\(service.name): \(signal.kind.label.lowercased()). \(signal.reason)",
                            serviceID: service.id))
                } else if let i = interventionBy[id] {
                    let debrief = i.debriefAt.map { "debriefed \(UKTime.format($0))" } ?? "no debrief recorded"
                    out.append(
                        Entry(
                            section: section.rawValue,
                            title: "\(i.person.reference) at \(i.service.name), "
                                + "\(UKTime.format(i.startedAt)): \(i.kind.label.lowercased()), "
                                + "\(i.minutes) minutes, \(i.place); trigger: "
                                + "\(i.trigger) (\(i.injury.label.lowercased()); \(debrief))",
                            serviceID: i.$service.id))
                } else if let f = dueBy[id] {
                    let clock = EscalationClock.of(deadline: f.deadline, answeredAt: nil, now: Clock.current.now())
                    out.append(
                        Entry(
                            section: section.rawValue,
                            title: "\(f.service.name): \(f.trigger.label.lowercased()) – \(f.evidence) (act by "
                                + "\(TimeToAct.describe(f.deadline)); \(clock.label))",
                            serviceID: f.$service.id))
                } else if let e = escalationBy[id] {
                    out.append(
                        Entry(
                            section: section.rawValue,
                            title:
                                """
                                \(e.reference) \(e.category.label) at \(e.service.name) \
                                (\(e.status.label.lowercased()), respond by \
                                \(Day(iso: e.respondBy)?.ukFormat ?? e.respondBy))
                                """,
                            escalationID: id, serviceID: e.$service.id))
                }
            }
        }
        return out
    }

    /// Actions of the organisation with a change to their oversight waiting for approval (one indexed query).
    static func pendingChangeActionIDs(organisationID: UUID, on db: any Database) async throws -> Set<UUID> {
        Set(
            try await Scoped.query(PendingChange.self, organisation: organisationID, on: db)
                .filter(\.$status == .pending).filter(\.$recordType == .action).field(\.$recordID).all().map(\.recordID)
        )
    }

    /// The agenda of a meeting: stored items once started, else built live.
    func agenda(_ m: Meeting) async throws -> [Entry] {
        if m.status == .scheduled { return try await liveAgenda(m) }
        let items = try await MeetingItem.query(on: db).filter(\.$meeting.$id == m.requireID()).sort(\.$position).all()
        return items.map {
            Entry(
                section: $0.section, title: $0.title, actionID: $0.$action.id, escalationID: $0.$escalation.id,
                serviceID: $0.$service.id, indicatorID: $0.$indicator.id)
        }
    }

    static func refusal(_ r: MinutesRefusal) -> AppError {
        switch r {
        case .locked: AppError(.conflict, r.message, fields: [FieldError("meeting", r.message)])
        default: AppError.invalid("meeting", r.message)
        }
    }

    /// Starting the minutes fixes the agenda as it stands, with an item for other business.
    func start(_ id: UUID?, version: Int?) async throws -> Meeting {
        try requireManager()
        let m = try await find(id)
        if let r = MeetingRules.canStart(status: m.status, day: m.meetingDay, today: today) { throw Self.refusal(r) }
        guard m.status == .scheduled else { return m }
        guard let version else {
            throw AppError.invalid("version", "Send the version of the meeting you are starting.")
        }
        let entries = try await liveAgenda(m) + [Entry(section: Agenda.otherBusiness, title: Agenda.otherBusinessTitle)]
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let fresh = try await Meeting.find(m.id, on: rec.db) else { throw AppError.notFound("meeting") }
            // Any change since it was read (another person starting it, say) moved the version on.
            guard fresh.version == version else { throw AppError.stale("meeting", current: fresh.version) }
            for (n, e) in entries.enumerated() {
                let item = MeetingItem()
                item.$meeting.id = try fresh.requireID()
                item.position = n + 1
                item.section = e.section
                item.title = e.title
                item.discussion = ""
                item.$action.id = e.actionID
                item.$escalation.id = e.escalationID
                item.$service.id = e.serviceID
                item.$indicator.id = e.indicatorID
                item.version = 1
                try await item.create(on: rec.db)
            }
            fresh.status = .held
            fresh.version += 1
            try await fresh.update(on: rec.db)
            try await rec.record(
                "meeting", fresh.requireID(), "started",
                [
                    AuditChange(
                        field: "status", before: MeetingStatus.scheduled.rawValue, after: MeetingStatus.held.rawValue),
                    AuditChange(field: "agenda", before: nil, after: "\(entries.count) items")
                ])
            return fresh
        }
    }
}
