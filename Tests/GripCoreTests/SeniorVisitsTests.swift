import Foundation
import Testing
@testable import GripCore

@Suite struct SeniorVisitsTests {
    func day(_ s: String) -> Day { Day(iso: s)! }

    @Test func theScheduleTightensWithOversight() {
        let days = OversightLevel.allCases.map { SeniorVisits.schedule(for: $0).plannedEveryDays }
        #expect(days == days.sorted(by: >))
        #expect(SeniorVisits.schedule(for: .routine).unannouncedEveryDays == nil)
        #expect(
            SeniorVisits.schedule(for: .admissionsSuspended) == .init(plannedEveryDays: 7, unannouncedEveryDays: 14))
    }

    @Test func aVisitDueTodayIsNotLateAndTomorrowItIs() {
        let s = SeniorVisits.schedule(for: .formalImprovementPlan)  // 14 and 28 days
        let visits = [SeniorVisits.Visit(day: day("2026-12-01"), kind: .planned)]
        let onTime = SeniorVisits.status(s, visits: visits, since: day("2026-11-20"), today: day("2026-12-15"))
        #expect(onTime.map(\.kind) == [.planned, .unannounced])
        #expect(onTime[0].due == day("2026-12-15") && !onTime[0].isLate)
        // No unannounced visit since the schedule began on 20 November: due 18 December.
        #expect(onTime[1].last == nil && onTime[1].due == day("2026-12-18"))
        let late = SeniorVisits.status(s, visits: visits, since: day("2026-11-20"), today: day("2026-12-16"))
        #expect(late[0].daysLate == 1 && !late[1].isLate)
        #expect(
            SeniorVisits.lateReason(late)
                == "Planned senior visit due 15 December 2026, 1 day late (last 1 December 2026).")
        #expect(SeniorVisits.lateReason(onTime) == nil)
    }

    @Test func anUnannouncedVisitCountsForBothAPlannedOneOnlyForItself() {
        let s = SeniorVisits.schedule(for: .formalImprovementPlan)
        let since = day("2026-11-01")
        let unannounced = [SeniorVisits.Visit(day: day("2026-12-10"), kind: .unannounced)]
        let a = SeniorVisits.status(s, visits: unannounced, since: since, today: day("2026-12-20"))
        #expect(a[0].last == day("2026-12-10") && a[1].last == day("2026-12-10"))
        let planned = [SeniorVisits.Visit(day: day("2026-12-10"), kind: .planned)]
        let b = SeniorVisits.status(s, visits: planned, since: since, today: day("2026-12-20"))
        #expect(b[0].last == day("2026-12-10") && b[1].last == nil)
        #expect(b[1].due == day("2026-11-29") && b[1].daysLate == 21)
        #expect(SeniorVisits.lateReason(b) == "Unannounced senior visit due 29 November 2026, 21 days late (none yet).")
        // A visit recorded for a future day, or before the schedule began, does not count.
        let odd = [
            SeniorVisits.Visit(day: day("2026-12-25"), kind: .planned),
            SeniorVisits.Visit(day: day("2026-10-01"), kind: .planned)
        ]
        #expect(SeniorVisits.status(s, visits: odd, since: since, today: day("2026-12-20"))[0].last == nil)
    }

    /// What a visit record must say (issue 36): a day within the last year and not in the future, a kind, and the
    /// three texts, each 3 to 4,000 characters.
    @Test func aVisitRecordIsCheckedFieldByField() {
        let today = day("2026-12-07")
        func problems(
            _ d: Day?, _ k: SeniorVisits.Kind?, _ o: String = "All well.", _ s: String = "Two carers.",
            _ f: String = "Nothing to add."
        ) -> [String] {
            SeniorVisits.problems(
                day: d, kind: k, observed: o, spokenTo: s, findings: f, earliest: today.adding(days: -365),
                today: today
            ).map(\.field)
        }
        #expect(problems(today, .planned).isEmpty)
        #expect(problems(today.adding(days: -365), .unannounced).isEmpty)
        #expect(problems(today.adding(days: -366), .planned) == ["day"])
        #expect(problems(today.adding(days: 1), .planned) == ["day"])
        #expect(problems(nil, nil) == ["day", "kind"])
        #expect(
            problems(today, .planned, "ok", "  ", String(repeating: "x", count: 4001)) == [
                "observed", "spoken_to", "findings"
            ])
        #expect(problems(today, .planned, "abc", String(repeating: "x", count: 4000)).isEmpty)
    }

    @Test func theNamedVisitorsAreTheNominatedIndividualOrAQualityLead() {
        #expect(SeniorVisits.visitorProblems(plannedBy: nil, unannouncedBy: nil).isEmpty)
        #expect(
            SeniorVisits.visitorProblems(
                plannedBy: (.nominatedIndividual, true), unannouncedBy: (.qualityLead, true)
            ).isEmpty)
        #expect(
            SeniorVisits.visitorProblems(plannedBy: (.registeredManager, true), unannouncedBy: (.qualityLead, false))
                .map(\.field) == ["planned_by", "unannounced_by"])
    }
}
