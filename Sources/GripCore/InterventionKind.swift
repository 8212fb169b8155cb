import Foundation

/// The kinds of restrictive practice a provider records (after the Mental Health Units (Use of Force) Act 2018 and
/// the "Positive and proactive care" guidance): each is reported, debriefed and reviewed by the panel.
public enum InterventionKind: String, CaseIterable, Sendable, Codable {
    case physical
    case seclusion
    case chemical
    case mechanical
    case environmental

    public var label: String {
        switch self {
        case .physical: "Physical restraint (holding)"
        case .seclusion: "Seclusion or enforced separation"
        case .chemical: "Medicine given for distress (PRN)"
        case .mechanical: "Mechanical restraint"
        case .environmental: "Environmental restriction (locked door, removed item)"
        }
    }
}

/// Who was hurt, if anyone.
public enum InjuryOutcome: String, CaseIterable, Sendable, Codable {
    case noInjury = "none"
    case person
    case staff
    case both

    public var label: String {
        switch self {
        case .noInjury: "No injury"
        case .person: "The person was injured"
        case .staff: "Staff were injured"
        case .both: "The person and staff were injured"
        }
    }
}
