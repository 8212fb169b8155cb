import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct IndicatorWebTests {
    func month(_ back: Int) -> String {
        let t = Day.today(now: Date())
        var y = t.year, m = t.month - back
        while m < 1 { m += 12; y -= 1 }
        return String(format: "%04d-%02d", y, m)
    }

    @Test func importIsAllOrNothingWithARowAndColumnReport() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            try await rm.get("/indicators")
            let bad =
                """
                service,indicator,period,value\nOne House,Falls,\(month(1)),3\nTwo Court,Falls,\(month(1)),2\nOne \
                House,Fallz,2026-13,x\nOne House,Falls,\(month(1)),4\n
                """
            let res = try await rm.postMultipart("/indicators/import", [("csv", bad)], file: nil)
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("Nothing was imported"))
            #expect(
                html.contains("No service called &#39;Two Court&#39; that you can see.")
                    || html.contains("No service called 'Two Court'"))
            #expect(html.contains("No indicator called"))
            #expect(html.contains("not a number"))
            #expect(html.contains("already on row 2"))
            #expect(try await count(IndicatorValue.self, app) == 0)
            let good = "service,indicator,period,value\nOne House,Falls,\(month(2)),3\nOne House,falls,\(month(1)),5\n"
            #expect(
                try await rm.postMultipart("/indicators/import", [], file: ("values.csv", Array(good.utf8))).status
                    == .seeOther)
            #expect(try await count(IndicatorValue.self, app) == 2)
            // The same period again updates it.
            let again = "service,indicator,period,value\nOne House,Falls,\(month(1)),6\n"
            #expect(try await rm.postMultipart("/indicators/import", [("csv", again)], file: nil).status == .seeOther)
            #expect(try await count(IndicatorValue.self, app) == 2)
            #expect(
                try await IndicatorValue.query(on: app.db).filter(\.$period == month(1) + "-01").first()?.value == 6)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$operation == "values_recorded").count() == 2)
        }
    }

    @Test func chartsRenderWithATextAlternative() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let falls = try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA).filter(
                \.$name == "Falls"
            ).first()!
            let entries = (0..<14).map { k in
                IndicatorService.Entry(
                    indicatorID: falls.id!, serviceID: f.sid("one"),
                    period: IndicatorPeriodKind.month.parse(month(14 - k))!,
                    value: k == 13 ? 30 : Double(k % 2 == 0 ? 10 : 12))
            }
            _ = try await IndicatorService(db: app.db, actor: try f.actor("rm")).save(entries)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let page = try await rm.get(Paths.series(falls.id!, f.sid("one")))
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("<svg class=\"chart\" role=\"img\""))
            #expect(html.contains("<title id=\"chart-t\">Falls at One House: XmR chart</title>"))
            #expect(html.contains("Special cause: concern"))
            #expect(html.contains("Raise an action from this early warning"))
            // Raising the action fills in the service, indicator and signal.
            let form = try await rm.get("/actions/new?service=\(f.sid("one"))&indicator=\(falls.id!)")
            #expect(form.body.string.contains("Special-cause concern in Falls at One House: 30 falls"))
            for p in [
                "/indicators", Paths.indicator(falls.id!), "/dashboard", Paths.serviceDashboard(f.sid("one")), "/map",
                "/map?band=high"
            ] {
                #expect(try await rm.get(p).status == .ok, "\(p)")
            }
            let dash = try await rm.get(Paths.serviceDashboard(f.sid("one")))
            #expect(dash.body.string.contains("special-cause concern"))
        }
    }

    @Test func valuesFormAndSettingsValidate() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let falls = try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA).filter(
                \.$name == "Falls"
            ).first()!
            let path = Paths.series(falls.id!, f.sid("one"))
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            try await rm.get(path)
            let bad = try await rm.post(path + "/values", [("period", "last month"), ("value", "many")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("a month such as 2026-03"))
            #expect(try await rm.post(path + "/values", [("period", month(1)), ("value", "4")]).status == .seeOther)
            #expect(try await count(IndicatorValue.self, app) == 1)
            let short = try await rm.post(
                path + "/settings", [("baseline_points", "6"), ("rebases", ""), ("version", "0")])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("at least 12"))
            // A change to the limits needs its reason (issue 33): refused without one, nothing written.
            let noReason = try await rm.post(
                path + "/settings",
                [
                    ("baseline_points", "12"), ("rebases", month(1)),
                    ("version", "0")
                ])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Give the reason"))
            #expect(try await count(SeriesSetting.self, app) == 0)
            let why = ("reason", "Recovery started: a new staffing model.")
            #expect(
                try await rm.post(
                    path + "/settings",
                    [
                        ("baseline_points", "12"), ("rebases", month(1)), ("version", "0"), why
                    ]
                ).status == .seeOther)
            #expect(try await rm.get(path).body.string.contains("Recovery started: a new staffing model."))
            #expect(
                try await rm.post(
                    path + "/settings",
                    [
                        ("baseline_points", "12"), ("rebases", ""), ("version", "0"),
                        why
                    ]
                ).status == .conflict)
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            try await staff.get(path)
            #expect(try await staff.post(path + "/values", [("period", month(2)), ("value", "4")]).status == .forbidden)
            let rm2 = try await Browser.signedIn(app, "rm2@alpha.example")
            #expect(try await rm2.get(path).status == .notFound)
            let other = try await Browser.signedIn(app, "admin@beta.example")
            #expect(try await other.get(path).status == .notFound)
            #expect(try await count(IndicatorValue.self, app) == 1)
        }
    }

    @Test func onlyOrganisationRolesChangeTheCatalogue() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            try await rm.get("/indicators")
            #expect(
                try await rm.post(
                    "/indicators",
                    [("name", "Weight loss"), ("unit", "people"), ("period", "month"), ("direction", "down")]
                ).status == .forbidden)
            let ql = try await Browser.signedIn(app, "ql@alpha.example")
            try await ql.get("/indicators")
            let dup = try await ql.post(
                "/indicators", [("name", "Falls"), ("unit", "falls"), ("period", "month"), ("direction", "sideways")])
            #expect(dup.status == .unprocessableEntity)
            #expect(dup.body.string.contains("already an indicator called Falls"))
            #expect(
                try await ql.post(
                    "/indicators",
                    [
                        ("name", "Weight loss"), ("unit", "people"), ("period", "month"), ("direction", "down"),
                        ("statements", "e4")
                    ]
                ).status == .seeOther)
            #expect(
                try await Indicator.query(on: app.db).filter(\.$name == "Weight loss").first()?.statementIDs == ["E4"])
            // warn_on is for neutral indicators only, and must be rise or fall.
            let wrongKind = try await ql.post(
                "/indicators",
                [
                    ("name", "Bed days"), ("unit", "days"), ("period", "month"),
                    ("direction", "down"), ("warn_on", "rise")
                ])
            #expect(
                wrongKind.status == .unprocessableEntity && wrongKind.body.string.contains("Only a neutral indicator"))
            let unknown = try await ql.post(
                "/indicators",
                [
                    ("name", "Bed days"), ("unit", "days"), ("period", "month"),
                    ("direction", "neutral"), ("warn_on", "sideways")
                ])
            #expect(
                unknown.status == .unprocessableEntity && unknown.body.string.contains("Choose rise, fall or neither"))
            #expect(try await Indicator.query(on: app.db).filter(\.$name == "Bed days").count() == 0)
            #expect(
                try await ql.post(
                    "/indicators",
                    [
                        ("name", "Bed days"), ("unit", "days"), ("period", "month"),
                        ("direction", "neutral"), ("warn_on", "fall")
                    ]
                ).status == .seeOther)
            #expect(try await Indicator.query(on: app.db).filter(\.$name == "Bed days").first()?.warnOn == .fall)
        }
    }

    /// The default "Safeguarding concerns" is neutral but warns on a rise: a month well above its
    /// limits is an early warning on the dashboard's figures; a month well below is not.
    @Test func safeguardingConcernsWarnOnARise() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let indicator = try #require(
                try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                    .filter(\.$name == "Safeguarding concerns").first())
            #expect(indicator.direction == .neutral && indicator.warnOn == .rise)
            let api = try await APIClient.make(app, for: f.users["ql"]!)
            func upload(_ values: [Double]) async throws {
                let items = values.enumerated().map { k, v -> [String: Any] in
                    [
                        "service_id": f.sid("one").uuidString, "indicator_id": indicator.id!.uuidString,
                        "period": String(format: "2025-%02d", k + 1 > 12 ? k - 11 : k + 1).replacingOccurrences(
                            of: "2025", with: k >= 12 ? "2026" : "2025"),
                        "value": v
                    ]
                }
                #expect(try await api.json(.POST, "/api/v1/indicators/values", ["values": items]).status == .ok)
            }
            func warned() async throws -> Bool {
                let dashboard = try await api.send(.GET, "/api/v1/dashboard")
                let one = (dashboard.json["services"] as? [[String: Any]])?.first {
                    ($0["service"] as? [String: Any])?["name"] as? String == "One House"
                }
                return ((one?["early_warnings"] as? [[String: Any]]) ?? []).contains {
                    $0["indicator"] as? String == "Safeguarding concerns"
                }
            }
            let steady: [Double] = [3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4]
            try await upload(steady + [0])
            #expect(try await warned() == false, "a fall in concerns is not a warning")
            try await upload(steady + [15])
            #expect(try await warned() == true, "a rise in concerns is")
        }
    }
}

@Suite struct IndicatorAPITests {
    @Test func bulkValuesSeriesDashboardAndMap() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let list = try await api.send(.GET, "/api/v1/indicators?per=5")
            #expect((list.json["metadata"] as? [String: Any])?["total"] as? Int == IndicatorDefinition.defaults.count)
            let falls = try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA).filter(
                \.$name == "Falls"
            ).first()!
            var values: [[String: Any]] = (1...13).map { m in
                [
                    "service_id": f.sid("one").uuidString, "indicator_id": falls.id!.uuidString,
                    "period": String(format: "2025-%02d", min(m, 12)) + (m == 13 ? "-15" : ""),
                    "value": m % 2 == 0 ? 12 : 10
                ]
            }
            // Row 13 repeats December: refused with its index, nothing saved.
            let dup = try await api.json(.POST, "/api/v1/indicators/values", ["values": values])
            #expect(dup.status == .unprocessableEntity)
            #expect(dup.problemFields == ["values.12.period"])
            #expect(try await count(IndicatorValue.self, app) == 0)
            values[12]["period"] = "2026-01"
            values[12]["value"] = 40
            let ok = try await api.json(.POST, "/api/v1/indicators/values", ["values": values])
            #expect(ok.status == .ok)
            #expect(ok.json["created"] as? Int == 13)
            let spc = try await api.send(.GET, "/api/v1/indicators/\(falls.id!)/services/\(f.sid("one"))/spc")
            #expect(spc.status == .ok)
            let points = spc.json["points"] as? [[String: Any]] ?? []
            #expect(points.count == 13)
            #expect(points.last?["variation"] as? String == "concern")
            let dash = try await api.send(.GET, "/api/v1/dashboard")
            let services = dash.json["services"] as? [[String: Any]] ?? []
            #expect(services.count == 1)
            #expect((services.first?["early_warnings"] as? [[String: Any]])?.first?["indicator"] as? String == "Falls")
            _ = try await f.createAction(app)
            let map = try await api.send(.GET, "/api/v1/map")
            #expect((map.json["items"] as? [[String: Any]])?.first?["theme"] as? String == "Medicines")
            #expect(try await api.send(.GET, "/api/v1/map?band=huge").status == .badRequest)
            // Another organisation's service or indicator is not visible.
            let beta = try await APIClient.make(app, for: f.users["adminB"]!)
            #expect(
                try await beta.send(.GET, "/api/v1/indicators/\(falls.id!)/services/\(f.sid("one"))/spc").status
                    == .notFound)
            let foreign = try await beta.json(.POST, "/api/v1/indicators/values", ["values": [values[0]]])
            #expect(foreign.status == .unprocessableEntity)
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(
                try await staff.json(.POST, "/api/v1/indicators/values", ["values": [values[0]]]).status == .forbidden)
        }
    }

    @Test func aMonitoredActionIsReopenedByANewConcernOnItsOutcomeIndicator() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let falls = try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA).filter(
                \.$name == "Falls"
            ).first()!
            let rm = try f.actor("rm")
            let history = (1...14).map { k in
                IndicatorService.Entry(
                    indicatorID: falls.id!, serviceID: f.sid("one"),
                    period: IndicatorPeriodKind.month.parse(today.adding(days: -31 * (15 - k)).iso)!,
                    value: Double(k % 2 == 0 ? 12 : 10))
            }
            _ = try await IndicatorService(db: app.db, actor: rm).save(history)
            var i = f.input(factors: (2, 2, 2, 2, 2))
            i.interimControls = ""
            i.indicatorID = .some(falls.id)
            let a = try await f.createAction(app, i)
            for c in ["processes", "people"] {
                _ = try await EvidenceService(db: app.db, actor: rm, today: today).record(
                    actionIDs: [a.id!], .init(category: c, kind: .audit, day: today, summary: c), files: [])
            }
            _ = try await ReviewService(db: app.db, actor: rm, today: today).record(
                actionID: a.id!, .init(rag: .green, measureValue: 100, commentary: "done", decision: ""))
            _ = try await ReviewService(db: app.db, actor: rm, today: today).close(actionID: a.id!, override: nil)
            // A new, ordinary value keeps it closed; a special-cause concern reopens it.
            let thisMonth = IndicatorPeriodKind.month.parse(today.iso)!
            _ = try await IndicatorService(db: app.db, actor: rm).save([
                .init(indicatorID: falls.id!, serviceID: f.sid("one"), period: thisMonth, value: 11)
            ])
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .monitoring)
            _ = try await IndicatorService(db: app.db, actor: rm).save([
                .init(indicatorID: falls.id!, serviceID: f.sid("one"), period: thisMonth, value: 40)
            ])
            let reopened = try await RecoveryAction.find(a.id!, on: app.db)!
            #expect(reopened.status == .reopened)
            #expect(reopened.statusReason?.contains("Special-cause concern in Falls") == true)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$operation == "reopened_by_signal").count() == 1)
            // A linked indicator means the action is no longer disconnected.
            let flags = try await AttentionQueries.flags(for: [reopened], today: today, on: app.db)[a.id!] ?? []
            #expect(!flags.contains { $0.flag == .disconnected })
        }
    }

    /// An import touching many series with many monitored actions on them costs the same number
    /// of queries as one touching a single series (no query per action, series or audit entry).
    /// Values are written a few services at a time (bounded memory); the outcome does not depend on
    /// the slices: the same values, warnings and audit entries whether one slice or one per service.
    @Test func slicedSavesMatchOneSlice() async throws {
        var outcomes: [[String]] = []
        for perSlice in [10, 1] {
            try await withGrip { app in
                let f = try await Fixture.make(app)
                let ql = try f.actor("ql")
                let falls = try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                    .filter(\.$name == "Falls").first()!
                let entries = (1...14).flatMap { back in
                    ["one", "two"].map { s in
                        IndicatorService.Entry(
                            indicatorID: falls.id!, serviceID: f.sid(s), period: monthStart(back),
                            value: back == 1 && s == "two" ? 60 : Double(10 + back % 3))
                    }
                }
                var service = IndicatorService(db: app.db, actor: ql)
                service.servicesPerSlice = perSlice
                let summary = try await service.save(entries)
                #expect(summary.created == 28)
                let values = try await IndicatorValue.query(on: app.db).all()
                    .map { "\($0.$service.id == f.sid("one") ? "one" : "two") \($0.period) \($0.value)" }.sorted()
                let warnings = try await SeriesWarning.query(on: app.db).all()
                    .map { "warning \($0.$service.id == f.sid("one") ? "one" : "two") \($0.period)" }.sorted()
                let audit = try await AuditEntry.query(on: app.db).filter(\.$operation == "values_recorded").all()
                    .map { "audit \($0.changes.components(separatedBy: "\"field\"").count - 1)" }.sorted()
                #expect(warnings == ["warning two \(monthStart(1).iso)"], "the last month of Two Court is a concern")
                #expect(audit == ["audit 15", "audit 15"])
                outcomes.append(values + warnings + audit)
            }
        }
        #expect(outcomes.count == 2 && outcomes[0] == outcomes[1])
    }

    @Test func savingValuesIsABoundedNumberOfQueriesWhateverTheSeriesAndMonitoredActions() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let ql = try f.actor("ql")
            let falls = try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA).filter(
                \.$name == "Falls"
            ).first()!
            func monitored(_ service: String, lead: String, reviewer: String) async throws {
                var i = f.input(service: service, lead: lead, reviewer: reviewer)
                i.indicatorID = .some(falls.id)
                let a = try await f.createAction(app, by: "ql", i)
                a.status = .monitoring
                a.closedOn = Day.today(now: Date()).adding(days: -5).iso
                try await a.update(on: app.db)
            }
            func queries(_ entries: [IndicatorService.Entry]) async throws -> Int {
                let history = QueryHistory()
                let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: history)!
                let summary = try await IndicatorService(db: db, actor: ql).save(entries)
                #expect(summary.created == entries.count)
                return history.queries.count
            }
            func month(_ back: Int) -> Day {
                IndicatorPeriodKind.month.parse(Day.today(now: Date()).adding(days: -31 * back).iso)!
            }
            try await monitored("one", lead: "staff", reviewer: "rm")
            let one = try await queries([
                .init(indicatorID: falls.id!, serviceID: f.sid("one"), period: month(1), value: 10)
            ])
            for _ in 0..<2 { try await monitored("one", lead: "staff", reviewer: "rm") }
            for _ in 0..<3 { try await monitored("two", lead: "staff2", reviewer: "rm2") }
            let many = try await queries(
                (2...7).flatMap { back in
                    ["one", "two"].map { s in
                        IndicatorService.Entry(
                            indicatorID: falls.id!, serviceID: f.sid(s), period: month(back), value: Double(10 + back))
                    }
                })
            #expect(one > 5)
            #expect(many == one)
            // Every series touched has its audit entry, with every value in it.
            let entries = try await AuditEntry.query(on: app.db).filter(\.$operation == "values_recorded").all()
            #expect(entries.count == 3)
            #expect(entries.map { $0.changes.components(separatedBy: "\"field\"").count - 1 }.sorted() == [2, 7, 7])
        }
    }

    @Test func dashboardsAndTheMapAreABoundedNumberOfQueries() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let actor = try f.actor("ql")
            let today = Day.today(now: Date())
            func measure() async throws -> (Int, Int) {
                let services = try await Service.query(on: app.db).filter(\.$organisation.$id == f.orgA).all()
                let h1 = QueryHistory()
                let db1 = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: h1)!
                _ = try await ServiceSignals.load(services, actor: actor, today: today, on: db1)
                let h2 = QueryHistory()
                let db2 = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: h2)!
                _ = try await RecoveryMap.rows(.init(), actor: actor, on: db2)
                return (h1.queries.count, h2.queries.count)
            }
            _ = try await f.createAction(app)
            let small = try await measure()
            // Many more actions, evidence, reviews, services and values: the same number of queries.
            let admin = try AdminService(db: app.db, actor: try f.actor("admin"))
            for n in 0..<3 {
                _ = try await admin.saveService(
                    nil,
                    .init(
                        name: "Extra \(n)", cqcLocationID: "", serviceType: .nursing, commissioners: "", ratings: [:]),
                    version: nil)
            }
            for n in 0..<6 {
                var i = f.input()
                i.title = "More \(n)"
                i.theme = "Theme \(n % 3)"
                let a = try await f.createAction(app, i)
                _ = try await EvidenceService(db: app.db, actor: try f.actor("rm"), today: today)
                    .record(
                        actionIDs: [a.id!], .init(category: "processes", kind: .audit, day: today, summary: "x"),
                        files: [])
                _ = try await ReviewService(db: app.db, actor: try f.actor("rm"), today: today).record(
                    actionID: a.id!, .init(rag: .amber, measureValue: 60, commentary: "x", decision: ""))
            }
            let indicators = try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA).all()
            let entries = indicators.prefix(5).flatMap { ind in
                (1...12).map { m in
                    IndicatorService.Entry(
                        indicatorID: ind.id!, serviceID: f.sid("one"), period: Day(year: 2025, month: m, day: 1)!,
                        value: Double(m))
                }
            }
            _ = try await IndicatorService(db: app.db, actor: try f.actor("rm")).save(entries)
            let large = try await measure()
            #expect(small == large)
            #expect(large.0 <= 8 && large.1 <= 8)
        }
    }
}
