import Testing
@testable import GripCore

@Suite struct RiskMatrixTests {
    func rate(_ h: Int, _ p: Int, _ r: Int, _ g: Int, _ c: Int) throws -> RiskRating {
        try RiskMatrix.current.rate(
            RiskFactors(harm: h, peopleAffected: p, recurrence: r, regulatoryImpact: g, controlWeakness: c))
    }

    @Test func severityIsTheHighestImpactFactorAndLikelihoodTheHigherOfTheOthers() throws {
        let r = try rate(2, 4, 1, 3, 3)
        #expect(r.severity == 4)
        #expect(r.likelihood == 3)
        #expect(r.score == 12)
        #expect(r.band == .high)
        #expect(r.matrixVersion == "npsa-5x5-v1")
        let regulatoryDriven = try rate(1, 1, 2, 5, 1)
        #expect(regulatoryDriven.severity == 5)
        #expect(regulatoryDriven.likelihood == 2)
    }

    @Test(arguments: [
        (1, RiskBand.low), (2, .low), (3, .low), (4, .moderate), (5, .moderate), (6, .moderate),
        (8, .high), (9, .high), (10, .high), (12, .high), (15, .extreme), (16, .extreme), (20, .extreme), (25, .extreme)
    ])
    func npsaBands(score: Int, band: RiskBand) {
        #expect(RiskMatrix.current.band(forScore: score) == band)
    }

    @Test func extremesOfTheScale() throws {
        #expect(try rate(1, 1, 1, 1, 1).score == 1)
        #expect(try rate(5, 5, 5, 5, 5).score == 25)
        #expect(try rate(5, 1, 1, 1, 3).band == .extreme)  // 5 × 3 = 15
        #expect(try rate(4, 1, 1, 1, 3).band == .high)  // 4 × 3 = 12
        #expect(try rate(3, 1, 1, 1, 1).band == .low)  // 3 × 1 = 3
        #expect(try rate(2, 1, 2, 1, 1).band == .moderate)  // 2 × 2 = 4
    }

    @Test func factorsOutsideOneToFiveAreRejectedByName() {
        do {
            _ = try RiskMatrix.current.rate(
                RiskFactors(harm: 0, peopleAffected: 6, recurrence: 3, regulatoryImpact: 3, controlWeakness: 3))
            Issue.record("expected a validation failure")
        } catch {
            #expect(error.errors.map(\.field) == ["harm", "people_affected"])
            #expect(error.message(for: "harm")?.contains("1 to 5") == true)
        }
    }

    @Test func gridHasTheBandOfEveryCell() {
        let grid = RiskMatrix.current.grid
        #expect(grid.count == 5)
        #expect(grid[0][4] == .extreme)  // severity 5 × likelihood 5
        #expect(grid[4][0] == .low)  // severity 1 × likelihood 1
        #expect(grid[1][1] == .high)  // 4 × 2 = 8
    }

    @Test func bandsInSentences() {
        #expect(RiskBand.extreme.withArticle == "an extreme-risk")
        #expect(RiskBand.high.withCapitalArticle == "A high-risk")
        #expect(
            ActionRules.interimControlsProblem(band: .extreme, interimControls: "")?.hasPrefix("An extreme-risk action")
                == true)
    }

    @Test func pastVersionsStayLookupable() {
        #expect(RiskMatrix.version("npsa-5x5-v1") == .npsa2024)
        #expect(RiskMatrix.version("unknown") == nil)
    }
}

@Suite struct ReviewPolicyTests {
    @Test func defaultCadenceByBand() {
        let p = ReviewPolicy.current
        #expect(p.cadence(for: .extreme) == 7)
        #expect(p.cadence(for: .high) == 7)
        #expect(p.cadence(for: .moderate) == 14)
        #expect(p.cadence(for: .low) == 28)
    }

    @Test func nextReviewIsOneCadenceOn() {
        let d = Day(iso: "2026-02-25")!
        #expect(ReviewPolicy.current.nextReview(after: d, band: .high).iso == "2026-03-04")
        #expect(ReviewPolicy.current.nextReview(after: d, band: .low).iso == "2026-03-25")
    }

    @Test func reviewOverdueOnlyAfterItsDay() {
        let today = Day(iso: "2026-03-10")!
        #expect(ReviewPolicy.isReviewOverdue(nextReview: Day(iso: "2026-03-09"), today: today))
        #expect(!ReviewPolicy.isReviewOverdue(nextReview: Day(iso: "2026-03-10"), today: today))
        #expect(!ReviewPolicy.isReviewOverdue(nextReview: nil, today: today))
    }
}
