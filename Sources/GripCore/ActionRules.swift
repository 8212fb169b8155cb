import Foundation

/// Which way a measurable target improves.
public enum TargetDirection: String, CaseIterable, Sendable, Codable {
    case higher, lower
    public var label: String { self == .higher ? "Higher is better" : "Lower is better" }
}

/// What the rules need to know about a person proposed as a lead or senior reviewer.
public struct Candidate: Sendable, Hashable {
    public let id: UUID
    public let name: String
    public let role: Role
    public let active: Bool
    /// True when the person can see the action's service (organisation role or named for it).
    public let hasServiceAccess: Bool

    public init(id: UUID, name: String, role: Role, active: Bool, hasServiceAccess: Bool) {
        self.id = id
        self.name = name
        self.role = role
        self.active = active
        self.hasServiceAccess = hasServiceAccess
    }
}

public enum ActionRules {
    /// Roles that may be named as an action's lead (for choosers; `leadProblem` decides).
    public static func mayLead(_ role: Role) -> Bool { role.canLeadActions }

    /// Roles that may be named as a senior reviewer of some band (for choosers; `reviewerProblem` decides).
    public static func mayReview(_ role: Role) -> Bool { role.isManagerOrAbove }

    /// The roles offered as people who deliver work (leads, step owners, successors): for queries.
    public static var leadRoles: [Role] { Role.allCases.filter(mayLead) }

    /// The accountable lead: an active person who delivers work in the service.
    public static func leadProblem(_ lead: Candidate) -> String? {
        if !lead.active { return "\(lead.name) is deactivated and cannot lead an action." }
        if !lead.role.canLeadActions { return "A commissioner cannot lead a provider's action." }
        if !lead.hasServiceAccess { return "\(lead.name) has no access to this service." }
        return nil
    }

    /// DESIGN §1: low–high: registered manager or above with access to the service;
    /// extreme: quality lead or nominated individual; never the lead.
    public static func reviewerProblem(_ reviewer: Candidate, leadID: UUID?, band: RiskBand) -> String? {
        if reviewer.id == leadID {
            return "The senior reviewer must be a different person from the lead: delivery and assurance are separate."
        }
        if !reviewer.active { return "\(reviewer.name) is deactivated and cannot review an action." }
        if band == .extreme {
            if !reviewer.role.hasProviderOversight {
                return
                    """
                    An extreme-risk action must be reviewed by a quality lead or the nominated individual; \
                    \(reviewer.name) is a \(reviewer.role.label.lowercased()).
                    """
            }
            return nil
        }
        if !reviewer.role.isManagerOrAbove {
            return
                """
                The senior reviewer must be a registered manager or above; \(reviewer.name) is \
                \(reviewer.role == .staff ? "staff" : "a " + reviewer.role.label.lowercased()).
                """
        }
        if !reviewer.hasServiceAccess { return "\(reviewer.name) has no access to this service." }
        return nil
    }

    /// High and extreme actions need interim controls: what keeps people safe now.
    public static func interimControlsProblem(band: RiskBand, interimControls: String) -> String? {
        if band.isHighOrExtreme && interimControls.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return "\(band.withCapitalArticle) action needs interim controls: say what keeps people safe now."
        }
        return nil
    }

    /// The measurable target must be a real change in the right direction, due on or after the baseline.
    public static func targetProblems(
        direction: TargetDirection, baselineValue: Double, targetValue: Double,
        baselineDay: Day, targetDay: Day
    ) -> [FieldError] {
        var errors: [FieldError] = []
        switch direction {
        case .higher where targetValue <= baselineValue:
            errors.append(
                FieldError(
                    "target_value",
                    "Higher is better, so the target must be above the baseline value \(format(baselineValue))."))
        case .lower where targetValue >= baselineValue:
            errors.append(
                FieldError(
                    "target_value",
                    "Lower is better, so the target must be below the baseline value \(format(baselineValue))."))
        default: break
        }
        if targetDay < baselineDay {
            errors.append(
                FieldError("target_day", "The target day cannot be before the baseline day (\(baselineDay.ukFormat))."))
        }
        return errors
    }

    /// Overdue: a live action whose due day has passed.
    public static func isOverdue(status: ActionStatus, dueDay: Day, today: Day) -> Bool {
        status.isLive && dueDay < today
    }

    /// DESIGN §2: a due-day change always needs a reason; a high or extreme action can only be
    /// moved later — overdue or not — together with a recorded change to its operational control
    /// or an escalation to its route's oversight ("change the control, don't just move the date").
    public static func dueDayChangeProblems(
        band: RiskBand, status: ActionStatus, currentDue: Day, newDue: Day,
        today: Day, reason: String, controlChange: String,
        escalation: String = ""
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if newDue == currentDue {
            errors.append(
                FieldError("due_day", "The new due day is the same as the current one (\(currentDue.ukFormat))."))
        }
        if newDue < today && newDue != currentDue {
            errors.append(FieldError("due_day", "The new due day cannot be in the past."))
        }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError("reason", "Give the reason the due day is changing."))
        }
        if band.isHighOrExtreme && newDue > currentDue && isBlank(controlChange) && isBlank(escalation) {
            let state = isOverdue(status: status, dueDay: currentDue, today: today) ? "is overdue" : "is moving later"
            errors.append(
                FieldError(
                    "control_change",
                    """
                    This \(band.rawValue)-risk action \(state): record the change to its operational control, or \
                    escalate it to its route's oversight — not just a new date.
                    """
                ))
        }
        return errors
    }

    static func isBlank(_ s: String) -> Bool { s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    static func format(_ v: Double) -> String {
        v.rounded() == v ? String(Int(v)) : String(v)
    }
}

extension ActionRules {
    /// A measure value as people write it: "100", "82.5".
    public static func display(_ v: Double) -> String {
        if v.rounded() == v && abs(v) < 1e15 { return String(Int(v)) }
        return String(format: "%g", v)
    }
}

extension ActionRules {
    /// A leaver's place on one action handed to `successor` (DESIGN §1), whichever side the leaver held:
    /// the lead and the senior reviewer stay different people, and the reviewer keeps the seniority the
    /// band asks for. Every problem, in words.
    public static func handoverProblems(
        leadID: UUID, reviewerID: UUID, band: RiskBand, leaverID: UUID,
        successor: Candidate
    ) -> [String] {
        let newLead = leadID == leaverID ? successor.id : leadID
        var out: [String] = []
        if leadID == leaverID, let p = leadProblem(successor) { out.append(p) }
        if reviewerID == leaverID {
            if let p = reviewerProblem(successor, leadID: newLead, band: band) { out.append(p) }
        } else if newLead == reviewerID {
            out.append(
                "\(successor.name) is its senior reviewer and cannot also lead it: delivery and assurance are "
                    + "separate. Choose another successor, or name another reviewer first.")
        }
        return out
    }
}
