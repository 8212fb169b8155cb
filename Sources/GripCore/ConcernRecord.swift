import Foundation

/// The categories of abuse and neglect in the Care Act 2014 statutory guidance.
public enum SafeguardingCategory: String, CaseIterable, Sendable, Codable {
    case physical
    case sexual
    case psychological
    case financial
    case neglect
    case discriminatory
    case organisational
    case domestic
    case modernSlavery = "modern_slavery"
    case selfNeglect = "self_neglect"

    public var label: String {
        switch self {
        case .physical: "Physical abuse"
        case .sexual: "Sexual abuse"
        case .psychological: "Psychological or emotional abuse"
        case .financial: "Financial or material abuse"
        case .neglect: "Neglect or acts of omission"
        case .discriminatory: "Discriminatory abuse"
        case .organisational: "Organisational abuse"
        case .domestic: "Domestic abuse"
        case .modernSlavery: "Modern slavery"
        case .selfNeglect: "Self-neglect"
        }
    }
}

/// Everything a recorded concern says, as the rules see it: the times (nil when not readable or not given) and the
/// words.
public struct ConcernRecord: Sendable {
    public var personChosen: Bool
    public var raisedAt: Date?
    public var raisedByRole: String
    public var categoryChosen: Bool
    public var summary: String
    public var safeguards: String
    public var decision: String
    public var rationale: String
    public var decisionAt: Date?
    public var referredAt: Date?
    public var laReference: String
    public var reviewDue: Day?
    public var outcome: String
    public var learning: String
    public var closedAt: Date?
    /// Whether CQC needs a notification was answered (yes or no).
    public var notifyAnswered: Bool

    public init(
        personChosen: Bool, raisedAt: Date?, raisedByRole: String, categoryChosen: Bool, summary: String,
        safeguards: String, decision: String = "", rationale: String = "", decisionAt: Date? = nil,
        referredAt: Date? = nil, laReference: String = "", reviewDue: Day? = nil, outcome: String = "",
        learning: String = "", closedAt: Date? = nil, notifyAnswered: Bool = true
    ) {
        self.notifyAnswered = notifyAnswered
        self.personChosen = personChosen
        self.raisedAt = raisedAt
        self.raisedByRole = raisedByRole
        self.categoryChosen = categoryChosen
        self.summary = summary
        self.safeguards = safeguards
        self.decision = decision
        self.rationale = rationale
        self.decisionAt = decisionAt
        self.referredAt = referredAt
        self.laReference = laReference
        self.reviewDue = reviewDue
        self.outcome = outcome
        self.learning = learning
        self.closedAt = closedAt
    }

    /// Anything only a registered manager or above records: the decision, referral, outcome and closure.
    public var hasManagementPart: Bool {
        decisionAt != nil || referredAt != nil || closedAt != nil
            || ![decision, rationale, laReference, outcome, learning].allSatisfy {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }
    }
}
