import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Thresholds that fire (issue 36): found by the sweep once per occasion, shown as *Escalation due* on the right
/// people's My work with the evidence and a clock, and answered — an escalation raised and linked, taken up
/// internally, or not escalated for a reason a second person approves.
@Suite struct EscalationFiringTests {
    static func sweep(_ app: Application) async throws {
        try await EscalationSweep.all(now: Date(), holidays: .shipped, on: app.db)
    }

    /// A high action of service one with two red assurance reviews in a row (the shipped threshold's count).
    static func twoRedReviews(_ app: Application, _ f: Fixture) async throws -> RecoveryAction {
        let a = try await f.createAction(app)
        let reviews = ReviewService(db: app.db, actor: try f.actor("ql"), today: Day.today(now: Date()))
        for _ in 0..<2 {
            _ = try await reviews.record(
                actionID: a.id!,
                .init(
                    rag: .red, measureValue: 50, commentary: "Charts still missing", decision: "Escalate",
                    controlChange: "Night checks by the nurse in charge", escalation: "To the quality lead"))
        }
        return a
    }

    static func firings(_ app: Application, _ org: UUID) async throws -> [EscalationFiring] {
        try await EscalationFiring.query(on: app.db).filter(\.$organisation.$id == org).all()
    }

    @Test func aThresholdFiresOnceAndShowsOnTheRightPeoplesWork() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await Self.twoRedReviews(app, f)
            _ = try await f.createActionB(app)
            try await Self.sweep(app)
            // Two red reviews in a row, and two reviews with no outcome evidence and no linked indicator.
            let fired = try await Self.firings(app, f.orgA)
            #expect(Set(fired.map(\.trigger)) == [.redReviews, .disconnected])
            let first = try #require(fired.first { $0.trigger == .redReviews })
            #expect(first.subjectID == a.id && first.level == .internal)
            #expect(first.evidence.contains("2 red assurance reviews in a row"))
            // Two working days to act: the deadline is more than a day after the firing.
            #expect(first.deadline > first.firedAt.addingTimeInterval(86_400))
            // Sweeping again (a write touched the service since) records nothing new.
            _ = try await ReviewService(db: app.db, actor: try f.actor("ql"), today: Day.today(now: Date())).record(
                actionID: a.id!, .init(rag: .amber, measureValue: 60, commentary: "Better", decision: ""))
            try await Self.sweep(app)
            #expect(try await Self.firings(app, f.orgA).count == 2)
            #expect(try await Self.firings(app, f.orgB).isEmpty)
            // On My work of the registered manager of the service and the quality lead, with the evidence and clock.
            for who in ["rm", "ql"] {
                let page = try await Browser.signedIn(app, f.users[who]!.email).get("/")
                #expect(page.body.string.contains("Escalation due (2)"), "\(who)")
                #expect(page.body.string.contains("2 red assurance reviews in a row"))
                #expect(page.body.string.contains("left"))
            }
            // Not on the other service's manager's, the staff's, nor the other organisation's.
            for who in ["rm2", "staff", "rmB"] {
                let page = try await Browser.signedIn(app, f.users[who]!.email).get("/")
                #expect(!page.body.string.contains("Escalation due ("), "\(who)")
            }
            // So does the agenda of the service's route, in its own section.
            let meetings = MeetingService(db: app.db, actor: try f.actor("rm"), today: Day.today(now: Date()))
            let meeting = try await meetings.schedule(routeID: f.rid("a"), day: Day.today(now: Date()).adding(days: 1))
            let agenda = try await meetings.liveAgenda(meeting)
            #expect(agenda.filter { $0.section == "escalations_due" }.count == 2)
            #expect(agenda.contains { $0.title.contains("2 red assurance reviews in a row") })
            // The digest carries it too.
            let work = try await MyWorkQuery(db: app.db, actor: try f.actor("rm"), now: Date()).load()
            #expect(MailDigests.content(of: work).sections.first?.title == "Escalation due")
        }
    }

    @Test func raisingTheEscalationFromItLinksAndAnswersIt() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let fired = try await FiringFixture.make(
                app, organisation: f.orgA, service: f.sid("one"), level: .commissioner, key: "raise",
                deadline: Date().addingTimeInterval(-600))
            let rm = try await Browser.signedIn(app, f.users["rm"]!.email)
            let form = try await rm.get("/escalations/new?firing=\(fired.id!)")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("name=\"firing\" value=\"\(fired.id!)\""))
            #expect(form.body.string.contains("2 red assurance reviews in a row"))
            var fields: [(String, String)] = [
                ("service", f.sid("two").uuidString), ("category", "repeated_incidents"),
                ("facts", "Three falls in a week."), ("safeguards", "Hourly checks."),
                ("actions_taken", "Falls assessment."), ("support_needed", "Falls clinic."),
                ("respond_by", Day.today(now: Date()).adding(days: 3).iso), ("raise", "raise"),
                ("firing", fired.id!.uuidString)
            ]
            // About another service than the firing's: 422 naming it, nothing written.
            let ql = try await Browser.signedIn(app, f.users["ql"]!.email)
            let wrong = try await ql.post("/escalations", fields)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("about another service"))
            #expect(try await Escalation.query(on: app.db).count() == 0)
            fields[0] = ("service", f.sid("one").uuidString)
            let raised = try await rm.post("/escalations", fields)
            #expect(raised.status == .seeOther, "\(raised.body.string.prefix(400))")
            let e = try #require(try await Escalation.query(on: app.db).first())
            let answered = try #require(try await EscalationFiring.find(fired.id!, on: app.db))
            #expect(answered.answer == .raised && answered.$escalation.id == e.id)
            // Raised after its time: a late escalation.
            #expect(answered.late)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "escalation_firing").all()
            #expect(audit.map(\.operation) == ["answered"])
            // Answered once: raising another on it is refused.
            let again = try await rm.post("/escalations", fields)
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("already answered"))
        }
    }

    @Test func takingItUpIsForInternalThresholdsWithANoteAtTheCurrentVersion() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let internalOne = try await FiringFixture.make(
                app, organisation: f.orgA, service: f.sid("one"), level: .internal, key: "internal")
            let toCommissioner = try await FiringFixture.make(
                app, organisation: f.orgA, service: f.sid("one"), level: .commissioner, key: "commissioner")
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let note = #"{"note": "Night checks start tonight; I review the charts daily.", "version": 1}"#
            let wrongLevel = try await rm.send(
                .POST, "/api/v1/escalations/fired/\(toCommissioner.id!)/take-up", json: note)
            #expect(wrongLevel.status == .unprocessableEntity)
            #expect(wrongLevel.body.string.contains("note"))
            let short = try await rm.send(
                .POST, "/api/v1/escalations/fired/\(internalOne.id!)/take-up", json: #"{"note": "ok", "version": 1}"#)
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("10 to 2000"))
            let stale = try await rm.send(
                .POST, "/api/v1/escalations/fired/\(internalOne.id!)/take-up",
                json: #"{"note": "Night checks start tonight.", "version": 7}"#)
            #expect(stale.status == .conflict)
            #expect(try await EscalationFiring.find(internalOne.id!, on: app.db)?.answer == nil)
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(
                try await staff.send(.POST, "/api/v1/escalations/fired/\(internalOne.id!)/take-up", json: note).status
                    == .forbidden)
            let rmB = try await APIClient.make(app, for: f.users["rmB"]!)
            #expect(
                try await rmB.send(.POST, "/api/v1/escalations/fired/\(internalOne.id!)/take-up", json: note).status
                    == .notFound)
            let done = try await rm.send(.POST, "/api/v1/escalations/fired/\(internalOne.id!)/take-up", json: note)
            #expect(done.status == .ok, "\(done.body.string)")
            #expect(done.json["answer"] as? String == "taken_up")
            #expect(done.json["clock"] as? String == "answered")
            let twice = try await rm.send(
                .POST, "/api/v1/escalations/fired/\(internalOne.id!)/take-up",
                json: #"{"note": "Night checks start tonight.", "version": 2}"#)
            #expect(twice.status == .conflict)
            // Answered: off the open list, on the full one.
            let open = try await rm.send(.GET, "/api/v1/escalations/fired")
            #expect(
                (open.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [toCommissioner.id!.uuidString]
            )
            let every = try await rm.send(.GET, "/api/v1/escalations/fired?open=false")
            #expect((every.json["items"] as? [[String: Any]])?.count == 2)
            #expect(try await rm.send(.GET, "/api/v1/escalations/fired?open=maybe").status == .badRequest)
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(try await commissioner.send(.GET, "/api/v1/escalations/fired").status == .forbidden)
        }
    }

    @Test func notEscalatingNeedsAReasonAndASecondSeniorPerson() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let fired = try await FiringFixture.make(
                app, organisation: f.orgA, service: f.sid("one"), level: .commissioner, key: "not")
            let rm = try await Browser.signedIn(app, f.users["rm"]!.email)
            let path = "/escalations/fired/\(fired.id!)/not-escalating"
            let bare = try await rm.post(path, [("reason", ""), ("version", "1")])
            #expect(bare.status == .unprocessableEntity)
            #expect(bare.body.string.contains("Say why this is not being escalated."))
            #expect(try await PendingChange.query(on: app.db).count() == 0)
            let reason = "The family raised it with us directly and the GP has reviewed; no harm."
            let held = try await rm.post(path, [("reason", reason), ("version", "1")])
            #expect(held.status == .seeOther)
            let change = try #require(try await PendingChange.query(on: app.db).first())
            #expect(change.operation == .notEscalating && change.approver == .approveNotEscalating)
            // Still open, its clock running, until someone approves.
            #expect(try await EscalationFiring.find(fired.id!, on: app.db)?.answer == nil)
            let page = try await rm.get("/escalations/fired/\(fired.id!)")
            #expect(page.body.string.contains("A decision not to escalate is waiting for approval"))
            // A registered manager may not approve it; nor may the quality lead who proposed one.
            let rmAPI = try await APIClient.make(app, for: f.users["rm"]!)
            let byRM = try await rmAPI.send(
                .POST, "/api/v1/changes/\(change.id!)/approve", json: #"{"version": 1}"#)
            #expect(byRM.status == .forbidden)
            let ql = try await APIClient.make(app, for: f.users["ql"]!)
            let approved = try await ql.send(
                .POST, "/api/v1/changes/\(change.id!)/approve", json: #"{"version": 1}"#)
            #expect(approved.status == .ok, "\(approved.body.string)")
            let answered = try #require(try await EscalationFiring.find(fired.id!, on: app.db))
            #expect(answered.answer == .notEscalating && answered.answerNote == reason)
            #expect(answered.$answeredBy.id == f.id("rm") && !answered.late)
            // The quality lead's own proposal waits for someone else.
            let other = try await FiringFixture.make(
                app, organisation: f.orgA, service: f.sid("one"), level: .internal, key: "not-2")
            let qlHeld = try await ql.send(
                .POST, "/api/v1/escalations/fired/\(other.id!)/not-escalating",
                json: #"{"reason": "Already reviewed at this morning's huddle.", "version": 1}"#)
            #expect(qlHeld.status == .accepted)
            let qlChange = try #require(qlHeld.json["id"] as? String)
            #expect(
                try await ql.send(.POST, "/api/v1/changes/\(qlChange)/approve", json: #"{"version": 1}"#).status
                    == .forbidden)
        }
    }

    @Test func aThresholdLeftPastItsTimeIsLateOnTheHeatMapInDriftAndInThePack() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let now = Date()
            // Fired yesterday, its time up an hour ago, unanswered; another answered in time; one at Beta.
            let left = try await FiringFixture.make(
                app, organisation: f.orgA, service: f.sid("one"), level: .commissioner, key: "left",
                firedAt: now.addingTimeInterval(-86_400), deadline: now.addingTimeInterval(-3600))
            let inTime = try await FiringFixture.make(
                app, organisation: f.orgA, service: f.sid("one"), key: "in-time",
                firedAt: now.addingTimeInterval(-86_400), deadline: now.addingTimeInterval(-3600))
            _ = try await AuditLog.transaction(on: app.db, organisationID: f.orgA, actor: try f.actor("rm").audit) {
                rec in
                try await FiringService.answer(
                    inTime, .internalTakenUp, note: "Reviewed with the shift leads.", by: f.id("rm"), escalation: nil,
                    at: now.addingTimeInterval(-7200), rec: rec)
            }
            _ = try await FiringFixture.make(
                app, organisation: f.orgB, service: f.sid("b"), key: "beta", firedAt: now.addingTimeInterval(-86_400),
                deadline: now.addingTimeInterval(-3600))
            try await Self.sweep(app)
            #expect(try await EscalationFiring.find(left.id!, on: app.db)?.late == true)
            #expect(try await EscalationFiring.find(inTime.id!, on: app.db)?.late == false)
            // Drift and the heat map: one late escalation at One House, none at Two Court.
            let ql = try await Browser.signedIn(app, f.users["ql"]!.email)
            let dashboard = try await ql.get("/dashboard")
            #expect(dashboard.body.string.contains("Late escalations"))
            #expect(
                dashboard.body.string.contains(
                    "1 escalation due in the last 12 weeks answered after the time to act, or not at all."))
            let rows = try await ServiceSignals.summarised(
                try await Service.query(on: app.db).filter(\.$organisation.$id == f.orgA).sort(\.$name).all(),
                actor: try f.actor("ql"), today: Day.today(now: now), on: app.db)
            #expect(rows.map { $0.drift.filter { $0.kind == .lateEscalations }.count } == [1, 0])
            // The commissioner pack: a figure and a line.
            let today = Day.today(now: now)
            let data = try await PackData.load(
                actor: try f.actor("commissioner"), serviceIDs: nil,
                period: ReportPeriod(from: today.adding(days: -30), to: today)!, today: today,
                baseURL: "http://grip.test", on: app.db)
            let pack = PackAssembly.commissioner(data)
            #expect(pack.sections.flatMap(\.figures).first { $0.label == "Late escalations" }?.value == 1)
            let lines = (pack.sections + pack.appendices).flatMap(\.lines).filter { $0.label == "Late escalation" }
            #expect(lines.count == 1)
            #expect(lines.first?.detail.contains("Not answered") == true)
        }
    }
}
