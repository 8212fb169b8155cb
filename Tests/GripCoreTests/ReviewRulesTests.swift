import Foundation
import Testing
@testable import GripCore

/// Assurance reviews and progress updates (delivery separated from assurance), and the response
/// red or weak progress needs.
@Suite struct ReviewRulesTests {
    let today = Day(iso: "2026-06-30")!
    let baseline = Day(iso: "2026-05-01")!

    func action(
        _ measures: [Double] = [], status: ActionStatus = .inProgress, direction: TargetDirection = .higher
    ) -> ReviewRules.ActionFacts {
        ReviewRules.ActionFacts(
            status: status, baselineDay: baseline, baselineValue: 50, direction: direction, assuredMeasures: measures)
    }

    func fields(_ r: ReviewRules.Review, _ a: ReviewRules.ActionFacts? = nil) -> [String] {
        ReviewRules.problems(r, action: a ?? action(), today: today).map(\.field)
    }

    @Test func aGreenReviewWithCommentaryIsFine() {
        #expect(fields(.init(day: today, rag: .green, measureValue: 60, commentary: "Better")).isEmpty)
    }

    @Test func redProgressNeedsAControlChangeOrAnEscalation() {
        #expect(fields(.init(day: today, rag: .red, measureValue: 55, commentary: "Worse")) == ["control_change"])
        #expect(
            fields(
                .init(
                    day: today, rag: .red, measureValue: 55, commentary: "Worse", controlChange: "Night senior checks")
            ).isEmpty)
        #expect(
            fields(.init(day: today, rag: .red, measureValue: 55, commentary: "Worse", escalation: "To the board"))
                .isEmpty)
        #expect(
            fields(.init(day: today, rag: .red, measureValue: 55, commentary: "Worse", controlChange: "  ")) == [
                "control_change"
            ])
        // A monitored (closed) action's review asks for no control change.
        #expect(
            fields(.init(day: today, rag: .red, measureValue: 55, commentary: "Worse"), action(status: .monitoring))
                .isEmpty)
    }

    @Test func weakProgressAtTheThirdAssuredMeasureNeedsAResponseEvenWhenAmber() {
        // Two earlier measures no better than the baseline of 50; the third is 50 too: weak.
        #expect(
            fields(.init(day: today, rag: .amber, measureValue: 50, commentary: "Flat"), action([48, 49])) == [
                "control_change"
            ])
        // The third better than the baseline: not weak.
        #expect(fields(.init(day: today, rag: .amber, measureValue: 51, commentary: "Up"), action([48, 49])).isEmpty)
        // Only the second measure: too early to call weak.
        #expect(fields(.init(day: today, rag: .amber, measureValue: 40, commentary: "Down"), action([48])).isEmpty)
        // Lower is better: 50 is no better than 50.
        #expect(
            fields(
                .init(day: today, rag: .amber, measureValue: 50, commentary: "Flat"),
                action([60, 55], direction: .lower)) == ["control_change"])
        #expect(
            fields(
                .init(day: today, rag: .amber, measureValue: 49, commentary: "Down"),
                action([60, 55], direction: .lower)
            ).isEmpty)
    }

    @Test func badValuesAreNamed() {
        let f = fields(
            .init(
                day: today.adding(days: 1), rag: nil, measureValue: .nan, commentary: " ",
                decision: String(repeating: "x", count: 2001)))
        #expect(Set(f) == ["date", "rag", "measure_value", "commentary", "decision"])
        #expect(
            fields(.init(day: baseline.adding(days: -1), rag: .green, measureValue: nil, commentary: "x")) == ["date"])
        #expect(
            fields(.init(day: baseline, rag: .green, measureValue: nil, commentary: "x")).isEmpty,
            "the baseline day itself is fine")
        #expect(
            fields(.init(day: today, rag: .green, measureValue: 1, commentary: "x"), action(status: .cancelled)) == [
                "status"
            ])
    }

    @Test func progressUpdatesNeedNoRAGAndNoResponse() {
        #expect(
            ReviewRules.progressProblems(
                day: today, measure: 10, commentary: "Done the audit", action: action([48, 49]), today: today
            ).isEmpty)
        #expect(
            ReviewRules.progressProblems(day: today, measure: nil, commentary: "", action: action(), today: today).map(
                \.field) == ["commentary"])
    }
}
