/// The recovery action lifecycle (DESIGN §2). Raw values are the API values.
public enum ActionStatus: String, CaseIterable, Sendable, Codable {
    case draft
    case open
    case inProgress = "in_progress"
    case awaitingAssurance = "awaiting_assurance"
    case monitoring
    case sustained
    case reopened
    case cancelled

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .open: "Open"
        case .inProgress: "In progress"
        case .awaitingAssurance: "Awaiting assurance"
        case .monitoring: "Closed – monitoring"
        case .sustained: "Sustained"
        case .reopened: "Reopened"
        case .cancelled: "Cancelled"
        }
    }

    /// Still being delivered: counts for overdue, due reviews and workload.
    public var isLive: Bool {
        switch self {
        case .open, .inProgress, .awaitingAssurance, .reopened: true
        case .draft, .monitoring, .sustained, .cancelled: false
        }
    }

    /// Closed states that are entered only by closure sign-off or a passed re-audit.
    public var isGated: Bool { self == .monitoring || self == .sustained }

    /// The moves a plain transition may make. Monitoring and sustained are never targets:
    /// only the closure sign-off and a passed re-audit reach them.
    public var plainTargets: [ActionStatus] {
        switch self {
        case .draft: [.open, .cancelled]
        case .open: [.inProgress, .cancelled]
        case .inProgress: [.awaitingAssurance, .cancelled]
        case .reopened: [.awaitingAssurance, .cancelled]
        case .awaitingAssurance: [.inProgress, .cancelled]
        case .monitoring: [.reopened]
        case .sustained: [.reopened]
        case .cancelled: []
        }
    }

    /// A reason is required when cancelling, reopening, or sending an action back from assurance.
    public func needsReason(to target: ActionStatus) -> Bool {
        target == .cancelled || target == .reopened || (self == .awaitingAssurance && target == .inProgress)
    }
}
