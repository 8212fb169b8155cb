import Foundation

/// What a change needs before it takes effect (DESIGN §1), weakest first.
public enum ChangeNeed: String, Sendable, Codable, CaseIterable, Comparable {
    /// Applies at once.
    case free
    /// Applies at once, with its reason written down.
    case reason
    /// Waits, with its reason, until someone else who may approve it does (by band).
    case secondPerson = "second_person"
    /// Waits, with its reason, until the party that owns the record confirms it.
    case ownerConfirmation = "owner_confirmation"

    public var label: String {
        switch self {
        case .free: "Applies at once"
        case .reason: "A reason"
        case .secondPerson: "A second person"
        case .ownerConfirmation: "The owner's confirmation"
        }
    }

    /// Held as a pending change (202) rather than applied.
    public var isHeld: Bool { self == .secondPerson || self == .ownerConfirmation }

    var rank: Int { ChangeNeed.allCases.firstIndex(of: self)! }
    public static func < (a: ChangeNeed, b: ChangeNeed) -> Bool { a.rank < b.rank }
}

/// The records whose changes the policy governs.
public enum GovernedRecord: String, Sendable, Codable, CaseIterable {
    case action
    case indicatorSeries = "indicator_series"
    case commissionerOversight = "commissioner_oversight"
    case reAudit = "reaudit"
    case handover
    case escalation
    case safeguardingDecision = "safeguarding_decision"
    case interventionSignOff = "intervention_sign_off"
    case notification
    case frameworkInForce = "framework_in_force"
    case reviewRoute = "review_route"
    case settings

    public var label: String {
        switch self {
        case .action: "Recovery action"
        case .indicatorSeries: "Indicator series settings"
        case .commissionerOversight: "Commissioner oversight"
        case .reAudit: "Re-audit"
        case .handover: "Assignments and handovers"
        case .escalation: "Escalation to the commissioner"
        case .safeguardingDecision: "Safeguarding decision"
        case .interventionSignOff: "Restrictive intervention sign-off"
        case .notification: "Notification to CQC"
        case .frameworkInForce: "Framework in force"
        case .reviewRoute: "Review route"
        case .settings: "Settings in force"
        }
    }
}

/// One row of the change policy: for a record's field or transition, who may propose it (a
/// permission of the rulebook) and what it needs — ordinarily, and when its condition holds
/// (for most rows: when the change weakens oversight).
public struct PolicyRow: Sendable, Hashable {
    public let record: GovernedRecord
    /// The field (`baseline_day`) or transition (`status:cancelled`) the row is about: the audit's field name.
    public let subject: String
    public let label: String
    /// Who may propose it, asked of the rulebook in their relation to the record.
    public let proposer: Permission
    public let need: ChangeNeed
    /// When the stronger need applies, in words ("an earlier day"); nil when it never does.
    public let condition: String?
    public let needWhen: ChangeNeed
    /// Who approves or confirms a held change, asked of the rulebook.
    public let approver: Permission?
    /// What the change must satisfy whatever it needs (refused with 422 otherwise), in words.
    public let checks: String?

    public init(
        _ record: GovernedRecord, _ subject: String, _ label: String, proposer: Permission,
        need: ChangeNeed = .free, when condition: String? = nil, needs needWhen: ChangeNeed? = nil,
        approver: Permission? = nil, checks: String? = nil
    ) {
        self.record = record
        self.subject = subject
        self.label = label
        self.proposer = proposer
        self.need = need
        self.condition = condition
        self.needWhen = needWhen ?? need
        self.approver = approver
        self.checks = checks
    }

    /// What it needs, in words: "A reason; a second person when …".
    public var needText: String {
        guard let condition, needWhen != need else { return need.label }
        return "\(need.label); \(needWhen.label.lowercased()) when \(condition)"
    }
}

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
            PolicyRow(.settings, "two_factor_roles", "Roles that must use two-factor sign-in", proposer: .administer)
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

extension Permission {
    /// Who may, in words, read off the rulebook itself (so the policy table cannot drift from it):
    /// the roles allowed with no relation to the record, who else is allowed through a relation,
    /// who is ruled out by one, and who at the extreme band.
    public var who: String {
        let base = Role.allCases.filter { allows($0) }
        let relations: [(String, RecordRelation)] = [
            ("the action's lead", RecordRelation(isLead: true)),
            ("the senior reviewer", RecordRelation(isReviewer: true)),
            ("the record's owner", RecordRelation(isOwner: true))
        ]
        // Who else a relation lets in (whatever their role), and whom one rules out.
        let gained = relations.filter { _, r in Role.allCases.contains { !base.contains($0) && allows($0, r) } }.map(
            \.0)
        let lost = relations.filter { _, r in base.contains { !allows($0, r) } }.map(\.0)
        var who = base.isEmpty ? "" : Self.name(base)
        if base.isEmpty, let first = gained.first {
            who =
                first.prefix(1).uppercased() + first.dropFirst() + gained.dropFirst().map { " or \($0)" }.joined()
                + " only"
        } else if !gained.isEmpty {
            who += gained.map { ", or \($0)" }.joined()
        }
        if base.isEmpty && gained.isEmpty { who = "Nobody" }
        var parts = [who] + lost.map { "never \($0)" }
        if base.contains(where: { !allows($0, RecordRelation(isProposer: true)) }) {
            parts.append("never the proposer")
        }
        let extreme = base.filter { allows($0, RecordRelation(band: .extreme)) }
        if extreme != base { parts.append("extreme: \(Self.name(extreme).lowercased()) only") }
        return parts.joined(separator: "; ")
    }

    static func name(_ roles: [Role]) -> String {
        let set = Set(roles)
        if set == Set(Role.allCases) { return "Anyone signed in" }
        if set == Set(Role.allCases.filter(\.isManagerOrAbove)) { return "Registered manager or above" }
        if set == Set(Role.allCases.filter(\.isManagerOrAbove) + [.commissioner]) {
            return "Registered manager or above, or the commissioner"
        }
        if set == Set(Role.allCases.filter(\.canLeadActions)) { return "The provider's people (not commissioners)" }
        if set == [.commissioner] { return "A commissioner of the service" }
        let labels = roles.map(\.label)
        guard labels.count > 1 else { return labels.first ?? "" }
        return labels.dropLast().joined(separator: ", ") + " or " + labels.last!.lowercased()
    }
}
