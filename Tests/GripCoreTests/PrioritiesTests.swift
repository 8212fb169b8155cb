import Foundation
import Testing
@testable import GripCore

@Suite struct PrioritiesTests {
    @Test func partiesByRole() {
        #expect(Party.of(.commissioner) == .commissioner)
        #expect(Party.of(.registeredManager) == .provider)
        #expect(Party.of(.nominatedIndividual) == .provider)
        #expect(Party.of(.providerAdmin) == .provider)
        #expect(Party.of(.staff) == nil)
    }

    @Test func fragilityWeighsWarningsOverdueAndExtremeMost() {
        var c = Fragility.Counts()
        #expect(Fragility.score(c) == 0)
        c.warnings = 1
        #expect(Fragility.score(c) == 3)
        var stalled = Fragility.Counts()
        stalled.stalled = 2
        #expect(Fragility.score(stalled) == 2)
        c.overdue = 1; c.reviewOverdue = 1; c.weakProgress = 1; c.disconnected = 1; c.extremeLive = 1; c.stalled = 1
        #expect(Fragility.score(c) == 3 + 3 + 2 + 1 + 2 + 1 + 2)
    }

    @Test func currentActionIsLiveThenHighestRiskThenSoonestDue() {
        let d = Day(iso: "2026-06-01")!
        let monitoringHigh = CurrentAction.Candidate(id: UUID(), isLive: false, riskScore: 25, dueDay: d)
        let liveLow = CurrentAction.Candidate(id: UUID(), isLive: true, riskScore: 4, dueDay: d.adding(days: 30))
        let liveHighLater = CurrentAction.Candidate(id: UUID(), isLive: true, riskScore: 16, dueDay: d.adding(days: 20))
        let liveHighSooner = CurrentAction.Candidate(id: UUID(), isLive: true, riskScore: 16, dueDay: d.adding(days: 5))
        #expect(CurrentAction.choose([]) == nil)
        #expect(CurrentAction.choose([monitoringHigh, liveLow]) == liveLow.id)
        #expect(CurrentAction.choose([liveLow, liveHighLater, monitoringHigh]) == liveHighLater.id)
        #expect(CurrentAction.choose([liveHighLater, liveHighSooner, liveLow]) == liveHighSooner.id)
        #expect(CurrentAction.choose([monitoringHigh]) == monitoringHigh.id)
    }
}
