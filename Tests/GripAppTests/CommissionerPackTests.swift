import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Issue 24: the commissioner pack opens with a one-page summary (the position, what changed since the last pack,
/// what needs the commissioner's decision), flows, and keeps its detail in appendices.
@Suite struct CommissionerPackTests {
    var today: Day { Day.today(now: Date()) }
    var period: ReportPeriod { ReportPeriod(from: today.adding(days: -30), to: today)! }

    func pack(_ app: Application, _ f: Fixture, as who: String = "ql") async throws -> Pack {
        let data = try await PackData.load(
            actor: try f.actor(who), serviceIDs: nil, period: period, today: today,
            baseURL: "http://grip.test", on: app.db)
        return PackAssembly.commissioner(data)
    }

    func summary(_ pack: Pack, _ id: String) throws -> Pack.Section {
        let s = try #require(pack.sections.first)
        #expect(s.id == "summary")
        return try #require(s.subsections.first { $0.id == id })
    }

    @Test func theSummarySaysWhatChangedSinceTheLastPackAndWhatNeedsADecision() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            // Enhanced monitoring from ten days ago, an escalation raised today, and a re-audit failed 40 days ago
            // (in the last pack's period).
            _ = try await OversightService(db: app.db, actor: try f.actor("commissioner"), today: today)
                .setLevel(
                    serviceID: f.sid("one"), level: .enhancedMonitoring, since: today.adding(days: -10),
                    cadenceDays: 14, note: "After the inspection")
            let e = try await EscalationService(db: app.db, actor: try f.actor("rm"), today: today).create(
                .init(
                    serviceID: f.sid("one"), category: .staffing, facts: "Two nights below safe staffing.",
                    safeguards: "Agency cover.", actionsTaken: "Recruitment.", supportNeeded: "Block booking.",
                    respondBy: today.adding(days: 5), jointReviewDay: nil, raiseNow: true))
            let a = try await f.createAction(app)
            let failed = ReAudit()
            failed.$action.id = a.id!
            failed.day = today.adding(days: -40).iso
            failed.passed = false
            failed.finding = "Gaps remain"
            failed.$recordedBy.id = f.id("rm")
            try await failed.create(on: app.db)
            let pack = try await pack(app, f)
            let changes = try summary(pack, "changes")
            #expect(changes.list)
            let oversight = try #require(changes.lines.first { $0.label == "Oversight" })
            #expect(oversight.text == "One House: enhanced monitoring from \(today.adding(days: -10).ukFormat)")
            #expect(oversight.detail == "was routine")
            #expect(changes.lines.contains { $0.label == "Escalations raised" && $0.text == "1, up from 0" })
            #expect(changes.lines.contains { $0.label == "Re-audits failed" && $0.text == "0, down from 1" })
            #expect(changes.lines.contains { $0.label == "Actions opened" && $0.text == "1, up from 0" })
            let asks = try summary(pack, "decisions-needed")
            let escalation = try #require(asks.lines.first { $0.label == e.reference })
            #expect(escalation.detail == "Acknowledge and respond by \(today.adding(days: 5).ukFormat).")
            #expect(escalation.href == "http://grip.test" + Paths.escalation(e.id!))
            let level = try #require(asks.lines.first { $0.label == "Oversight" })
            #expect(level.text == "One House")
            #expect(level.detail.hasPrefix("Confirm enhanced monitoring since"))
            #expect(level.detail.hasSuffix("1 open escalation."))
            // The position: a row per service, with its oversight and the next update asked for.
            let position = try #require(pack.sections.first?.tables.first)
            #expect(position.rows.map { $0[0].text } == ["One House", "Two Court"])
            #expect(position.rows[0][1].text == "Enhanced monitoring")
            #expect(position.rows[0][5].text == "1")
            #expect(position.rows[0][6].text == today.adding(days: 4).ukFormat)
            #expect(position.rows[1][6].text == "None asked")
        }
    }

    @Test func nothingToDecideIsSaidAndEveryChangeIsCompared() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let pack = try await pack(app, f)
            let asks = try summary(pack, "decisions-needed")
            #expect(asks.lines.isEmpty)
            #expect(asks.empty == "Nothing in this pack waits for the commissioner's decision.")
            let changes = try summary(pack, "changes")
            #expect(changes.lines.first?.text == "No level changed in the period.")
            #expect(
                changes.lines.filter { $0.label != "Oversight" }.allSatisfy { $0.text == "0, as in the last pack" })
        }
    }

    @Test func theBodyFlowsAndTheDetailIsInLetteredAppendices() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let pack = try await pack(app, f)
            #expect(
                pack.sections.map(\.id) == [
                    "summary", "overdue", "completed", "after-closure", "safeguarding",
                    "workforce", "escalations", "next"
                ])
            #expect(
                pack.appendices.map(\.title) == [
                    "Appendix A: Charts",
                    "Appendix B: Audit outcomes and recurring themes",
                    "Appendix C: Feedback and what changed",
                    "Appendix D: Governance: challenge and decisions",
                    "Appendix E: Late escalations",
                    "Appendix F: Safety-critical operating models",
                    "Appendix G: Actions cancelled"
                ])
            let html = PackHTML.body(pack).rendered
            let body = try #require(html.range(of: "id=\"next-h\""))
            let appendices = try #require(html.range(of: "<div class=\"appendices\""))
            #expect(body.lowerBound < appendices.lowerBound)
            #expect(
                html.contains("<li><a href=\"#governance\">Appendix D: Governance: challenge and decisions</a></li>"))
            // Only the appendices start a page; the sections flow.
            let css = PackRenderer.css
            #expect(css.contains(".appendices { break-before: page; }"))
            #expect(!css.contains("section.pack-section { break-before: page"))
            // A saved pack carries the rules it shares with the pages (the screen-reader-only text) inlined.
            #expect(css.contains(".visually-hidden {"))
        }
    }

    @Test func theRunningLineCannotEndItsStyleOrItsString() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let org = try #require(try await Organisation.find(f.orgA, on: app.db))
            org.name = "Alpha \"Care\" </style><script>x</script> \\ Group"
            try await org.update(on: app.db)
            let running = try await pack(app, f).runningCSS
            #expect(!running.contains("</style>") && !running.contains("<script>"))
            #expect(running.contains("Alpha \\22 Care\\22  \\3C /style\\3E "))
            #expect(running.contains("\\5C  Group"))
            #expect(running.hasPrefix("@page { @bottom-left { content: \""))
            let page = try await Browser.signedIn(app, "ql@alpha.example")
                .get("/reports/pack?kind=commissioner&from=\(period.from.iso)&to=\(period.to.iso)")
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("</style><script>"))
        }
    }
}
