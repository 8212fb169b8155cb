import Foundation

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
