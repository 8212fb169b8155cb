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

/// What goes into the packs (DESIGN §2, Reports): rules the assemblers apply to the data.
public enum PackRules {
    /// The commissioner pack's safeguarding and incident dashboard, and its workforce stability section (by indicator
    /// name).
    public static let safeguardingIndicators =
        [
            "Safeguarding concerns", "Incidents", "Falls", "Medication errors",
            "Restrictive interventions"
        ]
        + IndicatorFeed.allCases.map(\.definition.name)
    public static let workforceIndicators = ["Vacancies", "Agency use", "Staff turnover", "Supervision compliance"]

    /// Completed in the period: closed on a day within it and sustained by a passed re-audit — a
    /// closed action still awaiting its re-audit is not yet completed (DESIGN §2).
    public static func completed(status: ActionStatus, closedOn: Day?, in p: ReportPeriod) -> Bool {
        guard status == .sustained, let closedOn else { return false }
        return p.contains(closedOn)
    }

    /// Overdue at the end of the period (or today, if the period runs past today): live and due before then.
    public static func overdue(status: ActionStatus, dueDay: Day, period: ReportPeriod, today: Day) -> Bool {
        status.isLive && dueDay < min(period.to.adding(days: 1), today)
    }

    /// A quality statement's evidence is thin when fewer than three of the six evidence
    /// categories are covered, or when there is nothing from outcomes or people's experience.
    public static let thinBelowCategories = 3
    public static func isThin(categories: Set<String>) -> Bool {
        categories.count < thinBelowCategories || categories.isDisjoint(with: ["outcomes", "people"])
    }

    public static func thinReason(categories: Set<String>, names: [String: String]) -> String {
        if categories.isEmpty { return "No evidence recorded in the period." }
        var parts: [String] = []
        if categories.count < thinBelowCategories {
            parts.append(
                """
                Evidence from \(categories.count) of the six categories \
                (\(categories.sorted().map { names[$0] ?? $0 }.joined(separator: ", "))).
                """
            )
        }
        if categories.isDisjoint(with: ["outcomes", "people"]) {
            parts.append("Nothing from outcomes or people's experience.")
        }
        return parts.joined(separator: " ")
    }

    /// Themes that recur: raised two or more times, most frequent first (case and spacing ignored).
    public static func recurringThemes(_ themes: [String]) -> [(theme: String, count: Int)] {
        var counts: [String: (String, Int)] = [:]
        for t in themes {
            let key = t.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !key.isEmpty else { continue }
            counts[key] = (counts[key]?.0 ?? t.trimmingCharacters(in: .whitespaces), (counts[key]?.1 ?? 0) + 1)
        }
        return counts.values.filter { $0.1 >= 2 }.map { (theme: $0.0, count: $0.1) }
            .sorted { ($0.count, $1.theme) > ($1.count, $0.theme) }
    }

    /// A sentence for an indicator in a pack, from its SPC reading.
    public static func narrative(
        indicator: String, service: String, unit: String, latest: Double?, latestLabel: String?,
        mean: Double?, variation: SPC.Variation?, points: Int
    ) -> String {
        guard let latest, let latestLabel else { return "\(indicator) at \(service): no values in the period." }
        var s = "\(indicator) at \(service): \(ActionRules.display(latest)) \(unit) in \(latestLabel)"
        if let mean { s += String(format: ", against a process mean of %.1f", mean) }
        s += ". "
        if points < SPC.minimumPoints {
            s += "Too few points (\(points)) for control limits; read as a run chart."
        } else {
            switch variation {
            case .concern: s += "Special-cause concern: this needs a response."
            case .improvement: s += "Special-cause improvement: the change is real, not chance."
            case .neutralHigh, .neutralLow: s += "Special-cause variation (no better or worse direction set)."
            case .commonCause, nil: s += "Common-cause variation: no signal of change."
            }
        }
        return s
    }
}

extension ReportPeriod {
    /// The period of the same length just before this one: what the last pack covered (issue 24).
    public var previous: ReportPeriod {
        let end = from.adding(days: -1)
        return ReportPeriod(from: end.adding(days: -to.days(since: from)), to: end)!
    }
}

/// The commissioner pack's one-page summary (issue 24): what changed since the last pack, and what needs the
/// commissioner's decision.
public enum CommissionerSummary {
    /// A count beside the last pack's: "3, up from 1", "0, down from 2", "2, as in the last pack".
    public static func change(_ now: Int, was: Int) -> String {
        if now == was { return "\(now), as in the last pack" }
        return "\(now), \(now > was ? "up" : "down") from \(was)"
    }

    /// What an escalation asks of the commissioner: a raised one waits for their acknowledgement, one in joint
    /// review for an agreed outcome; others ask nothing.
    public static func escalationAsk(_ status: EscalationStatus, respondBy: Day?, today: Day) -> String? {
        switch status {
        case .raised:
            guard let respondBy else { return "Acknowledge and respond." }
            return respondBy < today
                ? "Acknowledge and respond: the response was due \(respondBy.ukFormat)."
                : "Acknowledge and respond by \(respondBy.ukFormat)."
        case .jointReview:
            return "Agree the joint review's outcome with the provider."
        case .draft, .acknowledged, .resolved:
            return nil
        }
    }

    /// A service under more than routine oversight asks whether the level stays: stepping down is worth
    /// considering only when nothing is overdue, no indicator warns and no escalation is open.
    public static func oversightAsk(
        level: OversightLevel, since: Day?, overdue: Int, warnings: Int,
        openEscalations: Int
    ) -> String? {
        guard level != .routine else { return nil }
        let at = level.label.lowercased() + (since.map { " since \($0.ukFormat)" } ?? "")
        if overdue == 0 && warnings == 0 && openEscalations == 0 {
            return "Decide whether to step down from \(at): no action is overdue, no indicator warns and no "
                + "escalation is open."
        }
        var why: [String] = []
        if overdue > 0 { why.append("\(overdue) action\(overdue == 1 ? "" : "s") overdue") }
        if warnings > 0 { why.append("\(warnings) early warning\(warnings == 1 ? "" : "s")") }
        if openEscalations > 0 { why.append("\(openEscalations) open escalation\(openEscalations == 1 ? "" : "s")") }
        return "Confirm \(at) continues: " + why.joined(separator: ", ") + "."
    }
}
