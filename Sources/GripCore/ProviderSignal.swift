import Foundation

/// The heat map's columns: what can go wrong in a recovery, per service.
public enum ProviderSignal: String, CaseIterable, Sendable {
    case oversight
    case overdue
    case reviewOverdue = "review_overdue"
    case stalled
    case weakProgress = "weak_progress"
    case disconnected
    case warnings
    case drift
    case escalations
    case lateEscalations = "late_escalations"

    public var label: String {
        switch self {
        case .oversight: "Commissioner oversight"
        case .overdue: "Overdue"
        case .reviewOverdue: "Review overdue"
        case .stalled: "Stalled"
        case .weakProgress: "Weak progress"
        case .disconnected: "Disconnected"
        case .warnings: "Early warnings"
        case .drift: "Drift"
        case .escalations: "Open escalations"
        case .lateEscalations: "Late escalations"
        }
    }

    /// What one of the count means, for the words a screen reader hears with the number.
    public var noun: String {
        switch self {
        case .oversight: "oversight level"
        case .overdue: "actions overdue"
        case .reviewOverdue: "reviews overdue"
        case .stalled: "actions stalled"
        case .weakProgress: "actions with weak progress"
        case .disconnected: "actions disconnected from their evidence"
        case .warnings: "early warnings"
        case .drift: "drift signals"
        case .escalations: "open escalations"
        case .lateEscalations: "escalations answered late or not at all, last 12 weeks"
        }
    }
}
