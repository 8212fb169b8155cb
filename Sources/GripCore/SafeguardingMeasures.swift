import Foundation

/// The measures a safeguarding log gives for a period (the provider's local days `from`…`to`), computed from the
/// concerns themselves rather than typed in: what seed 004 sets as targets.
public struct SafeguardingMeasures: Sendable, Equatable {
    /// Concerns raised in the period.
    public let raised: Int
    /// Of those, decided by a manager on the day raised.
    public let decidedSameDay: Int
    /// Of those, referred to the local authority.
    public let referred: Int
    /// Open concerns past their review day at the period's end (whenever raised).
    public let pastReview: Int

    /// Share decided the same day, as a percentage; nil when nothing was raised (no value rather than 100 %).
    public var sameDayPercent: Double? {
        raised == 0 ? nil : (Double(decidedSameDay) * 100 / Double(raised) * 10).rounded() / 10
    }

    public static func compute(
        _ concerns: [SafeguardingFacts], from: Day, to: Day,
        timeZone: TimeZone = Day.london
    ) -> SafeguardingMeasures {
        let inPeriod = concerns.filter {
            let d = Day.today(now: $0.raisedAt, timeZone: timeZone)
            return d >= from && d <= to
        }
        // Open at the period's end: not closed by then.
        let pastReview = concerns.filter { c in
            Day.today(now: c.raisedAt, timeZone: timeZone) <= to
                && (c.closedAt.map { Day.today(now: $0, timeZone: timeZone) > to } ?? true)
                && (c.reviewDue.map { $0 < to } ?? false)
        }
        return SafeguardingMeasures(
            raised: inPeriod.count,
            decidedSameDay: inPeriod.filter { SafeguardingRules.decidedSameDay($0, timeZone: timeZone) }.count,
            referred: inPeriod.filter { $0.referredAt != nil }.count,
            pastReview: pastReview.count)
    }
}
