import Foundation

/// The commissioner pack's one-page summary (issue 24): what changed since the last pack, and what needs the
/// commissioner's decision.
public enum CommissionerSummary {
    /// A count beside the last pack's: "3, up from 1", "0, down from 2", "2, as in the last pack".
    public static func change(_ now: Int, was: Int) -> String {
        if now == was { return "\(now), as in the last pack" }
        return "\(now), \(now > was ? "up" : "down") from \(was)"
    }

    /// What an escalation asks of the commissioner: a raised one waits for their acknowledgement, one in joint
    /// review for an agreed outcome; others ask nothing.
    public static func escalationAsk(_ status: EscalationStatus, respondBy: Day?, today: Day) -> String? {
        switch status {
        case .raised:
            guard let respondBy else { return "Acknowledge and respond." }
            return respondBy < today
                ? "Acknowledge and respond: the response was due \(respondBy.ukFormat)."
                : "Acknowledge and respond by \(respondBy.ukFormat)."
        case .jointReview:
            return "Agree the joint review's outcome with the provider."
        case .draft, .acknowledged, .resolved:
            return nil
        }
    }

    /// A service under more than routine oversight asks whether the level stays: stepping down is worth
    /// considering only when nothing is overdue, no indicator warns and no escalation is open.
    public static func oversightAsk(
        level: OversightLevel, since: Day?, overdue: Int, warnings: Int,
        openEscalations: Int
    ) -> String? {
        guard level != .routine else { return nil }
        let at = level.label.lowercased() + (since.map { " since \($0.ukFormat)" } ?? "")
        if overdue == 0 && warnings == 0 && openEscalations == 0 {
            return "Decide whether to step down from \(at): no action is overdue, no indicator warns and no "
                + "escalation is open."
        }
        var why: [String] = []
        if overdue > 0 { why.append("\(overdue) action\(overdue == 1 ? "" : "s") overdue") }
        if warnings > 0 { why.append("\(warnings) early warning\(warnings == 1 ? "" : "s")") }
        if openEscalations > 0 { why.append("\(openEscalations) open escalation\(openEscalations == 1 ? "" : "s")") }
        return "Confirm \(at) continues: " + why.joined(separator: ", ") + "."
    }
}
