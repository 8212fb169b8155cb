import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Meetings on the web: scheduling, the agenda, minutes per item, approval and the lock.
@Suite struct MeetingWebTests {
    var today: Day { Day.today(now: Date()) }

    /// An action of route a due for review today (so it is on the agenda).
    func actionDueReview(_ f: Fixture, _ app: Application) async throws -> RecoveryAction {
        let a = try await f.createAction(app)
        a.nextReviewDay = today.iso
        try await a.update(on: app.db)
        return a
    }

    @Test func scheduleStartMinuteApproveThenNothingChangesTheMinutes() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await actionDueReview(f, app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let routePage = try await rm.get("/routes/\(f.rid("a"))")
            #expect(routePage.status == .ok)
            #expect(routePage.body.string.contains("Next meeting due"))
            // Bad input: named, nothing written.
            let bad = try await rm.post("/routes/\(f.rid("a"))/meetings", [("day", "next tuesday")])
            #expect(bad.status == .unprocessableEntity)
            #expect(
                bad.body.string.contains("The meeting&#39;s day must be a real date")
                    || bad.body.string.contains("The meeting's day must be a real date"))
            #expect(try await count(Meeting.self, app) == 0)
            #expect(try await rm.post("/routes/\(f.rid("a"))/meetings", [("day", today.iso)]).status == .seeOther)
            let twice = try await rm.post("/routes/\(f.rid("a"))/meetings", [("day", today.iso)])
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.body.string.contains("already has a meeting"))
            let m = try await Meeting.query(on: app.db).first()!
            let mid = m.id!
            // Before the meeting the agenda is live, built from the data, each item linked.
            let page = try await rm.get("/meetings/\(mid)")
            #expect(page.body.string.contains(a.reference))
            #expect(page.body.string.contains("/actions/\(a.id!.uuidString)"))
            #expect(page.body.string.contains("Extreme and high risk actions due for review"))
            #expect(try await rm.post("/meetings/\(mid)/start", [("version", "1")]).status == .seeOther)
            let items = try await MeetingItem.query(on: app.db).filter(\.$meeting.$id == mid).sort(\.$position).all()
            #expect(items.map(\.section) == ["extreme_high_due_review", Agenda.otherBusiness])
            #expect(items[0].$action.id == a.id)
            let item = items[0]
            let itemPath = "/meetings/\(mid)/items/\(item.id!)"
            #expect(try await rm.get(itemPath).status == .ok)
            #expect(
                try await rm.post(
                    itemPath + "/discussion", [("discussion", "MAR audit shows 4 gaps."), ("version", "1")]
                ).status == .seeOther)
            let stale = try await rm.post(itemPath + "/discussion", [("discussion", "Overwrite"), ("version", "1")])
            #expect(stale.status == .conflict)
            #expect(try await MeetingItem.find(item.id, on: app.db)?.discussion == "MAR audit shows 4 gaps.")
            let noWho = try await rm.post(
                itemPath + "/challenges", [("challenger", ""), ("challenge", ""), ("answer", "")])
            #expect(noWho.status == .unprocessableEntity)
            #expect(noWho.body.string.contains("Choose who made the challenge"))
            #expect(noWho.body.string.contains("Write what was challenged"))
            #expect(try await count(MeetingChallenge.self, app) == 0)
            #expect(
                try await rm.post(
                    itemPath + "/challenges",
                    [
                        ("challenger", f.id("ql").uuidString), ("challenge", "Why nights?"),
                        ("answer", "Agency induction missing.")
                    ]
                ).status == .seeOther)
            let badDecision = try await rm.post(
                itemPath + "/decisions",
                [("decision", "Induct agency nurses"), ("owner", f.id("rm").uuidString), ("due_day", "2026-02-31")])
            #expect(badDecision.status == .unprocessableEntity)
            #expect(badDecision.body.string.contains("The due day must be a real date"))
            #expect(try await count(Decision.self, app) == 0)
            #expect(
                try await rm.post(
                    itemPath + "/decisions",
                    [
                        ("decision", "Induct agency nurses"), ("owner", f.id("rm").uuidString),
                        ("due_day", today.adding(days: 7).iso)
                    ]
                ).status == .seeOther)
            // A follow-up action, created in place from the action's item.
            let noLead = try await rm.post(
                itemPath + "/follow-ups",
                [
                    ("follow_title", "Night medicines induction"), ("follow_lead", ""),
                    ("follow_reviewer", f.id("rm").uuidString), ("follow_due_day", today.adding(days: 20).iso)
                ])
            #expect(noLead.status == .unprocessableEntity)
            #expect(noLead.body.string.contains("Choose who leads the follow-up action"))
            #expect(try await count(RecoveryAction.self, app) == 1)
            #expect(
                try await rm.post(
                    itemPath + "/follow-ups",
                    [
                        ("follow_title", "Night medicines induction"), ("follow_lead", f.id("staff").uuidString),
                        ("follow_reviewer", f.id("rm").uuidString), ("follow_due_day", today.adding(days: 20).iso)
                    ]
                ).status == .seeOther)
            let followUp = try await RecoveryAction.query(on: app.db).filter(\.$title == "Night medicines induction")
                .first()
            #expect(
                followUp?.$service.id == a.$service.id && followUp?.riskBand == a.riskBand
                    && followUp?.$route.id == a.$route.id)
            #expect(try await count(MeetingFollowUp.self, app) == 1)
            let itemPage = try await rm.get(itemPath)
            #expect(
                itemPage.body.string.contains("Why nights?") && itemPage.body.string.contains("Induct agency nurses")
                    && itemPage.body.string.contains("Night medicines induction"))
            // Approval needs attendance.
            var version = try await Meeting.find(mid, on: app.db)!.version
            let noAttendance = try await rm.post("/meetings/\(mid)/approve", [("version", "\(version)")])
            #expect(noAttendance.status == .unprocessableEntity)
            #expect(noAttendance.body.string.contains("Record who attended"))
            let badPresence = try await rm.post(
                "/meetings/\(mid)/attendance", [("version", "\(version)"), ("presence-\(f.id("rm"))", "asleep")])
            #expect(badPresence.status == .unprocessableEntity)
            #expect(try await count(MeetingAttendance.self, app) == 0)
            #expect(
                try await rm.post(
                    "/meetings/\(mid)/attendance",
                    [
                        ("version", "\(version)"), ("presence-\(f.id("rm"))", "present"),
                        ("presence-\(f.id("ql"))", "apologies"), ("others_present", "Cal from the council")
                    ]
                ).status == .seeOther)
            #expect(try await rm.post("/meetings/\(mid)/approve", [("version", "\(version)")]).status == .conflict)
            version = try await Meeting.find(mid, on: app.db)!.version
            #expect(try await rm.post("/meetings/\(mid)/approve", [("version", "\(version)")]).status == .seeOther)
            let approved = try await Meeting.find(mid, on: app.db)!
            #expect(approved.status == .approved && approved.$approvedBy.id == f.id("rm"))

            // Locked: every route that changes minutes is refused, and nothing changes.
            let before = (
                approved.version, try await count(MeetingChallenge.self, app), try await count(Decision.self, app),
                try await count(MeetingFollowUp.self, app), try await count(MeetingAttendance.self, app),
                try await count(MeetingItem.self, app)
            )
            let v = "\(approved.version)"
            let attempts: [(String, [(String, String)])] = [
                ("/meetings/\(mid)/start", [("version", v)]),
                ("/meetings/\(mid)/attendance", [("version", v), ("presence-\(f.id("rm"))", "absent")]),
                (itemPath + "/discussion", [("discussion", "Rewritten history"), ("version", "2")]),
                (
                    itemPath + "/challenges",
                    [("challenger", f.id("ql").uuidString), ("challenge", "Late"), ("answer", "Late")]
                ),
                (
                    itemPath + "/decisions",
                    [("decision", "Late"), ("owner", f.id("rm").uuidString), ("due_day", today.adding(days: 3).iso)]
                ),
                (
                    itemPath + "/follow-ups",
                    [
                        ("follow_title", "Late"), ("follow_lead", f.id("staff").uuidString),
                        ("follow_reviewer", f.id("rm").uuidString),
                        ("follow_due_day", today.adding(days: 3).iso)
                    ]
                ),
                ("/meetings/\(mid)/approve", [("version", v)])
            ]
            for (path, fields) in attempts {
                let res = try await rm.post(path, fields)
                #expect(res.status == .conflict, "\(path) answered \(res.status)")
            }
            let after = try await Meeting.find(mid, on: app.db)!
            #expect(
                (
                    after.version, try await count(MeetingChallenge.self, app), try await count(Decision.self, app),
                    try await count(MeetingFollowUp.self, app), try await count(MeetingAttendance.self, app),
                    try await count(MeetingItem.self, app)
                ) == before)
            #expect(try await MeetingItem.find(item.id, on: app.db)?.discussion == "MAR audit shows 4 gaps.")
            #expect(
                try await MeetingAttendance.query(on: app.db).filter(\.$user.$id == f.id("rm")).first()?.presence
                    == .present)
            // Corrections are addenda, kept in order with author and time.
            #expect(try await rm.post("/meetings/\(mid)/addenda", [("text", " ")]).status == .unprocessableEntity)
            #expect(
                try await rm.post("/meetings/\(mid)/addenda", [("text", "Correction: four gaps, not three.")]).status
                    == .seeOther)
            #expect(try await rm.post("/meetings/\(mid)/addenda", [("text", "Second note.")]).status == .seeOther)
            let addenda = try await MeetingAddendum.query(on: app.db).sort(\.$seq).all()
            #expect(
                addenda.map(\.seq) == [1, 2]
                    && addenda.allSatisfy { $0.$author.id == f.id("rm") && $0.createdAt != nil })
            let shown = try await rm.get("/meetings/\(mid)").body.string
            let first = try #require(shown.range(of: "Correction: four gaps")),
                second = try #require(shown.range(of: "Second note."))
            #expect(first.lowerBound < second.lowerBound)
            #expect(try await AuditLog.verify(on: app.db).allSatisfy { $0.firstBroken == nil })
        }
    }

    @Test func rolesScopeAndTheMeetingsDay() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let m = try await MeetingService(db: app.db, actor: try f.actor("rm"), today: today).schedule(
                routeID: f.rid("a"), day: today.adding(days: 1))
            let mid = m.id!
            // Not signed in: to sign-in.
            let anon = Browser(app)
            let res = try await anon.get("/meetings/\(mid)")
            #expect(res.status == .seeOther && res.headers.first(name: .location)?.hasPrefix("/sign-in") == true)
            // Staff read but do not minute.
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(try await staff.get("/meetings/\(mid)").status == .ok)
            #expect(try await staff.post("/meetings/\(mid)/start", [("version", "1")]).status == .forbidden)
            #expect(
                try await staff.post("/routes/\(f.rid("a"))/meetings", [("day", today.adding(days: 3).iso)]).status
                    == .forbidden)
            // Commissioners do not see the provider's meetings.
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            #expect(try await commissioner.get("/meetings").status == .forbidden)
            #expect(try await commissioner.get("/decisions").status == .forbidden)
            // Another organisation: 404, never a leak.
            let other = try await Browser.signedIn(app, "rmb@beta.example")
            #expect(try await other.get("/meetings/\(mid)").status == .notFound)
            #expect(try await other.get("/routes/\(f.rid("a"))").status == .notFound)
            #expect(try await other.post("/meetings/\(mid)/start", [("version", "1")]).status == .notFound)
            let theirs = try await other.get("/meetings")
            #expect(theirs.status == .ok && theirs.body.string.contains("Beta meeting"), "their own route is listed")
            #expect(!theirs.body.string.contains("Recovery meeting"))
            // Minutes are taken from the meeting's day.
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            try await rm.get("/meetings/\(mid)")
            let early = try await rm.post("/meetings/\(mid)/start", [("version", "1")])
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("minutes can be taken from that day"))
            #expect(try await Meeting.find(mid, on: app.db)?.status == .scheduled)
            #expect(try await count(MeetingItem.self, app) == 0)
        }
    }

    /// A closed action stays on its route's agenda for two held meetings *and* until it is re-audited:
    /// however long ago it closed and however many meetings were held, only a passed re-audit takes it off.
    @Test func monitoringStaysOnTheAgendaUntilReAudited() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let rm = try f.actor("rm")
            // Closed long ago: by cadence (two fortnights) it would have left; with meetings recorded, meetings count.
            let a = try await f.createAction(app)
            a.status = .monitoring
            a.closedOn = today.adding(days: -100).iso
            try await a.update(on: app.db)
            func hold(_ offset: Int) async throws {
                let s = MeetingService(db: app.db, actor: rm, today: today.adding(days: offset))
                let m = try await s.schedule(routeID: f.rid("a"), day: today.adding(days: offset))
                _ = try await s.start(m.id, version: m.version)
            }
            func onAgenda() async throws -> Bool {
                let s = MeetingService(db: app.db, actor: rm, today: today)
                let next = try await Meeting.query(on: app.db).filter(\.$day == today.iso).first()
                var m = next
                if m == nil { m = try await s.schedule(routeID: f.rid("a"), day: today) }
                guard let m else { return false }
                return try await s.liveAgenda(m).contains {
                    $0.actionID == a.id && $0.section == Agenda.Section.monitoring.rawValue
                }
            }
            #expect(try await onAgenda())  // no meetings recorded, two cadences passed: not re-audited, so it stays
            try await hold(-30)
            #expect(try await onAgenda())  // one meeting held since closure
            let held = try await MeetingService.heldSinceClosure([a], before: today.adding(days: 1), on: app.db)
            #expect(held[a.id!] == 1)
            let home = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await home.get("/").body.string.contains(a.reference))
            try await hold(-15)
            #expect(try await onAgenda())  // two held: still there, as it has not been re-audited
            let sample = try await f.reAuditEvidence(app, a.id!)
            _ = try await ReviewService(db: app.db, actor: rm, today: today)
                .reAudit(
                    actionID: a.id!, passed: true, finding: "All charts complete", sample: "14 charts",
                    method: "Audit", evidenceID: sample, day: nil)
            #expect(try await !onAgenda())  // sustained: it leaves the agenda
        }
    }

    @Test func oversightRoutesTakeEveryActionOfTheirServices() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try AdminService(db: app.db, actor: try f.actor("admin"))
            let board = try await admin.saveRoute(
                nil,
                .init(
                    name: "Board", kind: .board, cadenceDays: 28, serviceIDs: [f.sid("one")], memberIDs: [f.id("ni")]),
                version: nil)
            let late = try await f.createAction(app)  // routed to route a
            late.dueDay = today.adding(days: -2).iso  // and overdue
            try await late.update(on: app.db)
            let s = MeetingService(db: app.db, actor: try f.actor("ni"), today: today)
            let m = try await s.schedule(routeID: board.id, day: today)
            let agenda = try await s.liveAgenda(m)
            #expect(agenda.contains { $0.actionID == late.id && $0.section == Agenda.Section.overdue.rawValue })
        }
    }
}

@Suite struct DecisionLogWebTests {
    var today: Day { Day.today(now: Date()) }

    func meetingWithDecisions(_ f: Fixture, _ app: Application) async throws -> (Meeting, [Decision]) {
        let a = try await f.createAction(app)
        a.nextReviewDay = today.iso
        try await a.update(on: app.db)
        let s = MeetingService(db: app.db, actor: try f.actor("rm"), today: today)
        var m = try await s.schedule(routeID: f.rid("a"), day: today)
        m = try await s.start(m.id, version: m.version)
        let item = try await MeetingItem.query(on: app.db).filter(\.$meeting.$id == m.id!).sort(\.$position).first()!
        let d1 = try await s.addDecision(
            m.id, itemID: item.id, text: "Audit every MAR chart weekly", ownerID: f.id("staff"),
            dueDay: today.adding(days: 7))
        let d2 = try await s.addDecision(
            m.id, itemID: item.id, text: "Book falls training", ownerID: f.id("rm"), dueDay: today.adding(days: 14))
        return (m, [d1, d2])
    }

    @Test func searchByTextServiceOwnerAndStatus() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let (_, ds) = try await meetingWithDecisions(f, app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let byText = try await rm.get("/decisions?q=mar%20CHART").body.string
            #expect(byText.contains("Audit every MAR chart weekly") && !byText.contains("Book falls training"))
            let byOwner = try await rm.get("/decisions?owner=\(f.id("rm"))").body.string
            #expect(byOwner.contains("Book falls training") && !byOwner.contains("Audit every MAR chart"))
            #expect(ds[0].$service.id == f.sid("one"))
            let byServiceRes = try await rm.get("/decisions?service=\(f.sid("two"))")
            #expect(byServiceRes.status == .ok)
            let byService = byServiceRes.body.string
            #expect(byService.contains("Decision log") && !byService.contains("Book falls training"))
            #expect(try await rm.get("/decisions?status=finished").status == .badRequest)
            #expect(try await rm.get("/decisions?owner=someone").status == .badRequest)
            // The owner marks it done, saying what was done; others may not; a stale version is refused.
            let staff2 = try await Browser.signedIn(app, "staff2@alpha.example")
            #expect(
                try await staff2.post("/decisions/\(ds[0].id!)/done", [("note", "Done"), ("version", "1")]).status
                    == .forbidden)
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            try await staff.get("/decisions")
            let noNote = try await staff.post("/decisions/\(ds[0].id!)/done", [("note", ""), ("version", "1")])
            #expect(noNote.status == .unprocessableEntity)
            #expect(noNote.body.string.contains("Say what was done"))
            #expect(
                try await staff.post(
                    "/decisions/\(ds[0].id!)/done", [("note", "Weekly audit running"), ("version", "9")]
                ).status == .conflict)
            #expect(try await Decision.find(ds[0].id, on: app.db)?.status == .open)
            #expect(
                try await staff.post(
                    "/decisions/\(ds[0].id!)/done", [("note", "Weekly audit running"), ("version", "1")]
                ).status == .seeOther)
            #expect(try await Decision.find(ds[0].id, on: app.db)?.status == .done)
            let open = try await rm.get("/decisions?status=open").body.string
            #expect(open.contains("Book falls training") && !open.contains("Audit every MAR chart weekly"))
            let other = try await Browser.signedIn(app, "rmb@beta.example")
            let theirDecisions = try await other.get("/decisions")
            #expect(theirDecisions.status == .ok && theirDecisions.body.string.contains("Decision log"))
            #expect(!theirDecisions.body.string.contains("Book falls training"))
            #expect(
                try await other.post("/decisions/\(ds[1].id!)/done", [("note", "x"), ("version", "1")]).status
                    == .notFound)
        }
    }
}

@Suite struct MeetingQueryBoundsTests {
    @Test func agendaAndMinutesAreABoundedNumberOfQueries() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let rm = try f.actor("rm")
            func measure() async throws -> (Int, Int) {
                let s = MeetingService(db: app.db, actor: rm, today: today)
                let day = today.adding(days: -(try await count(Meeting.self, app)))
                var m = try await s.schedule(routeID: f.rid("a"), day: day)
                let h1 = QueryHistory()
                let db1 = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: h1)!
                _ = try await MeetingService(db: db1, actor: rm, today: today).liveAgenda(m)
                m = try await MeetingService(db: app.db, actor: rm, today: day).start(m.id, version: m.version)
                for item in try await MeetingItem.query(on: app.db).filter(\.$meeting.$id == m.id!).all() {
                    _ = try await s.addChallenge(
                        m.id, itemID: item.id, challengerID: f.id("ql"), challenge: "Why?", answer: "Because.")
                    _ = try await s.addDecision(
                        m.id, itemID: item.id, text: "Do it", ownerID: f.id("rm"), dueDay: today.adding(days: 3))
                }
                let h2 = QueryHistory()
                let db2 = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: h2)!
                let minutes = try await MeetingMinutes.load(m, on: db2)
                #expect(
                    minutes.items.allSatisfy {
                        minutes.challenges[$0.id!]?.count == 1 && minutes.decisions[$0.id!]?.count == 1
                    })
                return (h1.queries.count, h2.queries.count)
            }
            let a = try await f.createAction(app)
            a.nextReviewDay = today.adding(days: -40).iso
            try await a.update(on: app.db)
            let small = try await measure()
            for n in 0..<6 {
                var i = f.input()
                i.title = "More \(n)"
                let b = try await f.createAction(app, i)
                b.nextReviewDay = today.adding(days: -40).iso
                try await b.update(on: app.db)
            }
            let large = try await measure()
            // One action, then seven: each with other business, and a drift signal (the reviews are late).
            #expect(try await MeetingItem.query(on: app.db).filter(\.$section != "drift").count() == 2 + 8)
            #expect(try await MeetingItem.query(on: app.db).filter(\.$section == "drift").count() == 2)
            #expect(small == large)
        }
    }
}
