/// The six roles of DESIGN §1. Raw values are the API's snake_case values.
public enum Role: String, CaseIterable, Sendable, Codable {
    case providerAdmin = "provider_admin"
    case nominatedIndividual = "nominated_individual"
    case qualityLead = "quality_lead"
    case registeredManager = "registered_manager"
    case staff
    case commissioner

    public var label: String {
        switch self {
        case .providerAdmin: "Provider admin"
        case .nominatedIndividual: "Nominated individual"
        case .qualityLead: "Quality lead"
        case .registeredManager: "Registered manager"
        case .staff: "Staff"
        case .commissioner: "Commissioner"
        }
    }

    /// Organisation roles see every service; the others only the services named for them.
    public var isOrganisationScoped: Bool {
        switch self {
        case .providerAdmin, .nominatedIndividual, .qualityLead: true
        case .registeredManager, .staff, .commissioner: false
        }
    }

    /// "Registered manager or above" (DESIGN §1).
    public var isManagerOrAbove: Bool {
        switch self {
        case .providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager: true
        case .staff, .commissioner: false
        }
    }

    /// Provider-level oversight: may review extreme actions.
    public var hasProviderOversight: Bool {
        self == .qualityLead || self == .nominatedIndividual
    }

    /// Roles that deliver work (may lead actions and steps).
    public var canLeadActions: Bool { self != .commissioner }
}
