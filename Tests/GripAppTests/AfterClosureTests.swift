import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// After closure: the re-audit is a dated duty, and a sustained action is still watched.
@Suite struct AfterClosureTests {
    var today: Day { Day.today(now: Date()) }

    /// Saves one value a month for service one's indicator, the last this month, as its registered manager.
    func saveMonthly(_ values: [Double], _ indicator: Indicator, _ f: Fixture, _ app: Application) async throws {
        let entries = values.enumerated().map { k, v in
            IndicatorService.Entry(
                indicatorID: indicator.id!, serviceID: f.sid("one"), period: monthStart(values.count - 1 - k),
                value: v)
        }
        _ = try await IndicatorService(db: app.db, actor: try f.actor("rm")).save(entries)
    }

    @Test func closingSetsTheReAuditDayAndARecordedReAuditSustains() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app, f.input(factors: (2, 2, 3, 2, 2)))  // moderate: 56 days
            let rm = try f.actor("rm"), lead = try f.actor("staff")
            for c in ["processes", "staff"] {
                _ = try await EvidenceService(db: app.db, actor: lead, today: today)
                    .record(actionIDs: [a.id!], .init(category: c, kind: .audit, day: today, summary: c), files: [])
            }
            _ = try await ReviewService(db: app.db, actor: rm, today: today)
                .record(actionID: a.id!, .init(rag: .green, measureValue: 100, commentary: "At target", decision: ""))
            let closed = try await ReviewService(db: app.db, actor: rm, today: today).close(
                actionID: a.id!, override: nil)
            #expect(
                closed.reAuditDueDay == today.adding(days: 56).iso && closed.reAuditPolicyVersion == "reaudit-policy-v1"
            )
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            let page = try await web.get("/actions/\(a.id!)?tab=closure")
            #expect(
                page.status == .ok
                    && page.body.string.contains(
                        "the re-audit is due by <strong>\(today.adding(days: 56).ukFormat)</strong>")
            )
            // Not yet completed: the commissioner pack counts it as awaiting its re-audit.
            let data = try await PackData.load(
                actor: rm, serviceIDs: nil, period: ReportPeriod(from: today.adding(days: -30), to: today)!,
                today: today, baseURL: "http://grip.test", on: app.db)
            let pack = PackAssembly.commissioner(data)
            func figure(_ label: String) -> Int? { pack.sections.flatMap(\.figures).first { $0.label == label }?.value }
            #expect(
                figure("Actions completed (sustained after re-audit)") == 0 && figure("Closed, awaiting re-audit") == 1)
            // The form names what is missing, and writes nothing; then a full re-audit sustains it.
            let bare = try await web.post("/actions/\(a.id!)/reaudits", [("passed", "pass"), ("finding", "All fine")])
            #expect(bare.status == .unprocessableEntity && bare.body.string.contains("Say what was sampled"))
            #expect(try await count(ReAudit.self, app) == 0)
            // Too soon, and resting on no evidence: refused, naming the earliest day and the evidence.
            let early = try await web.post(
                "/actions/\(a.id!)/reaudits",
                [
                    ("passed", "pass"), ("finding", "All fine"), ("sample", "10 care records"),
                    ("method", "Record audit")
                ])
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("The earliest re-audit of a moderate-risk action"))
            #expect(early.body.string.contains("Choose the evidence the re-audit rests on"))
            #expect(try await count(ReAudit.self, app) == 0)
            // Four weeks on (moderate: half of 56 days), on evidence after closure.
            try await f.closedAgo(app, a.id!, days: 30)
            let sample = try await f.reAuditEvidence(app, a.id!, day: today.adding(days: -1))
            try await web.get("/actions/\(a.id!)?tab=closure")
            let done = try await web.post(
                "/actions/\(a.id!)/reaudits",
                [
                    ("passed", "pass"), ("finding", "All fine"), ("sample", "10 care records"),
                    ("method", "Record audit"),
                    ("evidence", sample.uuidString)
                ])
            #expect(done.status == .seeOther)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .sustained)
            let after = PackAssembly.commissioner(
                try await PackData.load(
                    actor: rm, serviceIDs: nil,
                    period: ReportPeriod(from: today.adding(days: -30), to: today)!,
                    today: today, baseURL: "http://grip.test", on: app.db))
            #expect(
                after.sections.flatMap(\.figures).first { $0.label == "Actions completed (sustained after re-audit)" }?
                    .value == 1)
        }
    }

    /// A sustained action whose outcome indicator shows a new special-cause concern comes back onto
    /// its route's agenda; without the concern it does not.
    @Test func aSustainedActionWithANewConcernReturnsToTheAgenda() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let falls = try #require(
                try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                    .filter(\.$name == "Falls").first())
            let a = try await f.createAction(app)
            a.status = .sustained
            a.closedOn = monthStart(2).iso
            a.$indicator.id = falls.id
            try await a.update(on: app.db)
            let rm = try f.actor("rm")
            let meetings = MeetingService(db: app.db, actor: rm, today: today)
            let meeting = try await meetings.schedule(routeID: f.rid("a"), day: today)
            func section() async throws -> String? {
                let agenda = try await meetings.liveAgenda(meeting)
                return agenda.first { $0.actionID == a.id }?.section
            }
            #expect(try await section() == nil, "sustained and quiet: off the agenda")
            let steady: [Double] = [3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4]
            func save(_ values: [Double]) async throws { try await saveMonthly(values, falls, f, app) }
            try await save(steady + [3])
            #expect(try await section() == nil)
            try await save(steady + [20])  // this month: falls well above the limits
            #expect(try await section() == Agenda.Section.sustainedConcerns.rawValue)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .sustained, "watched, not reopened")
        }
    }

    /// The route's policy can go further: a new concern on a sustained action's outcome indicator reopens it,
    /// through the lifecycle, with the reason audited; an admin sets the policy on the route form.
    @Test func aRouteThatSaysSoReopensASustainedActionOnANewConcern() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let falls = try #require(
                try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                    .filter(\.$name == "Falls").first())
            let a = try await f.createAction(app)
            a.status = .sustained
            a.closedOn = monthStart(2).iso
            a.$indicator.id = falls.id
            try await a.update(on: app.db)
            // The admin turns the policy on for route a (the form keeps everything else).
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            try await admin.get("/admin/routes/\(f.rid("a"))")
            let route = try #require(try await ReviewRoute.find(f.rid("a"), on: app.db))
            let saved = try await admin.post(
                "/admin/routes/\(f.rid("a"))",
                [
                    ("name", route.name), ("kind", route.kind.rawValue), ("cadence_days", "\(route.cadenceDays)"),
                    ("services[]", f.sid("one").uuidString), ("services[]", f.sid("two").uuidString),
                    ("members[]", f.id("rm").uuidString), ("reopen_on_concern", "yes"), ("version", "\(route.version)")
                ])
            #expect(saved.status == .seeOther)
            #expect(try await ReviewRoute.find(f.rid("a"), on: app.db)?.reopenOnConcern == true)
            let steady: [Double] = [3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4]
            func save(_ values: [Double]) async throws { try await saveMonthly(values, falls, f, app) }
            try await save(steady + [3])
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .sustained, "quiet: still sustained")
            try await save(steady + [20])
            let reopened = try #require(try await RecoveryAction.find(a.id!, on: app.db))
            #expect(reopened.status == .reopened)
            #expect(reopened.statusReason?.contains("after it was sustained (the route's policy)") == true)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$operation == "reopened_by_signal").all()
            #expect(audit.count == 1)
        }
    }
}
