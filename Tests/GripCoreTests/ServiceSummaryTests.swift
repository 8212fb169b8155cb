import Foundation
import Testing
@testable import GripCore

@Suite struct ServiceSummaryTests {
    let day = Day(iso: "2026-12-02")!
    func id(_ n: UInt8) -> UUID { UUID(uuid: (n, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) }

    @Test func aFlagCountsOncePerActionHoweverOftenItIsRaised() {
        let counts = ServiceSummary.flagCounts([[.overdue, .overdue, .stalled], [.overdue], []])
        #expect(counts == ["overdue": 2, "stalled": 1])
        #expect(ServiceSummary.flagCounts([]) == [:])
    }

    @Test func fragilityWeighsWarningsOverdueAndExtremeRisk() {
        var s = ServiceSummary()
        #expect(s.fragilityScore() == 0)
        s.warnings = 1
        s.flags = ["overdue": 2, "review_overdue": 1, "stalled": 1, "weak_progress": 1, "disconnected": 1]
        s.extremeLive = 1
        #expect(s.fragilityScore() == 3 + 6 + 2 + 1 + 2 + 1 + 2)
    }

    @Test func theMapRowIsOneCurrentActionPerThemeWhateverItsCase() {
        let live = CurrentAction.Candidate(id: id(1), isLive: true, riskScore: 10, dueDay: day)
        let higherButMonitoring = CurrentAction.Candidate(id: id(2), isLive: false, riskScore: 20, dueDay: day)
        let other = CurrentAction.Candidate(id: id(3), isLive: true, riskScore: 15, dueDay: day)
        let rows = ServiceSummary.currentActions([
            (live, "Medicines"), (higherButMonitoring, "medicines"),
            (
                other,
                "Falls"
            )
        ])
        #expect(rows.map(\.actionID) == [id(3), id(1)], "highest risk first; live before monitoring within a theme")
        #expect(rows.map(\.others) == [0, 1])
        #expect(rows.map(\.theme) == ["Falls", "Medicines"])
        #expect(ServiceSummary.currentActions([]).isEmpty)
    }

    @Test func differencesNameWhatDiffersAndNothingWhenEqual() {
        var truth = ServiceSummary()
        truth.live = 3
        truth.flags = ["overdue": 1]
        truth.drift = [Drift.Signal(kind: .reviewsLate, reason: "2 reviews late")]
        truth.afterClosure = ["sustained": 2]
        #expect(ServiceSummary.differences(stored: truth, truth: truth).isEmpty)
        var stored = truth
        stored.live = 2
        stored.flags = [:]
        stored.drift = [Drift.Signal(kind: .reviewsLate, reason: "1 review late")]
        stored.afterClosure = [:]
        #expect(
            ServiceSummary.differences(stored: stored, truth: truth) == [
                "live: stored 2, records 3", "overdue: stored 0, records 1",
                "drift reasons: stored [\"1 review late\"], records [\"2 reviews late\"]",
                "sustained: stored 0, records 2"
            ])
    }

    @Test func aStoredSummaryIsCurrentOnlyForItsGenerationAndDay() {
        let fresh = ServiceSummary.Freshness(generation: 4, computedGeneration: 4, asOf: day.iso)
        #expect(fresh.isCurrent(today: day))
        #expect(!fresh.isCurrent(today: day.adding(days: 1)), "a new day re-derives the date-dependent flags")
        #expect(!ServiceSummary.Freshness(generation: 5, computedGeneration: 4, asOf: day.iso).isCurrent(today: day))
        #expect(!ServiceSummary.Freshness(generation: 1, computedGeneration: 0, asOf: "").isCurrent(today: day))
    }

    @Test func aSummaryRoundTripsThroughJSON() throws {
        var s = ServiceSummary()
        s.live = 2
        s.drift = [Drift.Signal(kind: .noChallenge, reason: "Recovery meeting")]
        s.current = [.init(actionID: id(9), theme: "Falls", riskScore: 12, others: 1)]
        let back = try JSONDecoder().decode(ServiceSummary.self, from: JSONEncoder().encode(s))
        #expect(back == s)
    }
}
