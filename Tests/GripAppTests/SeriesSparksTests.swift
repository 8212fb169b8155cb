import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 35: a service's dashboard reads its sparklines as stored in the transaction of the change they
/// come from, and each stored one is what drawing the series afresh gives.
@Suite struct SeriesSparksTests {
    /// Every stored sparkline of the organisation, compared with the series read in full and drawn now.
    func expectStoredAreFresh(_ app: Application, _ f: Fixture, count: Int) async throws {
        let stored = try await SeriesSpark.query(on: app.db).with(\.$indicator).with(\.$service).all()
        let today = Day.today(now: Date())
        #expect(stored.count == count)
        for spark in stored {
            let fresh = try await IndicatorService.series(spark.indicator, spark.service, today: today, on: app.db)
            let labels = fresh.periods.map { spark.indicator.period.label($0) }
            let chart = SeriesSparks.chart(
                spark.indicator, serviceName: spark.service.name, labels: labels, result: fresh.result)
            #expect(spark.chart == chart.rendered)
            #expect(spark.latest == fresh.values.last.map { "\(ActionRules.display($0)) \(spark.indicator.unit)" })
            #expect(spark.verdict == fresh.result.points.last.map { ChartWords.variation($0.variation) })
            #expect(spark.period == fresh.periods.last?.iso)
            #expect(spark.concern == (fresh.result.latestConcern() != nil))
        }
    }

    func falls(_ app: Application, _ org: UUID) async throws -> Indicator {
        try #require(
            try await Indicator.query(on: app.db).filter(\.$organisation.$id == org).filter(\.$name == "Falls").first())
    }

    /// Only the series whose values changed are analysed and drawn again (issue 35): a file uploaded twice
    /// redraws nothing the second time, and a changed value in one service redraws that service's series only.
    @Test func onlyTheSeriesWhoseValuesChangedAreDrawnAgain() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let falls = try await falls(app, f.orgA)
            let service = IndicatorService(db: app.db, actor: try f.actor("ql"))
            let history = (1...12).flatMap { k in
                ["one", "two"].map { name in
                    IndicatorService.Entry(
                        indicatorID: falls.id!, serviceID: f.sid(name),
                        period: IndicatorPeriodKind.month.parse(today.adding(days: -31 * k).iso)!,
                        value: Double(10 + k % 3))
                }
            }
            _ = try await service.save(history)
            func drawn() async throws -> [UUID: UUID] {
                Dictionary(
                    try await SeriesSpark.query(on: app.db).all().map { ($0.$service.id, $0.id!) },
                    uniquingKeysWith: { a, _ in a })
            }
            let first = try await drawn()
            #expect(first.count == 2)
            let again = try await service.save(history)
            #expect(again.unchanged == history.count)
            #expect(try await drawn() == first, "nothing changed, nothing redrawn")
            var changed = history
            changed[0] = .init(
                indicatorID: falls.id!, serviceID: changed[0].serviceID, period: changed[0].period, value: 40)
            _ = try await service.save(changed)
            let after = try await drawn()
            let other = f.sid("one") == changed[0].serviceID ? f.sid("two") : f.sid("one")
            #expect(after[changed[0].serviceID] != first[changed[0].serviceID], "the changed series is redrawn")
            #expect(after[other] == first[other], "the other service's series is not")
            try await expectStoredAreFresh(app, f, count: 2)
        }
    }

    @Test func valuesSettingsAndANewServiceNameRedrawTheSparklineInTheirTransaction() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let falls = try await falls(app, f.orgA)
            let history = (1...30).map { k in
                IndicatorService.Entry(
                    indicatorID: falls.id!, serviceID: f.sid(k % 2 == 0 ? "one" : "two"),
                    period: IndicatorPeriodKind.month.parse(today.adding(days: -31 * ((32 - k) / 2)).iso)!,
                    value: Double(10 + k % 3))
            }
            _ = try await IndicatorService(db: app.db, actor: try f.actor("ql")).save(history)
            try await expectStoredAreFresh(app, f, count: 2)
            // A concern: the verdict and the chart move with it.
            let before = try #require(
                try await SeriesSpark.query(on: app.db).filter(\.$service.$id == f.sid("one")).first())
            _ = try await IndicatorService(db: app.db, actor: try f.actor("ql")).save([
                .init(
                    indicatorID: falls.id!, serviceID: f.sid("one"),
                    period: IndicatorPeriodKind.month.parse(today.iso)!, value: 60)
            ])
            let after = try #require(
                try await SeriesSpark.query(on: app.db).filter(\.$service.$id == f.sid("one")).first())
            #expect(after.chart != before.chart && after.latest.hasPrefix("60"))
            try await expectStoredAreFresh(app, f, count: 2)
            // The series' settings.
            let outcome = try await IndicatorService(db: app.db, actor: try f.actor("ql")).setSeries(
                indicatorID: falls.id, serviceID: f.sid("two"), baselinePoints: 12, rebases: [],
                reason: "Limits from the first twelve months", version: nil)
            guard case .applied = outcome else {
                Issue.record("the quality lead's change to a series' settings waited for a second person")
                return
            }
            try await expectStoredAreFresh(app, f, count: 2)
            // The service's new name, which the chart's title carries.
            let admin = try AdminService(db: app.db, actor: try f.actor("admin"))
            let two = try #require(try await Service.find(f.sid("two"), on: app.db))
            _ = try await admin.saveService(
                two.id,
                .init(
                    name: "Two Court East", cqcLocationID: two.cqcLocationID, serviceType: two.serviceType,
                    commissioners: two.commissioners, ratings: [:]), version: two.version)
            let renamed = try #require(
                try await SeriesSpark.query(on: app.db).filter(\.$service.$id == f.sid("two")).first())
            #expect(renamed.chart.contains("Two Court East"))
            try await expectStoredAreFresh(app, f, count: 2)
        }
    }

    @Test func theServiceDashboardShowsTheStoredSparklinesOfItsOwnServiceOnly() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            for (org, service, who) in [(f.orgA, "one", "ql"), (f.orgB, "b", "adminB")] {
                let falls = try await falls(app, org)
                let values = (1...14).map { k in
                    IndicatorService.Entry(
                        indicatorID: falls.id!, serviceID: f.sid(service),
                        period: IndicatorPeriodKind.month.parse(today.adding(days: -31 * (15 - k)).iso)!,
                        value: Double(k))
                }
                _ = try await IndicatorService(db: app.db, actor: try f.actor(who)).save(values)
            }
            let stored = try #require(
                try await SeriesSpark.query(on: app.db).filter(\.$service.$id == f.sid("one")).first())
            let other = try #require(
                try await SeriesSpark.query(on: app.db).filter(\.$service.$id == f.sid("b")).first())
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            let page = try await web.get(Paths.serviceDashboard(f.sid("one")))
            #expect(page.status == .ok)
            // As stored, under the dashboard's own element id for the series.
            func shown(_ spark: SeriesSpark) -> String {
                HTML(
                    drawnAndStored: spark.chart, renaming: SeriesSparks.storedID,
                    to: "s-\(spark.$indicator.id.uuidString.prefix(8))"
                ).rendered
            }
            #expect(page.body.string.contains(shown(stored)))
            #expect(!stored.chart.contains("s-\(stored.$indicator.id.uuidString.prefix(8))"), "renamed on the page")
            #expect(page.body.string.contains(stored.latest) && page.body.string.contains(stored.verdict))
            #expect(!page.body.string.contains(shown(other)))
            #expect(try await web.get(Paths.serviceDashboard(f.sid("b"))).status == .notFound)
        }
    }
}
