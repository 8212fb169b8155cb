import Foundation

/// One way a change weakens oversight, with its code and a plain sentence.
public struct Weakening: Sendable, Hashable, Codable {
    public enum Code: String, Sendable, Codable, CaseIterable {
        case lowerBand = "lower_band"
        case looserTarget = "looser_target"
        case laterTargetDay = "later_target_day"
        case droppedStatement = "dropped_statement"
        case droppedIndicator = "dropped_indicator"
        case replacedLead = "replaced_lead"
        case replacedReviewer = "replaced_reviewer"
        case earlierBaselineDay = "earlier_baseline_day"
        case changedMetric = "changed_metric"
        case worseBaseline = "worse_baseline_value"
        case cutControls = "cut_interim_controls"
        case lessSeniorRoute = "less_senior_route"
        case cancelled
        case lowerOversight = "lower_oversight_level"
        case longerCadence = "longer_reporting_cadence"
        case seriesSettings = "series_settings"

        /// The policy subject (field or transition) a weakening of this kind is about.
        public var subject: String {
            switch self {
            case .lowerBand: "risk_factors"
            case .looserTarget: "target_value"
            case .laterTargetDay: "target_day"
            case .droppedStatement: "statements"
            case .droppedIndicator: "indicator_id"
            case .replacedLead: "lead_id"
            case .replacedReviewer: "reviewer_id"
            case .earlierBaselineDay: "baseline_day"
            case .changedMetric: "metric"
            case .worseBaseline: "baseline_value"
            case .cutControls: "interim_controls"
            case .lessSeniorRoute: "route_id"
            case .cancelled: "status:cancelled"
            case .lowerOversight: "level"
            case .longerCadence: "cadence_days"
            case .seriesSettings: "rebases"
            }
        }
    }

    public let code: Code
    public let message: String
    /// The field it is about, where the code alone does not say (a changed direction is a looser target).
    public let field: String?

    public init(code: Code, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var subject: String { field ?? code.subject }

    /// The policy's view of it: an edit whose condition holds.
    public var edit: PolicyEdit { PolicyEdit(subject, meetsCondition: true, message: message) }
}
