/// CQC location types Grip knows (DESIGN §2).
public enum ServiceType: String, CaseIterable, Sendable, Codable {
    case supportedLiving = "supported_living"
    case residential, nursing, domiciliary, outreach, respite

    public var label: String {
        switch self {
        case .supportedLiving: "Supported living"
        case .residential: "Residential"
        case .nursing: "Nursing"
        case .domiciliary: "Domiciliary care"
        case .outreach: "Outreach"
        case .respite: "Respite"
        }
    }
}

/// A CQC rating of one key question.
public enum CQCRating: String, CaseIterable, Sendable, Codable {
    case outstanding, good
    case requiresImprovement = "requires_improvement"
    case inadequate
    case notRated = "not_rated"

    public var label: String {
        switch self {
        case .outstanding: "Outstanding"
        case .good: "Good"
        case .requiresImprovement: "Requires improvement"
        case .inadequate: "Inadequate"
        case .notRated: "Not rated"
        }
    }
}

/// Where an action comes from (DESIGN §2: source of concern).
public enum SourceKind: String, CaseIterable, Sendable, Codable {
    case cqcInspection = "cqc_inspection"
    case commissionerConcern = "commissioner_concern"
    case internalAudit = "internal_audit"
    case incident, complaint

    public var label: String {
        switch self {
        case .cqcInspection: "CQC inspection finding"
        case .commissionerConcern: "Commissioner concern"
        case .internalAudit: "Internal audit"
        case .incident: "Incident"
        case .complaint: "Complaint"
        }
    }
}

/// Review route meeting kinds (DESIGN §2).
public enum RouteKind: String, CaseIterable, Sendable, Codable {
    case serviceRecoveryMeeting = "service_recovery_meeting"
    case improvementBoard = "improvement_board"
    case providerOversight = "provider_oversight"
    case board
    case restrictivePracticePanel = "restrictive_practice_panel"

    public var label: String {
        switch self {
        case .serviceRecoveryMeeting: "Service recovery meeting"
        case .improvementBoard: "Improvement board"
        case .providerOversight: "Provider oversight"
        case .board: "Board"
        case .restrictivePracticePanel: "Restrictive practice panel"
        }
    }

    /// How senior the route is: moving a live action to a less senior route weakens its oversight.
    /// A service's own meetings (recovery meeting, restrictive practice panel) are 1; the board is 4.
    public var seniority: Int {
        switch self {
        case .serviceRecoveryMeeting, .restrictivePracticePanel: 1
        case .improvementBoard: 2
        case .providerOversight: 3
        case .board: 4
        }
    }

    /// Oversight and board routes look across their services: their agendas take every action of
    /// those services, not only the actions routed to them.
    public var overseesItsServices: Bool {
        self == .providerOversight || self == .board || self == .improvementBoard
    }

    /// The restrictive practice panel reviews its services' interventions and signs their learning off (issue 23).
    public var reviewsInterventions: Bool { self == .restrictivePracticePanel }
}
