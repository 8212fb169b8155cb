import Foundation

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
