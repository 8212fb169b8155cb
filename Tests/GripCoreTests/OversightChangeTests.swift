import Foundation
import Testing
@testable import GripCore

/// Which changes weaken an action's oversight (DESIGN §1) and so need a second person.
@Suite struct OversightChangeTests {
    let lead = UUID(), reviewer = UUID(), indicator = UUID()
    let day = Day(iso: "2026-06-30")!

    func terms(
        _ band: RiskBand = .high, direction: TargetDirection = .higher, target: Double = 100, targetDay: Day? = nil,
        statements: Set<String> = ["S3", "S8"], indicator: UUID?? = nil, lead: UUID? = nil, reviewer: UUID? = nil
    ) -> OversightTerms {
        OversightTerms(
            band: band, direction: direction, targetValue: target, targetDay: targetDay ?? day,
            statementIDs: statements,
            indicatorID: indicator ?? self.indicator, leadID: lead ?? self.lead, reviewerID: reviewer ?? self.reviewer)
    }

    func codes(
        _ after: OversightTerms, before: OversightTerms? = nil, status: ActionStatus = .inProgress
    ) -> [Weakening.Code] {
        OversightChange.weakenings(before: before ?? terms(), after: after, status: status).map(\.code)
    }

    @Test func nothingChangedWeakensNothing() {
        #expect(codes(terms()).isEmpty)
    }

    @Test func aLowerBandWeakensAndAHigherOneDoesNot() {
        #expect(codes(terms(.moderate)) == [.lowerBand])
        #expect(codes(terms(.low)) == [.lowerBand])
        #expect(codes(terms(.extreme)).isEmpty)
    }

    @Test func aTargetLoosenedInItsDirectionWeakens() {
        #expect(codes(terms(target: 99)) == [.looserTarget])
        #expect(codes(terms(target: 100)).isEmpty)
        #expect(codes(terms(target: 101)).isEmpty)
        let lower = terms(direction: .lower, target: 2)
        #expect(codes(terms(direction: .lower, target: 3), before: lower) == [.looserTarget])
        #expect(codes(terms(direction: .lower, target: 1), before: lower).isEmpty)
        #expect(
            codes(terms(direction: .lower, target: 100)) == [.looserTarget], "a changed direction is a looser target")
    }

    @Test func aLaterTargetDayWeakensAnEarlierOneDoesNot() {
        #expect(codes(terms(targetDay: day.adding(days: 1))) == [.laterTargetDay])
        #expect(codes(terms(targetDay: day.adding(days: -1))).isEmpty)
    }

    @Test func droppingAStatementOrTheIndicatorWeakensAddingDoesNot() {
        #expect(codes(terms(statements: ["S3"])) == [.droppedStatement])
        #expect(codes(terms(statements: ["S3", "S8", "W1"])).isEmpty)
        #expect(codes(terms(statements: ["S3", "W1"])) == [.droppedStatement], "swapping one out drops it")
        #expect(codes(terms(indicator: .some(nil))) == [.droppedIndicator])
        #expect(codes(terms(indicator: .some(UUID()))) == [.droppedIndicator])
        #expect(codes(terms(), before: terms(indicator: .some(nil))).isEmpty, "linking an indicator strengthens")
    }

    @Test func replacingPeopleWeakensOnlyHighAndExtreme() {
        #expect(codes(terms(lead: UUID())) == [.replacedLead])
        #expect(codes(terms(reviewer: UUID())) == [.replacedReviewer])
        #expect(codes(terms(.moderate, lead: UUID()), before: terms(.moderate)).isEmpty)
        #expect(codes(terms(.low, reviewer: UUID()), before: terms(.low)).isEmpty)
        // Raising a moderate action to high while replacing its lead still needs a second person.
        #expect(codes(terms(.high, lead: UUID()), before: terms(.moderate)) == [.replacedLead])
    }

    @Test func onlyLiveActionsNeedASecondPerson() {
        for status in ActionStatus.allCases {
            let found = codes(terms(.low), status: status)
            #expect(found.isEmpty == !status.isLive, "\(status)")
        }
    }

    @Test func everyWeakeningIsReportedTogetherWithSentences() {
        let all = OversightChange.weakenings(
            before: terms(),
            after: terms(
                .low, target: 50, targetDay: day.adding(days: 30), statements: [],
                indicator: .some(nil), lead: UUID(), reviewer: UUID()),
            status: .open, statementNames: ["S3": "Safeguarding"])
        #expect(
            all.map(\.code) == [
                .lowerBand, .looserTarget, .laterTargetDay, .droppedStatement, .droppedIndicator, .replacedLead,
                .replacedReviewer
            ])
        #expect(
            all.first { $0.code == .droppedStatement }?.message == "Quality statements dropped: S3 Safeguarding, S8.")
    }

    @Test func aWeakeningNeedsAReasonOfASentence() {
        let weak = OversightChange.weakenings(before: terms(), after: terms(.low), status: .open)
        #expect(OversightChange.reasonProblem(nil, weakenings: weak)?.field == "change_reason")
        #expect(OversightChange.reasonProblem("   short  ", weakenings: weak) != nil)
        #expect(OversightChange.reasonProblem("Every plan reviewed since June.", weakenings: weak) == nil)
        #expect(OversightChange.reasonProblem(nil, weakenings: []) == nil)
    }

    @Test func refusingNeedsAReasonApprovingDoesNot() {
        #expect(OversightChange.decisionProblem(approve: nil, reason: "x")?.field == "decision")
        #expect(OversightChange.decisionProblem(approve: false, reason: " ")?.field == "reason")
        #expect(OversightChange.decisionProblem(approve: false, reason: "Not yet shown.") == nil)
        #expect(OversightChange.decisionProblem(approve: true, reason: nil) == nil)
    }
}
