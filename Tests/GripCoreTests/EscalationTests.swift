import Testing
@testable import GripCore

@Suite struct EscalationTests {
    let raised = Day(iso: "2026-03-03")!

    func move(
        _ from: EscalationStatus, _ to: EscalationStatus, _ party: Party, evidence: [ResolutionEvidence] = []
    ) throws(EscalationLifecycle.Refusal) -> EscalationStatus {
        try EscalationLifecycle.transition(from: from, to: to, by: party, raisedOn: raised, evidence: evidence)
    }

    @Test func theProviderRaisesAndTheCommissionerAcknowledges() throws {
        #expect(try move(.draft, .raised, .provider) == .raised)
        #expect(throws: EscalationLifecycle.Refusal.self) { try move(.draft, .raised, .commissioner) }
        #expect(try move(.raised, .acknowledged, .commissioner) == .acknowledged)
        #expect(throws: EscalationLifecycle.Refusal.self) { try move(.raised, .acknowledged, .provider) }
        #expect(try move(.acknowledged, .jointReview, .provider) == .jointReview)
        #expect(try move(.raised, .jointReview, .commissioner) == .jointReview)
    }

    @Test func resolvingNeedsOutcomeEvidenceDatedAfterRaising() throws {
        let after = ResolutionEvidence(date: raised.adding(days: 10), kind: .incidentData, category: "outcomes")
        let sameDay = ResolutionEvidence(date: raised, kind: .incidentData, category: "outcomes")
        let minutes = ResolutionEvidence(date: raised.adding(days: 10), kind: .minutes, category: "staff")
        #expect(try move(.jointReview, .resolved, .commissioner, evidence: [after]) == .resolved)
        #expect(try move(.acknowledged, .resolved, .provider, evidence: [minutes, after]) == .resolved)
        do {
            _ = try move(.jointReview, .resolved, .provider, evidence: [sameDay]);
            Issue.record("resolved on the raising day")
        } catch {
            #expect(error.message.contains("dated after it was raised on 3 March 2026"))
        }
        do {
            _ = try move(.jointReview, .resolved, .provider, evidence: [minutes]); Issue.record("resolved on minutes")
        } catch {
            #expect(error.message.contains("Minutes of a meeting are not an outcome"))
        }
        #expect(throws: EscalationLifecycle.Refusal.self) { try move(.jointReview, .resolved, .provider) }
    }

    /// Resolved on outcomes, not on activity: only the outcomes and people's-experience categories count.
    @Test func onlyOutcomesOrPeoplesExperienceResolve() throws {
        let later = raised.adding(days: 10)
        let rota = ResolutionEvidence(date: later, kind: .rota, category: "processes")
        let training = ResolutionEvidence(date: later, kind: .training, category: "staff")
        let feedback = ResolutionEvidence(date: later, kind: .feedback, category: "people")
        let minutesAsOutcome = ResolutionEvidence(date: later, kind: .minutes, category: "outcomes")
        let refusal = #expect(throws: EscalationLifecycle.Refusal.self) {
            try move(.jointReview, .resolved, .provider, evidence: [rota, training])
        }
        #expect(refusal?.message.contains("not that things improved") == true)
        #expect(throws: EscalationLifecycle.Refusal.self) {
            try move(.jointReview, .resolved, .provider, evidence: [minutesAsOutcome])
        }
        #expect(try move(.jointReview, .resolved, .provider, evidence: [rota, feedback]) == .resolved)
        #expect(!rota.isOutcome && !training.isOutcome && feedback.isOutcome && !minutesAsOutcome.isOutcome)
    }

    @Test func otherMovesAreRefusedWithTheReason() {
        for (from, to) in [
            (EscalationStatus.draft, EscalationStatus.acknowledged), (.resolved, .raised),
            (.jointReview, .acknowledged), (.draft, .resolved)
        ] {
            #expect(throws: EscalationLifecycle.Refusal.self) { try move(from, to, .provider) }
        }
        #expect(throws: EscalationLifecycle.Refusal(message: "The escalation is already raised.")) {
            try move(.raised, .raised, .provider)
        }
        #expect(EscalationStatus.raised.isOpen && !EscalationStatus.draft.isOpen && !EscalationStatus.resolved.isOpen)
        #expect(!EscalationStatus.draft.visibleToCommissioner)
    }

    @Test func nextUpdateDueFollowsTheCadence() {
        let since = Day(iso: "2026-02-01")!
        #expect(OversightLevel.nextUpdateDue(since: since, lastUpdate: nil, cadenceDays: 14).iso == "2026-02-15")
        #expect(
            OversightLevel.nextUpdateDue(since: since, lastUpdate: Day(iso: "2026-02-20"), cadenceDays: 14).iso
                == "2026-03-06")
        #expect(
            OversightLevel.nextUpdateDue(since: since, lastUpdate: Day(iso: "2026-01-20"), cadenceDays: 28).iso
                == "2026-03-01")
        #expect(OversightLevel.admissionsSuspended.rank > OversightLevel.enhancedMonitoring.rank)
    }
}

/// Issue 20: an escalation also resolves on an improvement in a linked indicator since it was raised.
@Suite struct EscalationIndicatorTests {
    let raised = Day(iso: "2026-03-03")!

    func months(_ n: Int, from start: Day = Day(iso: "2025-10-01")!) -> [Day] {
        (0..<n).map { Drift.monthStart(start, adding: $0) }
    }

    @Test func anImprovementInAPeriodAfterRaisingResolves() throws {
        // Falls (lower is better): six high months, then six low from March 2026 → a run-chart shift.
        let values: [Double] = [9, 9, 9, 9, 9, 8, 3, 2, 3, 2, 3]
        let r = SPC.analyse(values.map { SPC.Point(value: $0) }, direction: .down)
        let periods = months(values.count)  // October 2025 to August 2026
        #expect(r.points[6].variation == .improvement)
        #expect(EscalationLifecycle.indicatorImproved(periods: periods, result: r, warnOn: nil, raisedOn: raised))
        // Raised after the last improvement began: only periods starting after the raising day count.
        #expect(
            !EscalationLifecycle.indicatorImproved(
                periods: periods, result: r, warnOn: nil,
                raisedOn: Day(iso: "2026-08-01")!))
        #expect(
            try EscalationLifecycle.transition(
                from: .jointReview, to: .resolved, by: .provider, raisedOn: raised,
                evidence: [], indicatorImproved: true) == .resolved)
    }

    @Test func aConcernOrCommonCauseDoesNotResolve() {
        let worse: [Double] = [2, 2, 3, 2, 3, 2, 9, 9, 8, 9, 9]
        let r = SPC.analyse(worse.map { SPC.Point(value: $0) }, direction: .down)
        #expect(!EscalationLifecycle.indicatorImproved(periods: months(11), result: r, warnOn: nil, raisedOn: raised))
        let flat = SPC.analyse([3, 4, 3, 4].map { SPC.Point(value: $0) }, direction: .down)
        #expect(!EscalationLifecycle.indicatorImproved(periods: months(4), result: flat, warnOn: nil, raisedOn: raised))
        do {
            _ = try EscalationLifecycle.transition(
                from: .jointReview, to: .resolved, by: .provider, raisedOn: raised,
                evidence: [], indicatorImproved: false)
            Issue.record("resolved without an outcome")
        } catch {
            #expect(error.message.contains("or an improvement on a linked indicator"))
        }
    }

    @Test func aNeutralIndicatorImprovesTheOtherWayFromItsWarning() {
        let falling: [Double] = [9, 9, 9, 9, 9, 8, 3, 2, 3, 2, 3]
        let r = SPC.analyse(falling.map { SPC.Point(value: $0) }, direction: .neutral, warnOn: .rise)
        #expect(EscalationLifecycle.indicatorImproved(periods: months(11), result: r, warnOn: .rise, raisedOn: raised))
        let plain = SPC.analyse(falling.map { SPC.Point(value: $0) }, direction: .neutral)
        #expect(
            !EscalationLifecycle.indicatorImproved(
                periods: months(11), result: plain, warnOn: nil,
                raisedOn: raised))
    }
}
