import Fluent
import Foundation
import GripCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 21: the per-service read model stays equal to what the records say.
@Suite struct ServiceSummaryTests {
    var today: Day { Day.today(now: Date()) }

    /// One of `xs`, chosen by the seeded generator (the series can be replayed from its seed).
    func pick<T>(_ rng: inout BenchRandom, _ xs: [T]) -> T { xs[rng.int(0...(xs.count - 1))] }

    func services(_ app: Application, _ f: Fixture) async throws -> [Service] {
        try await Service.query(on: app.db).filter(\.$organisation.$id == f.orgA).sort(\.$name).all()
    }

    /// Every stored summary that claims to be current equals the summary computed from the records,
    /// and the read path gives the computed one.
    func expectTruth(_ app: Application, _ f: Fixture, on day: Day, _ note: String) async throws {
        let all = try await services(app, f)
        let truth = try await ServiceSummaries.compute(all, organisationID: f.orgA, today: day, on: app.db)
        let rows = try await ServiceSummaries.stored(all.compactMap(\.id), on: app.db)
        for s in all {
            if let r = rows[s.id!], r.freshness.isCurrent(today: day) {
                let stored = try #require(r.summary)
                #expect(ServiceSummary.differences(stored: stored, truth: truth[s.id!]!) == [], "\(note): \(s.name)")
            }
        }
        let read = try await ServiceSummaries.current(all, organisationID: f.orgA, today: day, on: app.db)
        for s in all { #expect(read[s.id!] == truth[s.id!], "\(note): read path, \(s.name)") }
    }

    @Test(arguments: [UInt64(21), 2026, 1_000_003])
    func summariesMatchTheRecordsAfterARandomSeriesOfWrites(seed: UInt64) async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            var rng = BenchRandom(seed: seed)
            let falls = try #require(
                try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                    .filter(\.$name == "Falls").first())
            let ql = try f.actor("ql")
            var actions: [UUID] = []
            var applied = 0
            for step in 0..<40 {
                let op = actions.isEmpty ? 0 : rng.int(0...5)
                do {
                    switch op {
                    case 0:
                        let two = rng.int(0...1) == 1
                        var i = two ? f.input(service: "two", lead: "staff2", reviewer: "rm2") : f.input()
                        (i.harm, i.peopleAffected, i.recurrence, i.regulatoryImpact, i.controlWeakness) =
                            (rng.int(1...4), rng.int(1...4), rng.int(1...4), rng.int(1...4), rng.int(1...4))
                        i.theme = pick(&rng, ["Medicines", "Falls", "Staffing", "medicines"])
                        i.dueDay = today.adding(days: rng.int(1...90))
                        i.targetDay = i.dueDay!.adding(days: 5)
                        let a = try await ActionService(db: app.db, actor: ql, today: today).create(i)
                        actions.append(a.id!)
                    case 1:
                        let a = try #require(try await RecoveryAction.find(pick(&rng, actions), on: app.db))
                        var i = ActionInput()
                        i.title = "Revised \(step)"
                        (i.harm, i.peopleAffected) = (rng.int(1...4), rng.int(1...4))
                        i.changeReason = "Reassessed at step \(step)"
                        _ = try await ActionService(db: app.db, actor: ql, today: today).update(
                            a, i,
                            version: a.version)
                    case 2:
                        let a = try #require(try await RecoveryAction.find(pick(&rng, actions), on: app.db))
                        let target = pick(&rng, [ActionStatus.inProgress, .inProgress, .awaitingAssurance, .cancelled])
                        _ = try await ActionService(db: app.db, actor: ql, today: today)
                            .transition(a, to: target, reason: "Step \(step)", version: a.version)
                    case 3:
                        let category = pick(&rng, ["people", "staff", "processes", "outcomes", "observation"])
                        _ = try await EvidenceService(db: app.db, actor: ql, today: today).record(
                            actionIDs: [pick(&rng, actions)],
                            .init(
                                category: category, kind: .audit, day: today.adding(days: -rng.int(0...100)),
                                summary: "Evidence \(step)"), files: [])
                    case 4:
                        let a = try #require(try await RecoveryAction.find(pick(&rng, actions), on: app.db))
                        let reviewer = a.$service.id == f.sid("one") ? "rm" : "rm2"
                        _ = try await ReviewService(db: app.db, actor: try f.actor(reviewer), today: today)
                            .record(
                                actionID: a.id!,
                                .init(
                                    rag: pick(&rng, [RAG.red, .amber, .green]),
                                    measureValue: Double(rng.int(40...60)),
                                    commentary: "Review \(step)", decision: "Carry on",
                                    controlChange: "Extra spot checks"))
                    default:
                        let service = pick(&rng, ["one", "two"])
                        let spike = Double(rng.int(0...1) * 30)
                        var entries: [IndicatorService.Entry] = []
                        for k in 0..<14 {
                            let value: Double = Double(3 + k % 2) + (k == 13 ? spike : 0)
                            entries.append(
                                IndicatorService.Entry(
                                    indicatorID: falls.id!, serviceID: f.sid(service),
                                    period: monthStart(13 - k), value: value))
                        }
                        _ = try await IndicatorService(db: app.db, actor: ql).save(entries)
                    }
                    applied += 1
                } catch let e as AppError {
                    if ProcessInfo.processInfo.environment["GRIP_PRINT_REFUSALS"] != nil { print("REFUSED", op, e) }
                    // Refused by a rule (nothing written): the summaries must still agree.
                }
                // Readers come and go between the writes, storing summaries the next write must make stale.
                if rng.int(0...1) == 1 {
                    _ = try await ServiceSummaries.current(
                        try await services(app, f), organisationID: f.orgA,
                        today: today, on: app.db)
                }
                if step % 10 == 9 { try await expectTruth(app, f, on: today, "seed \(seed), step \(step)") }
            }
            #expect(applied >= 20, "most writes were applied (\(applied) of 40)")
            try await expectTruth(app, f, on: today, "seed \(seed), end")
            // The next day's reader recomputes the date-dependent flags rather than reading yesterday's.
            try await expectTruth(app, f, on: today.adding(days: 120), "seed \(seed), 120 days on")
            let report = try await ServiceSummaries.verify(
                organisationID: f.orgA, today: today.adding(days: 120),
                on: app.db)
            #expect(report.differences.isEmpty && report.checked == 2)
        }
    }

    @Test func aWriteMakesOnlyItsOwnServiceStaleAndALateComputationIsNotStoredAsCurrent() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let all = try await services(app, f)
            let first = try await ServiceSummaries.current(all, organisationID: f.orgA, today: today, on: app.db)
            #expect(first[f.sid("one")]?.live == 1 && first[f.sid("two")]?.live == 0)
            var rows = try await ServiceSummaries.stored(all.compactMap(\.id), on: app.db)
            #expect(rows.values.allSatisfy { $0.freshness.isCurrent(today: today) })
            // A reader starts from service one's generation; a write lands before it stores.
            let started = try #require(rows[f.sid("one")]).generation
            var input = ActionInput()
            input.title = "A clearer title"
            _ = try await ActionService(db: app.db, actor: try f.actor("rm"), today: today).update(
                a, input,
                version: a.version)
            rows = try await ServiceSummaries.stored(all.compactMap(\.id), on: app.db)
            #expect(rows[f.sid("one")]?.freshness.isCurrent(today: today) == false, "the write made one stale")
            #expect(rows[f.sid("two")]?.freshness.isCurrent(today: today) == true, "and left two alone")
            let late = try await ServiceSummaries.compute(
                [all.first { $0.id == f.sid("one") }!],
                organisationID: f.orgA,
                today: today, on: app.db)
            try await ServiceSummaries.store(
                [(f.sid("one"), started, late[f.sid("one")]!)], organisationID: f.orgA,
                today: today, on: app.db)
            rows = try await ServiceSummaries.stored([f.sid("one")], on: app.db)
            #expect(rows[f.sid("one")]?.freshness.isCurrent(today: today) == false, "not stored over a newer write")
            // Another organisation's services are never touched by this one's writes.
            _ = try await f.createActionB(app)
            let beta = try await Service.query(on: app.db).filter(\.$organisation.$id == f.orgB).all()
            let b = try await ServiceSummaries.current(beta, organisationID: f.orgB, today: today, on: app.db)
            #expect(b[f.sid("b")]?.live == 1)
        }
    }

    @Test func verifyFindsAStoredSummaryThatDiffersAndRebuildRepairsIt() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await f.createAction(app)
            let all = try await services(app, f)
            _ = try await ServiceSummaries.current(all, organisationID: f.orgA, today: today, on: app.db)
            var clean = try await ServiceSummaries.verify(organisationID: f.orgA, today: today, on: app.db)
            #expect(clean.checked == 2 && clean.stale == 0 && clean.differences.isEmpty)
            // Someone edits the table behind Grip's back.
            var wrong = try #require(
                try await ServiceSummaries.stored(
                    [f.sid("one")],
                    on: app.db)[f.sid("one")]?.summary)
            wrong.live = 7
            let data = String(decoding: try JSONEncoder().encode(wrong), as: UTF8.self)
            try await (app.db as! any SQLDatabase).update(ServiceSummaries.table).set("data", to: data)
                .where("service_id", .equal, f.sid("one")).run()
            let found = try await ServiceSummaries.verify(organisationID: f.orgA, today: today, on: app.db)
            #expect(found.differences.count == 1 && found.differences.first?.service == "One House")
            #expect(found.differences.first?.problems == ["live: stored 7, records 1"])
            #expect(
                try await ServiceSummaries.refresh(
                    organisationID: f.orgA, today: today, all: true,
                    on: app.db) == 2)
            clean = try await ServiceSummaries.verify(organisationID: f.orgA, today: today, on: app.db)
            #expect(clean.differences.isEmpty && clean.checked == 2)
            // The counts' own columns, which the dashboards read, are checked too.
            try await (app.db as! any SQLDatabase).update(ServiceSummaries.table).set("live", to: 9)
                .where("service_id", .equal, f.sid("one")).run()
            let columns = try await ServiceSummaries.verify(organisationID: f.orgA, today: today, on: app.db)
            #expect(columns.differences.first?.problems == ["counts' columns, live: stored 9, records 1"])
            _ = try await ServiceSummaries.refresh(organisationID: f.orgA, today: today, all: true, on: app.db)
            clean = try await ServiceSummaries.verify(organisationID: f.orgA, today: today, on: app.db)
            #expect(clean.differences.isEmpty && clean.checked == 2)
        }
    }

    @Test func theDayRollRecomputesWhatIsNotCurrentAndRunsJustAfterLondonMidnight() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await f.createAction(app)
            // Nothing stored yet: the start-up roll computes every service of every organisation.
            #expect(try await DayRoll.roll(today: today, on: app.db, logger: app.logger) == 3)
            #expect(try await DayRoll.roll(today: today, on: app.db, logger: app.logger) == 0, "all current")
            #expect(try await DayRoll.roll(today: today.adding(days: 1), on: app.db, logger: app.logger) == 3)
        }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Day.london
        // Summer time: midnight in London is 23:00 UTC the evening before.
        let summer = cal.date(from: DateComponents(year: 2026, month: 7, day: 1, hour: 15))!
        let next = DayRoll.next(after: summer)
        #expect(
            cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: next)
                == DateComponents(year: 2026, month: 7, day: 2, hour: 0, minute: 0, second: 5))
        let summerSeconds: Int = Int(next.timeIntervalSince1970) % 86_400
        #expect(summerSeconds == 82_805)
        // Winter: London is on UTC.
        let winter = cal.date(from: DateComponents(year: 2026, month: 12, day: 2, hour: 23, minute: 59))!
        let winterSeconds: Int = Int(DayRoll.next(after: winter).timeIntervalSince1970) % 86_400
        #expect(winterSeconds == 5)
    }
}
