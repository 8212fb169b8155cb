import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Packs: assembly checked against the database without HTTP; the pages, CSV and PDF over HTTP.
@Suite struct ReportTests {
    var today: Day { Day.today(now: Date()) }
    var period: ReportPeriod { ReportPeriod(from: today.adding(days: -90), to: today)! }

    /// The demo provider's data for a pack of every service over `period`, as its quality lead.
    func demoPackData(_ app: Application) async throws -> PackData {
        try await DemoSeeder.seed(app)
        let ql = try Actor(try await User.query(on: app.db).filter(\.$role == .qualityLead).first()!)
        return try await PackData.load(
            actor: ql, serviceIDs: nil, period: period, today: today, baseURL: "http://grip.test", on: app.db)
    }

    /// A pack reads evidence and indicator values as plain rows (issue 35): the same records, fields and order
    /// as reading the models, for a period that leaves some evidence out, and only the services asked for.
    @Test func aPackReadsTheEvidenceAndValuesTheModelsHold() async throws {
        try await withGrip { app in
            try await DemoSeeder.seed(app)
            let ql = try Actor(try await User.query(on: app.db).filter(\.$role == .qualityLead).first()!)
            // The service with evidence on the most days, and a period that leaves some out on both sides.
            let serviceOf = Dictionary(
                try await RecoveryAction.query(on: app.db).all().map { ($0.id!, $0.$service.id) },
                uniquingKeysWith: { a, _ in a })
            let all = try await EvidenceAction.query(on: app.db)
                .join(Evidence.self, on: \EvidenceAction.$evidence.$id == \Evidence.$id).all()
            let byService = Dictionary(grouping: all, by: { serviceOf[$0.$action.id]! })
            func dayCount(_ ls: [EvidenceAction]) -> Int { Set(ls.map(\.$evidence.id)).count }
            let busiest = try #require(byService.max { dayCount($0.value) < dayCount($1.value) })
            let asked = [busiest.key], links = busiest.value
            let days = Set(try links.map { try $0.joined(Evidence.self).day }).sorted()
            try #require(days.count >= 4)
            let short = ReportPeriod(from: Day(iso: days[1])!, to: Day(iso: days[days.count - 2])!)!
            let data = try await PackData.load(
                actor: ql, serviceIDs: asked, period: short, today: today, baseURL: "http://grip.test", on: app.db)
            let inPeriod = try links.filter { l in short.contains(Day(iso: try l.joined(Evidence.self).day)!) }
            #expect(!inPeriod.isEmpty && inPeriod.count < links.count)
            var expected: [UUID: Evidence] = [:]
            for l in inPeriod { expected[l.$evidence.id] = try l.joined(Evidence.self) }
            #expect(Set(data.evidence.map(\.id)) == Set(expected.keys))
            for e in data.evidence {
                let m = try #require(expected[e.id])
                #expect(e.day == m.day && e.category == m.category && e.kind == m.kind && e.summary == m.summary)
                let actions = inPeriod.filter { $0.$evidence.id == e.id }.map(\.$action.id)
                #expect(Set(data.evidenceActions[e.id] ?? []) == Set(actions))
            }
            #expect(
                data.evidence.map { ($0.day, $0.summary) }.elementsEqual(
                    data.evidence.map { ($0.day, $0.summary) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }, by: ==))
            // Each action's latest review by the period's end (the reason an overdue action gives).
            let reviews = try await Review.query(on: app.db).filter(\.$action.$id ~~ data.actions.compactMap(\.id))
                .filter(\.$day <= short.to.iso).sort(\.$day).sort(\.$createdAt).all()
            var latest: [UUID: Review] = [:]
            for r in reviews { latest[r.$action.id] = r }
            #expect(!latest.isEmpty && Set(data.latestReview.keys) == Set(latest.keys))
            for (id, r) in latest {
                let plain = data.latestReview[id]
                #expect(plain?.day == r.day && plain?.rag == r.rag && plain?.commentary == r.commentary)
            }
            // Every series of the service asked for, each value up to the period's end in period order, none of
            // another service: for this period and one that ends months before today.
            let older = ReportPeriod(from: today.adding(days: -300), to: today.adding(days: -120))!
            for (period, data) in [
                (short, data),
                (
                    older,
                    try await PackData.load(
                        actor: ql, serviceIDs: asked, period: older, today: today, baseURL: "http://grip.test",
                        on: app.db)
                )
            ] {
                let values = try await IndicatorValue.query(on: app.db).filter(\.$service.$id == asked[0])
                    .filter(\.$period <= period.to.iso).sort(\.$period).all()
                let keys = Set(values.map { "\($0.$indicator.id)" })
                #expect(!keys.isEmpty && Set(data.series.map { "\($0.indicator.id!)" }) == keys)
                #expect(data.series.allSatisfy { $0.service.id == asked[0] })
                for series in data.series {
                    let mine = values.filter { $0.$indicator.id == series.indicator.id }
                    let n = IndicatorService.completed(series.indicator, periods: mine.map(\.period), today: today)
                    #expect(series.values == mine.prefix(n).map(\.value))
                    #expect(series.periods.map(\.iso) == mine.prefix(n).map(\.period))
                }
            }
        }
    }

    /// A served pack is streamed a piece at a time (issue 35): the same bytes as the page built whole, for each
    /// kind of pack, linked or with its stylesheet inlined.
    @Test func aStreamedPackIsThePageBuiltWhole() async throws {
        try await withGrip { app in
            let data = try await demoPackData(app)
            for pack in [PackAssembly.commissioner(data), PackAssembly.cqc(data), PackAssembly.oversight(data)] {
                #expect(!pack.appendices.isEmpty || pack.kind != "commissioner")
                for standalone in [false, true] {
                    let whole = try await PackRenderer.html(pack, standalone: standalone, views: app.view)
                    let res = try await PackRenderer.response(pack, .html, standalone: standalone, views: app.view)
                    #expect(res.body.string == nil, "streamed, not held")
                    let body = try await res.body.collect(on: app.eventLoopGroup.next()).get()
                    let streamed = body.map { String(buffer: $0) } ?? ""
                    #expect(streamed == whole && whole.contains("<!doctype html>") && whole.hasSuffix("</html>\n"))
                    #expect(!streamed.contains("grip-pack-body"))
                }
            }
        }
    }

    @Test func theDemoPacksHaveEverySectionPopulatedAndTheirFiguresMatchTheRecords() async throws {
        try await withGrip { app in
            let data = try await demoPackData(app)
            for pack in [PackAssembly.commissioner(data), PackAssembly.cqc(data), PackAssembly.oversight(data)] {
                for s in pack.sections + pack.appendices {
                    let filled =
                        !s.lines.isEmpty || !s.charts.isEmpty || !s.subsections.isEmpty || !s.figures.isEmpty
                        || !s.tables.isEmpty
                    #expect(filled, "\(pack.title): \(s.title) is empty")
                }
            }
            let commissioner = PackAssembly.commissioner(data)
            func figure(_ pack: Pack, _ label: String) -> Int? {
                pack.sections.flatMap(\.figures).first { $0.label == label }?.value
            }
            // The figures, reproduced from the database directly.
            let all = try await RecoveryAction.query(on: app.db).all()
            // Completed means sustained by a passed re-audit; closed actions awaiting it are counted apart.
            let closedInPeriod = all.filter { a in
                a.status == .sustained && (a.closedOn.flatMap(Day.init(iso:)).map { period.contains($0) } ?? false)
            }
            let awaiting = all.filter { $0.status == .monitoring && Day(iso: $0.reAuditDueDay ?? "")! >= today }
            let lateReAudit = all.filter { $0.status == .monitoring && Day(iso: $0.reAuditDueDay ?? "")! < today }
            #expect(figure(commissioner, "Closed, awaiting re-audit") == awaiting.count && awaiting.count >= 1)
            #expect(figure(commissioner, "Closed, re-audit overdue") == lateReAudit.count && lateReAudit.count >= 1)
            let overdueNow = all.filter { $0.status.isLive && Day(iso: $0.dueDay)! < today }
            #expect(
                figure(commissioner, "Actions completed (sustained after re-audit)") == closedInPeriod.count
                    && closedInPeriod.count >= 1)
            #expect(figure(commissioner, "Actions overdue") == overdueNow.count && overdueNow.count >= 1)
            #expect(
                figure(commissioner, "Escalations")
                    == (try await Escalation.query(on: app.db).filter(\.$status != .draft).count()))
            let completed = commissioner.sections.first { $0.id == "completed" }!
            #expect(Set(completed.lines.map(\.label)) == Set(closedInPeriod.map(\.reference)))
            #expect(completed.lines.allSatisfy { $0.href?.hasPrefix("http://grip.test/actions/") == true })
            let overdue = commissioner.sections.first { $0.id == "overdue" }!
            #expect(overdue.lines.allSatisfy { $0.detail.contains("due ") && $0.href != nil })
            let moved = try await DueDayChange.query(on: app.db).with(\.$action).all().filter {
                $0.action.status.isLive && Day(iso: $0.action.dueDay)! < today
            }
            for m in moved {
                #expect(overdue.lines.contains { $0.label == m.action.reference && $0.detail.contains(m.reason) })
            }
            // Workforce: a row per series in the body, with its sparkline; the full charts in the appendix.
            let workforce = commissioner.sections.first { $0.id == "workforce" }!
            let rows = try #require(workforce.tables.first?.rows)
            #expect(!rows.isEmpty && rows.allSatisfy { $0[2].svg?.rendered.hasPrefix("<svg") == true })
            #expect(Set(rows.map { $0[0].text }).isSubset(of: Set(PackRules.workforceIndicators)))
            let charts = try #require(commissioner.appendices.first { $0.id == "charts" })
            #expect(charts.title == "Appendix A: Charts")
            let workforceCharts = try #require(charts.subsections.first { $0.id == "charts-workforce" })
            #expect(
                Set(workforceCharts.charts.map { $0.title.components(separatedBy: ",")[0] })
                    .isSubset(of: Set(PackRules.workforceIndicators)))
            #expect(workforceCharts.charts.count == rows.count)
            #expect(
                workforceCharts.charts.allSatisfy {
                    $0.svg.rendered.hasPrefix("<svg") && $0.href.contains("/indicators/")
                })
            // The CQC pack: by key question and statement, challenge from the minutes, thin statements listed.
            let cqc = PackAssembly.cqc(data)
            #expect(cqc.sections.contains { $0.title == "Safe" })
            let lines = cqc.sections.flatMap(\.subsections).flatMap(\.lines)
            #expect(lines.contains { $0.label == "Minutes showing challenge" })
            #expect(lines.contains { $0.label == "Original finding" })
            let thin = cqc.sections.first { $0.id == "thin" }!
            #expect(figure(cqc, "Statements with thin evidence") == thin.lines.count)
            // The CSV appendix has a row per line, chart and figure.
            let csv = commissioner.csv()
            let csvRows = try CSV.parse(csv)
            func entries(_ s: Pack.Section) -> Int {
                s.lines.count + s.figures.count + s.charts.count + s.tables.reduce(0) { $0 + $1.rows.count }
                    + s.subsections.reduce(0) { $0 + entries($1) }
            }
            let expected = (commissioner.sections + commissioner.appendices).reduce(0) { $0 + entries($1) }
            #expect(
                csvRows.count == expected + 1
                    && csvRows[0].fields == ["section", "subsection", "kind", "label", "text", "detail", "link"])
        }
    }

    @Test func packsOverHTTPWithRolesScopeAndBadInput() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            a.dueDay = today.adding(days: -3).iso
            try await a.update(on: app.db)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await rm.get("/reports").status == .ok)
            let html = try await rm.get("/reports/pack?kind=commissioner&from=\(period.from.iso)&to=\(period.to.iso)")
            #expect(html.status == .ok && html.headers.contentType == .html)
            #expect(
                html.body.string.contains("Actions overdue, with reasons")
                    && html.body.string.contains("/actions/\(a.id!.uuidString)"))
            #expect(html.body.string.contains("pack.css") && !html.body.string.contains("<nav"))
            let csv = try await rm.get("/reports/pack?kind=oversight&format=csv")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            #expect(csv.body.string.hasPrefix("section,subsection,kind,label,text,detail,link"))
            // Bad input: each field named; UK dates are understood.
            let bad = try await rm.get("/reports/pack?kind=weekly&from=31/02/2026&to=2026-01-01&format=docx")
            #expect(bad.status == .unprocessableEntity)
            for message in [
                "Choose which pack to build", "Choose HTML, PDF or CSV", "The first day must be a real date"
            ] {
                #expect(bad.body.string.contains(message), "\(message)")
            }
            #expect(try await rm.get("/reports/pack?kind=cqc&from=1/9/2026&to=30/9/2026").status == .ok)
            // Scope: a service that is not theirs is refused; another organisation's too, without saying whose it is.
            let notMine = try await rm.get("/reports/pack?kind=commissioner&services=\(f.sid("two"))")
            #expect(notMine.status == .unprocessableEntity && notMine.body.string.contains("not one of yours"))
            #expect(
                try await rm.get("/reports/pack?kind=commissioner&services=\(f.sid("b"))").status
                    == .unprocessableEntity)
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            let theirs = try await commissioner.get("/reports/pack?kind=commissioner")
            #expect(
                theirs.status == .ok && theirs.body.string.contains("One House")
                    && !theirs.body.string.contains("Two Court"))
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(try await staff.get("/reports/pack?kind=commissioner").status == .forbidden)
            #expect(try await staff.get("/reports").status == .forbidden)
            let anon = try await Browser(app).get("/reports/pack?kind=commissioner")
            #expect(anon.status == .seeOther)
            let other = try await Browser.signedIn(app, "rmb@beta.example")
            let theirPack = try await other.get("/reports/pack?kind=commissioner")
            #expect(theirPack.status == .ok && theirPack.body.string.contains("Beta Home"), "their own service's pack")
            #expect(!theirPack.body.string.contains("One House"))
        }
    }

    @Test func pdfWithChromiumOrAClearMessageWithout() async throws {
        #expect(PackRenderer.chromium(configured: "/nonexistent/chromium") == nil)
        #expect(PackRenderer.chromium(configured: nil, candidates: ["/nonexistent"]) == nil)
        do {
            _ = try await PackRenderer.pdf(html: "<p>x</p>", chromium: nil)
            Issue.record("a PDF without Chromium")
        } catch let e as AppError {
            #expect(e.status == .serviceUnavailable && e.reason.contains("apt-get install chromium"))
        }
        // the PDF itself is checked where Chromium is installed (CI installs it)
        guard PackRenderer.chromium() != nil else { return }
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await f.createAction(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let pdf = try await rm.get("/reports/pack?kind=commissioner&format=pdf")
            #expect(pdf.status == .ok && pdf.headers.contentType?.subType == "pdf")
            #expect(pdf.body.string.hasPrefix("%PDF"))
        }
    }
}

@Suite struct PackQueryBoundsTests {
    @Test func packDataIsAFixedNumberOfQueriesHoweverMuchThereIs() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let period = ReportPeriod(from: today.adding(days: -60), to: today)!
            let ql = try f.actor("ql")
            func measure() async throws -> Int {
                let history = QueryHistory()
                let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: history)!
                let data = try await PackData.load(
                    actor: ql, serviceIDs: nil, period: period, today: today, baseURL: "", on: db)
                _ = (PackAssembly.commissioner(data), PackAssembly.cqc(data), PackAssembly.oversight(data))
                return history.queries.count
            }
            // One of everything, measured; then much more of everything, measured again.
            func addAction(_ n: Int) async throws {
                var i = f.input()
                i.title = "More \(n)"
                i.theme = "Theme \(n % 2)"
                let a = try await f.createAction(app, i)
                a.nextReviewDay = today.iso
                try await a.update(on: app.db)
                _ = try await EvidenceService(db: app.db, actor: try f.actor("rm"), today: today)
                    .record(
                        actionIDs: [a.id!],
                        .init(category: "people", kind: .feedback, day: today, summary: "Feedback \(n)"), files: [])
                _ = try await ReviewService(db: app.db, actor: try f.actor("rm"), today: today)
                    .record(actionID: a.id!, .init(rag: .amber, measureValue: 60, commentary: "x", decision: ""))
            }
            func hold(_ offset: Int) async throws {
                let s = MeetingService(db: app.db, actor: try f.actor("rm"), today: today.adding(days: offset))
                var m = try await s.schedule(routeID: f.rid("a"), day: today.adding(days: offset))
                m = try await s.start(m.id, version: m.version)
                for item in try await MeetingItem.query(on: app.db).filter(\.$meeting.$id == m.id!).all() {
                    _ = try await s.addChallenge(
                        m.id, itemID: item.id, challengerID: f.id("ql"), challenge: "Why?", answer: "Because.")
                    _ = try await s.addDecision(
                        m.id, itemID: item.id, text: "Do it", ownerID: f.id("rm"), dueDay: today.adding(days: 5))
                }
            }
            try await addAction(0)
            try await hold(-20)
            let small = try await measure()
            for n in 1..<6 { try await addAction(n) }
            try await hold(-10)
            try await hold(-5)
            #expect(try await measure() == small)
        }
    }
}
