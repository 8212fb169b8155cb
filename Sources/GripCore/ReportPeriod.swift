import Foundation

/// The period a pack covers: whole days, from and to inclusive.
public struct ReportPeriod: Sendable, Equatable {
    public let from: Day
    public let to: Day

    public init?(from: Day, to: Day) {
        guard from <= to else { return nil }
        self.from = from
        self.to = to
    }

    /// The default: the last three full calendar months before today.
    public static func lastThreeFullMonths(today: Day) -> ReportPeriod {
        let firstOfThisMonth = Day(year: today.year, month: today.month, day: 1)!
        let to = firstOfThisMonth.adding(days: -1)
        var y = firstOfThisMonth.year, m = firstOfThisMonth.month - 3
        if m < 1 { m += 12; y -= 1 }
        return ReportPeriod(from: Day(year: y, month: m, day: 1)!, to: to)!
    }

    /// Reads `from` and `to` (ISO `2026-08-01` or UK `1/8/2026`); both missing gives the default.
    public static func parse(from: String?, to: String?, today: Day) throws(ValidationFailure) -> ReportPeriod {
        let f = (from ?? "").trimmingCharacters(in: .whitespaces), t = (to ?? "").trimmingCharacters(in: .whitespaces)
        if f.isEmpty && t.isEmpty { return lastThreeFullMonths(today: today) }
        var errors: [FieldError] = []
        let fromDay = day(f), toDay = day(t)
        if fromDay == nil {
            errors.append(
                FieldError(
                    "from",
                    f.isEmpty
                        ? "Enter the first day of the period."
                        : "The first day must be a real date, such as 2026-08-01 or 1/8/2026."))
        }
        if toDay == nil {
            errors.append(
                FieldError(
                    "to",
                    t.isEmpty
                        ? "Enter the last day of the period."
                        : "The last day must be a real date, such as 2026-10-31 or 31/10/2026."))
        }
        guard errors.isEmpty, let fromDay, let toDay else { throw ValidationFailure(errors) }
        guard let p = ReportPeriod(from: fromDay, to: toDay) else {
            throw ValidationFailure([FieldError("to", "The last day comes after the first.")])
        }
        if toDay.days(since: fromDay) > 3 * 366 {
            throw ValidationFailure([FieldError("from", "A pack covers at most three years.")])
        }
        return p
    }

    /// ISO (`2026-08-01`) or UK (`1/8/2026`, `01/08/2026`) dates.
    public static func day(_ s: String) -> Day? {
        if let d = Day(iso: s) { return d }
        let parts = s.split(separator: "/")
        guard parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4
        else { return nil }
        return Day(year: y, month: m, day: d)
    }

    public func contains(_ d: Day) -> Bool { from <= d && d <= to }
    public var label: String { "\(from.ukFormat) to \(to.ukFormat)" }
}

extension ReportPeriod {
    /// The period of the same length just before this one: what the last pack covered (issue 24).
    public var previous: ReportPeriod {
        let end = from.adding(days: -1)
        return ReportPeriod(from: end.adding(days: -to.days(since: from)), to: end)!
    }
}
