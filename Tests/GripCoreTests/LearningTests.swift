import Foundation
import Testing
@testable import GripCore

@Suite struct LearningTests {
    func day(_ s: String) -> Day { Day(iso: s)! }

    @Test func aCheckIsDueThenOverdueUntilItIsChecked() {
        let due = day("2026-12-20")
        #expect(Learning.status(dueDay: due, checkedOn: nil, outcome: nil, today: day("2026-12-20")) == .due(on: due))
        #expect(Learning.status(dueDay: due, checkedOn: nil, outcome: nil, today: day("2026-12-21")) == .overdue(by: 1))
        #expect(
            Learning.status(dueDay: due, checkedOn: nil, outcome: nil, today: day("2026-12-21")).label
                == "1 day overdue")
        let checked = Learning.status(
            dueDay: due, checkedOn: day("2026-12-22"), outcome: .changed, today: day("2027-01-05"))
        #expect(checked == .checked(.changed, on: day("2026-12-22")))
        #expect(checked.label == "Practice changed (22 December 2026)")
    }

    @Test func learningNamesOtherServicesEachOnceAndADayAhead() {
        let here = UUID(), there = UUID(), elsewhere = UUID(), today = day("2026-12-07")
        let summary = "Thickened fluids were not recorded on the MAR; a second signature now confirms them."
        #expect(
            Learning.problems(summary: summary, origin: here, targets: [there, elsewhere], dueDay: today, today: today)
                .isEmpty)
        #expect(
            Learning.problems(summary: summary, origin: here, targets: [], dueDay: today, today: today).map(\.field)
                == ["services"])
        #expect(
            Learning.problems(summary: summary, origin: here, targets: [here], dueDay: today, today: today).first?
                .message
                == "Name at least one other service it applies to.")
        #expect(
            Learning.problems(summary: summary, origin: here, targets: [here, there], dueDay: today, today: today)
                .first?.message
                == "The service it came from already knows: name the others.")
        #expect(
            Learning.problems(summary: summary, origin: here, targets: [there, there], dueDay: today, today: today)
                .first?.message
                == "A service is named twice.")
        #expect(
            Learning.problems(summary: "short", origin: here, targets: [there], dueDay: day("2026-12-06"), today: today)
                .map(\.field) == ["summary", "due_day"])
    }

    @Test func aCheckThatFoundNothingToDoSaysHowItKnows() {
        #expect(Learning.checkProblems(outcome: nil, note: "").map(\.field) == ["outcome"])
        #expect(Learning.checkProblems(outcome: .notApplicable, note: "n/a").map(\.field) == ["note"])
        #expect(
            Learning.checkProblems(outcome: .alreadyInPlace, note: "Checked 8 MAR charts: all double-signed.").isEmpty)
        #expect(Learning.checkProblems(outcome: .changed, note: "").isEmpty)
    }
}
