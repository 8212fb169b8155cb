import Foundation

/// The commissioner's oversight level of a service.
public enum OversightLevel: String, CaseIterable, Sendable, Codable {
    case routine
    case enhancedMonitoring = "enhanced_monitoring"
    case formalImprovementPlan = "formal_improvement_plan"
    case admissionsSuspended = "admissions_suspended"

    public var label: String {
        switch self {
        case .routine: "Routine"
        case .enhancedMonitoring: "Enhanced monitoring"
        case .formalImprovementPlan: "Formal improvement plan"
        case .admissionsSuspended: "Admissions suspended"
        }
    }

    public var rank: Int { OversightLevel.allCases.firstIndex(of: self)! }

    /// The next update the commissioner asked for: one reporting cadence after the last update (or the start).
    public static func nextUpdateDue(since: Day, lastUpdate: Day?, cadenceDays: Int) -> Day {
        (lastUpdate.map { max($0, since) } ?? since).adding(days: cadenceDays)
    }
}

/// Commissioner oversight belongs to the commissioner (DESIGN §1): what a new position changes, judged by direction.
public enum OversightRules {
    /// The policy's edits for recording `level` and `cadenceDays` over the position in force (nil: none yet).
    /// A lower level, or a longer cadence while above routine, is a step-down.
    public static func edits(
        current: (level: OversightLevel, cadenceDays: Int)?, level: OversightLevel,
        cadenceDays: Int, note: String
    ) -> [PolicyEdit] {
        var out: [PolicyEdit] = []
        guard let current else {
            out.append(PolicyEdit("level", meetsCondition: false, message: "The level is set to \(level.label)."))
            return out
        }
        if level != current.level {
            let lower = level.rank < current.level.rank
            out.append(
                PolicyEdit(
                    "level", meetsCondition: lower,
                    message: lower
                        ? "The level would step down from \(current.level.label) to \(level.label)."
                        : "The level rises from \(current.level.label) to \(level.label)."))
        }
        if cadenceDays != current.cadenceDays && level != .routine {
            let longer = cadenceDays > current.cadenceDays
            out.append(
                PolicyEdit(
                    "cadence_days", meetsCondition: longer,
                    message: longer
                        ? "Updates would be due every \(cadenceDays) days instead of every \(current.cadenceDays)."
                        : "Updates are due every \(cadenceDays) days instead of every \(current.cadenceDays)."))
        }
        if out.isEmpty {
            out.append(
                PolicyEdit(
                    "note", meetsCondition: false,
                    message: note.isEmpty
                        ? "The position is restated."
                        : "A note is added."))
        }
        return out
    }
}
