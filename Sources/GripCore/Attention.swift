import Foundation

public enum Attention {
    /// Weak progress: after three or more assured measures, the latest is no better than the baseline.
    public static func isWeakProgress(measures: [Double], baselineValue: Double, direction: TargetDirection) -> Bool {
        guard measures.count >= 3, let latest = measures.last else { return false }
        return !(direction == .higher ? latest > baselineValue : latest < baselineValue)
    }

    /// Flags of an action on `today`, each with a sentence saying why.
    public static func flags(_ f: AttentionFacts, policy: ReviewPolicy, today: Day) -> [RaisedFlag] {
        var out: [RaisedFlag] = []
        let live = f.status.isLive
        if live && f.dueDay < today {
            let days = today.days(since: f.dueDay)
            out.append(
                RaisedFlag(
                    flag: .overdue, explanation: "Due \(f.dueDay.ukFormat): \(days) day\(days == 1 ? "" : "s") overdue."
                ))
        }
        if live && f.nextReviewDay < today {
            out.append(
                RaisedFlag(
                    flag: .reviewOverdue,
                    explanation: "A review was due \(f.nextReviewDay.ukFormat) and has not been recorded."))
        }
        let cadence = policy.cadence(for: f.band)
        let since = f.lastEvidenceDay ?? f.baselineDay
        if live && since.adding(days: 2 * cadence) < today {
            let what =
                f.lastEvidenceDay.map { "The last evidence is from \($0.ukFormat)" }
                ?? "No evidence since the baseline day, \(f.baselineDay.ukFormat)"
            out.append(
                RaisedFlag(
                    flag: .stalled,
                    explanation: "\(what): more than two review periods (\(2 * cadence) days) without new evidence."))
        }
        if live, isWeakProgress(measures: f.measures, baselineValue: f.baselineValue, direction: f.direction),
            let latest = f.measures.last
        {
            out.append(
                RaisedFlag(
                    flag: .weakProgress,
                    explanation:
                        """
                        After \(f.measures.count) reviews the measure (\(ActionRules.display(latest))) is no \
                        better than the baseline (\(ActionRules.display(f.baselineValue))).
                        """
                ))
        }
        if f.band.isHighOrExtreme && (live || f.status == .monitoring) && !f.hasOutcomeEvidence && !f.hasLinkedIndicator
        {
            out.append(
                RaisedFlag(
                    flag: .disconnected,
                    explanation:
                        """
                        \(f.band.withCapitalArticle) action with no outcome evidence and no linked indicator: \
                        nothing shows whether outcomes changed.
                        """
                ))
        }
        if f.status == .monitoring, let due = f.reAuditDue, due < today {
            let days = today.days(since: due)
            out.append(
                RaisedFlag(
                    flag: .reAuditOverdue,
                    explanation:
                        """
                        The re-audit was due \(due.ukFormat): \(days) day\(days == 1 ? "" : "s") overdue. Until \
                        it passes, the action does not count as completed.
                        """
                ))
        }
        return out
    }
}
