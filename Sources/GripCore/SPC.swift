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

    /// XmR rules 1–4 (12 points or more); run-chart rules 5–6 (fewer, until limits can be set).
    public enum Rule: Int, Sendable, Codable {
        case outside = 1, trend = 2, nearLimits = 3, run = 4
        case shift = 5, runChartTrend = 6

        public var label: String {
            switch self {
            case .outside: "a point outside the process limits"
            case .trend: "a trend of 7 points"
            case .nearLimits: "two of three points near a limit"
            case .run: "a run of 7 points on one side of the mean"
            case .shift: "a shift of 6 or more points on one side of the median (run chart)"
            case .runChartTrend: "a trend of 5 or more points (run chart)"
            }
        }
    }

    public static let minimumPoints = 12
    public static let trendLength = 7
    public static let runLength = 7
    /// NHS run-chart rules, used below `minimumPoints`: a shift of 6 points on one side of the
    /// median (points on the median neither make nor break it), a trend of 5 rising or falling
    /// (equal neighbours count once and neither make nor break it).
    public static let shiftLength = 6
    public static let runChartTrendLength = 5
    /// The run chart's median is fixed on the first points of the period and extended (baseline median).
    public static let runChartBaseline = 6
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
        /// Below `minimumPoints` the period is read as a run chart: its median, and the run-chart rules.
        public var median: Double? = nil

        public var isRunChart: Bool { median != nil }
    }

    public struct Result: Sendable, Hashable {
        public let points: [PointResult]
        public let periods: [PeriodResult]
        public let assurance: Assurance?
        public let assuranceNote: String?
    }

    /// Analyses one series. `baselinePoints` fixes each period's limits after that many points.
    public static func analyse(
        _ points: [Point], direction: Direction, target: Double? = nil, baselinePoints: Int? = nil,
        warnOn: WarnOn? = nil
    ) -> Result {
        var starts: [Int] = []
        for (i, p) in points.enumerated() where i == 0 || p.rebase { starts.append(i) }
        var results: [PointResult] = []
        var periods: [PeriodResult] = []
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : points.count
            let values = points[start..<end].map(\.value)
            let (period, pointResults) = analysePeriod(
                values, index: k, start: start, direction: direction,
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

    static func analysePeriod(
        _ values: [Double], index: Int, start: Int, direction: Direction, baselinePoints: Int?,
        warnOn: WarnOn? = nil
    ) -> (PeriodResult, [PointResult]) {
        let n = values.count
        let baselineCount = baselinePoints.map { min($0, n) } ?? n
        let baseline = Array(values.prefix(baselineCount))
        let mean = baseline.isEmpty ? nil : baseline.reduce(0, +) / Double(baseline.count)
        func plain(_ reason: String, runChart: Bool = false) -> (PeriodResult, [PointResult]) {
            // A median of all the points can never have six on one side below 12 points, so the run
            // chart fixes its median on a baseline (the fixed one, or the first six) and extends it.
            let medianBase = baselinePoints == nil ? Array(values.prefix(runChartBaseline)) : baseline
            let median = runChart && !medianBase.isEmpty ? Self.median(medianBase) : nil
            let flagged = median.map { runChartRules(values, median: $0) } ?? [:]
            let pts = values.enumerated().map { i, v in
                PointResult(
                    value: v, period: index, mean: mean, limits: nil,
                    variation: flagged[i].map { variation(high: $0.high, direction: direction, warnOn: warnOn) }
                        ?? .commonCause,
                    rule: flagged[i]?.rule, inBaseline: i < baselineCount)
            }
            let reason =
                median == nil
                ? reason
                : reason + " Until then it is read as a run chart: the median of its first points, "
                    + "a shift of \(shiftLength) or more points on one side, a trend of \(runChartTrendLength) or more."
            return (
                PeriodResult(
                    start: start, count: n, baselineCount: baselineCount, limits: nil,
                    noLimitsReason: reason,
                    median: median), pts
            )
        }
        if let fixed = baselinePoints, fixed < minimumPoints {
            return plain("Limits are fixed on \(fixed) points; at least \(minimumPoints) are needed.", runChart: true)
        }
        if n < minimumPoints {
            return plain(
                "This period has \(n) point\(n == 1 ? "" : "s"); at least \(minimumPoints) are needed for limits.",
                runChart: true)
        }
        guard let mean else { return plain("No points.") }
        let ranges = zip(baseline.dropFirst(), baseline).map { abs($0 - $1) }
        let firstMean = ranges.reduce(0, +) / Double(ranges.count)
        if ranges.allSatisfy({ $0 == 0 }) {
            return plain("Every point of the baseline is the same: there is no variation to judge.")
        }
        let kept = ranges.filter { $0 < screeningFactor * firstMean }
        let mr = kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count)
        let limits = Limits(
            mean: mean, lower: mean - limitFactor * mr, upper: mean + limitFactor * mr, movingRangeMean: mr)
        let flagged = rules(values, limits: limits)
        let pts = values.enumerated().map { i, v -> PointResult in
            let variation =
                flagged[i].map { Self.variation(high: $0.high, direction: direction, warnOn: warnOn) }
                ?? .commonCause
            return PointResult(
                value: v, period: index, mean: mean, limits: limits, variation: variation, rule: flagged[i]?.rule,
                inBaseline: i < baselineCount)
        }
        return (
            PeriodResult(start: start, count: n, baselineCount: baselineCount, limits: limits, noLimitsReason: nil), pts
        )
    }

    /// The variation a special-cause point shows, by the indicator's direction.
    static func variation(high: Bool, direction: Direction, warnOn: WarnOn?) -> Variation {
        switch direction {
        case .up: high ? .improvement : .concern
        case .down: high ? .concern : .improvement
        case .neutral where warnOn == .rise && high, .neutral where warnOn == .fall && !high: .concern
        case .neutral: high ? .neutralHigh : .neutralLow
        }
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The run-chart rules: shifts first, then trends; a point takes the label of the first rule that flags it.
    static func runChartRules(_ x: [Double], median: Double) -> [Int: (rule: Rule, high: Bool)] {
        var out: [Int: (rule: Rule, high: Bool)] = [:]
        // Shift: 6 or more points on one side; points on the median are skipped (neither make nor break it).
        for above in [true, false] {
            var members: [Int] = []
            func close() {
                if members.count >= shiftLength { for j in members where out[j] == nil { out[j] = (.shift, above) } }
                members = []
            }
            for i in x.indices {
                if x[i] == median { continue }
                if (x[i] > median) == above { members.append(i) } else { close() }
            }
            close()
        }
        // Trend: 5 or more points each higher (or lower) than the one before; equal neighbours count once.
        // A peak or trough shared by two trends takes the later trend, as in the XmR rule.
        var spans: [(indices: [Int], rising: Bool)] = []
        for rising in [true, false] {
            var span: [Int] = []
            var distinct = 0
            func close() { if distinct >= runChartTrendLength { spans.append((span, rising)) } }
            for i in x.indices {
                guard let last = span.last else { span = [i]; distinct = 1; continue }
                if x[i] == x[last] {
                    span.append(i)
                } else if (x[i] > x[last]) == rising {
                    span.append(i)
                    distinct += 1
                } else {
                    close()
                    span = [i]
                    distinct = 1
                }
            }
            close()
        }
        var trend: [Int: Bool] = [:]
        for s in spans.sorted(by: { $0.indices[0] < $1.indices[0] }) { for j in s.indices { trend[j] = s.rising } }
        for (j, rising) in trend where out[j] == nil { out[j] = (.runChartTrend, rising) }
        return out
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
