import Foundation
import Testing
@testable import GripCore

@Suite struct EscalationRulesTests {
    let today = Day(iso: "2026-06-30")!

    func fields(
        category: Bool = true, facts: String = "Three falls", respondBy: Day?? = nil,
        joint: Day? = nil
    ) -> [String] {
        EscalationRules.problems(
            categoryChosen: category, facts: facts, safeguards: "Hourly checks",
            actionsTaken: "Falls review",
            supportNeeded: "Falls clinic", respondBy: respondBy ?? today.adding(days: 3), jointReviewDay: joint,
            today: today
        ).map(\.field)
    }

    @Test func aCompleteEscalationIsFine() { #expect(fields().isEmpty) }

    @Test func missingAndBadValuesAreNamed() {
        #expect(fields(category: false) == ["category"])
        #expect(fields(facts: " ") == ["facts"])
        #expect(fields(facts: String(repeating: "x", count: InputLimits.narrativeCharacters + 1)) == ["facts"])
        #expect(fields(respondBy: .some(nil)) == ["respond_by"])
        #expect(fields(respondBy: today.adding(days: -1)) == ["respond_by"])
        #expect(fields(respondBy: today).isEmpty, "today is a fine respond-by day")
    }

    @Test func theJointReviewIsOnOrAfterTheRespondByDay() {
        #expect(fields(joint: today.adding(days: 2)) == ["joint_review_day"])
        #expect(fields(joint: today.adding(days: 3)).isEmpty)
    }
}
