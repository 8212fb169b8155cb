import Foundation

/// How often an indicator is measured.
public enum IndicatorPeriodKind: String, CaseIterable, Sendable, Codable {
    case week, month

    /// Reads a period as people write it: a month as `2026-03` (or any day in it), a week as
    /// `2026-W10` (or any day in it); returns the period's first day (1st of the month; Monday).
    public func parse(_ raw: String) -> Day? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        switch self {
        case .month:
            if let d = Day(iso: s) { return Day(year: d.year, month: d.month, day: 1) }
            let parts = s.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]),
                let m = Int(parts[1])
            else { return nil }
            return Day(year: y, month: m, day: 1)
        case .week:
            if let d = Day(iso: s) { return IndicatorPeriodKind.monday(of: d) }
            let parts = s.uppercased().split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, parts[1].hasPrefix("W"), let y = Int(parts[0]),
                let w = Int(parts[1].dropFirst()), (1...53).contains(w)
            else { return nil }
            // ISO week 1 holds 4 January.
            let week1 = IndicatorPeriodKind.monday(of: Day(year: y, month: 1, day: 4)!)
            let day = week1.adding(days: (w - 1) * 7)
            return label(day) == "\(y)-W\(String(format: "%02d", w))" ? day : nil
        }
    }

    public static func monday(of d: Day) -> Day {
        d.adding(days: -BankHolidays.weekday(d))
    }

    /// `2026-03` or `2026-W10`.
    public func label(_ start: Day) -> String {
        switch self {
        case .month: return Day.padded(start.year, 4) + "-" + Day.padded(start.month, 2)
        case .week:
            let thursday = start.adding(days: 3)
            let week1 = IndicatorPeriodKind.monday(of: Day(year: thursday.year, month: 1, day: 4)!)
            return Day.padded(thursday.year, 4) + "-W" + Day.padded(start.days(since: week1) / 7 + 1, 2)
        }
    }

    /// "March 2026" or "week of 2 March 2026".
    /// A period in few characters, for tables: "Nov 2026", "w/c 2 Nov 2026".
    public func short(_ start: Day) -> String {
        let month = String(Day.monthNames[start.month - 1].prefix(3))
        switch self {
        case .month: return "\(month) \(start.year)"
        case .week: return "w/c \(start.day) \(month) \(start.year)"
        }
    }

    public func display(_ start: Day) -> String {
        switch self {
        case .month: return "\(Day.monthNames[start.month - 1]) \(start.year)"
        case .week: return "week of \(start.ukFormat)"
        }
    }
}

extension IndicatorPeriodKind {
    /// The last day of the period starting `start`.
    public func lastDay(of start: Day) -> Day {
        switch self {
        case .week: return start.adding(days: 6)
        case .month:
            let next =
                start.month == 12
                ? Day(year: start.year + 1, month: 1, day: 1)!
                : Day(year: start.year, month: start.month + 1, day: 1)!
            return next.adding(days: -1)
        }
    }

    /// The period is still running on `today`: its last day is today or later.
    public func isInProgress(_ start: Day, today: Day) -> Bool { lastDay(of: start) >= today }
}
