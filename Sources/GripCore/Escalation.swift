import Foundation

/// Which side of the provider–commissioner relationship is acting.
public enum Party: String, Sendable, Codable {
    case provider, commissioner
}

/// A provider escalation to the commissioner (DESIGN §2), raised early, before a crisis.
public enum EscalationStatus: String, CaseIterable, Sendable, Codable {
    case draft, raised, acknowledged
    case jointReview = "joint_review"
    case resolved

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .raised: "Raised"
        case .acknowledged: "Acknowledged"
        case .jointReview: "Joint review"
        case .resolved: "Resolved"
        }
    }

    /// Open escalations show on dashboards and agendas.
    public var isOpen: Bool { self != .draft && self != .resolved }

    /// Commissioners see an escalation once it is raised.
    public var visibleToCommissioner: Bool { self != .draft }
}

public enum EscalationCategory: String, CaseIterable, Sendable, Codable {
    case increasedRisk = "increased_risk"
    case repeatedIncidents = "repeated_incidents"
    case healthDeterioration = "health_deterioration"
    case staffing
    case familyBreakdown = "family_breakdown"
    case housingCompatibility = "housing_compatibility"
    case specialistInput = "specialist_input"

    public var label: String {
        switch self {
        case .increasedRisk: "Increased risk"
        case .repeatedIncidents: "Repeated incidents"
        case .healthDeterioration: "Health deterioration"
        case .staffing: "Staffing"
        case .familyBreakdown: "Family breakdown"
        case .housingCompatibility: "Housing compatibility"
        case .specialistInput: "Specialist input needed"
        }
    }
}

/// Evidence offered to resolve an escalation, as the rule sees it.
public struct ResolutionEvidence: Sendable, Hashable {
    public let date: Day
    public let kind: EvidenceKind
    public let category: String
    public init(date: Day, kind: EvidenceKind, category: String) {
        self.date = date
        self.kind = kind
        self.category = category
    }

    /// An outcome: evidence in the outcomes or people's-experience category — what changed for the
    /// people concerned. Meeting minutes never are, nor is a process (a rota, a training record).
    public var isOutcome: Bool {
        kind != .minutes
            && (category == EvidenceCategories.outcomes || category == EvidenceCategories.peoplesExperience)
    }
}

public enum EscalationLifecycle {
    public struct Refusal: Error, Equatable, Sendable {
        public let message: String
    }

    /// Who may make which move: the provider raises; the commissioner acknowledges; either side
    /// takes it to joint review or resolves it — and resolves it only on an outcome: evidence of
    /// outcomes or people's experience dated after it was raised (minutes of a meeting, a rota or a
    /// training record are not), or an improvement on a linked indicator in a period since then.
    public static func transition(
        from: EscalationStatus, to: EscalationStatus, by party: Party,
        raisedOn: Day?, evidence: [ResolutionEvidence],
        indicatorImproved: Bool = false
    ) throws(Refusal) -> EscalationStatus {
        if from == to { throw Refusal(message: "The escalation is already \(to.label.lowercased()).") }
        switch (from, to) {
        case (.draft, .raised):
            guard party == .provider else { throw Refusal(message: "Only the provider raises its escalation.") }
        case (.raised, .acknowledged):
            guard party == .commissioner else {
                throw Refusal(
                    message: "The commissioner acknowledges an escalation; the provider cannot acknowledge its own.")
            }
        case (.raised, .jointReview), (.acknowledged, .jointReview):
            break
        case (.raised, .resolved), (.acknowledged, .resolved), (.jointReview, .resolved):
            guard let raisedOn else {
                throw Refusal(message: "An escalation that was never raised cannot be resolved.")
            }
            let outcomes = evidence.filter { $0.isOutcome && $0.date > raisedOn }
            if outcomes.isEmpty && !indicatorImproved {
                let minutesOnly = !evidence.isEmpty && evidence.allSatisfy { $0.kind == .minutes }
                let processOnly = !evidence.isEmpty && evidence.allSatisfy { !$0.isOutcome }
                let or = " — or an improvement on a linked indicator since then."
                let minutes =
                    "Minutes of a meeting are not an outcome: link evidence that the situation improved, "
                    + "dated after \(raisedOn.ukFormat)" + or
                let process =
                    "Only evidence of outcomes or of people's experience resolves an escalation — a rota, "
                    + "an audit or a training record shows what was done, not that things improved. "
                    + "Link such evidence dated after \(raisedOn.ukFormat)" + or
                let none =
                    "An escalation resolves only with outcome evidence linked, dated after it was raised on "
                    + "\(raisedOn.ukFormat)" + or
                throw Refusal(message: minutesOnly ? minutes : processOnly ? process : none)
            }
        default:
            throw Refusal(
                message: "An escalation that is \(from.label.lowercased()) cannot move to \(to.label.lowercased()).")
        }
        return to
    }

    /// Whether a linked indicator improved since the escalation was raised: a special-cause improvement
    /// (for a neutral indicator that warns on a rise, a special-cause fall; and the reverse) in a period
    /// that starts after the day it was raised. `periods` are the series' period starts, point by point.
    public static func indicatorImproved(
        periods: [Day], result: SPC.Result, warnOn: SPC.WarnOn?,
        raisedOn: Day
    ) -> Bool {
        zip(periods, result.points).contains { start, p in
            guard start > raisedOn else { return false }
            switch p.variation {
            case .improvement: return true
            case .neutralLow: return warnOn == .rise
            case .neutralHigh: return warnOn == .fall
            case .commonCause, .concern: return false
            }
        }
    }
}

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
