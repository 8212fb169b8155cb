import Foundation

/// The areas a person's risk profile rates (issue 23): the few a commissioner asks about across placements.
public enum PersonRiskArea: String, CaseIterable, Sendable, Codable {
    case behaviour
    case selfHarm = "self_harm"
    case falls
    case choking
    case medicines
    case physicalHealth = "physical_health"
    case mentalHealth = "mental_health"
    case exploitation
    case goingMissing = "going_missing"
    case compatibility

    public var label: String {
        switch self {
        case .behaviour: "Behaviour that challenges"
        case .selfHarm: "Self-harm"
        case .falls: "Falls"
        case .choking: "Choking and eating"
        case .medicines: "Medicines"
        case .physicalHealth: "Physical health"
        case .mentalHealth: "Mental health"
        case .exploitation: "Exploitation"
        case .goingMissing: "Going missing"
        case .compatibility: "Living with others"
        }
    }
}
