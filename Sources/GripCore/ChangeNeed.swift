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
    case escalationFiring = "escalation_firing"
    case seniorVisit = "senior_visit"
    case safetyModel = "safety_model"
    case learning

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
        case .escalationFiring: "Escalation threshold fired"
        case .seniorVisit: "Senior visit"
        case .safetyModel: "Safety-critical operating model"
        case .learning: "Learning across services"
        }
    }
}
