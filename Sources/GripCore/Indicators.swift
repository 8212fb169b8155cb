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
        // 1970-01-01 was a Thursday: ordinal 0 → weekday index 3 (Monday = 0).
        let weekday = ((d.ordinal % 7) + 7 + 3) % 7
        return d.adding(days: -weekday)
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

/// An indicator of the default catalogue (DESIGN §2).
public struct IndicatorDefinition: Sendable, Hashable {
    public let name: String
    public let unit: String
    public let period: IndicatorPeriodKind
    public let direction: SPC.Direction
    public let target: Double?
    public let statements: [String]
    /// For a neutral indicator: the side whose special causes are concerns all the same.
    public var warnOn: SPC.WarnOn? = nil

    public static let defaults: [IndicatorDefinition] = [
        .init(name: "Falls", unit: "falls", period: .month, direction: .down, target: nil, statements: ["S2", "S4"]),
        .init(
            name: "Medication errors", unit: "errors", period: .month, direction: .down, target: nil, statements: ["S8"]
        ),
        .init(
            name: "Missed or late calls", unit: "calls", period: .month, direction: .down, target: nil,
            statements: ["R2"]),
        // More concerns raised can be better reporting or more harm: neutral, but a rise is an early warning.
        .init(
            name: "Safeguarding concerns", unit: "concerns", period: .month, direction: .neutral, target: nil,
            statements: ["S3"],
            warnOn: .rise),
        .init(
            name: "Complaints", unit: "complaints", period: .month, direction: .down, target: nil, statements: ["R4"]),
        .init(
            name: "Compliments", unit: "compliments", period: .month, direction: .up, target: nil, statements: ["R4"]),
        .init(name: "Incidents", unit: "incidents", period: .month, direction: .down, target: nil, statements: ["S1"]),
        .init(
            name: "Restrictive interventions", unit: "interventions", period: .month, direction: .down, target: nil,
            statements: ["S4", "C3"]),
        .init(name: "Pressure ulcers", unit: "ulcers", period: .month, direction: .down, target: 0, statements: ["E2"]),
        .init(
            name: "Hospital admissions", unit: "admissions", period: .month, direction: .down, target: nil,
            statements: ["E4"]),
        .init(name: "Agency use", unit: "% of hours", period: .month, direction: .down, target: 10, statements: ["S6"]),
        .init(name: "Vacancies", unit: "posts", period: .month, direction: .down, target: nil, statements: ["S6"]),
        .init(
            name: "Staff turnover", unit: "% a year", period: .month, direction: .down, target: 25,
            statements: ["S6", "C5"]),
        .init(name: "Sickness", unit: "% of hours", period: .month, direction: .down, target: 4, statements: ["C5"]),
        .init(
            name: "Supervision compliance", unit: "%", period: .month, direction: .up, target: 90,
            statements: ["C5", "W6"]),
        .init(
            name: "Training compliance", unit: "%", period: .month, direction: .up, target: 95, statements: ["S6", "E2"]
        ),
        .init(
            name: "Overdue care-plan reviews", unit: "reviews", period: .month, direction: .down, target: 0,
            statements: ["R1", "E1"]),
        .init(name: "Audit scores", unit: "%", period: .month, direction: .up, target: 90, statements: ["W5"])
    ]
}

public enum IndicatorRules {
    /// Only a neutral indicator warns on a side of its own: the others warn on their bad side already.
    public static func warnOnProblem(direction: SPC.Direction?, warnOn: SPC.WarnOn?) -> FieldError? {
        guard warnOn != nil, let direction, direction != .neutral else { return nil }
        return FieldError(
            "warn_on",
            "Only a neutral indicator is set to warn on a rise or a fall; this one already warns when it gets worse.")
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

/// A series' settings — rebase points and a fixed baseline — change the limits its early warnings are judged
/// by (issue 33): every change needs a reason, and a watched series a second person.
public enum SeriesRules {
    /// A series is watched when it is the outcome indicator of a live high or extreme action, or shows an
    /// early warning (a special-cause concern) in its latest three periods.
    public static func isWatched(outcomeOfLiveHighAction: Bool, result: SPC.Result) -> Bool {
        outcomeOfLiveHighAction || result.latestConcern(within: SPC.Result.warningWindow) != nil
    }

    /// The policy's edits for a settings change; empty when nothing changes.
    public static func edits(
        before: (baselinePoints: Int?, rebases: Set<Day>),
        after: (baselinePoints: Int?, rebases: Set<Day>), watched: Bool
    ) -> [PolicyEdit] {
        var out: [PolicyEdit] = []
        if before.rebases != after.rebases {
            let added = after.rebases.subtracting(before.rebases).sorted().map(\.ukFormat)
            let removed = before.rebases.subtracting(after.rebases).sorted().map(\.ukFormat)
            let words =
                (added.isEmpty ? [] : ["rebased from \(added.joined(separator: ", "))"])
                + (removed.isEmpty ? [] : ["rebase removed at \(removed.joined(separator: ", "))"])
            out.append(
                PolicyEdit(
                    "rebases", meetsCondition: watched,
                    message: "The series is " + words.joined(separator: "; ") + "."))
        }
        if before.baselinePoints != after.baselinePoints {
            let text = after.baselinePoints.map { "fixed after \($0) points" } ?? "taken from all points"
            out.append(PolicyEdit("baseline_points", meetsCondition: watched, message: "The limits are \(text)."))
        }
        return out
    }
}
