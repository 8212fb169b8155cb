import Foundation
import Testing

@testable import GripCore

@Suite struct HeatMapTests {
    @Test func countsShadeInFourStepsWithTheirEdges() {
        #expect(Heat.of(-1) == .none)
        #expect(Heat.of(0) == .none)
        #expect(Heat.of(1) == .some)
        #expect(Heat.of(2) == .several)
        #expect(Heat.of(4) == .several)
        #expect(Heat.of(5) == .many)
        #expect(Heat.of(500) == .many)
        #expect(Heat.allCases.map(\.label) == ["None", "1", "2 to 4", "5 or more"])
    }

    @Test func oversightShadesByItsLevel() {
        #expect(Heat.of(OversightLevel.routine) == .none)
        #expect(Heat.of(OversightLevel.enhancedMonitoring) == .some)
        #expect(Heat.of(OversightLevel.formalImprovementPlan) == .several)
        #expect(Heat.of(OversightLevel.admissionsSuspended) == .many)
    }

    @Test func theSortParameterIsReadOrRefusedWithTheChoices() {
        #expect(HeatMapOrder.parse(nil) == .success(.fragility))
        #expect(HeatMapOrder.parse("") == .success(.fragility))
        #expect(HeatMapOrder.parse("name") == .success(.name))
        #expect(HeatMapOrder.parse("review_overdue") == .success(.signal(.reviewOverdue)))
        guard case .failure(let problem) = HeatMapOrder.parse("worst") else {
            Issue.record("an unknown sort was accepted")
            return
        }
        #expect(problem.message.contains("'worst'"))
        #expect(problem.message.contains("fragility, name or one of oversight, overdue"))
        for order in [HeatMapOrder.fragility, .name] + ProviderSignal.allCases.map(HeatMapOrder.signal) {
            #expect(HeatMapOrder.parse(order.parameter) == .success(order))
        }
    }

    struct S {
        let name: String
        let fragility: Int
        let overdue: Int
    }

    func rows(_ order: HeatMapOrder, _ items: [S]) -> [String] {
        order.sorted(items) { .init(name: $0.name, fragility: $0.fragility, counts: [.overdue: $0.overdue]) }.map(
            \.name)
    }

    @Test func rowsSortByFragilityThenName() {
        let items = [
            S(name: "Beech", fragility: 3, overdue: 0), S(name: "Ash", fragility: 3, overdue: 1),
            S(name: "Cedar", fragility: 9, overdue: 0), S(name: "Alder", fragility: 0, overdue: 2)
        ]
        #expect(rows(.fragility, items) == ["Cedar", "Ash", "Beech", "Alder"])
        #expect(rows(.fragility, items.reversed()) == ["Cedar", "Ash", "Beech", "Alder"])
    }

    @Test func rowsSortByNameNaturally() {
        let items = [
            S(name: "House 10", fragility: 9, overdue: 0), S(name: "House 9", fragility: 0, overdue: 0),
            S(name: "ash Court", fragility: 1, overdue: 0)
        ]
        #expect(rows(.name, items) == ["ash Court", "House 9", "House 10"])
    }

    @Test func rowsSortByOneSignalThenFragility() {
        let items = [
            S(name: "A", fragility: 1, overdue: 2), S(name: "B", fragility: 8, overdue: 0),
            S(name: "C", fragility: 5, overdue: 2), S(name: "D", fragility: 0, overdue: 7)
        ]
        #expect(rows(.signal(.overdue), items) == ["D", "C", "A", "B"])
        // A signal no row has falls back to fragility.
        #expect(rows(.signal(.drift), items) == ["B", "C", "A", "D"])
    }
}
