import Foundation
import Testing
@testable import GripCore

@Suite struct ActionRulesTests {
    let leadID = UUID()

    func person(_ role: Role, access: Bool = true, active: Bool = true, id: UUID = UUID()) -> Candidate {
        Candidate(id: id, name: "Alex Doe", role: role, active: active, hasServiceAccess: access)
    }

    @Test func reviewerMustNotBeTheLead() {
        let p = person(.qualityLead, id: leadID)
        #expect(ActionRules.reviewerProblem(p, leadID: leadID, band: .low)?.contains("different person") == true)
        #expect(ActionRules.reviewerProblem(p, leadID: leadID, band: .extreme)?.contains("different person") == true)
    }

    @Test(arguments: [RiskBand.low, .moderate, .high])
    func managerOrAboveWithAccessReviewsBelowExtreme(band: RiskBand) {
        for role in [Role.registeredManager, .qualityLead, .nominatedIndividual, .providerAdmin] {
            #expect(ActionRules.reviewerProblem(person(role), leadID: leadID, band: band) == nil)
        }
        #expect(
            ActionRules.reviewerProblem(person(.staff), leadID: leadID, band: band)?.contains(
                "registered manager or above") == true)
        #expect(ActionRules.reviewerProblem(person(.commissioner), leadID: leadID, band: band) != nil)
        #expect(
            ActionRules.reviewerProblem(person(.registeredManager, access: false), leadID: leadID, band: band)?
                .contains("no access") == true)
    }

    @Test func extremeNeedsProviderLevelOversight() {
        #expect(ActionRules.reviewerProblem(person(.qualityLead), leadID: leadID, band: .extreme) == nil)
        #expect(ActionRules.reviewerProblem(person(.nominatedIndividual), leadID: leadID, band: .extreme) == nil)
        #expect(
            ActionRules.reviewerProblem(person(.registeredManager), leadID: leadID, band: .extreme)?.contains(
                "quality lead or the nominated individual") == true)
        #expect(ActionRules.reviewerProblem(person(.providerAdmin), leadID: leadID, band: .extreme) != nil)
    }

    @Test func deactivatedPeopleCannotLeadOrReview() {
        #expect(
            ActionRules.reviewerProblem(person(.qualityLead, active: false), leadID: leadID, band: .high)?.contains(
                "deactivated") == true)
        #expect(ActionRules.leadProblem(person(.staff, active: false))?.contains("deactivated") == true)
    }

    @Test func leadMustDeliverInTheService() {
        #expect(ActionRules.leadProblem(person(.staff)) == nil)
        #expect(ActionRules.leadProblem(person(.commissioner)) != nil)
        #expect(ActionRules.leadProblem(person(.staff, access: false))?.contains("no access") == true)
    }

    @Test func interimControlsRequiredForHighAndExtremeOnly() {
        #expect(ActionRules.interimControlsProblem(band: .high, interimControls: "  ") != nil)
        #expect(ActionRules.interimControlsProblem(band: .extreme, interimControls: "") != nil)
        #expect(ActionRules.interimControlsProblem(band: .extreme, interimControls: "Daily checks") == nil)
        #expect(ActionRules.interimControlsProblem(band: .moderate, interimControls: "") == nil)
    }

    @Test func targetMustImproveOnBaselineInItsDirection() {
        let b = Day(iso: "2026-01-10")!, t = Day(iso: "2026-03-01")!
        #expect(
            ActionRules.targetProblems(
                direction: .higher, baselineValue: 40, targetValue: 100, baselineDay: b, targetDay: t
            ).isEmpty)
        #expect(
            ActionRules.targetProblems(
                direction: .higher, baselineValue: 40, targetValue: 40, baselineDay: b, targetDay: t
            ).map(\.field) == ["target_value"])
        #expect(
            ActionRules.targetProblems(
                direction: .lower, baselineValue: 11, targetValue: 0, baselineDay: b, targetDay: t
            ).isEmpty)
        #expect(
            ActionRules.targetProblems(
                direction: .lower, baselineValue: 11, targetValue: 12, baselineDay: b, targetDay: t
            ).map(\.field) == ["target_value"])
        #expect(
            ActionRules.targetProblems(
                direction: .higher, baselineValue: 1, targetValue: 2, baselineDay: t, targetDay: b
            ).map(\.field) == ["target_day"])
        #expect(
            ActionRules.targetProblems(
                direction: .higher, baselineValue: 1, targetValue: 2, baselineDay: b, targetDay: b
            ).isEmpty)
    }

    @Test func overdueOnlyForLiveActionsPastTheirDay() {
        let today = Day(iso: "2026-03-10")!
        #expect(ActionRules.isOverdue(status: .inProgress, dueDay: Day(iso: "2026-03-09")!, today: today))
        #expect(!ActionRules.isOverdue(status: .inProgress, dueDay: today, today: today))
        #expect(!ActionRules.isOverdue(status: .monitoring, dueDay: Day(iso: "2026-01-01")!, today: today))
        #expect(!ActionRules.isOverdue(status: .cancelled, dueDay: Day(iso: "2026-01-01")!, today: today))
        #expect(ActionRules.isOverdue(status: .reopened, dueDay: Day(iso: "2026-01-01")!, today: today))
    }

    @Test func dueDayChangesNeedAReason() {
        let today = Day(iso: "2026-03-10")!
        let problems = ActionRules.dueDayChangeProblems(
            band: .low, status: .open, currentDue: Day(iso: "2026-03-20")!,
            newDue: Day(iso: "2026-04-01")!, today: today, reason: " ", controlChange: "")
        #expect(problems.map(\.field) == ["reason"])
    }

    @Test func overdueHighOrExtremeNeedsAControlChangeToExtend() {
        let today = Day(iso: "2026-03-10")!
        let overdue = Day(iso: "2026-03-01")!
        for band in [RiskBand.high, .extreme] {
            let p = ActionRules.dueDayChangeProblems(
                band: band, status: .inProgress, currentDue: overdue, newDue: Day(iso: "2026-03-24")!,
                today: today, reason: "Staff sickness", controlChange: "")
            #expect(p.map(\.field) == ["control_change"])
            #expect(
                ActionRules.dueDayChangeProblems(
                    band: band, status: .inProgress, currentDue: overdue, newDue: Day(iso: "2026-03-24")!,
                    today: today, reason: "Staff sickness", controlChange: "Agency nurse covers the round"
                ).isEmpty)
        }
        // Moderate: a reason is enough, overdue or not.
        #expect(
            ActionRules.dueDayChangeProblems(
                band: .moderate, status: .inProgress, currentDue: overdue, newDue: Day(iso: "2026-03-24")!,
                today: today, reason: "r", controlChange: ""
            ).isEmpty)
    }

    /// "Change the control, not the date" bites whenever a high or extreme action moves later,
    /// on its due day or weeks before it, not only once it is overdue; an escalation also answers it.
    @Test(arguments: [0, 1, 7, 30])
    func highOrExtremeMovingLaterNeedsAControlChangeEvenBeforeItIsDue(daysBeforeDue: Int) {
        let today = Day(iso: "2026-03-10")!
        let due = today.adding(days: daysBeforeDue)
        for band in [RiskBand.high, .extreme] {
            let p = ActionRules.dueDayChangeProblems(
                band: band, status: .inProgress, currentDue: due, newDue: due.adding(days: 14),
                today: today, reason: "Staff sickness", controlChange: "")
            #expect(p.map(\.field) == ["control_change"])
            #expect(p[0].message.contains("is moving later"))
            #expect(
                ActionRules.dueDayChangeProblems(
                    band: band, status: .inProgress, currentDue: due, newDue: due.adding(days: 14),
                    today: today, reason: "Staff sickness", controlChange: "",
                    escalation: "To the provider oversight meeting"
                ).isEmpty)
            // Earlier is always fine with a reason.
            if daysBeforeDue > 1 {
                #expect(
                    ActionRules.dueDayChangeProblems(
                        band: band, status: .inProgress, currentDue: due, newDue: due.adding(days: -1),
                        today: today, reason: "Ahead of plan", controlChange: ""
                    ).isEmpty)
            }
        }
        #expect(
            ActionRules.dueDayChangeProblems(
                band: .moderate, status: .inProgress, currentDue: due, newDue: due.adding(days: 14),
                today: today, reason: "r", controlChange: ""
            ).isEmpty)
    }

    @Test func dueDayCannotMoveIntoThePastOrStayTheSame() {
        let today = Day(iso: "2026-03-10")!
        let same = ActionRules.dueDayChangeProblems(
            band: .low, status: .open, currentDue: today, newDue: today, today: today, reason: "r", controlChange: "")
        #expect(same.map(\.field) == ["due_day"])
        let past = ActionRules.dueDayChangeProblems(
            band: .low, status: .open, currentDue: Day(iso: "2026-03-20")!, newDue: Day(iso: "2026-03-01")!,
            today: today, reason: "r", controlChange: "")
        #expect(past.map(\.field) == ["due_day"])
    }

    @Test func displayOfMeasureValues() {
        #expect(ActionRules.display(100) == "100")
        #expect(ActionRules.display(82.5) == "82.5")
        #expect(ActionRules.display(-3) == "-3")
    }
}
