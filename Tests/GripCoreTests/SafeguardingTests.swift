import Foundation
import Testing
@testable import GripCore

/// An instant from an ISO 8601 text with its offset.
func at(_ s: String) -> Date {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    guard let d = f.date(from: s) else { fatalError("not an instant: \(s)") }
    return d
}

@Suite struct SafeguardingTests {
    let now = at("2026-12-02T12:00:00Z")

    func sameDay(_ raised: String, _ decided: String) -> Bool {
        SafeguardingRules.decidedSameDay(SafeguardingFacts(raisedAt: at(raised), decisionAt: at(decided)))
    }

    @Test func theSameDayIsTheProvidersLocalDay() {
        // 23:30 and 23:50 in January (GMT): the same day.
        #expect(sameDay("2026-01-10T23:30:00Z", "2026-01-10T23:50:00Z"))
        // 23:30 BST, decided at 00:10 BST: the next local day, though still the same day in UTC.
        #expect(!sameDay("2026-06-10T22:30:00Z", "2026-06-10T23:10:00Z"))
        // Across midnight in winter.
        #expect(!sameDay("2026-01-10T23:30:00Z", "2026-01-11T00:05:00Z"))
    }

    @Test func clockChangesMoveNoConcernToAnotherDay() {
        // 25 October 2026 has 25 hours: raised at 01:30 BST, decided at 23:30 GMT, the same local day.
        #expect(sameDay("2026-10-25T00:30:00Z", "2026-10-25T23:30:00Z"))
        // 29 March 2026 has 23 hours: 23:30 GMT on the 28th and 00:30 GMT on the 29th are two days.
        #expect(!sameDay("2026-03-28T23:30:00Z", "2026-03-29T00:30:00Z"))
        // 00:30 GMT and 23:59 BST on the 29th: the same (short) day.
        #expect(sameDay("2026-03-29T00:30:00Z", "2026-03-29T22:59:00Z"))
    }

    @Test func aDecisionBeforeTheConcernIsRefused() {
        let f = SafeguardingFacts(raisedAt: at("2026-11-01T10:00:00Z"), decisionAt: at("2026-11-01T09:59:00Z"))
        #expect(SafeguardingRules.problems(f, now: now).map(\.field) == ["decision_at"])
        #expect(!SafeguardingRules.decidedSameDay(f))
        let ok = SafeguardingFacts(raisedAt: at("2026-11-01T10:00:00Z"), decisionAt: at("2026-11-01T10:00:00Z"))
        #expect(SafeguardingRules.problems(ok, now: now).isEmpty)
        #expect(SafeguardingRules.decidedSameDay(ok))
    }

    @Test func futureTimesReferralsAndClosureAreChecked() {
        let future = SafeguardingFacts(raisedAt: at("2026-12-03T10:00:00Z"))
        #expect(SafeguardingRules.problems(future, now: now).map(\.field) == ["raised_at"])
        let early = SafeguardingFacts(
            raisedAt: at("2026-11-01T10:00:00Z"), decisionAt: at("2026-11-01T11:00:00Z"),
            referredAt: at("2026-10-31T10:00:00Z"))
        #expect(SafeguardingRules.problems(early, now: now).map(\.field) == ["referred_at"])
        let closedUndecided = SafeguardingFacts(
            raisedAt: at("2026-11-01T10:00:00Z"),
            closedAt: at("2026-11-02T10:00:00Z"))
        #expect(SafeguardingRules.problems(closedUndecided, now: now).map(\.field) == ["closed_at"])
        let decidedAfterClosing = SafeguardingFacts(
            raisedAt: at("2026-11-01T10:00:00Z"),
            decisionAt: at("2026-11-03T10:00:00Z"),
            closedAt: at("2026-11-02T10:00:00Z"))
        #expect(SafeguardingRules.problems(decidedAfterClosing, now: now).map(\.field) == ["closed_at"])
    }

    @Test func pastReviewIsForOpenConcernsOnly() {
        let today = Day(iso: "2026-12-02")!
        var f = SafeguardingFacts(raisedAt: at("2026-11-01T10:00:00Z"), reviewDue: Day(iso: "2026-12-01"))
        #expect(SafeguardingRules.isPastReview(f, today: today))
        #expect(!SafeguardingRules.isPastReview(f, today: Day(iso: "2026-12-01")!))
        f.decisionAt = at("2026-11-01T11:00:00Z")
        f.closedAt = at("2026-11-20T10:00:00Z")
        #expect(!SafeguardingRules.isPastReview(f, today: today))
    }

    @Test func measuresAreComputedFromTheConcerns() {
        let from = Day(iso: "2026-11-01")!, to = Day(iso: "2026-11-30")!
        let concerns = [
            // Decided the same day and referred.
            SafeguardingFacts(
                raisedAt: at("2026-11-02T09:00:00Z"), decisionAt: at("2026-11-02T15:00:00Z"),
                referredAt: at("2026-11-02T16:00:00Z")),
            // Decided the next day; open, review passed before the month's end.
            SafeguardingFacts(
                raisedAt: at("2026-11-10T22:00:00Z"), decisionAt: at("2026-11-11T08:00:00Z"),
                reviewDue: Day(iso: "2026-11-20")),
            // Not decided at all.
            SafeguardingFacts(raisedAt: at("2026-11-29T10:00:00Z")),
            // Raised on 30 November at 23:30 local time (GMT): in the period.
            SafeguardingFacts(raisedAt: at("2026-11-30T23:30:00Z"), decisionAt: at("2026-11-30T23:45:00Z")),
            // December: outside the period.
            SafeguardingFacts(raisedAt: at("2026-12-01T00:30:00Z"), decisionAt: at("2026-12-01T01:00:00Z")),
            // October, still open with its review passed: counted as past review, not as raised.
            SafeguardingFacts(raisedAt: at("2026-10-20T10:00:00Z"), reviewDue: Day(iso: "2026-11-05"))
        ]
        let m = SafeguardingMeasures.compute(concerns, from: from, to: to)
        #expect(m == SafeguardingMeasures(raised: 4, decidedSameDay: 2, referred: 1, pastReview: 2))
        #expect(m.sameDayPercent == 50)
        #expect(SafeguardingMeasures.compute([], from: from, to: to).sameDayPercent == nil)
    }
}
