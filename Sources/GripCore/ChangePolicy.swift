import Foundation

/// One proposed change to one subject of a record: whether the row's condition holds (usually:
/// it weakens oversight), and the sentence the approver reads.
public struct PolicyEdit: Sendable, Hashable {
    public let subject: String
    public let meetsCondition: Bool
    public let message: String

    public init(_ subject: String, meetsCondition: Bool, message: String) {
        self.subject = subject
        self.meetsCondition = meetsCondition
        self.message = message
    }
}

/// The policy's answer for a whole change.
public enum PolicyVerdict: Sendable, Equatable {
    /// Apply it now (with the reason, when one was needed).
    case apply
    /// Refuse it: nothing is written; the fields say why (422).
    case refuse([FieldError])
    /// Keep it as a pending change until `approver` decides (202).
    case hold(need: ChangeNeed, approver: Permission, edits: [PolicyEdit])
}

/// The change policy (DESIGN §1): for every governed record, field and transition, who may propose
/// it and what it needs. Data, read by the one door every write passes, by the *Rules in force* page
/// and by the README's governance table.
public enum ChangePolicy {
    public static let version = "change-policy-2026-12"

    /// The shortest reason the policy accepts for a held change, in characters (a sentence, not "ok").
    public static let minimumReason = 10

    public static let rows: [PolicyRow] =
        actionRows + transitionRows + [
            // Indicator series: the limits the early warnings are judged by.
            PolicyRow(
                .indicatorSeries, "rebases", "Rebase points", proposer: .changeSeriesSettings, need: .reason,
                when: seriesCondition, needs: .secondPerson, approver: .approveSeriesChange,
                checks: "Each rebase is a period of the series; shown on the chart with its reason."),
            PolicyRow(
                .indicatorSeries, "baseline_points", "Limits fixed after n points", proposer: .changeSeriesSettings,
                need: .reason, when: seriesCondition, needs: .secondPerson, approver: .approveSeriesChange,
                checks: "At least 12 points."),
            // Commissioner oversight belongs to the commissioner.
            PolicyRow(
                .commissionerOversight, "level", "Oversight level", proposer: .recordOversight,
                when: "the provider lowers it", needs: .ownerConfirmation, approver: .confirmOversight,
                checks: "Started on a real day, not in the future."),
            PolicyRow(
                .commissionerOversight, "cadence_days", "Reporting cadence", proposer: .recordOversight,
                when: "the provider asks for less frequent updates", needs: .ownerConfirmation,
                approver: .confirmOversight, checks: "1 to 365 days."),
            PolicyRow(.commissionerOversight, "note", "Note", proposer: .recordOversight),
            // Re-audit: the only way to sustained.
            PolicyRow(
                .reAudit, "passed", "Re-audit result", proposer: .reAudit,
                checks: "On a closed action in monitoring; dated on or after the earliest day (half the re-audit "
                    + "interval after closure) and not in the future; resting on evidence dated after closure; "
                    + "what was sampled, how, and what it found; a failed one names the control to change."),
            // Assignments and handovers.
            PolicyRow(
                .handover, "successor", "A leaver's actions, reviews and steps", proposer: .administer,
                checks: "On every action it touches, whichever side the leaver held: the lead and the senior "
                    + "reviewer are different people, and an extreme action's reviewer is a quality lead or the "
                    + "nominated individual."),
            // Escalations to the commissioner.
            PolicyRow(
                .escalation, "status:raised", "Raise", proposer: .moveEscalations,
                checks: "By the provider (a commissioner never sees a draft)."),
            PolicyRow(
                .escalation, "status:acknowledged", "Acknowledge", proposer: .moveEscalations,
                checks: "By the commissioner."),
            PolicyRow(.escalation, "status:joint_review", "Joint review", proposer: .moveEscalations),
            PolicyRow(
                .escalation, "status:resolved", "Resolve", proposer: .moveEscalations,
                checks: "Outcome or people's-experience evidence dated after it was raised, or an improvement "
                    + "on a linked indicator since then (a neutral one only in the direction it does not warn "
                    + "on)."),
            // A threshold that fired: answered by an escalation, by taking it up, or by a decision not to.
            PolicyRow(
                .escalationFiring, "answer:raised", "Raise an escalation on it", proposer: .raiseEscalations,
                checks: "Raised (not a draft) about the firing's service; late when raised after its time to act."),
            PolicyRow(
                .escalationFiring, "answer:taken_up", "Take it up internally", proposer: .raiseEscalations,
                checks: "An internal threshold only; what is being done, in 10 to 2,000 characters."),
            PolicyRow(
                .escalationFiring, "answer:not_escalating", "Not escalating", proposer: .raiseEscalations,
                need: .secondPerson, approver: .approveNotEscalating,
                checks: "A reason of 10 to 2,000 characters; answered when approved, late if approved after its "
                    + "time to act."),
            // Senior visits to a service.
            PolicyRow(
                .seniorVisit, "record", "Record a visit", proposer: .recordSeniorVisits,
                checks: "A day in the last year, not in the future; planned or "
                    + "unannounced; what was observed, who was spoken to and what was found, each 3 to 4,000 "
                    + "characters."),
            PolicyRow(
                .seniorVisit, "visitors", "Name who makes a service's visits", proposer: .recordSeniorVisits,
                checks: "For planned and for unannounced visits, the nominated individual or a quality lead, active, "
                    + "or nobody named (any of them)."),
            // Safety-critical operating models: time-limited checks, re-signed or lapsed, stood down by two people.
            PolicyRow(
                .safetyModel, "set_up", "Set up a model", proposer: .keepSafetyModels,
                checks: "A title; start and planned end (not before the start); its checks, each named once and due "
                    + "1 to 24 times a day or every shift; re-signed every 1 to 28 days (14 unless said); the "
                    + "actions it protects, of its service."),
            PolicyRow(
                .safetyModel, "re_sign", "Re-sign it", proposer: .reSignSafetyModel,
                checks: "By its owner, while it is in force or lapsed (re-signing a lapsed model restores it; the "
                    + "lapse stays on record)."),
            PolicyRow(
                .safetyModel, "check", "Record a check done", proposer: .recordSafetyChecks,
                checks: "One of the model's checks, on a day it is in force, today or in the last 7 days."),
            PolicyRow(
                .safetyModel, "verification", "Verify checks", proposer: .verifySafetyChecks,
                checks: "A spot call, an unannounced visit or an observation; the check and day verified; whether "
                    + "the record held; what was found, 3 to 2,000 characters."),
            PolicyRow(
                .safetyModel, "stand_down", "Stand it down", proposer: .keepSafetyModels, need: .secondPerson,
                approver: .approveStandDown,
                checks: "The evidence it rests on, 10 to 2,000 characters; approved by a quality lead or the "
                    + "nominated individual who did not propose it; the model ends the day it is approved."),
            // Learning across services.
            PolicyRow(
                .learning, "share", "Mark it as applying elsewhere", proposer: .shareLearning,
                checks: "A finding, a closed action or an escalation; what was learned, 10 to 2,000 characters; at "
                    + "least one service other than its own, each once; a due day for their checks, not in the past."),
            PolicyRow(
                .learning, "check", "Record what a service's check found", proposer: .recordLearningChecks,
                checks: "Of a service the person can see, once; already in place, practice changed, an action raised "
                    + "or does not apply; a note of what was seen where nothing needed doing."),
            // The care logs.
            PolicyRow(
                .safeguardingDecision, "decision", "Manager's decision", proposer: .decideConcerns,
                checks: "Decided on or after the concern was raised; a referral names when."),
            PolicyRow(
                .interventionSignOff, "panel_signed_off", "Panel sign-off", proposer: .decideConcerns,
                checks: "Only after the debrief; a correction keeps the panel's sign-off."),
            PolicyRow(
                .notification, "submitted", "Submitted to CQC", proposer: .decideConcerns,
                checks: "Submitted on or after the event, with CQC's reference."),
            // Organisation settings.
            PolicyRow(
                .frameworkInForce, "framework", "Framework in force", proposer: .manageFrameworks,
                checks: "A loaded version; actions keep the version they were mapped under."),
            PolicyRow(
                .reviewRoute, "route", "Services, members and cadence", proposer: .administer,
                checks: "Every action's route keeps covering its service."),
            PolicyRow(.settings, "two_factor_roles", "Roles that must use two-factor sign-in", proposer: .administer),
            PolicyRow(
                .settings, "escalation_thresholds", "Escalation thresholds", proposer: .administer,
                checks: "A valid set saved against the version in force; firings keep the version they fired under.")
        ]

    static let seriesCondition =
        "the series is the outcome indicator of a live high or extreme action, or shows "
        + "an early warning in its latest three periods"

    static let actionRows: [PolicyRow] = [
        PolicyRow(.action, "title", "Title", proposer: .editActions),
        PolicyRow(.action, "theme", "Theme", proposer: .editActions),
        PolicyRow(.action, "service_id", "Service", proposer: .editActions, checks: "One of the proposer's services."),
        PolicyRow(
            .action, "source_id", "Source of concern", proposer: .editActions,
            checks: "A source about the same service."),
        PolicyRow(
            .action, "statements", "Framework items", proposer: .editActions,
            when: "an item is dropped from a live action", needs: .secondPerson, approver: .approveChange),
        PolicyRow(.action, "baseline", "Baseline", proposer: .editActions),
        PolicyRow(
            .action, "baseline_day", "Baseline day", proposer: .editActions,
            when: "it moves earlier on a live action (older evidence would count)", needs: .secondPerson,
            approver: .approveChange, checks: "Not after the target day."),
        PolicyRow(
            .action, "metric", "Metric", proposer: .editActions,
            when: "it changes on a live action", needs: .secondPerson, approver: .approveChange),
        PolicyRow(
            .action, "direction", "Direction", proposer: .editActions,
            when: "it changes on a live action", needs: .secondPerson, approver: .approveChange),
        PolicyRow(
            .action, "baseline_value", "Baseline value", proposer: .editActions,
            when: "it moves the worse way on a live action (improvement would be easier to show)",
            needs: .secondPerson, approver: .approveChange),
        PolicyRow(
            .action, "target_value", "Target value", proposer: .editActions,
            when: "it is loosened on a live action", needs: .secondPerson, approver: .approveChange,
            checks: "Better than the baseline in the target's direction."),
        PolicyRow(
            .action, "target_day", "Target day", proposer: .editActions,
            when: "it moves later on a live action", needs: .secondPerson, approver: .approveChange),
        PolicyRow(
            .action, "risk_factors", "Risk factors", proposer: .editActions,
            when: "the band falls on a live action", needs: .secondPerson, approver: .approveChange),
        PolicyRow(
            .action, "lead_id", "Lead", proposer: .editActions,
            when: "a live high or extreme action's lead is replaced", needs: .secondPerson,
            approver: .approveChange, checks: "Active, delivers work, sees the service."),
        PolicyRow(
            .action, "reviewer_id", "Senior reviewer", proposer: .editActions,
            when: "a live high or extreme action's reviewer is replaced", needs: .secondPerson,
            approver: .approveChange,
            checks: "Not the lead; registered manager or above (extreme: quality lead or nominated individual)."),
        PolicyRow(
            .action, "route_id", "Review route", proposer: .editActions,
            when: "a live action moves to a less senior route", needs: .secondPerson, approver: .approveChange,
            checks: "The route covers the action's service."),
        PolicyRow(
            .action, "indicator_id", "Outcome indicator", proposer: .editActions,
            when: "a live action's indicator is removed or replaced", needs: .secondPerson,
            approver: .approveChange),
        PolicyRow(
            .action, "interim_controls", "Interim controls", proposer: .editActions,
            when: "a live action loses or rewords a control", needs: .secondPerson, approver: .approveChange,
            checks: "Required for high and extreme actions."),
        PolicyRow(
            .action, "due_day", "Due day", proposer: .editActions, need: .reason,
            checks: "A high or extreme action moved later also records a change of control or an escalation.")
    ]

    static let transitionRows: [PolicyRow] = [
        PolicyRow(.action, "status:open", "Open", proposer: .changeActionStatus),
        PolicyRow(
            .action, "status:in_progress", "In progress", proposer: .changeActionStatus,
            when: "it is sent back from awaiting assurance", needs: .reason),
        PolicyRow(.action, "status:awaiting_assurance", "Awaiting assurance", proposer: .changeActionStatus),
        PolicyRow(
            .action, "status:cancelled", "Cancel", proposer: .changeActionStatus, need: .reason,
            when: "the action is live and high or extreme", needs: .secondPerson, approver: .approveChange),
        PolicyRow(.action, "status:reopened", "Reopen", proposer: .changeActionStatus, need: .reason),
        PolicyRow(
            .action, "status:monitoring", "Close (sign-off)", proposer: .signOffClosure,
            checks: "The closure gate: triangulated evidence after the baseline day, the target met on an "
                + "assured measure; a written override only on low and moderate actions.")
    ]

    /// The row for a record's subject; nil when the subject is not governed (a test fails for any field without one).
    public static func row(_ record: GovernedRecord, _ subject: String) -> PolicyRow? {
        rows.first { $0.record == record && $0.subject == subject }
    }

    public static func rows(for record: GovernedRecord) -> [PolicyRow] { rows.filter { $0.record == record } }

    /// Judges a change: what it needs is the most any of its edits needs. `ownerActs`: the person
    /// proposing is the owning party (a commissioner of the service), whose own changes apply at once.
    /// An edit whose subject has no row is refused: nothing is written past the policy.
    public static func judge(
        _ record: GovernedRecord, edits: [PolicyEdit], reason: String?,
        ownerActs: Bool = false
    ) -> PolicyVerdict {
        var need = ChangeNeed.free
        var approver: Permission?
        var held: [PolicyEdit] = []
        for edit in edits {
            guard let row = row(record, edit.subject) else {
                return .refuse([
                    FieldError(
                        edit.subject,
                        "\(record.label): \(edit.subject) is not a field Grip lets "
                            + "anyone change.")
                ])
            }
            var n = edit.meetsCondition ? row.needWhen : row.need
            if n == .ownerConfirmation && ownerActs { n = .free }
            if n.isHeld {
                held.append(edit)
                approver = approver ?? row.approver
            }
            need = max(need, n)
        }
        guard need > .free else { return .apply }
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.count < (need.isHeld ? minimumReason : 1) {
            let what = (held.isEmpty ? edits : held).map(\.message).joined(separator: " ")
            let message =
                switch need {
                case .secondPerson:
                    "This change weakens oversight (\(what)) Give the reason, in a sentence: someone else "
                        + "who may approve it decides."
                case .ownerConfirmation:
                    "This change steps oversight down (\(what)) Give the reason, in a sentence: a "
                        + "commissioner of the service confirms it."
                default: "Give the reason for this change, in a sentence (\(what))"
                }
            return .refuse([FieldError("change_reason", message)])
        }
        guard need.isHeld, let approver else { return .apply }
        return .hold(need: need, approver: approver, edits: held)
    }

    /// The policy as a Markdown table, for the README (a test keeps the README's copy equal to it).
    public static func markdown() -> String {
        var out = "| record | field or transition | who may propose | what it needs | who approves | checked |\n"
        out += "|---|---|---|---|---|---|\n"
        for r in rows {
            let cells = [
                r.record.label, "\(r.label) (`\(r.subject)`)", r.proposer.who,
                r.needText, r.approver.map(\.who) ?? "—", r.checks ?? "—"
            ]
            out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
