/// How the person asking stands to the record the permission is about (DESIGN §1). Scope —
/// organisation and services — is part of every query; this is the relation on top of it.
public struct RecordRelation: Sendable, Equatable {
    /// The action's accountable lead.
    public var isLead: Bool
    /// The action's named senior reviewer.
    public var isReviewer: Bool
    /// The owner of the record itself: a step's owner, the person who recorded evidence, the
    /// person an evidence request asks, a decision's owner.
    public var isOwner: Bool
    /// The person who proposed the change being decided.
    public var isProposer: Bool
    /// The band that sets who may review or approve: for a proposed change, the higher of the
    /// band before and after it.
    public var band: RiskBand?
    /// For a person supported: the provider has shared this person's case with the commissioner asking.
    public var isSharedCase: Bool

    public init(
        isLead: Bool = false, isReviewer: Bool = false, isOwner: Bool = false, isProposer: Bool = false,
        band: RiskBand? = nil, isSharedCase: Bool = false
    ) {
        self.isLead = isLead
        self.isReviewer = isReviewer
        self.isOwner = isOwner
        self.isProposer = isProposer
        self.band = band
        self.isSharedCase = isSharedCase
    }

    /// No relation to a record: the role alone decides.
    public static let none = RecordRelation()
}

/// Rules about the people themselves (admin pages).
public enum PeopleRules {
    /// An admin may not take away their own admin role: another admin must.
    public static func selfChangeProblem(isSelf: Bool, newRole: Role) -> FieldError? {
        isSelf && newRole != .providerAdmin
            ? FieldError("role", "You cannot remove your own admin role; ask another admin.") : nil
    }
}

/// Who may do what: by role and by relation to the record. The one rulebook that buttons,
/// web handlers, API handlers and services all ask (`refusal(for:_:)`).
public enum Permission: String, Sendable, Codable, CaseIterable {
    case administer  // users, services, tokens, routes, settings
    case viewActions
    case createActions
    case editActions
    case manageSources
    case recordEvidence  // evidence and evidence requests on actions they can see
    case editEvidence  // correct evidence: its recorder or a manager
    case fulfilEvidenceRequest  // the person asked, or a manager
    case recordProgress  // progress updates: the people who deliver (the lead among them)
    case recordAssuranceReview  // RAG and assured measure: never the lead
    case changeActionStatus  // the action's lead, or a manager
    case completeStep  // the step's owner, the action's lead, or a manager
    case signOffClosure  // the action's senior reviewer only
    case reAudit  // a manager (every senior reviewer is one)
    case approveChange  // a second person who may be the action's senior reviewer
    case raiseEscalations  // the provider's side
    case moveEscalations  // respond to and move escalations: either side, not staff
    case keepIndicators  // the indicator catalogue
    case enterIndicatorValues
    case readMeetings  // the provider's own governance
    case readGovernance  // approved minutes, challenges and decisions about one's services: commissioners too
    case runMeetings  // schedule, minute and approve
    case completeDecisions  // the decision's owner, or a manager
    case recordOversight  // the commissioner's oversight level, or the provider's view of it
    case updateCommissioner  // the provider's updates to the commissioner
    case readPacks  // commissioner and CQC packs, the oversight report
    case readProviderWork  // My work, actions' work queues, drafts: the provider's side, not commissioners
    case seeServicesOverview  // a summary of every service the person can see: organisation roles and commissioners
    case manageFrameworks  // load framework versions and crosswalks, choose the framework in force
    case remapFrameworks  // confirm a re-map of actions to another framework version
    case viewPeople  // a person supported's own record: the provider's side, or a commissioner shown the case
    case recordPeople  // add and edit people and placements, share a case with a commissioner
    case raiseConcerns  // record safeguarding concerns and restrictive interventions: anyone delivering care
    case decideConcerns  // management decisions, referrals, closure, panel sign-off, CQC notifications
    case confirmOversight  // confirm or refuse the provider's proposed step-down: the commissioner owns the level
    case changeSeriesSettings  // rebase an indicator series or fix its baseline
    case approveSeriesChange  // the second person for a series change that needs one
    case approveNotEscalating  // the second person for a decision not to escalate a fired threshold
    case recordSeniorVisits  // the nominated individual's and quality lead's visits to a service
    case keepSafetyModels  // set up a safety-critical operating model on a service, propose its stand-down
    case reSignSafetyModel  // the model's owner re-signs it
    case recordSafetyChecks  // staff record the checks they did
    case verifySafetyChecks  // a senior lead verifies checks: spot calls, unannounced visits
    case approveStandDown  // the second person for a model's stand-down
    case shareLearning  // mark learning as applying to other services: the group's oversight
    case recordLearningChecks  // say what a service's check of shared learning found

    /// Why `role` in `relation` may not do this, in words for the person refused; nil when allowed.
    /// The only place where roles and relations are compared.
    public func refusal(for role: Role, _ r: RecordRelation = .none) -> String? {
        switch self {
        case .administer:
            return role == .providerAdmin ? nil : "Only a provider admin can do this."
        case .manageFrameworks:
            return role == .providerAdmin ? nil : "Only a provider admin loads frameworks and chooses the one in force."
        case .remapFrameworks:
            return role.hasProviderOversight
                ? nil
                : "Re-mapping actions to another framework is confirmed by a "
                    + "quality lead or the nominated individual."
        case .viewActions:
            return nil
        case .viewPeople:
            return role.canLeadActions || r.isSharedCase
                ? nil
                : "Commissioners see counts and risk profiles for "
                    + "their services; a person's own record only when the provider shares the case with them."
        case .recordPeople, .decideConcerns:
            return role.isManagerOrAbove ? nil : roleRefusal(role)
        case .raiseConcerns:
            return role.canLeadActions ? nil : roleRefusal(role)
        case .createActions, .editActions, .manageSources, .raiseEscalations, .enterIndicatorValues, .runMeetings,
            .updateCommissioner:
            return role.isManagerOrAbove ? nil : roleRefusal(role)
        case .reAudit:
            if r.isLead {
                return "You lead this action: its re-audit is recorded by the senior reviewer, a quality lead or the "
                    + "nominated individual, never the lead."
            }
            return r.isReviewer || role.hasProviderOversight ? nil : roleRefusal(role)
        case .confirmOversight:
            return role == .commissioner
                ? nil
                : "The oversight level belongs to the commissioner: a commissioner of "
                    + "the service confirms or refuses a step-down."
        case .changeSeriesSettings:
            return role.isManagerOrAbove ? nil : roleRefusal(role)
        case .approveSeriesChange:
            if r.isProposer {
                return "You proposed this change: a quality lead or the nominated individual who did "
                    + "not propose it approves it."
            }
            return role.hasProviderOversight
                ? nil
                : "A change to a watched series is approved by a quality lead or "
                    + "the nominated individual."
        case .recordSeniorVisits:
            return role.hasProviderOversight
                ? nil
                : "Senior visits are recorded by the nominated individual or a quality lead: the visitors."
        case .shareLearning:
            return role.hasProviderOversight
                ? nil
                : "Learning is shared across services by a quality lead or the nominated individual, who see them all."
        case .keepSafetyModels, .verifySafetyChecks, .recordLearningChecks:
            return role.isManagerOrAbove ? nil : roleRefusal(role)
        case .recordSafetyChecks:
            return role.canLeadActions ? nil : roleRefusal(role)
        case .reSignSafetyModel:
            return r.isOwner
                ? nil
                : "A safety-critical operating model is re-signed by its owner: they answer for it staying in force."
        case .approveStandDown:
            if r.isProposer {
                return "You proposed this stand-down: a quality lead or the nominated individual who did not propose "
                    + "it approves it."
            }
            return role.hasProviderOversight
                ? nil
                : "A model's stand-down is approved by a quality lead or the nominated individual."
        case .approveNotEscalating:
            if r.isProposer {
                return "You proposed not escalating: a quality lead or the nominated individual who did not "
                    + "propose it decides."
            }
            return role.hasProviderOversight
                ? nil
                : "A decision not to escalate is approved by a quality lead or the nominated individual."
        case .recordEvidence, .recordProgress, .readMeetings, .readProviderWork:
            return role.canLeadActions ? nil : roleRefusal(role)
        case .editEvidence:
            if !role.canLeadActions { return roleRefusal(role) }
            return role.isManagerOrAbove || r.isOwner
                ? nil
                : "Only the person who recorded this evidence or a "
                    + "registered manager or above can correct it."
        case .fulfilEvidenceRequest:
            if !role.canLeadActions { return roleRefusal(role) }
            return role.isManagerOrAbove || r.isOwner
                ? nil
                : "Only the person asked or a registered manager or above "
                    + "can mark this request fulfilled."
        case .recordAssuranceReview:
            if r.isLead {
                return "You lead this action, so you record progress updates; the assurance review (RAG and the "
                    + "measure the closure gate reads) is recorded by someone else — the senior reviewer, or a "
                    + "registered manager or above."
            }
            return role.isManagerOrAbove || r.isReviewer
                ? nil
                : "Assurance reviews are recorded by the action's senior reviewer or a registered manager or above; "
                    + "record a progress update instead."
        case .changeActionStatus:
            if !role.canLeadActions { return roleRefusal(role) }
            return role.isManagerOrAbove || r.isLead
                ? nil
                : "Only the action's lead or a registered manager or above "
                    + "can change its status."
        case .completeStep:
            if !role.canLeadActions { return roleRefusal(role) }
            return role.isManagerOrAbove || r.isLead || r.isOwner
                ? nil
                : "Only the step's owner, the action's lead or a registered manager or above can mark this step done."
        case .signOffClosure:
            return r.isReviewer ? nil : "Only the action's senior reviewer can sign the closure off."
        case .approveChange:
            if r.isProposer {
                return "You proposed this change: someone else who may be the action's senior reviewer "
                    + "approves it."
            }
            if r.isLead {
                return "You lead this action: a change to its oversight is approved by someone who may be "
                    + "its senior reviewer."
            }
            if r.band == .extreme {
                return role.hasProviderOversight
                    ? nil
                    : "A change to an extreme-risk action is approved by a quality lead or the nominated individual."
            }
            return role.isManagerOrAbove
                ? nil
                : "A change to an action's oversight is approved by a registered "
                    + "manager or above."
        case .moveEscalations, .recordOversight:
            return role.isManagerOrAbove || role == .commissioner ? nil : roleRefusal(role)
        case .keepIndicators:
            return role.isOrganisationScoped ? nil : roleRefusal(role)
        case .completeDecisions:
            if !role.canLeadActions { return roleRefusal(role) }
            return role.isManagerOrAbove || r.isOwner
                ? nil
                : "Only the decision's owner or a registered manager or "
                    + "above marks it done."
        case .readGovernance:
            return role.canLeadActions || role == .commissioner ? nil : roleRefusal(role)
        case .readPacks:
            return role.isManagerOrAbove || role == .commissioner
                ? nil
                : "Packs are for registered managers and "
                    + "above, and commissioners."
        case .seeServicesOverview:
            return role.isOrganisationScoped || role == .commissioner ? nil : roleRefusal(role)
        }
    }

    public func allows(_ role: Role, _ relation: RecordRelation = .none) -> Bool { refusal(for: role, relation) == nil }

    /// The refusal when the role alone rules the person out.
    private func roleRefusal(_ role: Role) -> String {
        switch self {
        case .recordEvidence, .editEvidence, .fulfilEvidenceRequest, .recordProgress:
            "Commissioners read evidence and reviews; they do not record them."
        case .changeActionStatus: "Only the action's lead or a registered manager or above can change its status."
        case .completeStep:
            "Only the step's owner, the action's lead or a registered manager or above can mark this "
                + "step done."
        case .reAudit:
            "A re-audit is recorded by the action's senior reviewer, a quality lead or the nominated "
                + "individual."
        case .changeSeriesSettings: "A series is rebased, or its limits fixed, by a registered manager or above."
        case .raiseEscalations: "Escalations are raised by a registered manager or above of the provider."
        case .moveEscalations:
            "A registered manager or above, or the commissioner, responds to escalations and moves "
                + "them on."
        case .keepIndicators: "The indicator catalogue is kept by a quality lead, the nominated individual or an admin."
        case .enterIndicatorValues: "Indicator values are entered by a registered manager or above."
        case .readMeetings:
            "Meetings are the provider's own governance; commissioners follow escalations and the "
                + "recovery position."
        case .runMeetings:
            "Meetings are scheduled and minuted by a registered manager or above; your role can read "
                + "them."
        case .completeDecisions: "Only the decision's owner or a registered manager or above marks it done."
        case .recordOversight: "Oversight is recorded by the commissioner or a registered manager or above."
        case .updateCommissioner: "Updates to the commissioner are recorded by a registered manager or above."
        case .recordPeople: "People and placements are recorded by a registered manager or above."
        case .decideConcerns:
            "Management decisions, referrals, panel sign-off and CQC notifications are recorded "
                + "by a registered manager or above."
        case .raiseConcerns:
            "Commissioners read the provider's measures; concerns and interventions are recorded "
                + "by the people delivering care."
        default: "Your role (\(role.label.lowercased())) does not allow this."
        }
    }
}
