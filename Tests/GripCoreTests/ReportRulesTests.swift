import Foundation
import Testing
@testable import GripCore

@Suite struct ReportRulesTests {
    let today = Day(iso: "2026-11-23")!

    @Test func defaultPeriodIsTheLastThreeFullMonths() {
        let p = ReportPeriod.lastThreeFullMonths(today: today)
        #expect(p.from == Day(iso: "2026-08-01") && p.to == Day(iso: "2026-10-31"))
        let jan = ReportPeriod.lastThreeFullMonths(today: Day(iso: "2027-01-01")!)
        #expect(jan.from == Day(iso: "2026-10-01") && jan.to == Day(iso: "2026-12-31"))
        let march = ReportPeriod.lastThreeFullMonths(today: Day(iso: "2028-03-15")!)
        #expect(march.from == Day(iso: "2027-12-01") && march.to == Day(iso: "2028-02-29"))
        #expect(p.label == "1 August 2026 to 31 October 2026")
    }

    @Test func periodsParseISOAndUKAndNameTheBadField() throws {
        #expect(try ReportPeriod.parse(from: nil, to: "", today: today) == .lastThreeFullMonths(today: today))
        let p = try ReportPeriod.parse(from: "1/9/2026", to: "2026-09-30", today: today)
        #expect(p.from == Day(iso: "2026-09-01") && p.to == Day(iso: "2026-09-30"))
        #expect(p.contains(Day(iso: "2026-09-30")!) && !p.contains(Day(iso: "2026-10-01")!))
        #expect(
            throws: ValidationFailure([
                FieldError("from", "The first day must be a real date, such as 2026-08-01 or 1/8/2026.")
            ])
        ) {
            try ReportPeriod.parse(from: "31/2/2026", to: "2026-09-30", today: today)
        }
        #expect(throws: ValidationFailure([FieldError("to", "The last day comes after the first.")])) {
            try ReportPeriod.parse(from: "2026-09-30", to: "2026-09-01", today: today)
        }
        do {
            _ = try ReportPeriod.parse(from: "", to: "2026-09-01", today: today)
            Issue.record("a missing first day was accepted")
        } catch { #expect(error.errors.map(\.field) == ["from"]) }
        do {
            _ = try ReportPeriod.parse(from: "2020-01-01", to: "2026-09-01", today: today)
            Issue.record("six years was accepted")
        } catch { #expect(error.errors.map(\.field) == ["from"]) }
        #expect(ReportPeriod.day("1/8/26") == nil && ReportPeriod.day("13/13/2026") == nil)
    }

    @Test func completedAndOverdue() {
        let p = ReportPeriod(from: Day(iso: "2026-08-01")!, to: Day(iso: "2026-10-31")!)!
        #expect(
            !PackRules.completed(status: .monitoring, closedOn: Day(iso: "2026-08-01"), in: p),
            "closed but not yet re-audited")
        #expect(PackRules.completed(status: .sustained, closedOn: Day(iso: "2026-10-31"), in: p))
        #expect(!PackRules.completed(status: .sustained, closedOn: Day(iso: "2026-11-01"), in: p))
        #expect(!PackRules.completed(status: .cancelled, closedOn: Day(iso: "2026-09-01"), in: p))
        #expect(!PackRules.completed(status: .reopened, closedOn: Day(iso: "2026-09-01"), in: p))
        // Due on the period's last day and not done by its end: overdue at the end of the period.
        #expect(PackRules.overdue(status: .inProgress, dueDay: Day(iso: "2026-10-31")!, period: p, today: today))
        #expect(!PackRules.overdue(status: .inProgress, dueDay: Day(iso: "2026-11-01")!, period: p, today: today))
        #expect(!PackRules.overdue(status: .monitoring, dueDay: Day(iso: "2026-09-01")!, period: p, today: today))
        // A period running past today counts overdue as of today.
        let running = ReportPeriod(from: Day(iso: "2026-11-01")!, to: Day(iso: "2026-12-31")!)!
        #expect(!PackRules.overdue(status: .open, dueDay: Day(iso: "2026-11-30")!, period: running, today: today))
        #expect(PackRules.overdue(status: .open, dueDay: Day(iso: "2026-11-22")!, period: running, today: today))
    }

    @Test func thinEvidenceNeedsThreeCategoriesIncludingOutcomesOrPeople() {
        #expect(PackRules.isThin(categories: []))
        #expect(PackRules.isThin(categories: ["outcomes", "people"]))
        #expect(PackRules.isThin(categories: ["processes", "observation", "staff"]))
        #expect(!PackRules.isThin(categories: ["processes", "observation", "outcomes"]))
        #expect(PackRules.thinReason(categories: [], names: [:]) == "No evidence recorded in the period.")
        #expect(
            PackRules.thinReason(categories: ["processes", "observation", "staff"], names: [:])
                == "Nothing from outcomes or people's experience.")
    }

    @Test func recurringThemesIgnoreCaseAndSpacing() {
        let r = PackRules.recurringThemes([
            "Medicines", "medicines ", "Falls", "Night  staffing", "night staffing", "medicines", ""
        ])
        #expect(r.map(\.theme) == ["Medicines", "Night  staffing"] && r.map(\.count) == [3, 2])
        #expect(PackRules.recurringThemes(["One"]).isEmpty)
    }

    @Test func narrativesReadTheSignal() {
        let concern = PackRules.narrative(
            indicator: "Falls", service: "Oakwood", unit: "falls", latest: 9, latestLabel: "October 2026",
            mean: 4.26, variation: .concern, points: 24)
        #expect(
            concern
                == """
                Falls at Oakwood: 9 falls in October 2026, against a process mean of 4.3. Special-cause concern: \
                this needs a response.
                """
        )
        #expect(
            PackRules.narrative(
                indicator: "Falls", service: "Oak", unit: "falls", latest: 2, latestLabel: "May", mean: nil,
                variation: nil, points: 5
            )
            .contains("Too few points (5)"))
        #expect(
            PackRules.narrative(
                indicator: "Falls", service: "Oak", unit: "falls", latest: nil, latestLabel: nil, mean: nil,
                variation: nil, points: 0)
                == "Falls at Oak: no values in the period.")
    }
}
