import Foundation

/// The figures `grip bench` reports for one operation: latency percentiles (nearest rank),
/// throughput over the wall time of the run, and how a read compares with the HTTP floor.
public struct LatencySummary: Equatable, Sendable, Codable {
    public let count: Int
    public let errors: Int
    public let p50: Double
    public let p95: Double
    public let p99: Double
    public let max: Double
    /// Completed requests per second of wall time (every client together).
    public let throughput: Double

    /// `milliseconds` are the successful requests' latencies; `errors` the failed ones (not in the
    /// percentiles); `wallSeconds` the run's elapsed time. Nil when nothing succeeded.
    public init?(milliseconds: [Double], errors: Int = 0, wallSeconds: Double) {
        guard !milliseconds.isEmpty, wallSeconds > 0 else { return nil }
        let sorted = milliseconds.sorted()
        count = sorted.count
        self.errors = errors
        p50 = Self.percentile(sorted, 50)
        p95 = Self.percentile(sorted, 95)
        p99 = Self.percentile(sorted, 99)
        max = sorted[sorted.count - 1]
        throughput = Double(sorted.count) / wallSeconds
    }

    /// The nearest-rank percentile of an ascending list: the smallest value with at least
    /// `p` per cent of the list at or below it.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty && p > 0 && p <= 100)
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(1, Swift.min(sorted.count, rank)) - 1]
    }

    /// This operation's p50 as a multiple of the floor's (an HTTP round trip to `/health`).
    public func timesFloor(_ floor: LatencySummary) -> Double? {
        floor.p50 > 0 ? p50 / floor.p50 : nil
    }
}

/// A target from the benchmark's brief: a ceiling on p95 (or on a single run's time), or a floor
/// on throughput; for one client (issue 35), a ceiling on p50 or on p50 as a multiple of the floor.
public struct BenchTarget: Equatable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case p95Below, throughputAbove, secondsBelow, megabytesBelow, p50AtMost, floorsAtMost
    }
    public let kind: Kind
    public let limit: Double

    public init(_ kind: Kind, _ limit: Double) {
        self.kind = kind
        self.limit = limit
    }

    public func met(by value: Double) -> Bool {
        switch kind {
        case .p95Below, .secondsBelow, .megabytesBelow: value < limit
        case .p50AtMost, .floorsAtMost: value <= limit
        case .throughputAbove: value >= limit
        }
    }

    /// What the target is judged on, from a run's figures (`timesFloor`: p50 ÷ the floor's p50).
    public func value(of s: LatencySummary, timesFloor: Double?) -> Double? {
        switch kind {
        case .throughputAbove: s.throughput
        case .p50AtMost: s.p50
        case .floorsAtMost: timesFloor
        case .p95Below, .secondsBelow, .megabytesBelow: s.p95
        }
    }

    /// The same target on PostgreSQL, where the brief allows twice the time (half the rate).
    public var onPostgres: BenchTarget {
        switch kind {
        case .throughputAbove: BenchTarget(kind, limit / 2)
        case .megabytesBelow: self
        case .p95Below, .secondsBelow, .p50AtMost, .floorsAtMost: BenchTarget(kind, limit * 2)
        }
    }

    public var label: String {
        switch kind {
        case .p95Below: "p95 < \(Self.number(limit)) ms"
        case .throughputAbove: "≥ \(Self.number(limit))/s"
        case .secondsBelow: "< \(Self.number(limit)) s"
        case .megabytesBelow: "< \(Self.number(limit)) MB"
        case .p50AtMost: "p50 ≤ \(Self.number(limit)) ms"
        case .floorsAtMost: "≤ \(Self.number(limit))× floor"
        }
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }
}
