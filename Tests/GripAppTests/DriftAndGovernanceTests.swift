import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 20: drift signals on the dashboards, the agenda and the oversight report; governance shared
/// with commissioners; an escalation's line of sight and its resolution on a linked indicator.
@Suite struct DriftAndGovernanceTests {
    var today: Day { Day.today(now: Date()) }

    /// A meeting of route `route` in organisation A, stored as it would be after its minutes.
    @discardableResult
    func meeting(
        _ f: Fixture, _ app: Application, route: UUID? = nil, day: Day, status: MeetingStatus,
        items: [(
            title: String, service: UUID?, challenge: String?,
            decision: String?
        )]
    ) async throws -> Meeting {
        let m = Meeting()
        m.$organisation.id = f.orgA
        m.$route.id = route ?? f.rid("a")
        m.day = day.iso
        m.status = status
        m.othersPresent = ""
        m.version = 1
        if status == .approved { m.approvedAt = Date(); m.$approvedBy.id = f.id("rm") }
        try await m.create(on: app.db)
        for (n, i) in items.enumerated() {
            let item = MeetingItem()
            item.$meeting.id = m.id!
            item.position = n
            item.section = "other"
            item.title = i.title
            item.discussion = "Discussed: \(i.title)"
            item.$service.id = i.service
            item.version = 1
            try await item.create(on: app.db)
            if let c = i.challenge {
                let ch = MeetingChallenge()
                ch.$item.id = item.id!
                ch.$challenger.id = f.id("ql")
                ch.challenge = c
                ch.answer = "Answered: \(c)"
                try await ch.create(on: app.db)
            }
            if let d = i.decision {
                let dec = Decision()
                dec.$organisation.id = f.orgA
                dec.$meeting.id = m.id!
                dec.$item.id = item.id!
                dec.$service.id = i.service
                dec.$owner.id = f.id("rm")
                dec.text = d
                dec.dueDay = today.adding(days: 7).iso
                dec.status = .open
                dec.doneNote = ""
                dec.version = 1
                try await dec.create(on: app.db)
            }
        }
        // Written past the door, so do what the door does when minutes are approved: mark the route's services'
        // summaries stale (the dashboards read drift from them).
        if status == .approved {
            try await ServiceSummaries.touch(
                organisationID: f.orgA, services: [], actions: [], routes: [m.$route.id], on: app.db)
        }
        return m
    }

    /// Issue 35: meetings without challenge are read for the services asked about (their routes' latest
    /// meetings), and each service's answer is the one the whole organisation's reading gives it.
    @Test func meetingsWithoutChallengeAreReadForTheServicesAsked() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try AdminService(db: app.db, actor: try f.actor("admin"))
            let c = try await admin.saveRoute(
                nil,
                .init(
                    name: "Two Court huddle", kind: .serviceRecoveryMeeting, cadenceDays: 7,
                    serviceIDs: [f.sid("two")], memberIDs: [f.id("rm2")]), version: nil)
            for k in 1...3 {
                // Route a's latest three minuted no challenge (an older one did); route c's latest challenged.
                try await meeting(
                    f, app, day: today.adding(days: -7 * k), status: .approved,
                    items: [(title: "Medicines", service: f.sid("one"), challenge: nil, decision: nil)])
                try await meeting(
                    f, app, route: c.id, day: today.adding(days: -7 * k), status: .approved,
                    items: [(title: "Rota", service: f.sid("two"), challenge: k == 1 ? "Why?" : nil, decision: nil)])
            }
            try await meeting(
                f, app, day: today.adding(days: -40), status: .approved,
                items: [(title: "Medicines", service: f.sid("one"), challenge: "Evidence?", decision: nil)])
            let everyone = try await DriftQueries.routesWithoutChallenge(
                organisationID: f.orgA, serviceIDs: [f.sid("one"), f.sid("two")], on: app.db)
            #expect(everyone[f.sid("one")] == ["Recovery meeting"] && everyone[f.sid("two")] == ["Recovery meeting"])
            for sid in [f.sid("one"), f.sid("two")] {
                let alone = try await DriftQueries.routesWithoutChallenge(
                    organisationID: f.orgA, serviceIDs: [sid], on: app.db)
                #expect(alone[sid] == everyone[sid])
            }
            // Route c drifts once its challenge is older than its latest three meetings.
            for k in 1...3 {
                try await meeting(
                    f, app, route: c.id, day: today.adding(days: -k), status: .approved,
                    items: [(title: "Rota", service: f.sid("two"), challenge: nil, decision: nil)])
            }
            let two = try await DriftQueries.routesWithoutChallenge(
                organisationID: f.orgA, serviceIDs: [f.sid("two")], on: app.db)
            #expect(two[f.sid("two")] == ["Recovery meeting", "Two Court huddle"])
            let none = try await DriftQueries.routesWithoutChallenge(organisationID: f.orgA, serviceIDs: [], on: app.db)
            #expect(none.isEmpty)
        }
    }

    @Test func driftShowsWithItsReasonOnDashboardsAgendaAndReport() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let rm = try f.actor("rm")
            // A closed action in monitoring with no re-audit day (as before the re-audit duty), and three
            // approved meetings of route a that minuted no challenge.
            let a = try await f.createAction(app)
            a.status = .monitoring
            a.closedOn = today.adding(days: -10).iso
            a.reAuditDueDay = nil
            try await a.update(on: app.db)
            for k in 1...3 {
                try await meeting(
                    f, app, day: today.adding(days: -14 * k), status: .approved,
                    items: [(title: "Medicines", service: f.sid("one"), challenge: nil, decision: nil)])
            }
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            let service = try await web.get("/services/\(f.sid("one"))/dashboard")
            #expect(service.status == .ok)
            let page = service.body.string
            #expect(
                page.contains(
                    "Monitoring without a re-audit day</strong>: 1 closed action in monitoring with no re-audit day."))
            #expect(page.contains("No challenge minuted at the last 3 approved meetings of Recovery meeting."))
            // After closure, split: one awaiting its re-audit (none sustained, overdue or reopened yet).
            #expect(
                page.contains("Awaiting re-audit: <strong>1</strong>") && page.contains("Sustained: <strong>0</strong>")
            )
            let provider = try await web.get("/dashboard")
            #expect(provider.body.string.contains("Meetings without challenge"))
            // Rita manages One House only: her provider view is that one service.
            #expect(
                provider.body.string.contains(
                    "Across the provider: 1 of 1 services show drift — meetings without "
                        + "challenge in 1; monitoring without a re-audit day in 1."))
            // The API carries the same signals.
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let dash = try await api.send(.GET, "/api/v1/dashboard")
            #expect(
                dash.status == .ok && dash.body.string.contains("\"no_reaudit_day\"")
                    && dash.body.string.contains("\"no_challenge\""))
            let one = (dash.json["services"] as? [[String: Any]])?.first {
                ($0["service"] as? [String: Any])?["name"] as? String == "One House"
            }
            #expect((one?["after_closure"] as? [String: Int])?["awaiting_reaudit"] == 1)
            // The next agenda of the route lists them, with the service.
            let m = try await MeetingService(db: app.db, actor: rm, today: today).schedule(
                routeID: f.rid("a"),
                day: today)
            let agenda = try await MeetingService(db: app.db, actor: rm, today: today).liveAgenda(m)
            let drift = agenda.filter { $0.section == Agenda.Section.drift.rawValue }.map(\.title)
            #expect(drift.contains { $0.hasPrefix("One House: monitoring without a re-audit day.") })
            #expect(drift.contains { $0.contains("No challenge minuted") })
            // The oversight report has a drift section.
            let data = try await PackData.load(
                actor: rm, serviceIDs: nil,
                period: ReportPeriod(from: today.adding(days: -60), to: today)!,
                today: today, baseURL: "http://grip.test", on: app.db)
            let report = PackAssembly.oversight(data)
            let section = try #require(report.sections.first { $0.id == "drift" })
            #expect(
                section.lines.contains { $0.label == "Monitoring without a re-audit day" && $0.detail == "One House" })
            // A challenge at the latest approved meeting ends the no-challenge signal.
            try await meeting(
                f, app, day: today.adding(days: -1), status: .approved,
                items: [
                    (
                        title: "Falls", service: f.sid("one"), challenge: "Why are falls up?",
                        decision: nil
                    )
                ])
            #expect(
                !(try await web.get("/services/\(f.sid("one"))/dashboard").body.string.contains("No challenge minuted"))
            )
        }
    }

    @Test func evidencePerMonthIsCountedPerServiceOnce() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app), b = try await f.createAction(app)
            let lead = try f.actor("staff")
            let window = Drift.evidenceWindow(today: today)
            // Six items in each of the three earlier months, one in the latest; one item linked to two actions.
            for (k, first) in window.enumerated() {
                for n in 0..<(k == 3 ? 1 : 6) {
                    _ = try await EvidenceService(db: app.db, actor: lead, today: today).record(
                        actionIDs: n == 0 ? [a.id!, b.id!] : [a.id!],
                        .init(
                            category: "processes", kind: .audit, day: first.adding(days: n),
                            summary: "Audit \(k).\(n)"), files: [])
                }
            }
            let counts = try await DriftQueries.evidenceByMonth(
                serviceIDs: [f.sid("one"), f.sid("two")],
                today: today, on: app.db)
            #expect(counts[f.sid("one")] == [6, 6, 6, 1])
            #expect(counts[f.sid("two")] == [0, 0, 0, 0])
            let page = try await Browser.signedIn(app, "rm@alpha.example").get("/services/\(f.sid("one"))/dashboard")
            let month = window[3]
            #expect(
                page.body.string.contains(
                    "1 item of evidence in \(IndicatorPeriodKind.month.display(month)), against 6 a month"))
        }
    }

    @Test func commissionersSeeApprovedMinutesAboutTheirServicesOnly() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            try await meeting(
                f, app, day: today.adding(days: -7), status: .approved,
                items: [
                    (
                        title: "Falls at One House", service: f.sid("one"), challenge: "Why did falls rise?",
                        decision: "Falls clinic referral"
                    ),
                    (
                        title: "Staffing at Two Court", service: f.sid("two"), challenge: "Agency use at Two Court?",
                        decision: "Two Court rota"
                    ),
                    (title: "Any other business", service: nil, challenge: "Budget question", decision: "Budget paper")
                ])
            try await meeting(
                f, app, day: today.adding(days: -3), status: .held,
                items: [
                    (
                        title: "Draft item at One House", service: f.sid("one"), challenge: "Draft challenge",
                        decision: "Draft decision"
                    )
                ])
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            let page = try await commissioner.get("/governance")
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(body.contains("Why did falls rise?") && body.contains("Answered: Why did falls rise?"))
            #expect(body.contains("Falls clinic referral"))
            for hidden in [
                "Agency use at Two Court?", "Two Court rota", "Budget question", "Budget paper",
                "Draft challenge",
                "Draft decision"
            ] {
                #expect(!body.contains(hidden), "\(hidden) must not be shown to the commissioner")
            }
            // Bad input names the field; another organisation's service is not found.
            let bad = try await commissioner.get("/governance?from=yesterday&to=2026-01-01")
            #expect(bad.status == .badRequest && bad.body.string.contains("The first day must be a real date"))
            #expect(try await commissioner.get("/governance?service=\(f.sid("b"))").status == .notFound)
            #expect(try await commissioner.get("/governance?service=\(f.sid("two"))").status == .notFound)
            // The API says the same.
            let api = try await APIClient.make(app, for: f.users["commissioner"]!)
            let json = try await api.send(.GET, "/api/v1/governance")
            #expect(json.status == .ok && json.body.string.contains("Why did falls rise?"))
            #expect(!json.body.string.contains("Budget question") && !json.body.string.contains("Draft challenge"))
            #expect(try await api.send(.GET, "/api/v1/governance?to=soon").status == .badRequest)
            // The provider's quality lead sees both services' approved items, still no drafts.
            let ql = try await Browser.signedIn(app, "ql@alpha.example").get("/governance").body.string
            #expect(
                ql.contains("Agency use at Two Court?") && !ql.contains("Draft challenge")
                    && !ql.contains("Budget question"))
            // The commissioner pack has the section, from approved minutes only.
            let data = try await PackData.load(
                actor: try f.actor("commissioner"), serviceIDs: nil,
                period: ReportPeriod(from: today.adding(days: -30), to: today)!,
                today: today, baseURL: "http://grip.test", on: app.db)
            let pack = PackAssembly.commissioner(data)
            let section = try #require(pack.appendices.first { $0.id == "governance" })
            #expect(section.title == "Appendix D: Governance: challenge and decisions")
            #expect(section.lines.contains { $0.label == "Challenge" && $0.text == "Quinn Lead: Why did falls rise?" })
            #expect(section.lines.contains { $0.label == "Decision" && $0.text == "Falls clinic referral" })
            #expect(section.lines.count == 2)
        }
    }

    /// Raises an escalation for service one, `raisedDaysAgo` days ago.
    func escalation(_ f: Fixture, _ app: Application, raisedDaysAgo: Int = 120) async throws -> Escalation {
        let e = try await EscalationService(db: app.db, actor: try f.actor("rm"), today: today).create(
            .init(
                serviceID: f.sid("one"), category: .repeatedIncidents, facts: "Three falls in a week for OH-04.",
                safeguards: "Hourly checks.", actionsTaken: "Falls assessment.", supportNeeded: "Falls clinic.",
                respondBy: today.adding(days: 3), jointReviewDay: nil, raiseNow: true))
        e.raisedOn = today.adding(days: -raisedDaysAgo).iso
        try await e.update(on: app.db)
        return e
    }

    @Test func anEscalationLinksWhatItLedToAndResolvesOnAnImprovingIndicator() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let e = try await escalation(f, app)
            let action = try await f.createAction(app)
            let falls = try #require(
                try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                    .filter(\.$name == "Falls").first())
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            try await web.get("/escalations/\(e.id!)")
            // Bad input: nothing chosen, or an action of another service, names the field and links nothing.
            let nothing = try await web.post("/escalations/\(e.id!)/links", [("version", "\(e.version)")])
            #expect(
                nothing.status == .unprocessableEntity
                    && nothing.body.string.contains("Choose an action, a decision or an indicator"))
            let other = try await f.createAction(
                app, by: "ql",
                f.input(
                    service: "two", lead: "staff2",
                    reviewer: "rm2"))
            let wrong = try await web.post(
                "/escalations/\(e.id!)/links",
                [
                    ("version", "\(e.version)"),
                    (
                        "action",
                        other.id!.uuidString
                    )
                ])
            #expect(
                wrong.status == .unprocessableEntity
                    && wrong.body.string.contains("Choose an action of this escalation"))
            #expect(try await count(EscalationLink.self, app) == 0)
            // Linked; a second post with the old version is stale.
            let ok = try await web.post(
                "/escalations/\(e.id!)/links",
                [
                    ("version", "\(e.version)"),
                    (
                        "action",
                        action.id!.uuidString
                    ),
                    ("indicator", falls.id!.uuidString)
                ])
            #expect(ok.status == .seeOther)
            #expect(
                try await web.post(
                    "/escalations/\(e.id!)/links",
                    [
                        ("version", "\(e.version)"),
                        (
                            "action",
                            action.id!.uuidString
                        )
                    ]
                ).status == .conflict)
            // The commissioner reads the line of sight but does not link; another organisation never sees it.
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            let seen = try await commissioner.get("/escalations/\(e.id!)")
            #expect(seen.body.string.contains("Line of sight") && seen.body.string.contains(action.reference))
            #expect(try await commissioner.post("/escalations/\(e.id!)/links", [("version", "2")]).status == .forbidden)
            let beta = try await Browser.signedIn(app, "rmb@beta.example")
            #expect(try await beta.post("/escalations/\(e.id!)/links", [("version", "2")]).status == .notFound)
            // No outcome yet: resolving is refused.
            let refused = try await web.post("/escalations/\(e.id!)/transition", [("to", "resolved"), ("version", "2")])
            #expect(
                refused.status == .unprocessableEntity
                    && refused.body.string.contains("or an improvement on a linked indicator"))
            // Falls fall after it was raised (a run-chart shift): it resolves without further evidence.
            let months = (0..<11).map { Drift.monthStart(today, adding: $0 - 10) }
            let values: [Double] = [9, 9, 9, 9, 9, 8, 3, 2, 3, 2, 3]
            _ = try await IndicatorService(db: app.db, actor: try f.actor("rm")).save(
                zip(months, values).map {
                    IndicatorService.Entry(indicatorID: falls.id!, serviceID: f.sid("one"), period: $0.0, value: $0.1)
                })
            let page = try await web.get("/escalations/\(e.id!)").body.string
            #expect(page.contains("Improved since the escalation was raised"))
            #expect(
                try await web.post(
                    "/escalations/\(e.id!)/transition",
                    [
                        ("to", "resolved"),
                        (
                            "version",
                            "1"
                        )
                    ]
                ).status == .conflict)
            let resolved = try await web.post(
                "/escalations/\(e.id!)/transition",
                [
                    ("to", "resolved"),
                    (
                        "version",
                        "2"
                    )
                ])
            #expect(resolved.status == .seeOther)
            #expect(try await Escalation.find(e.id, on: app.db)?.status == .resolved)
            let after = try await web.get("/escalations/\(e.id!)").body.string
            #expect(after.contains("Resolved on an improvement on a linked indicator since then."))
        }
    }

    @Test func theAPILinksAndReportsTheLineOfSight() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let e = try await escalation(f, app)
            let action = try await f.createAction(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let bad = try await api.json(.POST, "/api/v1/escalations/\(e.id!)/links", ["version": 1])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("action"))
            let ok = try await api.json(
                .POST, "/api/v1/escalations/\(e.id!)/links",
                [
                    "version": 1,
                    "action_id": action.id!.uuidString
                ])
            #expect(ok.status == .ok && ok.body.string.contains(action.id!.uuidString))
            let stale = try await api.json(
                .POST, "/api/v1/escalations/\(e.id!)/links",
                [
                    "version": 1,
                    "action_id": action.id!.uuidString
                ])
            #expect(stale.status == .conflict)
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(
                try await commissioner.json(
                    .POST, "/api/v1/escalations/\(e.id!)/links",
                    ["version": 2]
                ).status == .forbidden)
            let beta = try await APIClient.make(app, for: f.users["rmB"]!)
            #expect(
                try await beta.json(
                    .POST, "/api/v1/escalations/\(e.id!)/links",
                    ["version": 2]
                ).status == .notFound)
            let read = try await commissioner.send(.GET, "/api/v1/escalations/\(e.id!)")
            #expect(read.body.string.contains("\"action_ids\":[\"\(action.id!.uuidString)\"]"))
        }
    }
}
