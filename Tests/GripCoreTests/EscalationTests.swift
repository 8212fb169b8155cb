import Testing
@testable import GripCore

@Suite struct EscalationTests {
    let raised = Day(iso: "2026-03-03")!

    func move(_ from: EscalationStatus, _ to: EscalationStatus, _ party: Party, evidence: [ResolutionEvidence] = []) throws(EscalationLifecycle.Refusal) -> EscalationStatus {
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
        do { _ = try move(.jointReview, .resolved, .provider, evidence: [sameDay]); Issue.record("resolved on the raising day") } catch {
            #expect(error.message.contains("dated after it was raised on 3 March 2026"))
        }
        do { _ = try move(.jointReview, .resolved, .provider, evidence: [minutes]); Issue.record("resolved on minutes") } catch {
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
        #expect(throws: EscalationLifecycle.Refusal.self) { try move(.jointReview, .resolved, .provider, evidence: [minutesAsOutcome]) }
        #expect(try move(.jointReview, .resolved, .provider, evidence: [rota, feedback]) == .resolved)
        #expect(!rota.isOutcome && !training.isOutcome && feedback.isOutcome && !minutesAsOutcome.isOutcome)
    }

    @Test func otherMovesAreRefusedWithTheReason() {
        for (from, to) in [(EscalationStatus.draft, EscalationStatus.acknowledged), (.resolved, .raised), (.jointReview, .acknowledged), (.draft, .resolved)] {
            #expect(throws: EscalationLifecycle.Refusal.self) { try move(from, to, .provider) }
        }
        #expect(throws: EscalationLifecycle.Refusal(message: "The escalation is already raised.")) { try move(.raised, .raised, .provider) }
        #expect(EscalationStatus.raised.isOpen && !EscalationStatus.draft.isOpen && !EscalationStatus.resolved.isOpen)
        #expect(!EscalationStatus.draft.visibleToCommissioner)
    }

    @Test func nextUpdateDueFollowsTheCadence() {
        let since = Day(iso: "2026-02-01")!
        #expect(OversightLevel.nextUpdateDue(since: since, lastUpdate: nil, cadenceDays: 14).iso == "2026-02-15")
        #expect(OversightLevel.nextUpdateDue(since: since, lastUpdate: Day(iso: "2026-02-20"), cadenceDays: 14).iso == "2026-03-06")
        #expect(OversightLevel.nextUpdateDue(since: since, lastUpdate: Day(iso: "2026-01-20"), cadenceDays: 28).iso == "2026-03-01")
        #expect(OversightLevel.admissionsSuspended.rank > OversightLevel.enhancedMonitoring.rank)
    }
}
