import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Issue 23: the safeguarding log, and the series Grip computes from it instead of typed values.
@Suite struct SafeguardingWebTests {
    static let today = Day.today(now: Date())

    static func fields(_ person: UUID, raised: Date = Date().addingTimeInterval(-7200)) -> [(String, String)] {
        [
            ("person", person.uuidString), ("raised_at", LocalTime.input(raised)), ("raised_by_role", "Night carer"),
            ("category", "neglect"), ("summary", "Night check missed."),
            ("safeguards", "Checked at once; skin intact."),
            ("notify_cqc", "no")
        ]
    }

    static func fedValues(_ feed: IndicatorFeed, _ service: UUID, _ app: Application) async throws -> [Double] {
        guard let i = try await Indicator.query(on: app.db).filter(\.$feed == feed).first() else { return [] }
        return try await IndicatorValue.query(on: app.db).filter(\.$indicator.$id == i.id!)
            .filter(\.$service.$id == service).sort(\.$period).all().map(\.value)
    }

    /// A time raised and a later time decided, both earlier today in London (two hours and a minute ago, or closer
    /// when the day is younger), so "decided the same day" holds whenever the test runs.
    static func sameDayTimes(now: Date = Date()) -> (raised: Date, decided: Date) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Day.london
        let sinceMidnight = now.timeIntervalSince(cal.startOfDay(for: now))
        return (
            now.addingTimeInterval(-min(7200, sinceMidnight * 2 / 3)),
            now.addingTimeInterval(-min(60, sinceMidnight / 3))
        )
    }

    @Test func staffRecordAConcernAndTheSeriesAreComputedFromIt() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await PeopleWebTests.person(f, app)
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            let times = Self.sameDayTimes()
            let created = try await staff.post("/safeguarding", Self.fields(p.id!, raised: times.raised))
            #expect(created.status == .seeOther)
            let c = try #require(try await SafeguardingConcern.query(on: app.db).first())
            #expect(c.$service.id == f.sid("one") && c.decisionAt == nil && c.raisedByRole == "Night carer")
            // Computed, not typed: one concern this month, no decision yet so 0 % the same day.
            #expect(try await Self.fedValues(.concernsRaised, f.sid("one"), app) == [1])
            #expect(try await Self.fedValues(.sameDayDecisions, f.sid("one"), app) == [0])
            #expect(
                try await Indicator.query(on: app.db).filter(\.$feed != nil).count() == IndicatorFeed.allCases.count)
            // Staff cannot record the manager's decision.
            let decided = try await staff.post(
                "/safeguarding",
                Self.fields(p.id!) + [
                    ("decision", "Manage in the service."), ("rationale", "Explained."),
                    ("decision_at", LocalTime.input(Date().addingTimeInterval(-60)))
                ])
            #expect(decided.status == .forbidden)
            // The manager decides: the share decided the same day moves to 100 %.
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let decision = try await rm.post(
                Paths.concern(c.id!),
                Self.fields(p.id!, raised: times.raised) + [
                    ("decision", "Manage in the service."), ("rationale", "Explained by the care record."),
                    ("decision_at", LocalTime.input(times.decided)), ("version", "1")
                ])
            #expect(decision.status == .seeOther)
            #expect(try await Self.fedValues(.sameDayDecisions, f.sid("one"), app) == [100])
            #expect(try await SafeguardingConcern.find(c.id, on: app.db)?.$decidedBy.id == f.id("rm"))
            // The list shows it with its computed measures.
            let list = try await rm.get("/safeguarding")
            #expect(list.status == .ok && list.body.string.contains("Same day") && list.body.string.contains("100%"))
        }
    }

    @Test func badTimesAndMissingWordsAreNamedAndWriteNothing() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await PeopleWebTests.person(f, app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let audit = try await count(AuditEntry.self, app)
            let raised = Date().addingTimeInterval(-7200)
            // A decision recorded before the concern, a time that is not a time, no safeguards.
            var fields = Self.fields(p.id!, raised: raised).filter { $0.0 != "safeguards" }
            fields += [
                ("decision", "Refer."), ("rationale", "Threshold met."),
                ("decision_at", LocalTime.input(raised.addingTimeInterval(-3600))),
                ("referred_at", "yesterday teatime")
            ]
            let bad = try await rm.post("/safeguarding", fields)
            #expect(bad.status == .unprocessableEntity)
            let body = bad.body.string
            #expect(body.contains("recorded before the concern was raised"))
            #expect(
                body.contains("The referral&#39;s time must be a real time") || body.contains("The referral's time"))
            #expect(body.contains("Say what was done at once"))
            #expect(try await count(SafeguardingConcern.self, app) == 0)
            #expect(try await count(AuditEntry.self, app) == audit)
            // Someone of another service is refused by name; the concern is not written there.
            let other = try await PeopleWebTests.person(f, app, reference: "RS-900", service: "two", by: "rm2")
            let elsewhere = try await rm.post("/safeguarding", Self.fields(other.id!))
            #expect(elsewhere.status == .unprocessableEntity)
            #expect(elsewhere.body.string.contains("Choose someone supported by one of your services"))
            #expect(try await count(SafeguardingConcern.self, app) == 0)
        }
    }

    @Test func aConcernIsScopedAndAStaleDecisionIsRefused() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await PeopleWebTests.person(f, app)
            let c = try await SafeguardingService(db: app.db, actor: try f.actor("staff"), now: Date())
                .create(MatrixBodies.concern(person: p.id!))
            let path = Paths.concern(c.id!)
            #expect(try await Staff.read(app, "rm@alpha.example", path) == .ok)
            #expect(try await Staff.read(app, "rm2@alpha.example", path) == .notFound)
            #expect(try await Staff.read(app, "rmb@beta.example", path) == .notFound)
            #expect(try await Staff.read(app, "commissioner@alpha.example", path) == .forbidden)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let decide =
                Self.fields(p.id!) + [
                    ("decision", "Manage in the service."), ("rationale", "Explained."),
                    ("decision_at", LocalTime.input(Date().addingTimeInterval(-60)))
                ]
            #expect(try await rm.post(path, decide + [("version", "1")]).status == .seeOther)
            let stale = try await rm.post(path, decide + [("version", "1")])
            #expect(stale.status == .conflict)
            #expect(try await SafeguardingConcern.find(c.id, on: app.db)?.version == 2)
            // Closing needs the outcome.
            let close = try await rm.post(
                path,
                decide + [
                    ("version", "2"),
                    ("closed_at", LocalTime.input(Date().addingTimeInterval(-30)))
                ])
            #expect(close.status == .unprocessableEntity)
            #expect(close.body.string.contains("Record the outcome before closing"))
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(try await staff.post(path, decide + [("version", "2")]).status == .forbidden)
        }
    }

    @Test func aComputedIndicatorTakesNoTypedValues() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await PeopleWebTests.person(f, app)
            _ = try await SafeguardingService(db: app.db, actor: try f.actor("rm"), now: Date())
                .create(MatrixBodies.concern(person: p.id!))
            let fed = try #require(try await Indicator.query(on: app.db).filter(\.$feed == .concernsRaised).first())
            let indicators = IndicatorService(db: app.db, actor: try f.actor("rm"))
            let csv = "service,indicator,period,value\nOne House,\(fed.name),\(Self.today.iso),7\n"
            await #expect(throws: IndicatorService.ImportFailure.self) { try await indicators.parseImport(csv) }
            do { _ = try await indicators.parseImport(csv) } catch let e as IndicatorService.ImportFailure {
                #expect(e.problems.map(\.column) == ["indicator"])
                #expect(e.problems.first?.message.contains("computed from the safeguarding log") == true)
            }
            let entry = IndicatorService.Entry(
                indicatorID: fed.id!, serviceID: f.sid("one"), period: Self.today,
                value: 7)
            await #expect(throws: AppError.self) { try await indicators.save([entry]) }
            #expect(try await Self.fedValues(.concernsRaised, f.sid("one"), app) == [1])
        }
    }
}
