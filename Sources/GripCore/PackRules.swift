import Foundation

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
