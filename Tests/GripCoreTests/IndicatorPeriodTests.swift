import Testing
@testable import GripCore

@Suite struct IndicatorPeriodTests {
    @Test func monthsFromLabelsOrAnyDayInThem() {
        #expect(IndicatorPeriodKind.month.parse("2026-03")?.iso == "2026-03-01")
        #expect(IndicatorPeriodKind.month.parse("2026-03-17")?.iso == "2026-03-01")
        #expect(IndicatorPeriodKind.month.parse("2026-13") == nil)
        #expect(IndicatorPeriodKind.month.parse("March 2026") == nil)
        #expect(IndicatorPeriodKind.month.label(Day(iso: "2026-03-01")!) == "2026-03")
        #expect(IndicatorPeriodKind.month.display(Day(iso: "2026-03-01")!) == "March 2026")
    }

    @Test func isoWeeksStartOnMonday() {
        // 2026-01-01 is a Thursday: ISO week 1 of 2026 starts on Monday 29 December 2025.
        #expect(IndicatorPeriodKind.week.parse("2026-W01")?.iso == "2025-12-29")
        #expect(IndicatorPeriodKind.week.parse("2026-01-01")?.iso == "2025-12-29")
        #expect(IndicatorPeriodKind.week.parse("2026-W10")?.iso == "2026-03-02")
        #expect(IndicatorPeriodKind.week.label(Day(iso: "2025-12-29")!) == "2026-W01")
        #expect(IndicatorPeriodKind.week.label(Day(iso: "2026-03-02")!) == "2026-W10")
        // 2026 has 53 weeks (it starts on a Thursday); 2025 has 52.
        #expect(IndicatorPeriodKind.week.parse("2026-W53") != nil)
        #expect(IndicatorPeriodKind.week.parse("2025-W53") == nil)
        #expect(IndicatorPeriodKind.week.parse("2026-W00") == nil)
        #expect(IndicatorPeriodKind.monday(of: Day(iso: "2026-03-08")!).iso == "2026-03-02")
    }

    @Test func defaultCatalogueIsWellFormed() {
        let d = IndicatorDefinition.defaults
        #expect(d.count == 18)
        #expect(Set(d.map(\.name)).count == d.count)
        #expect(d.allSatisfy { $0.direction != .neutral || $0.target == nil })
        #expect(d.allSatisfy { $0.statements.allSatisfy { Framework.cqc2023.contains($0) } })
    }

    @Test func shortPeriodsNameTheMonthInThreeLetters() {
        #expect(IndicatorPeriodKind.month.short(Day(iso: "2026-11-01")!) == "Nov 2026")
        #expect(IndicatorPeriodKind.month.short(Day(iso: "2027-01-01")!) == "Jan 2027")
        #expect(IndicatorPeriodKind.week.short(Day(iso: "2026-11-02")!) == "w/c 2 Nov 2026")
    }
}
