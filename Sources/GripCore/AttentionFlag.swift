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
