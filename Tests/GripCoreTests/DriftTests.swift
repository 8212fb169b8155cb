import Foundation
import GripCore
import Testing

@Suite struct DriftTests {
    let today = Day(year: 2026, month: 12, day: 2)!

    @Test func nothingDriftsWhenAllIsOnTime() {
        var f = Drift.Facts()
        f.evidenceByMonth = [5, 6, 5, 5]
        #expect(Drift.signals(f, today: today).isEmpty)
    }

    /// Issue 36: a threshold answered after its time, or left past it, is a late escalation.
    @Test func lateEscalationsDriftFromTheFirst() {
        var f = Drift.Facts()
        #expect(Drift.signals(f, today: today).isEmpty)
        f.lateEscalations = 1
        #expect(
            Drift.signals(f, today: today)
                == [
                    .init(
                        kind: .lateEscalations,
                        reason: "1 escalation due in the last 12 weeks answered after the time to act, or not at all.")
                ])
        f.lateEscalations = 3
        #expect(Drift.signals(f, today: today).first?.reason.hasPrefix("3 escalations due") == true)
    }

    /// Issue 36: a safety-critical operating model its owner has let lapse drifts from the first.
    @Test func aLapsedSafetyModelDrifts() {
        var f = Drift.Facts()
        f.safetyModelsLapsed = 1
        #expect(
            Drift.signals(f, today: today)
                == [
                    .init(
                        kind: .safetyModelsLapsed,
                        reason: "1 safety-critical operating model not re-signed by its owner: nobody answers for the "
                            + "checks.")
                ])
        f.safetyModelsLapsed = 0
        #expect(Drift.signals(f, today: today).isEmpty)
    }

    @Test func lateReviewsAndReAuditsAreCountedWithTheirReason() {
        var f = Drift.Facts()
        f.reviewsLate = 1
        f.reAuditsLate = 2
        f.monitoringWithoutReAuditDay = 3
        let s = Drift.signals(f, today: today)
        #expect(s.map(\.kind) == [.reviewsLate, .reAuditsLate, .noReAuditDay])
        #expect(s[0].reason == "1 review past the review day.")
        #expect(s[1].reason == "2 closed actions not re-audited by the re-audit day.")
        #expect(s[2].reason == "3 closed actions in monitoring with no re-audit day.")
    }

    @Test func evidenceFallsBelowHalfItsOwnRecentMonths() {
        #expect(Drift.evidenceFall([6, 6, 6, 2])?.usual == 6)
        #expect(Drift.evidenceFall([6, 6, 6, 2])?.latest == 2)
        #expect(Drift.evidenceFall([6, 6, 6, 3]) == nil)  // exactly half is not below half
        #expect(Drift.evidenceFall([2, 3, 3, 0]) == nil)  // usual 2.7: too little to judge
        #expect(Drift.evidenceFall([3, 3, 3, 1]) != nil)  // usual 3: judged
        #expect(Drift.evidenceFall([9, 9, 1]) == nil)  // three months: too little history
        #expect(Drift.evidenceFall([0, 9, 9, 9, 1])?.usual == 9)  // only the three months before count
        var f = Drift.Facts()
        f.evidenceByMonth = [8, 7, 7, 1]
        f.latestMonth = Day(year: 2026, month: 11, day: 1)
        #expect(
            Drift.signals(f, today: today).map(\.reason)
                == ["1 item of evidence in November 2026, against 7.3 a month in the 3 months before."])
    }

    @Test func threeApprovedMeetingsWithoutChallenge() {
        #expect(Drift.withoutChallenge([0, 0, 0]))
        #expect(Drift.withoutChallenge([0, 0, 0, 4]))  // only the latest three count
        #expect(!Drift.withoutChallenge([0, 1, 0]))
        #expect(!Drift.withoutChallenge([0, 0]))  // two meetings: too few to say
        var f = Drift.Facts()
        f.routesWithoutChallenge = ["Quality board", "Harbour House governance"]
        #expect(
            Drift.signals(f, today: today).map(\.reason) == [
                "No challenge minuted at the last 3 approved meetings of Harbour House governance.",
                "No challenge minuted at the last 3 approved meetings of Quality board."
            ])
    }

    @Test func anEarlyWarningIsUnansweredAfterTwoWholeCycles() {
        func w(_ period: Day, _ kind: IndicatorPeriodKind = .month, answered: Bool = false) -> Drift.Warning {
            Drift.Warning(indicator: "Falls", period: period, periodKind: kind, answered: answered)
        }
        // September's warning is seen from 1 October; two cycles later is 1 December.
        let sept = Day(year: 2026, month: 9, day: 1)!
        #expect(Drift.warningUnanswered(w(sept), today: today))
        #expect(!Drift.warningUnanswered(w(sept), today: Day(year: 2026, month: 11, day: 30)!))
        #expect(!Drift.warningUnanswered(w(sept, answered: true), today: today))
        #expect(!Drift.warningUnanswered(w(Day(year: 2026, month: 10, day: 1)!), today: today))
        // Weekly: the week of 9 November is unanswered from 30 November.
        let week = Day(year: 2026, month: 11, day: 9)!
        #expect(Drift.warningUnanswered(w(week, .week), today: Day(year: 2026, month: 11, day: 30)!))
        #expect(!Drift.warningUnanswered(w(week, .week), today: Day(year: 2026, month: 11, day: 29)!))
        var f = Drift.Facts()
        f.warnings = [w(sept)]
        #expect(
            Drift.signals(f, today: today).map(\.reason)
                == ["Early warning in Falls (September 2026) unanswered for 2 cycles: no action measures it."])
    }

    @Test func monthsAcrossTheYearEnd() {
        let jan = Day(year: 2027, month: 1, day: 15)!
        #expect(Drift.evidenceWindow(today: jan).map(\.iso) == ["2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01"])
        #expect(Drift.monthStart(jan, adding: 0).iso == "2027-01-01")
        #expect(Drift.monthStart(jan, adding: 12).iso == "2028-01-01")
        #expect(Drift.next(Day(year: 2026, month: 11, day: 1)!, .month, periods: 3).iso == "2027-02-01")
    }
}
