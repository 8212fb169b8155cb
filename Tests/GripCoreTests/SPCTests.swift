import Foundation
import Testing
@testable import GripCore

@Suite struct SPCTests {
    /// Twelve points alternating 10 and 12: mean 11, every moving range 2, limits 11 ± 5.32.
    let flat: [Double] = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12]

    func run(
        _ v: [Double], _ d: SPC.Direction = .up, target: Double? = nil, fixed: Int? = nil, rebaseAt: Set<Int> = []
    ) -> SPC.Result {
        SPC.analyse(
            v.enumerated().map { SPC.Point(value: $1, rebase: rebaseAt.contains($0)) }, direction: d, target: target,
            baselinePoints: fixed)
    }

    func variations(_ r: SPC.Result) -> [SPC.Variation] { r.points.map(\.variation) }

    @Test func limitsFromTheMeanMovingRange() throws {
        let r = run(flat)
        let l = try #require(r.periods[0].limits)
        #expect(l.mean == 11)
        #expect(l.movingRangeMean == 2)
        #expect(abs(l.upper - 16.32) < 1e-9)
        #expect(abs(l.lower - 5.68) < 1e-9)
        #expect(variations(r).allSatisfy { $0 == .commonCause })
    }

    /// One pass only: after dropping the 20 the mean moving range is 15/11 ≈ 1.36, and a second pass
    /// would drop the 5 as well (5 ≥ 3.267 × 1.36) and leave 1; the limits must use 15/11.
    @Test func screeningIsOnePassNotRepeated() throws {
        let v: [Double] = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 15, 35]
        let l = try #require(run(v).periods[0].limits)
        #expect(abs(l.movingRangeMean - 15.0 / 11.0) < 1e-12)
    }

    @Test func screeningDropsLargeMovingRangesOnce() throws {
        // Ranges: eleven of 1 and one of 20 → MR̄ = 31/12 ≈ 2.583; 20 ≥ 3.267 × 2.583, so it is dropped → MR̄ = 1.
        var v: [Double] = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11]
        v.append(31)
        let l = try #require(run(v).periods[0].limits)
        #expect(abs(l.movingRangeMean - 1) < 1e-12)
        #expect(run(v).points.last?.variation == .improvement)
        #expect(run(v).points.last?.rule == .outside)
    }

    @Test func fewerThanTwelvePointsHaveNoLimitsAndSayWhy() {
        let r = run(Array(flat.prefix(11)) + [])
        #expect(r.periods[0].limits == nil)
        #expect(r.periods[0].noLimitsReason?.contains("11 points") == true)
        #expect(variations(r).allSatisfy { $0 == .commonCause })
        let fixedShort = run(flat + flat, fixed: 11)
        #expect(fixedShort.periods[0].limits == nil)
        #expect(fixedShort.periods[0].noLimitsReason?.contains("fixed on 11") == true)
        #expect(run(flat).periods[0].limits != nil)
    }

    @Test func noVariationMeansNoLimits() {
        let r = run([Double](repeating: 5, count: 15) + [9], fixed: 12)
        #expect(r.periods[0].limits == nil)
        #expect(r.periods[0].noLimitsReason?.contains("no variation") == true)
        #expect(variations(r).allSatisfy { $0 == .commonCause })
    }

    @Test func screeningThatLeavesOnlyZeroRangesPutsTheLimitsOnTheMean() throws {
        // Baseline: 12 fives and one 100: ranges 0 × 11, 95 → MR̄ = 95/12 ≈ 7.9; 95 ≥ 3.267 × 7.9 → dropped; MR̄ = 0.
        let v = [Double](repeating: 5, count: 12) + [100]
        let r = run(v, .neutral)
        let l = try #require(r.periods[0].limits)
        #expect(l.lower == l.mean && l.upper == l.mean)
        // Every point off the mean is outside: the fives below it, the hundred above.
        #expect(r.points.last?.variation == .neutralHigh)
        #expect(r.points.allSatisfy { $0.rule == .outside })
        #expect(r.points.prefix(12).allSatisfy { $0.variation == .neutralLow })
        // With the limits fixed on the twelve fives there is no variation to judge at all.
        #expect(run(v, .neutral, fixed: 12).periods[0].limits == nil)
    }

    @Test func outsideIsStrictAndOnTheLimitIsNear() throws {
        let l = try #require(run(flat).periods[0].limits)
        // Two points exactly on the upper limit, with the limits fixed on the flat baseline: not outside,
        // but near it — and two near points in three, all above the mean, are flagged by rule 3.
        let onLimit = run(flat + [l.upper, l.upper], fixed: 12)
        #expect(onLimit.points.suffix(2).allSatisfy { $0.rule == .nearLimits && $0.variation == .improvement })
        let above = run(flat + [l.upper + 0.001], fixed: 12)
        #expect(above.points.last?.rule == .outside)
        #expect(above.points.last?.variation == .improvement)
        let below = run(flat + [l.lower - 0.001], .up, fixed: 12)
        #expect(below.points.last?.variation == .concern)
        let belowDown = run(flat + [l.lower - 0.001], .down, fixed: 12)
        #expect(belowDown.points.last?.variation == .improvement)
    }

    /// Rule 3's threshold is two thirds of the way from the mean to the limit (mean 11, upper 16.32:
    /// 14.547): just beyond it is near, just short of it is not.
    @Test func nearMeansBeyondTwoThirdsOfTheWayToTheLimit() throws {
        let l = try #require(run(flat).periods[0].limits)
        let threshold = l.mean + 2.0 / 3.0 * (l.upper - l.mean)
        let beyond = run(flat + [threshold + 0.01, threshold + 0.01], fixed: 12)
        #expect(beyond.points.suffix(2).allSatisfy { $0.rule == .nearLimits })
        let short = run(flat + [threshold - 0.01, threshold - 0.01], fixed: 12)
        #expect(short.points.suffix(2).allSatisfy { $0.rule == nil && $0.variation == .commonCause })
        let lowThreshold = l.mean - 2.0 / 3.0 * (l.mean - l.lower)
        // The flat baseline ends above the mean, so a third low point completes a window below it.
        let below = run(flat + [lowThreshold - 0.01, lowThreshold - 0.01, 10], .up, fixed: 12)
        #expect([below.points[12], below.points[13]].allSatisfy { $0.rule == .nearLimits && $0.variation == .concern })
        #expect(below.points[14].rule == nil)
    }

    /// Rule 3 looks at windows of three consecutive points: two near points one apart are flagged,
    /// two near points two apart are not, and a window with a point across the mean is not.
    @Test func nearLimitsNeedsTwoInAWindowOfThree() {
        let near = 14.6
        let inThree = run(flat + [near, 12, near], fixed: 12)
        #expect(inThree.points.suffix(3).map(\.rule) == [.nearLimits, nil, .nearLimits])
        let inFour = run(flat + [near, 12, 12, near], fixed: 12)
        #expect(inFour.points.suffix(4).allSatisfy { $0.rule == nil })
        let acrossTheMean = run(flat + [near, 10, near], fixed: 12)
        #expect(acrossTheMean.points.suffix(3).allSatisfy { $0.rule == nil })
    }

    /// An early warning is a concern among the latest three points: the third-latest warns, the
    /// fourth-latest no longer does, and of two concerns the later one is named.
    @Test func earlyWarningWindowIsTheLatestThreePoints() {
        #expect(SPC.Result.warningWindow == 3)
        let third = run(flat + [0, 11, 11], .up, fixed: 12)
        #expect(third.points[12].variation == .concern)
        #expect(third.latestConcern() == 12)
        let fourth = run(flat + [0, 11, 11, 11], .up, fixed: 12)
        #expect(fourth.points[12].variation == .concern)
        #expect(fourth.latestConcern() == nil)
        let two = run(flat + [0, 0.5, 11], .up, fixed: 12)
        #expect(two.latestConcern() == 13)
        // An improvement is not a warning.
        #expect(run(flat + [30, 11, 11], .up, fixed: 12).latestConcern() == nil)
    }

    /// A neutral indicator set to warn on a rise (safeguarding concerns) labels a high special cause a
    /// concern — so it gives an early warning — and leaves a low one neutral; warn on a fall, the reverse.
    @Test func aNeutralIndicatorCanWarnOnARiseOrAFall() {
        let rise = flat + [30, 11, 11], fall = flat + [0, 11, 11]
        #expect(run(rise, .neutral, fixed: 12).points[12].variation == .neutralHigh)
        #expect(run(rise, .neutral, fixed: 12).latestConcern() == nil, "plain neutral never warns")
        let onRise = SPC.analyse(
            (rise).map { SPC.Point(value: $0) }, direction: .neutral, baselinePoints: 12, warnOn: .rise)
        #expect(onRise.points[12].variation == .concern && onRise.latestConcern() == 12)
        let fallOnRise = SPC.analyse(
            fall.map { SPC.Point(value: $0) }, direction: .neutral, baselinePoints: 12, warnOn: .rise)
        #expect(fallOnRise.points[12].variation == .neutralLow && fallOnRise.latestConcern() == nil)
        let onFall = SPC.analyse(
            fall.map { SPC.Point(value: $0) }, direction: .neutral, baselinePoints: 12, warnOn: .fall)
        #expect(onFall.points[12].variation == .concern)
        // Ignored for indicators with a direction: they warn on their bad side already.
        let up = SPC.analyse(rise.map { SPC.Point(value: $0) }, direction: .up, baselinePoints: 12, warnOn: .rise)
        #expect(up.points[12].variation == .improvement)
        #expect(IndicatorRules.warnOnProblem(direction: .up, warnOn: .rise)?.field == "warn_on")
        #expect(IndicatorRules.warnOnProblem(direction: .neutral, warnOn: .rise) == nil)
        #expect(IndicatorRules.warnOnProblem(direction: .down, warnOn: nil) == nil)
        #expect(IndicatorDefinition.defaults.first { $0.name == "Safeguarding concerns" }?.warnOn == .rise)
    }

    @Test func trendOfSevenButNotSix() {
        // Fixed limits on the flat baseline; then rising runs, drawn well inside the limits.
        let six = run(flat + [6, 7, 8, 9, 10, 11], fixed: 12)
        #expect(six.points.suffix(6).allSatisfy { $0.rule != .trend })
        let seven = run(flat + [6, 7, 8, 9, 10, 11, 11.5], fixed: 12)
        #expect(seven.points.suffix(7).allSatisfy { $0.rule == .trend && $0.variation == .improvement })
        let falling = run(flat + [16, 15, 14, 13, 12, 11, 10], .up, fixed: 12)
        #expect(falling.points.suffix(7).allSatisfy { $0.rule == .trend && $0.variation == .concern })
    }

    @Test func aTieBreaksATrend() {
        let r = run(flat + [6, 7, 8, 8, 9, 10, 11], fixed: 12)
        #expect(r.points.suffix(7).allSatisfy { $0.rule != .trend })
    }

    @Test func aPeakTakesTheLaterTrendsDirection() {
        // Seven rising to a peak, then seven falling from it: the peak belongs to both.
        let r = run(flat + [6, 7, 8, 9, 10, 11, 12, 11, 10, 9, 8, 7, 6], .neutral, fixed: 12)
        let peak = r.points[12 + 6]
        #expect(peak.rule == .trend)
        #expect(peak.variation == .neutralLow)
        #expect(r.points[12 + 5].variation == .neutralHigh)
        #expect(r.points[12 + 7].variation == .neutralLow)
    }

    @Test func twoOfThreeNearTheSameLimitOnTheSameSide() throws {
        // Limits 11 ± 5.32: near upper is above 14.5467 and at most 16.32.
        let near = run(flat + [15, 12, 15.5], fixed: 12)
        #expect(near.points[12].rule == .nearLimits)
        #expect(near.points[14].rule == .nearLimits)
        #expect(near.points[13].rule == nil)  // only the near points are flagged
        #expect(near.points[12].variation == .improvement)
        // One of the three on the other side of the mean: no signal.
        let crossing = run(flat + [15, 10, 15.5], fixed: 12)
        #expect(crossing.points.suffix(3).allSatisfy { $0.rule == nil })
        // Near opposite limits: no signal.
        let opposite = run(flat + [15, 6, 15.5], fixed: 12)
        #expect(opposite.points.suffix(3).allSatisfy { $0.rule == nil })
        // Exactly on the limit is near, not outside.
        let l = try #require(near.periods[0].limits)
        let onLimit = run(flat + [l.upper, 12, l.upper], fixed: 12)
        #expect(onLimit.points[12].rule == .nearLimits && onLimit.points[14].rule == .nearLimits)
        // A point on the mean in the window breaks it.
        let onMean = run(flat + [15, 11, 15.5], fixed: 12)
        #expect(onMean.points.suffix(3).allSatisfy { $0.rule == nil })
    }

    @Test func runsOfSevenOnOneSideButNotSixOrThroughTheMean() {
        // The flat baseline ends above the mean, so each case starts with a point below it.
        let six = run(flat + [10, 12, 11.5, 12, 11.5, 12, 11.5], fixed: 12)
        #expect(six.points.suffix(6).allSatisfy { $0.rule == nil })
        let seven = run(flat + [10, 12, 11.5, 12, 11.5, 12, 11.5, 12], .down, fixed: 12)
        #expect(seven.points.suffix(7).allSatisfy { $0.rule == .run && $0.variation == .concern })
        let broken = run(flat + [10, 12, 11.5, 12, 11, 12, 11.5, 12], fixed: 12)
        #expect(broken.points.suffix(7).allSatisfy { $0.rule == nil })
    }

    @Test func theFirstRuleThatFlagsAPointGivesItsLabel() throws {
        // A rising trend of 7 whose last point is outside: that point is rule 1, the rest rule 2.
        let r = run(flat + [10, 11, 12, 13, 14, 15, 40], fixed: 12)
        #expect(r.points.last?.rule == .outside)
        #expect(r.points[12].rule == .trend)
    }

    @Test func nothingCarriesAcrossARebase() {
        // Six rising before the rebase and six after do not make a trend; each period gets its own limits.
        let before = flat + [6, 7, 8, 9, 10, 11]
        let after = [12, 13, 14, 15, 16, 17] + flat
        let r = run(before + after, fixed: 12, rebaseAt: [before.count])
        #expect(r.periods.count == 2)
        #expect(r.periods[1].start == before.count)
        #expect(r.points.allSatisfy { $0.rule != .trend || $0.period == 1 })
        #expect(r.points[before.count...].prefix(6).allSatisfy { $0.rule != .trend })
        #expect(r.periods[1].limits?.mean != r.periods[0].limits?.mean)
    }

    @Test func fixedBaselineUsesOnlyItsPoints() throws {
        let r = run(flat + [100, 100, 100], fixed: 12)
        let l = try #require(r.periods[0].limits)
        #expect(l.mean == 11)
        #expect(r.periods[0].baselineCount == 12)
        #expect(r.points.suffix(3).allSatisfy { $0.rule == .outside && !$0.inBaseline })
        // Without a fixed baseline, every point is in it.
        #expect(run(flat + [100, 100, 100]).periods[0].baselineCount == 15)
    }

    @Test func assuranceAgainstTheLatestLimits() {
        #expect(run(flat, .up, target: 5).assurance == .consistentlyPassing)  // lower limit 5.68 > 5
        #expect(run(flat, .up, target: 5.68).assurance == .hitAndMiss)  // not strictly
        #expect(run(flat, .up, target: 17).assurance == .consistentlyFailing)  // upper 16.32 < 17
        #expect(run(flat, .down, target: 17).assurance == .consistentlyPassing)
        #expect(run(flat, .down, target: 5).assurance == .consistentlyFailing)
        #expect(run(flat, .up, target: 11).assurance == .hitAndMiss)
        #expect(run(flat, .neutral, target: 11).assurance == nil)
        #expect(run(flat, .up).assurance == nil)
        let short = run(Array(flat.prefix(5)), .up, target: 5)
        #expect(short.assurance == nil)
        #expect(short.assuranceNote != nil)
    }
}

/// Below 12 points a period is read as a run chart (NHS run-chart rules), issue 20.
@Suite struct RunChartTests {
    func analyse(_ v: [Double], _ d: SPC.Direction = .up, warnOn: SPC.WarnOn? = nil) -> SPC.Result {
        SPC.analyse(v.map { SPC.Point(value: $0) }, direction: d, warnOn: warnOn)
    }

    @Test func theMedianIsDrawnAndLabelled() {
        let r = analyse([3, 1, 2, 5])
        #expect(r.periods[0].median == 2.5)
        #expect(r.periods[0].isRunChart)
        #expect(r.periods[0].limits == nil)
        #expect(r.periods[0].noLimitsReason?.contains("run chart") == true)
        #expect(analyse([4, 1, 9]).periods[0].median == 4)
    }

    @Test func aShiftOfSixButNotFive() {
        // The median is fixed on the first six points (6, 6, 6, 2, 2, 2: median 4) and extended.
        let six = analyse([6, 6, 6, 2, 2, 2, 2, 2, 2], .up)
        #expect(six.periods[0].median == 4)
        #expect((3...8).allSatisfy { six.points[$0].rule == .shift && six.points[$0].variation == .concern })
        #expect((0...2).allSatisfy { six.points[$0].rule == nil && six.points[$0].variation == .commonCause })
        let five = analyse([6, 6, 6, 2, 2, 2, 2, 2, 6, 2], .up)
        #expect(five.points.allSatisfy { $0.rule == nil })
    }

    @Test func theMedianIsFixedOnTheFirstSixPoints() {
        // Over all eleven points a median could never have six on one side; over the first six it can.
        let r = analyse([4, 4, 4, 5, 5, 5, 9, 9, 9, 9, 9], .up)
        #expect(r.periods[0].median == 4.5)
        #expect((3...10).allSatisfy { r.points[$0].rule == .shift && r.points[$0].variation == .improvement })
    }

    @Test func pointsOnTheMedianNeitherMakeNorBreakAShift() {
        // With at most 11 points a shift of six cannot share the series with points on its median,
        // so the median is fixed on a short baseline (1, 1, 5, 9, 9: median 5).
        func fixed(_ v: [Double]) -> SPC.Result {
            SPC.analyse(v.map { SPC.Point(value: $0) }, direction: .down, baselinePoints: 5)
        }
        let six = fixed([1, 1, 5, 9, 9, 5, 9, 9, 5, 9, 1])
        #expect(six.periods[0].median == 5)
        #expect([3, 4, 6, 7, 9].allSatisfy { six.points[$0].rule == nil })  // five above, the 5s between: no shift
        let made = fixed([1, 1, 5, 9, 9, 5, 9, 9, 5, 9, 9])
        #expect(
            [
                3, 4, 6, 7, 9,
                10
            ].allSatisfy { made.points[$0].rule == .shift && made.points[$0].variation == .concern })
        #expect([5, 8].allSatisfy { made.points[$0].rule == nil })  // on the median: not part of it
        #expect(made.points[2].rule == nil)
        // Five above, one below: broken, not a shift.
        let broken = fixed([1, 1, 5, 9, 9, 9, 9, 9, 1, 9, 9])
        #expect(broken.points.allSatisfy { $0.rule != .shift })
    }

    @Test func aTrendOfFiveButNotFour() {
        let five = analyse([5, 1, 2, 3, 4, 5, 3], .down)
        #expect((1...5).allSatisfy { five.points[$0].rule == .runChartTrend })
        #expect(five.points[3].variation == .concern)  // rising is a concern when lower is better
        #expect(five.points[0].rule == nil && five.points[6].rule == nil)
        let four = analyse([5, 1, 2, 3, 4, 2, 3], .down)
        #expect(four.points.allSatisfy { $0.rule == nil })
    }

    @Test func equalNeighboursCountOnceInATrend() {
        // 1,2,2,3,4 is four distinct rising steps' worth of points (1,2,3,4): not a trend.
        #expect(analyse([1, 2, 2, 3, 4, 1, 1], .up).points.allSatisfy { $0.rule != .runChartTrend })
        // 1,2,2,3,4,5: five distinct points, with the tie inside the trend.
        let r = analyse([1, 2, 2, 3, 4, 5, 0], .up)
        #expect((0...5).allSatisfy { r.points[$0].rule == .runChartTrend && r.points[$0].variation == .improvement })
    }

    @Test func aShiftTakesPrecedenceOverATrend() {
        // Median of the first six is 2 (the 2s are on it); 5 to 10 are six above and also a trend.
        let r = analyse([1, 2, 1, 2, 5, 6, 7, 8, 9, 10], .up)
        #expect(r.periods[0].median == 2)
        #expect((4...9).allSatisfy { r.points[$0].rule == .shift })
    }

    @Test func neutralRunChartsWarnOnlyWhenAskedTo() {
        let v: [Double] = [5, 5, 5, 1, 1, 1, 1, 1, 1, 1]
        #expect(analyse(v, .neutral).points.allSatisfy { $0.variation != .concern })
        #expect(analyse(v, .neutral).points[3].variation == .neutralLow)
        #expect(analyse(v, .neutral, warnOn: .fall).points[3].variation == .concern)
        let rise: [Double] = [1, 1, 1, 5, 5, 5, 5, 5, 5, 1, 1]
        #expect(analyse(rise, .neutral, warnOn: .rise).points[3].variation == .concern)
        #expect(analyse(rise, .neutral, warnOn: .rise).latestConcern() == 8)
        #expect(analyse(rise, .neutral, warnOn: .fall).latestConcern() == nil)
        let lateRise: [Double] = [1, 1, 1, 1, 1, 2, 9, 9, 9, 9, 9]
        #expect(analyse(lateRise, .neutral, warnOn: .rise).latestConcern() == 10)
    }

    @Test func twelvePointsUseTheXmRRulesUnchanged() {
        let v: [Double] = [1, 2, 1, 2, 1, 2, 9, 8, 9, 8, 9, 8]
        let r = analyse(v, .up)
        #expect(r.periods[0].median == nil && r.periods[0].limits != nil)
        #expect(r.points.allSatisfy { $0.rule != .shift && $0.rule != .runChartTrend })
    }

    @Test func aFixedShortBaselineReadsTheWholePeriodAsARunChart() {
        let r = SPC.analyse(
            [1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9].map { SPC.Point(value: $0) }, direction: .up,
            baselinePoints: 6)
        #expect(r.periods[0].median == 1)
        #expect((6...12).allSatisfy { r.points[$0].rule == .shift && r.points[$0].variation == .improvement })
    }
}
