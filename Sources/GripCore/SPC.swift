import Foundation

/// Statistical process control as the NHS "Making Data Count" programme uses it (XmR chart),
/// exactly as DESIGN §2 defines it. Pure: values in, limits and signals out.
public enum SPC {
    public enum Direction: String, Sendable, Codable, CaseIterable {
        case up, down, neutral
    }

    /// Which special cause of a neutral indicator is a concern all the same (safeguarding concerns
    /// warn on a rise): its points are labelled concern, so they give early warnings.
    public enum WarnOn: String, Sendable, Codable, CaseIterable {
        case rise, fall

        public var label: String { self == .rise ? "warns on a rise" : "warns on a fall" }
    }

    public enum Variation: String, Sendable, Codable {
        case commonCause = "common_cause"
        case improvement, concern
        case neutralHigh = "neutral_high"
        case neutralLow = "neutral_low"

        public var isSpecialCause: Bool { self != .commonCause }
    }

    public enum Assurance: String, Sendable, Codable {
        case hitAndMiss = "hit_and_miss"
        case consistentlyPassing = "consistently_passing"
        case consistentlyFailing = "consistently_failing"
    }

    public enum Rule: Int, Sendable, Codable {
        case outside = 1, trend = 2, nearLimits = 3, run = 4
    }

    public static let minimumPoints = 12
    public static let trendLength = 7
    public static let runLength = 7
    public static let screeningFactor = 3.267
    public static let limitFactor = 2.66

    public struct Point: Sendable, Hashable {
        public let value: Double
        public let rebase: Bool
        public init(value: Double, rebase: Bool = false) {
            self.value = value
            self.rebase = rebase
        }
    }

    public struct Limits: Sendable, Hashable {
        public let mean: Double
        public let lower: Double
        public let upper: Double
        public let movingRangeMean: Double
    }

    public struct PointResult: Sendable, Hashable {
        public let value: Double
        public let period: Int
        /// The period's mean (also without limits, when there are points to average).
        public let mean: Double?
        public let limits: Limits?
        public let variation: Variation
        public let rule: Rule?
        public let inBaseline: Bool
    }

    public struct PeriodResult: Sendable, Hashable {
        public let start: Int
        public let count: Int
        public let baselineCount: Int
        public let limits: Limits?
        /// Why a period has no limits, in words for the chart.
        public let noLimitsReason: String?
    }

    public struct Result: Sendable, Hashable {
        public let points: [PointResult]
        public let periods: [PeriodResult]
        public let assurance: Assurance?
        public let assuranceNote: String?
    }

    /// Analyses one series. `baselinePoints` fixes each period's limits after that many points.
    public static func analyse(_ points: [Point], direction: Direction, target: Double? = nil, baselinePoints: Int? = nil,
                               warnOn: WarnOn? = nil) -> Result {
        var starts: [Int] = []
        for (i, p) in points.enumerated() where i == 0 || p.rebase { starts.append(i) }
        var results: [PointResult] = []
        var periods: [PeriodResult] = []
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : points.count
            let values = points[start..<end].map(\.value)
            let (period, pointResults) = analysePeriod(values, index: k, start: start, direction: direction,
                                                       baselinePoints: baselinePoints, warnOn: warnOn)
            periods.append(period)
            results += pointResults
        }
        var assurance: Assurance?
        var note: String?
        if let target, direction != .neutral, let last = periods.last {
            if let l = last.limits {
                let passing = direction == .up ? l.lower > target : l.upper < target
                let failing = direction == .up ? l.upper < target : l.lower > target
                assurance = passing ? .consistentlyPassing : failing ? .consistentlyFailing : .hitAndMiss
            } else {
                note = "No assurance against the target: the latest period has no process limits."
            }
        }
        return Result(points: results, periods: periods, assurance: assurance, assuranceNote: note)
    }

    static func analysePeriod(_ values: [Double], index: Int, start: Int, direction: Direction, baselinePoints: Int?,
                              warnOn: WarnOn? = nil) -> (PeriodResult, [PointResult]) {
        let n = values.count
        let baselineCount = baselinePoints.map { min($0, n) } ?? n
        let baseline = Array(values.prefix(baselineCount))
        let mean = baseline.isEmpty ? nil : baseline.reduce(0, +) / Double(baseline.count)
        func plain(_ reason: String) -> (PeriodResult, [PointResult]) {
            let pts = values.enumerated().map { i, v in
                PointResult(value: v, period: index, mean: mean, limits: nil, variation: .commonCause, rule: nil, inBaseline: i < baselineCount)
            }
            return (PeriodResult(start: start, count: n, baselineCount: baselineCount, limits: nil, noLimitsReason: reason), pts)
        }
        if let fixed = baselinePoints, fixed < minimumPoints {
            return plain("Limits are fixed on \(fixed) points; at least \(minimumPoints) are needed.")
        }
        if n < minimumPoints {
            return plain("This period has \(n) point\(n == 1 ? "" : "s"); at least \(minimumPoints) are needed for limits.")
        }
        guard let mean else { return plain("No points.") }
        let ranges = zip(baseline.dropFirst(), baseline).map { abs($0 - $1) }
        let firstMean = ranges.reduce(0, +) / Double(ranges.count)
        if ranges.allSatisfy({ $0 == 0 }) {
            return plain("Every point of the baseline is the same: there is no variation to judge.")
        }
        let kept = ranges.filter { $0 < screeningFactor * firstMean }
        let mr = kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count)
        let limits = Limits(mean: mean, lower: mean - limitFactor * mr, upper: mean + limitFactor * mr, movingRangeMean: mr)
        let flagged = rules(values, limits: limits)
        let pts = values.enumerated().map { i, v -> PointResult in
            let variation: Variation
            if let f = flagged[i] {
                switch direction {
                case .up: variation = f.high ? .improvement : .concern
                case .down: variation = f.high ? .concern : .improvement
                case .neutral where warnOn == .rise && f.high, .neutral where warnOn == .fall && !f.high:
                    variation = .concern
                case .neutral: variation = f.high ? .neutralHigh : .neutralLow
                }
            } else {
                variation = .commonCause
            }
            return PointResult(value: v, period: index, mean: mean, limits: limits, variation: variation, rule: flagged[i]?.rule, inBaseline: i < baselineCount)
        }
        return (PeriodResult(start: start, count: n, baselineCount: baselineCount, limits: limits, noLimitsReason: nil), pts)
    }

    /// The four rules in priority order; a point takes its label from the first rule that flags it.
    static func rules(_ x: [Double], limits l: Limits) -> [Int: (rule: Rule, high: Bool)] {
        let n = x.count
        var out: [Int: (rule: Rule, high: Bool)] = [:]
        // 1. Outside the limits.
        for i in 0..<n {
            if x[i] > l.upper { out[i] = (.outside, true) } else if x[i] < l.lower { out[i] = (.outside, false) }
        }
        // 2. Trends of 7 points each strictly rising or strictly falling; a peak or trough takes the later trend.
        var trend: [Int: Bool] = [:]
        var runs: [(start: Int, end: Int, rising: Bool)] = []
        for rising in [true, false] {
            var s = 0
            for i in 1...max(n, 1) {
                let continues = i < n && (rising ? x[i] > x[i - 1] : x[i] < x[i - 1])
                if !continues {
                    if i - s >= trendLength { runs.append((s, i - 1, rising)) }
                    s = i
                }
            }
        }
        for r in runs.sorted(by: { $0.start < $1.start }) {
            for i in r.start...r.end { trend[i] = r.rising }
        }
        for (i, rising) in trend where out[i] == nil { out[i] = (.trend, rising) }
        // 3. Two of three consecutive points near the same limit, all three strictly on that side of the mean.
        let upperNear = l.mean + (l.upper - l.mean) * 2 / 3
        let lowerNear = l.mean - (l.mean - l.lower) * 2 / 3
        func nearUpper(_ v: Double) -> Bool { v > upperNear && v <= l.upper }
        func nearLower(_ v: Double) -> Bool { v < lowerNear && v >= l.lower }
        if n >= 3 {
            for s in 0...(n - 3) {
                let w = s..<(s + 3)
                if w.filter({ nearUpper(x[$0]) }).count >= 2 && w.allSatisfy({ x[$0] > l.mean }) {
                    for i in w where nearUpper(x[i]) && out[i] == nil { out[i] = (.nearLimits, true) }
                }
                if w.filter({ nearLower(x[$0]) }).count >= 2 && w.allSatisfy({ x[$0] < l.mean }) {
                    for i in w where nearLower(x[i]) && out[i] == nil { out[i] = (.nearLimits, false) }
                }
            }
        }
        // 4. Runs of 7 points strictly on one side of the mean (a point on the mean breaks the run).
        for above in [true, false] {
            var s = 0
            for i in 0...n {
                let continues = i < n && (above ? x[i] > l.mean : x[i] < l.mean)
                if !continues {
                    if i - s >= runLength { for j in s..<i where out[j] == nil { out[j] = (.run, above) } }
                    s = i + 1
                }
            }
        }
        return out
    }
}

extension SPC.Result {
    /// An early warning is a special-cause concern among the latest periods (DESIGN §2).
    public static let warningWindow = 3

    /// The index of the latest concern within the last `window` points, if any.
    public func latestConcern(within window: Int = SPC.Result.warningWindow) -> Int? {
        points.indices.suffix(window).last { points[$0].variation == .concern }
    }
}
