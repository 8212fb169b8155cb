import Foundation

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
