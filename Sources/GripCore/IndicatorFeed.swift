import Foundation

/// Indicators Grip computes from its own logs rather than from typed values (issue 23): the safeguarding log and the
/// restrictive interventions log give monthly series that SPC, early warnings, packs and actions read like any other.
public enum IndicatorFeed: String, CaseIterable, Sendable, Codable {
    case concernsRaised = "safeguarding_raised"
    case sameDayDecisions = "safeguarding_same_day"
    case referrals = "safeguarding_referred"
    case pastReview = "safeguarding_past_review"
    case interventions = "interventions"
    case debriefs = "intervention_debriefs"

    public var definition: IndicatorDefinition {
        switch self {
        case .concernsRaised:
            .init(
                name: "Safeguarding concerns raised (log)", unit: "concerns", period: .month, direction: .neutral,
                target: nil, statements: ["S3"], warnOn: .rise)
        case .sameDayDecisions:
            .init(
                name: "Same-day management decisions on safeguarding", unit: "%", period: .month, direction: .up,
                target: 100, statements: ["S3", "W5"])
        case .referrals:
            .init(
                name: "Safeguarding referrals to the local authority", unit: "referrals", period: .month,
                direction: .neutral, target: nil, statements: ["S3"])
        case .pastReview:
            .init(
                name: "Open safeguarding concerns past review", unit: "concerns", period: .month, direction: .down,
                target: 0, statements: ["S3", "W5"])
        case .interventions:
            .init(
                name: "Restrictive interventions (log)", unit: "interventions", period: .month, direction: .down,
                target: nil, statements: ["S4", "C3"])
        case .debriefs:
            .init(
                name: "Debriefs within 24 hours of an intervention", unit: "%", period: .month, direction: .up,
                target: 100, statements: ["S4", "W5"])
        }
    }

    /// Which log it is computed from, for "computed from the … log".
    public var log: String {
        switch self {
        case .concernsRaised, .sameDayDecisions, .referrals, .pastReview: "safeguarding log"
        case .interventions, .debriefs: "restrictive interventions log"
        }
    }

    public var isSafeguarding: Bool { log == "safeguarding log" }

    /// How far back a recomputation reaches: a series longer than this keeps its older values as they are.
    public static let monthsKept = 36

    /// The months `first`…`last` (first days), at most `monthsKept`, ending with `last`'s month.
    public static func months(from first: Day, to last: Day) -> [Day] {
        let end = Day(year: last.year, month: last.month, day: 1)!
        var m = Day(year: first.year, month: first.month, day: 1)!
        var out: [Day] = []
        while m <= end {
            out.append(m)
            m =
                m.month == 12
                ? Day(year: m.year + 1, month: 1, day: 1)! : Day(year: m.year, month: m.month + 1, day: 1)!
        }
        return Array(out.suffix(monthsKept))
    }

    static func lastDay(of month: Day) -> Day {
        let next =
            month.month == 12
            ? Day(year: month.year + 1, month: 1, day: 1)!
            : Day(year: month.year, month: month.month + 1, day: 1)!
        return next.adding(days: -1)
    }

    /// Monthly values from the first record's month to `today`'s: counts are 0 in a month with nothing, shares have
    /// no value (a month without concerns is not 100 % decided the same day). The month in progress is measured
    /// to `today`.
    public static func safeguardingSeries(
        _ concerns: [SafeguardingFacts], today: Day,
        timeZone: TimeZone = Day.london
    ) -> [IndicatorFeed: [(Day, Double)]] {
        guard let first = concerns.map(\.raisedAt).min() else { return [:] }
        var out: [IndicatorFeed: [(Day, Double)]] = [:]
        for month in months(from: Day.today(now: first, timeZone: timeZone), to: today) {
            let end = min(lastDay(of: month), today)
            let m = SafeguardingMeasures.compute(concerns, from: month, to: end, timeZone: timeZone)
            out[.concernsRaised, default: []].append((month, Double(m.raised)))
            out[.referrals, default: []].append((month, Double(m.referred)))
            out[.pastReview, default: []].append((month, Double(m.pastReview)))
            if let p = m.sameDayPercent { out[.sameDayDecisions, default: []].append((month, p)) }
        }
        return out
    }

    public static func interventionSeries(
        _ list: [InterventionFacts], today: Day,
        timeZone: TimeZone = Day.london
    ) -> [IndicatorFeed: [(Day, Double)]] {
        guard let first = list.map(\.startedAt).min() else { return [:] }
        var out: [IndicatorFeed: [(Day, Double)]] = [:]
        for month in months(from: Day.today(now: first, timeZone: timeZone), to: today) {
            let m = InterventionMeasures.compute(
                list, from: month, to: min(lastDay(of: month), today),
                timeZone: timeZone)
            out[.interventions, default: []].append((month, Double(m.count)))
            if let p = m.debriefPercent { out[.debriefs, default: []].append((month, p)) }
        }
        return out
    }
}
