/// A versioned re-audit policy by risk band (DESIGN §2): closing an action sets the day by which a
/// re-audit must test whether practice really changed.
public struct ReAuditPolicy: Sendable, Hashable {
    public let version: String
    public let daysAfterClosure: [RiskBand: Int]

    public init(version: String, daysAfterClosure: [RiskBand: Int]) {
        self.version = version
        self.daysAfterClosure = daysAfterClosure
    }

    public static let default2026 = ReAuditPolicy(
        version: "reaudit-policy-v1",
        daysAfterClosure: [.extreme: 28, .high: 28, .moderate: 56, .low: 84])

    public static let versions: [ReAuditPolicy] = [.default2026]
    public static let current = default2026

    public static func version(_ v: String) -> ReAuditPolicy? { versions.first { $0.version == v } }

    public func days(for band: RiskBand) -> Int { daysAfterClosure[band] ?? 84 }

    public func dueDay(closedOn: Day, band: RiskBand) -> Day { closedOn.adding(days: days(for: band)) }

    /// The first day a re-audit may be dated: half the interval after closure (extreme and high 14 days,
    /// moderate 28, low 42), so it tests practice that has had time to settle, not the closure's own week.
    public func earliestDay(closedOn: Day, band: RiskBand) -> Day { closedOn.adding(days: days(for: band) / 2) }
}

/// Where a closed action stands after closure: only a passed re-audit makes it count as completed.
public enum AfterClosure: String, Sendable, Codable, CaseIterable {
    case awaitingReAudit = "awaiting_reaudit"
    case reAuditOverdue = "reaudit_overdue"
    case sustained
    case reopened

    public var label: String {
        switch self {
        case .awaitingReAudit: "Awaiting re-audit"
        case .reAuditOverdue: "Re-audit overdue"
        case .sustained: "Sustained"
        case .reopened: "Reopened"
        }
    }

    /// nil for an action that was never closed (or was cancelled).
    public static func of(status: ActionStatus, closedOn: Day?, reAuditDue: Day?, today: Day) -> AfterClosure? {
        guard closedOn != nil else { return nil }
        switch status {
        case .monitoring: return reAuditDue.map { $0 < today } ?? false ? .reAuditOverdue : .awaitingReAudit
        case .sustained: return .sustained
        case .reopened, .inProgress, .awaitingAssurance: return .reopened
        case .draft, .open, .cancelled: return nil
        }
    }

    /// How a pack names a closed action (issue 33): only sustained is completed.
    public func packLabel(reAuditDue: Day?) -> String {
        let due = reAuditDue.map { " (due \($0.ukFormat))" } ?? ""
        return switch self {
        case .sustained: "Action completed (sustained after re-audit)"
        case .awaitingReAudit: "Closed, awaiting re-audit" + due
        case .reAuditOverdue: "Closed, re-audit overdue" + due
        case .reopened: "Reopened after closure"
        }
    }

    /// Who is reminded of a re-audit on My work and in the calendar: the action's senior reviewer,
    /// and the quality leads (who run the audit programme).
    public static func remindsOfReAudit(role: Role, isReviewer: Bool) -> Bool {
        isReviewer || role == .qualityLead
    }
}
