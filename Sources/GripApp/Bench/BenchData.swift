import Fluent
import Foundation
import GripCore

/// Fills a fresh database with a deterministic provider group at a scale, in bulk inserts,
/// with the audit trail all of it produces (a valid hash chain).
enum BenchData {
    static let topics = ["Medicines", "Falls", "Safeguarding", "Staffing", "Care plans"]

    /// A bench action's values: the same for the actions the data holds and those the bench creates over the API.
    static func actionValues(
        title: String, theme: String, gaps: Int, baselineDay: Day, baselineValue: Double, factors: RiskFactors,
        due: Day, people: (service: UUID, lead: UUID, reviewer: UUID, route: UUID)
    ) -> ActionValues {
        var v = ActionValues()
        v.title = title
        v.theme = theme
        v.baseline = "Audit found gaps in \(gaps) of 14 records."
        v.baselineDay = baselineDay
        v.metric = "% records complete"
        (v.direction, v.baselineValue, v.targetValue) = (.higher, baselineValue, 100)
        v.factors = factors
        (v.serviceID, v.leadID, v.reviewerID, v.routeID) = people
        v.interimControls = "Daily check by the shift lead."
        (v.dueDay, v.targetDay) = (due, due.adding(days: 14))
        return v
    }

    static let password = "bench-password-2026"
    static let batch = 400
    /// Services whose actions (and values) are written and let go together: memory stays that of a
    /// hundred services at any scale (national held whole passed 14 GB before its values).
    static let chunk = 100

    /// What the harness needs to know of the data set: counts, and the records it will ask for.
    struct Manifest: Codable, Sendable {
        struct ServiceEntry: Codable, Sendable {
            var id: UUID; var name: String; var manager: UUID; var lead: UUID; var route: UUID; var actions: [UUID]
        }
        var scale: String
        var counts: [String: Int] = [:]
        var seconds: Double = 0
        var services: [ServiceEntry] = []
        var indicators: [UUID] = []
        var indicatorNames: [String] = []
        /// The first month of the generated history (the import adds the months before it).
        var firstMonth: String = ""
    }

    static func insert<M: Model>(_ models: [M], on db: any Database) async throws {
        try await Batches.create(models, size: batch, on: db)
    }

    /// `services` overrides the scale's count (the tests use two), `chunk` the services written at a time.
    static func generate(
        _ scale: BenchScale, services serviceCount: Int? = nil, chunk: Int = Self.chunk, passwordHash: String,
        today: Day, on db: any Database
    ) async throws -> Manifest {
        var rng = BenchRandom(seed: 20_261_123)
        var summary = Manifest(scale: scale.rawValue)
        let org = Organisation(
            id: rng.uuid(), name: "Bench Care Group", frameworkVersion: Framework.cqc2023.id,
            riskMatrixVersion: RiskMatrix.current.version, reviewPolicyVersion: ReviewPolicy.current.version)
        try await org.create(on: db)
        let oid = org.id!
        var audit: [AuditEntry] = []
        var head = AuditHash.genesis
        var seq = 0
        func record(_ type: String, _ id: UUID, _ actor: UUID?, _ changes: String) {
            seq += 1
            let e = AuditEntry()
            e.id = rng.uuid()
            e.$organisation.id = oid
            e.seq = seq
            e.atMilliseconds = 1_780_000_000_000 + Int64(seq)
            e.actorID = actor
            e.actorName = "bench"
            e.entityType = type
            e.entityID = id
            e.operation = "created"
            e.changes = changes
            e.prevHash = head
            e.hash = AuditHash.hash(of: e, prev: head)
            head = e.hash
            audit.append(e)
        }
        /// Writes the audit entries made so far (the chain is already linked) and lets them go, so a
        /// national data set is never held whole.
        func flushAudit() async throws {
            try await insert(audit, on: db)
            audit.removeAll(keepingCapacity: true)
        }
        // People at provider level, then services with their managers, staff and commissioner.
        func user(_ name: String, _ email: String, _ role: Role) -> User {
            let u = User(
                id: rng.uuid(), organisationID: oid, name: name, email: email, passwordHash: passwordHash, role: role)
            record("user", u.id!, nil, "[]")
            return u
        }
        var users = [
            user("Bench Admin", "admin@bench.example", .providerAdmin),
            user("Bench NI", "ni@bench.example", .nominatedIndividual),
            user("Bench Quality", "ql@bench.example", .qualityLead)
        ]
        let ql = users[2]
        var services: [Service] = [], access: [ServiceAccess] = [], routes: [ReviewRoute] = [],
            routeServices: [RouteService] = [], members: [RouteMember] = []
        var staffBy: [UUID: [User]] = [:], managerBy: [UUID: User] = [:], routeBy: [UUID: ReviewRoute] = [:]
        for s in 0..<(serviceCount ?? scale.services) {
            let svc = Service(
                id: rng.uuid(), organisationID: oid, name: String(format: "Service %04d", s + 1),
                cqcLocationID: "1-\(100_000 + s)",
                serviceType: ServiceType.allCases[s % ServiceType.allCases.count], commissioners: "County council")
            services.append(svc)
            record("service", svc.id!, nil, "[]")
            var staff: [User] = []
            for k in 0..<scale.usersPerService {
                let role: Role = k == 0 ? .registeredManager : (k == scale.usersPerService - 1 ? .commissioner : .staff)
                let u = user("Person \(s + 1)-\(k + 1)", "p\(s + 1)-\(k + 1)@bench.example", role)
                users.append(u)
                let a = ServiceAccess(); a.id = rng.uuid(); a.$user.id = u.id!; a.$service.id = svc.id!
                access.append(a)
                if role == .registeredManager { managerBy[svc.id!] = u } else if role == .staff { staff.append(u) }
            }
            staffBy[svc.id!] = staff
            let r = ReviewRoute(); r.id = rng.uuid(); r.$organisation.id = oid; r.name = "\(svc.name) recovery meeting"
            r.kind = .serviceRecoveryMeeting; r.cadenceDays = 14; r.reopenOnConcern = false; r.version = 1
            routes.append(r); routeBy[svc.id!] = r
            let rs = RouteService(); rs.id = rng.uuid(); rs.$route.id = r.id!; rs.$service.id = svc.id!
            routeServices.append(rs)
            for u in [managerBy[svc.id!]!, staff[0], staff[1]] {
                let m = RouteMember(); m.id = rng.uuid(); m.$route.id = r.id!; m.$user.id = u.id!
                members.append(m)
            }
        }
        try await insert(services, on: db); try await insert(users, on: db); try await insert(access, on: db)
        try await insert(routes, on: db); try await insert(routeServices, on: db); try await insert(members, on: db)
        summary.counts["services"] = services.count
        summary.counts["users"] = users.count
        // Actions, with statements, steps, reviews, due-day changes and evidence.
        let statuses: [ActionStatus] = [
            .open, .inProgress, .inProgress, .inProgress, .awaitingAssurance, .monitoring, .sustained, .reopened,
            .draft, .cancelled
        ]
        let statements = Framework.cqc2023.items.map(\.id)
        let categories = Reference.evidenceCategories.map(\.id)
        var actions: [RecoveryAction] = [], links: [ActionMapping] = [], steps: [ActionStep] = []
        var reviews: [Review] = []
        var evidence: [Evidence] = [], evidenceLinks: [EvidenceAction] = [], changes: [DueDayChange] = []
        var number = 0
        var actionIDs: [UUID: [UUID]] = [:]
        var counted = (actions: 0, evidence: 0, reviews: 0)
        /// Writes the actions made so far, with everything hanging off them, and lets them go.
        func flushActions() async throws {
            try await insert(actions, on: db); try await insert(links, on: db); try await insert(steps, on: db)
            try await insert(reviews, on: db); try await insert(changes, on: db); try await insert(evidence, on: db)
            try await insert(evidenceLinks, on: db)
            counted.actions += actions.count; counted.evidence += evidence.count; counted.reviews += reviews.count
            actions.removeAll(); links.removeAll(); steps.removeAll(); reviews.removeAll(); changes.removeAll()
            evidence.removeAll(); evidenceLinks.removeAll()
            try await flushAudit()
        }
        for (position, svc) in services.enumerated() {
            if position > 0 && position % chunk == 0 { try await flushActions() }
            let staff = staffBy[svc.id!]!, manager = managerBy[svc.id!]!
            for _ in 0..<scale.actionsPerService {
                number += 1
                let a = RecoveryAction()
                a.id = rng.uuid(); a.$organisation.id = oid; a.reference = String(format: "A-%05d", number)
                // The draws in the order they have always been made, so a scale's data stays the same.
                let gaps = rng.int(2...9), baselineDay = today.adding(days: -rng.int(70...200))  // before any target
                let baselineValue = Double(rng.int(30...70))
                let factors = RiskFactors(
                    harm: rng.int(1...5), peopleAffected: rng.int(1...5), recurrence: rng.int(1...5),
                    regulatoryImpact: rng.int(1...5), controlWeakness: rng.int(1...5))
                let rating = try RiskMatrix.current.rate(factors)
                a.riskScore = rating.score; a.riskBand = rating.band; a.riskMatrixVersion = RiskMatrix.current.version
                a.status = statuses[rng.int(0...(statuses.count - 1))]
                let due = today.adding(days: rng.int(-60...120))
                a.nextReviewDay = today.adding(days: rng.int(-20...30)).iso;
                a.reviewPolicyVersion = ReviewPolicy.current.version
                if a.status == .monitoring || a.status == .sustained {
                    a.closedOn = today.adding(days: -rng.int(1...60)).iso; a.$closedBy.id = manager.id
                }
                let topic = Self.topics[number % Self.topics.count]
                let values = Self.actionValues(
                    title: "Bench action \(number): improve \(topic.lowercased()) practice", theme: topic, gaps: gaps,
                    baselineDay: baselineDay, baselineValue: baselineValue, factors: factors, due: due,
                    people: (
                        svc.id!, staff[rng.int(0...(staff.count - 1))].id!,
                        rating.band == .extreme ? ql.id! : manager.id!, routeBy[svc.id!]!.id!
                    ))
                for f in ActionFields.all { f.store(values, a) }
                a.version = 1
                actions.append(a)
                actionIDs[svc.id!, default: []].append(a.id!)
                record("action", a.id!, manager.id, "[]")
                for st in Set([
                    statements[rng.int(0...(statements.count - 1))], statements[rng.int(0...(statements.count - 1))]
                ]) {
                    let l = ActionMapping(actionID: a.id!, framework: Framework.cqc2023.id, itemID: st)
                    l.id = rng.uuid(); links.append(l)
                }
                for k in 0..<3 {
                    let s = ActionStep(); s.id = rng.uuid(); s.$action.id = a.id!; s.position = k + 1;
                    s.ownerRole = "Staff"; s.what = "Step \(k + 1)"
                    s.whereRecorded = "Care records"; s.dueDay = due.adding(days: -10 * (3 - k)).iso;
                    s.doneOn = k == 0 ? today.iso : nil
                    s.$owner.id = a.$lead.id; s.version = 1
                    steps.append(s)
                }
                for k in 0..<2 {
                    let r = Review(); r.id = rng.uuid(); r.$action.id = a.id!; r.$reviewer.id = manager.id!;
                    r.day = today.adding(days: -14 * (k + 1)).iso
                    r.rag = [RAG.red, .amber, .green][rng.int(0...2)]; r.measureValue = Double(rng.int(40...95));
                    r.commentary = "Progress reviewed."; r.decision = ""
                    reviews.append(r)
                    record("review", r.id!, manager.id, "[]")
                }
                if number % 10 == 0 {
                    let c = DueDayChange(); c.id = rng.uuid(); c.$action.id = a.id!; c.$changedBy.id = manager.id!;
                    c.fromDay = due.adding(days: -30).iso
                    c.toDay = due.iso; c.reason = "Agency staff delayed the audit.";
                    c.controlChange = "Extra daily check."
                    changes.append(c)
                }
                for _ in 0..<scale.evidencePerAction {
                    let e = Evidence(); e.id = rng.uuid(); e.$organisation.id = oid; e.$recordedBy.id = a.$lead.id
                    e.category = categories[rng.int(0...(categories.count - 1))];
                    e.kind = EvidenceKind.allCases[rng.int(0...(EvidenceKind.allCases.count - 1))]
                    e.day = today.adding(days: -rng.int(0...180)).iso; e.summary = "Evidence for \(a.reference)";
                    e.version = 1
                    evidence.append(e)
                    let l = try EvidenceAction(evidence: e, actionID: a.id!); l.id = rng.uuid()
                    evidenceLinks.append(l)
                    record("evidence", e.id!, a.$lead.id, "[]")
                }
            }
        }
        org.nextActionNumber = number + 1
        try await flushActions()
        summary.services = services.map { s in
            Manifest.ServiceEntry(
                id: s.id!, name: s.name, manager: managerBy[s.id!]!.id!, lead: staffBy[s.id!]![0].id!,
                route: routeBy[s.id!]!.id!, actions: actionIDs[s.id!, default: []])
        }
        summary.counts["actions"] = counted.actions
        summary.counts["evidence"] = counted.evidence
        summary.counts["reviews"] = counted.reviews
        // Twenty indicators, a value a month per service.
        // The default catalogue and local measures up to twenty (in the chain, like everything else).
        var indicators: [Indicator] = []
        for k in 0..<20 {
            let d = k < IndicatorDefinition.defaults.count ? IndicatorDefinition.defaults[k] : nil
            let i = Indicator(); i.id = rng.uuid(); i.$organisation.id = oid;
            i.name = d?.name ?? "Local measure \(k + 1)"; i.unit = d?.unit ?? "count"
            i.period = .month; i.direction = d?.direction ?? .down; i.target = d?.target
            i.statements = d?.statements.joined(separator: ",") ?? "S1"
            i.statementsFramework = Framework.cqc2023.id; i.version = 1
            indicators.append(i)
            record("indicator", i.id!, nil, "[]")
        }
        try await insert(indicators, on: db)
        summary.indicators = indicators.map { $0.id! }
        summary.indicatorNames = indicators.map(\.name)
        var values: [IndicatorValue] = []
        var valueCount = 0
        var firstMonth: String?
        func flushValues() async throws {
            try await insert(values, on: db)
            valueCount += values.count
            firstMonth = ([firstMonth].compactMap { $0 } + values.map(\.period)).min()
            values.removeAll(keepingCapacity: true)
        }
        let first = Day(year: today.year, month: today.month, day: 1)!
        for (position, svc) in services.enumerated() {
            if position > 0 && position % chunk == 0 { try await flushValues() }
            for ind in indicators {
                var level = Double(rng.int(5...20))
                for m in 0..<scale.months {
                    let months = scale.months - m
                    var y = first.year, mo = first.month - months
                    while mo < 1 { mo += 12; y -= 1 }
                    level = max(0, level + Double(rng.int(-3...3)))
                    let v = IndicatorValue(); v.id = rng.uuid(); v.$indicator.id = ind.id!; v.$service.id = svc.id!
                    v.period = Day(year: y, month: mo, day: 1)!.iso; v.value = level
                    values.append(v)
                }
            }
        }
        try await flushValues()
        summary.firstMonth = firstMonth ?? ""
        try await SeriesWarnings.refreshAll(on: db)
        summary.counts["indicator_values"] = valueCount
        // Meetings held fortnightly, each with two minuted items, a challenge and a decision.
        var meetings: [Meeting] = [], items: [MeetingItem] = [], challenges: [MeetingChallenge] = [],
            decisions: [Decision] = [], attendance: [MeetingAttendance] = []
        for svc in services {
            let route = routeBy[svc.id!]!, manager = managerBy[svc.id!]!
            for k in 0..<scale.meetingsPerService {
                let m = Meeting(); m.id = rng.uuid(); m.$organisation.id = oid; m.$route.id = route.id!
                m.day = today.adding(days: -14 * (scale.meetingsPerService - k)).iso; m.status = .approved;
                m.othersPresent = ""
                m.$approvedBy.id = manager.id; m.approvedAt = Date(timeIntervalSince1970: 1_780_000_000); m.version = 3
                meetings.append(m)
                record("meeting", m.id!, manager.id, "[]")
                let at = MeetingAttendance(); at.id = rng.uuid(); at.$meeting.id = m.id!; at.$user.id = manager.id!;
                at.presence = .present
                attendance.append(at)
                for p in 1...2 {
                    let it = MeetingItem(); it.id = rng.uuid(); it.$meeting.id = m.id!; it.position = p;
                    it.section = Agenda.Section.overdue.rawValue
                    it.title = "Item \(p)"; it.discussion = "Discussed progress."; it.$service.id = svc.id;
                    it.version = 2
                    items.append(it)
                    let c = MeetingChallenge(); c.id = rng.uuid(); c.$item.id = it.id!; c.$challenger.id = ql.id!;
                    c.challenge = "Why late?"; c.answer = "Agency gaps."
                    challenges.append(c)
                    let d = Decision(); d.id = rng.uuid(); d.$organisation.id = oid; d.$meeting.id = m.id!;
                    d.$item.id = it.id!; d.$service.id = svc.id
                    d.$owner.id = manager.id!; d.text = "Re-audit in a fortnight";
                    d.dueDay = today.adding(days: -14 * (scale.meetingsPerService - k) + 14).iso
                    d.status = k < scale.meetingsPerService - 2 ? .done : .open;
                    d.doneNote = d.status == .done ? "Done." : ""; d.version = 1
                    decisions.append(d)
                }
            }
        }
        try await insert(meetings, on: db); try await insert(attendance, on: db); try await insert(items, on: db)
        try await insert(challenges, on: db); try await insert(decisions, on: db)
        summary.counts["meetings"] = meetings.count
        // The rest of the audit trail, chained, and the organisation's head.
        try await flushAudit()
        org.auditSeq = seq
        org.auditHead = head
        try await org.update(on: db)
        summary.counts["audit_entries"] = seq
        // A bulk load recomputes the services' summaries once, as a day-roll would.
        let summarised = try await ServiceSummaries.refresh(organisationID: oid, today: today, all: true, on: db)
        summary.counts["service_summaries"] = summarised
        return summary
    }
}
