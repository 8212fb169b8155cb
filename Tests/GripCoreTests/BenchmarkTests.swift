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
    }
}
