import Foundation
import Testing
@testable import GripCore

@Suite struct BenchmarkTests {
    @Test func percentilesAreNearestRank() {
        let hundred = (1...100).map(Double.init)
        #expect(LatencySummary.percentile(hundred, 50) == 50)
        #expect(LatencySummary.percentile(hundred, 95) == 95)
        #expect(LatencySummary.percentile(hundred, 99) == 99)
        #expect(LatencySummary.percentile(hundred, 100) == 100)
        // Ten values: p95 and p99 are both the largest; p50 the fifth.
        let ten = (1...10).map(Double.init)
        #expect(LatencySummary.percentile(ten, 50) == 5)
        #expect(LatencySummary.percentile(ten, 95) == 10)
        #expect(LatencySummary.percentile(ten, 99) == 10)
        #expect(LatencySummary.percentile([7], 1) == 7)
    }

    @Test func summarySortsCountsAndRates() throws {
        let s = try #require(LatencySummary(milliseconds: [9, 1, 5, 3, 7, 2, 4, 6, 8, 10], errors: 2, wallSeconds: 0.5))
        #expect(s.count == 10)
        #expect(s.errors == 2)
        #expect(s.p50 == 5)
        #expect(s.p95 == 10)
        #expect(s.max == 10)
        #expect(s.throughput == 20)
    }

    @Test func nothingSucceededHasNoSummary() {
        #expect(LatencySummary(milliseconds: [], errors: 3, wallSeconds: 1) == nil)
        #expect(LatencySummary(milliseconds: [1], wallSeconds: 0) == nil)
    }

    @Test func readsAreMultiplesOfTheFloor() throws {
        let floor = try #require(LatencySummary(milliseconds: [0.5, 0.5, 0.6], wallSeconds: 1))
        let page = try #require(LatencySummary(milliseconds: [2, 2.5, 3], wallSeconds: 1))
        #expect(page.timesFloor(floor) == 5)
    }

    @Test func targetsCompareTheRightWay() {
        #expect(BenchTarget(.p95Below, 25).met(by: 24.9))
        #expect(!BenchTarget(.p95Below, 25).met(by: 25))
        #expect(BenchTarget(.throughputAbove, 500).met(by: 500))
        #expect(!BenchTarget(.throughputAbove, 500).met(by: 499))
        #expect(BenchTarget(.secondsBelow, 5).met(by: 4.2))
        #expect(!BenchTarget(.megabytesBelow, 300).met(by: 310))
    }

    @Test func postgresIsAllowedTwiceTheTimeAndHalfTheRate() {
        #expect(BenchTarget(.p95Below, 25).onPostgres == BenchTarget(.p95Below, 50))
        #expect(BenchTarget(.throughputAbove, 500).onPostgres == BenchTarget(.throughputAbove, 250))
        #expect(BenchTarget(.secondsBelow, 10).onPostgres == BenchTarget(.secondsBelow, 20))
        #expect(BenchTarget(.megabytesBelow, 300).onPostgres == BenchTarget(.megabytesBelow, 300))
        #expect(BenchTarget(.p95Below, 25).label == "p95 < 25 ms")
        #expect(BenchTarget(.secondsBelow, 0.5).label == "< 0.5 s")
        #expect(BenchTarget(.floorsAtMost, 10).onPostgres == BenchTarget(.floorsAtMost, 20))
        #expect(BenchTarget(.p50AtMost, 400).onPostgres == BenchTarget(.p50AtMost, 800))
    }

    /// Issue 35's one-client targets: p50 as a multiple of the floor, or in milliseconds; at most.
    @Test func oneClientTargetsJudgeTheMedianAgainstTheFloor() throws {
        let floor = try #require(LatencySummary(milliseconds: [0.4, 0.4, 0.5], wallSeconds: 1))
        let page = try #require(LatencySummary(milliseconds: [3, 4, 90], wallSeconds: 1))
        let times = page.timesFloor(floor)
        let floors = BenchTarget(.floorsAtMost, 10)
        #expect(floors.value(of: page, timesFloor: times) == 10, "p50 4 ms over a 0.4 ms floor; not the p95")
        #expect(floors.met(by: 10))
        #expect(!floors.met(by: 10.01))
        #expect(floors.value(of: page, timesFloor: nil) == nil, "no floor, nothing to judge")
        #expect(floors.label == "≤ 10× floor")
        let pack = BenchTarget(.p50AtMost, 400)
        #expect(pack.value(of: page, timesFloor: times) == 4)
        #expect(pack.met(by: 400) && !pack.met(by: 401))
        #expect(pack.label == "p50 ≤ 400 ms")
        #expect(BenchTarget(.p95Below, 25).value(of: page, timesFloor: times) == 90)
        #expect(BenchTarget(.throughputAbove, 1).value(of: page, timesFloor: times) == 3)
    }
}
