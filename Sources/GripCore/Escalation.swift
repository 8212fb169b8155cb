import Foundation

/// Which side of the provider–commissioner relationship is acting.
public enum Party: String, Sendable, Codable {
    case provider, commissioner
}

/// A provider escalation to the commissioner (DESIGN §2), raised early, before a crisis.
public enum EscalationStatus: String, CaseIterable, Sendable, Codable {
    case draft, raised, acknowledged
    case jointReview = "joint_review"
    case resolved

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .raised: "Raised"
        case .acknowledged: "Acknowledged"
        case .jointReview: "Joint review"
        case .resolved: "Resolved"
        }
    }

    /// Open escalations show on dashboards and agendas.
    public var isOpen: Bool { self != .draft && self != .resolved }

    /// Commissioners see an escalation once it is raised.
    public var visibleToCommissioner: Bool { self != .draft }
}

public enum EscalationCategory: String, CaseIterable, Sendable, Codable {
    case increasedRisk = "increased_risk"
    case repeatedIncidents = "repeated_incidents"
    case healthDeterioration = "health_deterioration"
    case staffing
    case familyBreakdown = "family_breakdown"
    case housingCompatibility = "housing_compatibility"
    case specialistInput = "specialist_input"

    public var label: String {
        switch self {
        case .increasedRisk: "Increased risk"
        case .repeatedIncidents: "Repeated incidents"
        case .healthDeterioration: "Health deterioration"
        case .staffing: "Staffing"
        case .familyBreakdown: "Family breakdown"
        case .housingCompatibility: "Housing compatibility"
        case .specialistInput: "Specialist input needed"
        }
    }
}
