import Foundation
import Testing

@testable import GripCore

@Suite struct CommissionerSummaryTests {
    let today = Day(iso: "2026-12-02")!

    @Test func thePreviousPeriodHasTheSameLengthAndEndsTheDayBefore() {
        // 1 September to 30 November is 91 days; the 91 before end on 31 August and start on 2 June.
        let p = ReportPeriod(from: Day(iso: "2026-09-01")!, to: Day(iso: "2026-11-30")!)!
        #expect(p.previous == ReportPeriod(from: Day(iso: "2026-06-02")!, to: Day(iso: "2026-08-31")!)!)
        #expect(p.previous.to.days(since: p.previous.from) == p.to.days(since: p.from))
        let oneDay = ReportPeriod(from: Day(iso: "2026-03-01")!, to: Day(iso: "2026-03-01")!)!
        #expect(oneDay.previous == ReportPeriod(from: Day(iso: "2026-02-28")!, to: Day(iso: "2026-02-28")!)!)
        // Across a leap day.
        let march = ReportPeriod(from: Day(iso: "2028-03-01")!, to: Day(iso: "2028-03-31")!)!
        #expect(march.previous == ReportPeriod(from: Day(iso: "2028-01-30")!, to: Day(iso: "2028-02-29")!)!)
    }

    @Test func changesSayWhichWayAndFromWhat() {
        #expect(CommissionerSummary.change(3, was: 1) == "3, up from 1")
        #expect(CommissionerSummary.change(0, was: 2) == "0, down from 2")
        #expect(CommissionerSummary.change(2, was: 2) == "2, as in the last pack")
    }

    @Test func onlyRaisedAndJointReviewEscalationsAskTheCommissioner() {
        let due = Day(iso: "2026-12-05")!
        #expect(
            CommissionerSummary.escalationAsk(.raised, respondBy: due, today: today)
                == "Acknowledge and respond by 5 December 2026.")
        #expect(
            CommissionerSummary.escalationAsk(.raised, respondBy: Day(iso: "2026-12-01"), today: today)
                == "Acknowledge and respond: the response was due 1 December 2026.")
        #expect(
            CommissionerSummary.escalationAsk(.raised, respondBy: today, today: today)
                == "Acknowledge and respond by 2 December 2026.")
        #expect(CommissionerSummary.escalationAsk(.jointReview, respondBy: due, today: today) != nil)
        for s in [EscalationStatus.draft, .acknowledged, .resolved] {
            #expect(CommissionerSummary.escalationAsk(s, respondBy: due, today: today) == nil)
        }
    }

    @Test func oversightAsksToConfirmOrToConsiderSteppingDown() {
        let since = Day(iso: "2026-10-01")
        #expect(
            CommissionerSummary.oversightAsk(
                level: .routine, since: since, overdue: 5, warnings: 1,
                openEscalations: 1) == nil)
        #expect(
            CommissionerSummary.oversightAsk(
                level: .enhancedMonitoring, since: since, overdue: 1, warnings: 2,
                openEscalations: 0)
                == "Confirm enhanced monitoring since 1 October 2026 continues: 1 action overdue, 2 early warnings.")
        let calm = CommissionerSummary.oversightAsk(
            level: .formalImprovementPlan, since: nil, overdue: 0, warnings: 0,
            openEscalations: 0)
        #expect(calm?.hasPrefix("Decide whether to step down from formal improvement plan:") == true)
        let open = CommissionerSummary.oversightAsk(
            level: .admissionsSuspended, since: nil, overdue: 0, warnings: 0,
            openEscalations: 2)
        #expect(open == "Confirm admissions suspended continues: 2 open escalations.")
    }
}
