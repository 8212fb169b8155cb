import Foundation
import Testing
@testable import GripCore

@Suite struct EvidenceRulesTests {
    let today = Day(iso: "2026-06-30")!

    func fields(
        category: String? = "observation", kind: Bool = true, day: Day?? = nil,
        summary: String? = "Seen at lunch",
        statements: [String]? = ["S8"], creating: Bool = true
    ) -> [String] {
        EvidenceRules.problems(
            category: category, kindChosen: kind, day: day ?? today, summary: summary,
            statementIDs: statements,
            creating: creating, framework: .cqc2023, today: today
        ).map(\.field)
    }

    @Test func aCompleteItemIsFine() { #expect(fields().isEmpty) }

    @Test func everyMissingValueIsNamedWhenCreatingButKeptWhenChanging() {
        #expect(
            fields(category: nil, kind: false, day: .some(nil), summary: nil) == [
                "category", "kind", "date",
                "summary"
            ])
        #expect(fields(category: nil, kind: false, day: .some(nil), summary: nil, creating: false).isEmpty)
    }

    @Test func badValuesAreNamed() {
        #expect(fields(category: "gossip") == ["category"])
        #expect(fields(day: today.adding(days: 1)) == ["date"])
        #expect(fields(day: today).isEmpty, "today is not the future")
        #expect(fields(summary: "   ") == ["summary"])
        #expect(fields(summary: String(repeating: "x", count: InputLimits.narrativeCharacters)).isEmpty)
        #expect(fields(summary: String(repeating: "x", count: InputLimits.narrativeCharacters + 1)) == ["summary"])
        #expect(fields(statements: ["S8", "Z9"]) == ["statements"])
    }
}
