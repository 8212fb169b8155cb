import Foundation

/// Attention flags: computed from the data, never stored as truth (DESIGN §2).
public enum AttentionFlag: String, CaseIterable, Sendable, Codable {
    case overdue
    case reviewOverdue = "review_overdue"
    case stalled
    case weakProgress = "weak_progress"
    case disconnected
    case reAuditOverdue = "reaudit_overdue"

    public var label: String {
        switch self {
        case .overdue: "Overdue"
        case .reviewOverdue: "Review overdue"
        case .stalled: "Stalled"
        case .weakProgress: "Weak progress"
        case .disconnected: "Disconnected"
        case .reAuditOverdue: "Re-audit overdue"
        }
    }
}

public struct RaisedFlag: Sendable, Hashable, Codable {
    public let flag: AttentionFlag
    public let explanation: String
}

public struct AttentionFacts: Sendable {
    public var status: ActionStatus
    public var band: RiskBand
    public var dueDay: Day
    public var nextReviewDay: Day
    public var baselineDay: Day
    public var direction: TargetDirection
    public var baselineValue: Double
    /// Measure values of the reviews that recorded one, oldest first.
    public var measures: [Double]
    public var lastEvidenceDay: Day?
    public var hasOutcomeEvidence: Bool
    public var hasLinkedIndicator: Bool
    /// The day a closed action's re-audit is due (nil when not closed).
    public var reAuditDue: Day?

    public init(
        status: ActionStatus, band: RiskBand, dueDay: Day, nextReviewDay: Day, baselineDay: Day,
        direction: TargetDirection,
        baselineValue: Double, measures: [Double], lastEvidenceDay: Day?, hasOutcomeEvidence: Bool,
        hasLinkedIndicator: Bool,
        reAuditDue: Day? = nil
    ) {
        self.reAuditDue = reAuditDue
        self.status = status
        self.band = band
        self.dueDay = dueDay
        self.nextReviewDay = nextReviewDay
        self.baselineDay = baselineDay
        self.direction = direction
        self.baselineValue = baselineValue
        self.measures = measures
        self.lastEvidenceDay = lastEvidenceDay
        self.hasOutcomeEvidence = hasOutcomeEvidence
        self.hasLinkedIndicator = hasLinkedIndicator
    }
}

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

/// Post-closure monitoring (DESIGN §2): a closed action stays visible for the next two
/// cycles of its review route, counted by cadence until meetings are recorded, then by meetings held.
public enum Monitoring {
    public static let cycles = 2
    /// How far back an agenda looks for sustained actions still in their window: longer than two cycles of any route.
    public static let lookBackDays = 2 * 366

    public static func isInWindow(closedOn: Day, cadenceDays: Int, meetingsHeldSinceClosure: Int?, today: Day) -> Bool {
        if let held = meetingsHeldSinceClosure { return held < cycles }
        return today <= closedOn.adding(days: cycles * cadenceDays)
    }

    /// The day the window ends when counted by cadence.
    public static func windowEnds(closedOn: Day, cadenceDays: Int) -> Day {
        closedOn.adding(days: cycles * cadenceDays)
    }

    public enum ReAuditOutcome: Equatable, Sendable { case sustained, reopened }

    /// When a re-audit may be dated and what it rests on (issue 33): on or after the earliest day (half the
    /// interval after closure), not in the future, and on evidence dated after the closure day.
    /// `evidenceDay`: the day of the evidence it rests on (nil: none chosen).
    public static func reAuditTimingProblems(
        day: Day, closedOn: Day?, band: RiskBand, policy: ReAuditPolicy,
        evidenceDay: Day?, today: Day
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if day > today { errors.append(FieldError("date", "A re-audit cannot be dated in the future.")) }
        if let closedOn {
            let earliest = policy.earliestDay(closedOn: closedOn, band: band)
            if day < closedOn {
                errors.append(
                    FieldError(
                        "date",
                        "A re-audit comes after the closure on \(closedOn.ukFormat); "
                            + "\(day.ukFormat) is before it."))
            } else if day < earliest {
                errors.append(
                    FieldError(
                        "date",
                        "The earliest re-audit of \(band.withArticle) action closed on "
                            + "\(closedOn.ukFormat) is \(earliest.ukFormat) "
                            + "(half the \(policy.days(for: band))-day interval): "
                            + "practice needs time to show it has changed."))
            }
        }
        if let evidenceDay {
            if let closedOn, evidenceDay <= closedOn {
                errors.append(
                    FieldError(
                        "evidence",
                        "The re-audit rests on evidence dated after the closure on "
                            + "\(closedOn.ukFormat); the evidence chosen is dated \(evidenceDay.ukFormat)."))
            }
        } else {
            errors.append(
                FieldError(
                    "evidence",
                    "Choose the evidence the re-audit rests on: recorded after the "
                        + "closure, on this action."))
        }
        return errors
    }

    /// A re-audit is recorded on an action in monitoring: what was tested (the sample and the
    /// method) and what it found; a pass sustains it, a fail reopens it with the control to change
    /// ("change the control, not the date").
    public static func reAudit(
        status: ActionStatus, passed: Bool, finding: String, sample: String,
        method: String, controlChange: String = ""
    ) throws(ValidationFailure) -> ReAuditOutcome {
        var errors: [FieldError] = []
        if status != .monitoring {
            errors.append(
                FieldError(
                    "status",
                    "A re-audit is recorded on a closed action in monitoring; this one is \(status.label.lowercased())."
                ))
        }
        if sample.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError("sample", "Say what was sampled: which records, people or shifts."))
        }
        if method.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError("method", "Say how it was tested: audit, observation, talking to people."))
        }
        if finding.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError("finding", "Write what the re-audit found."))
        }
        if !passed && controlChange.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(
                FieldError(
                    "control_change",
                    "A failed re-audit reopens the action: say which control changes "
                        + "(change the control, not the date)."))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return passed ? .sustained : .reopened
    }
}
