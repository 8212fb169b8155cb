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

/// Who may do what: the single table of role permissions. Scope (organisation and
/// services) is checked separately, in the queries.
public enum Permission: Sendable, CaseIterable {
    case administer          // users, services, tokens, routes, settings
    case viewActions
    case createActions
    case editActions
    case manageSources
    case recordAssurance     // evidence, reviews and evidence requests on actions they can see
    case changeActionStatus  // as the action's lead, or a manager (the lead part is checked on the record)
    case reAudit             // re-audits: a manager (every senior reviewer is one)
    case raiseEscalations    // the provider's side
    case moveEscalations     // respond to and move escalations: either side, not staff
    case keepIndicators      // the indicator catalogue
    case enterIndicatorValues
    case readMeetings        // the provider's own governance
    case runMeetings         // schedule, minute and approve
    case completeDecisions   // as the decision's owner, or a manager (the owner part is checked on the record)
    case recordOversight     // the commissioner's oversight level, or the provider's view of it
    case updateCommissioner  // the provider's updates to the commissioner

    public func allows(_ role: Role) -> Bool {
        switch self {
        case .administer: role == .providerAdmin
        case .viewActions: true
        case .createActions, .editActions, .manageSources, .reAudit, .raiseEscalations, .enterIndicatorValues, .runMeetings,
             .updateCommissioner:
            role.isManagerOrAbove
        case .recordAssurance, .changeActionStatus, .readMeetings, .completeDecisions: role.canLeadActions
        case .moveEscalations, .recordOversight: role.isManagerOrAbove || role == .commissioner
        case .keepIndicators: role.isOrganisationScoped
        }
    }

    /// Why a role is refused, in words for the person refused; nil for the plain "your role does not allow this".
    public var refusal: String? {
        switch self {
        case .administer, .viewActions, .createActions, .editActions, .manageSources: nil
        case .recordAssurance: "Commissioners read evidence and reviews; they do not record them."
        case .changeActionStatus: "Only the action's lead or a registered manager or above can change its status."
        case .reAudit: "A re-audit is recorded by a registered manager or above, or the senior reviewer."
        case .raiseEscalations: "Escalations are raised by a registered manager or above of the provider."
        case .moveEscalations: "A registered manager or above, or the commissioner, responds to escalations and moves them on."
        case .keepIndicators: "The indicator catalogue is kept by a quality lead, the nominated individual or an admin."
        case .enterIndicatorValues: "Indicator values are entered by a registered manager or above."
        case .readMeetings: "Meetings are the provider's own governance; commissioners follow escalations and the recovery position."
        case .runMeetings: "Meetings are scheduled and minuted by a registered manager or above; your role can read them."
        case .completeDecisions: "Only the decision's owner or a registered manager or above marks it done."
        case .recordOversight: "Oversight is recorded by the commissioner or a registered manager or above."
        case .updateCommissioner: "Updates to the commissioner are recorded by a registered manager or above."
        }
    }
}
