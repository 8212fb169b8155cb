import Fluent
import GripCore
import Vapor

/// JSON shapes of the API (snake_case on the wire via the JSON coders set in configure).
struct PersonDTO: Content {
    let id: UUID
    let name: String
    let email: String
    init(_ u: User) { id = u.id!; name = u.name; email = u.email }
    init(_ a: Actor) { id = a.id; name = a.name; email = a.email }
}

struct RefDTO: Content {
    let id: UUID
    let name: String
}

struct ListMetadata: Content {
    let page: Int
    let per: Int
    let total: Int
}

struct ListDTO<T: Content>: Content {
    let items: [T]
    let metadata: ListMetadata
}

struct ServiceDTO: Content {
    let id: UUID
    let name: String
    let cqcLocationId: String
    let serviceType: ServiceType
    let commissioners: String
    let ratings: [String: CQCRating]
    let version: Int

    init(_ s: Service) {
        id = s.id!; name = s.name; cqcLocationId = s.cqcLocationID; serviceType = s.serviceType
        commissioners = s.commissioners; ratings = s.ratings; version = s.version
    }
}

struct ServiceCreateDTO: Content {
    var name: String
    var cqcLocationId: String?
    var serviceType: ServiceType
    var commissioners: String?
    var ratings: [String: CQCRating]?
}

struct RiskDTO: Content {
    var harm: Int
    var peopleAffected: Int
    var recurrence: Int
    var regulatoryImpact: Int
    var controlWeakness: Int
}

struct RiskRatingDTO: Content {
    let harm: Int
    let peopleAffected: Int
    let recurrence: Int
    let regulatoryImpact: Int
    let controlWeakness: Int
    let severity: Int
    let likelihood: Int
    let score: Int
    let band: RiskBand
    let matrixVersion: String
}

struct ActionDTO: Content {
    let id: UUID
    let reference: String
    let title: String
    let theme: String
    let service: RefDTO
    let sourceId: UUID?
    /// Items under the framework in force (`framework`); `mappings` holds every version's.
    let statements: [String]
    let framework: String
    let mappings: [MappingDTO]
    let baseline: String
    let baselineDay: Day
    let metric: String
    let direction: TargetDirection
    let baselineValue: Double
    let targetValue: Double
    let targetDay: Day
    let risk: RiskRatingDTO
    let lead: PersonDTO
    let reviewer: PersonDTO
    let routeId: UUID
    let indicatorId: UUID?
    let interimControls: String
    let status: ActionStatus
    let statusReason: String?
    let dueDay: Day
    let overdue: Bool
    let nextReviewDay: Day
    let reviewPolicyVersion: String
    /// After closure (issue 33): when it closed, when its re-audit is due, and where it stands.
    let closedOn: Day?
    let reauditDueDay: Day?
    let afterClosure: AfterClosure?
    let reauditOverdue: Bool
    /// Its attention flags today, and the changes to it that wait for a decision.
    let flags: [FlagDTO]
    let pendingChanges: [ProposedChangeDTO]
    let version: Int

    struct FlagDTO: Content { let code: AttentionFlag; let label: String; let explanation: String }

    /// Needs service, lead and reviewer loaded.
    init(
        _ a: RecoveryAction, mappings: [ActionMapping], framework: String, today: Day, flags: [RaisedFlag] = [],
        pending: [PendingChange] = []
    ) {
        let f = a.factors
        let rating = try? (RiskMatrix.version(a.riskMatrixVersion) ?? .current).rate(f)
        id = a.id!; reference = a.reference; title = a.title; theme = a.theme
        service = RefDTO(id: a.$service.id, name: a.service.name)
        sourceId = a.$source.id; self.framework = framework
        self.mappings = mappings.map { MappingDTO(framework: $0.framework, item: $0.itemID) }
        statements = mappings.filter { $0.framework == framework }.map(\.itemID).sorted(); baseline = a.baseline
        baselineDay = Day(iso: a.baselineDay)!; metric = a.metric; direction = a.direction
        baselineValue = a.baselineValue; targetValue = a.targetValue; targetDay = Day(iso: a.targetDay)!
        risk = RiskRatingDTO(
            harm: f.harm, peopleAffected: f.peopleAffected, recurrence: f.recurrence,
            regulatoryImpact: f.regulatoryImpact, controlWeakness: f.controlWeakness,
            severity: rating?.severity ?? 0, likelihood: rating?.likelihood ?? 0,
            score: a.riskScore, band: a.riskBand, matrixVersion: a.riskMatrixVersion)
        lead = PersonDTO(a.lead); reviewer = PersonDTO(a.reviewer); routeId = a.$route.id; indicatorId = a.$indicator.id
        interimControls = a.interimControls; status = a.status; statusReason = a.statusReason
        dueDay = Day(iso: a.dueDay)!
        overdue = ActionRules.isOverdue(status: a.status, dueDay: dueDay, today: today)
        nextReviewDay = Day(iso: a.nextReviewDay)!; reviewPolicyVersion = a.reviewPolicyVersion; version = a.version
        closedOn = a.closedOn.flatMap(Day.init(iso:)); reauditDueDay = a.reAuditDueDay.flatMap(Day.init(iso:))
        afterClosure = AfterClosure.of(status: a.status, closedOn: closedOn, reAuditDue: reauditDueDay, today: today)
        reauditOverdue = afterClosure == .reAuditOverdue
        self.flags = flags.map { FlagDTO(code: $0.flag, label: $0.flag.label, explanation: $0.explanation) }
        pendingChanges = pending.map { ProposedChangeDTO($0) }
    }
}

struct ActionCreateDTO: Content {
    var title: String
    var theme: String
    var serviceId: UUID
    var sourceId: UUID?
    var statements: [String]?
    var baseline: String
    var baselineDay: Day
    var metric: String
    var direction: TargetDirection
    var baselineValue: Double
    var targetValue: Double
    var targetDay: Day
    var risk: RiskDTO
    var leadId: UUID
    var reviewerId: UUID
    var routeId: UUID
    var indicatorId: UUID?
    var interimControls: String?
    var dueDay: Day
    var status: ActionStatus?

    var input: ActionInput {
        ActionInput(
            title: title, theme: theme, serviceID: serviceId, sourceID: .some(sourceId), statementIDs: statements ?? [],
            baseline: baseline, baselineDay: baselineDay, metric: metric, direction: direction,
            baselineValue: baselineValue, targetValue: targetValue, targetDay: targetDay,
            harm: risk.harm, peopleAffected: risk.peopleAffected, recurrence: risk.recurrence,
            regulatoryImpact: risk.regulatoryImpact, controlWeakness: risk.controlWeakness,
            leadID: leadId, reviewerID: reviewerId, routeID: routeId, indicatorID: .some(indicatorId),
            interimControls: interimControls ?? "",
            dueDay: dueDay, initialStatus: status)
    }
}

struct ActionPatchDTO: Content {
    var version: Int?
    var title: String?
    var theme: String?
    var serviceId: UUID?
    var sourceId: UUID?
    var statements: [String]?
    var baseline: String?
    var baselineDay: Day?
    var metric: String?
    var direction: TargetDirection?
    var baselineValue: Double?
    var targetValue: Double?
    var targetDay: Day?
    var risk: RiskDTO?
    var leadId: UUID?
    var reviewerId: UUID?
    var routeId: UUID?
    var indicatorId: UUID?
    var interimControls: String?
    var dueDay: Day?
    var changeReason: String?

    var input: ActionInput {
        var i = ActionInput(
            title: title, theme: theme, serviceID: serviceId, sourceID: sourceId.map { .some($0) },
            statementIDs: statements,
            baseline: baseline, baselineDay: baselineDay, metric: metric, direction: direction,
            baselineValue: baselineValue, targetValue: targetValue, targetDay: targetDay,
            leadID: leadId, reviewerID: reviewerId, routeID: routeId, indicatorID: indicatorId.map { .some($0) },
            interimControls: interimControls, dueDay: dueDay)
        if let risk {
            i.harm = risk.harm; i.peopleAffected = risk.peopleAffected; i.recurrence = risk.recurrence
            i.regulatoryImpact = risk.regulatoryImpact; i.controlWeakness = risk.controlWeakness
        }
        i.changeReason = changeReason
        return i
    }
}

/// A change that weakens an action's oversight, waiting for (or decided by) a second person.
/// A change the change policy holds, as the API shows it (any governed record).
struct ProposedChangeDTO: Content {
    struct WeakeningDTO: Content { let code: String; let field: String; let message: String }
    let id: UUID
    let recordType: GovernedRecord
    let recordId: UUID
    let actionId: UUID?
    let serviceId: UUID
    let operation: String
    let needs: ChangeNeed
    let status: ChangeStatus
    let weakenings: [WeakeningDTO]
    let reason: String
    let proposedBy: OptionalRefDTO
    let proposedAt: Date?
    let decidedBy: RefDTO?
    let decidedAt: Date?
    let decisionReason: String?
    let policyVersion: String
    let version: Int
    let href: String

    /// `decidedBy`: the decider's name, when decided (`with(\.$decidedBy)` or the person deciding).
    init(_ c: PendingChange, decidedBy: RefDTO? = nil) {
        id = c.id!
        recordType = c.recordType
        recordId = c.recordID
        actionId = c.$action.id
        serviceId = c.$service.id
        operation = c.operation.rawValue
        needs = c.need
        status = c.status
        weakenings = c.decodedWeakenings.map {
            WeakeningDTO(code: $0.code.rawValue, field: $0.subject, message: $0.message)
        }
        reason = c.reason
        proposedBy = OptionalRefDTO(id: c.$proposedBy.id, name: c.proposedByName)
        proposedAt = c.createdAt
        self.decidedBy = decidedBy ?? c.$decidedBy.value.flatMap { $0 }.map { RefDTO(id: $0.id!, name: $0.name) }
        decidedAt = c.decidedAt
        decisionReason = c.decisionReason
        policyVersion = c.policyVersion
        version = c.version
        href = Paths.apiChange(c.id!)
    }
}

/// A person who may be no user (the command line).
struct OptionalRefDTO: Content {
    let id: UUID?
    let name: String
}

struct ChangeDecisionDTO: Content {
    var version: Int?
    var reason: String?
}

struct DueDayChangeDTO: Content {
    var dueDay: Day?
    var reason: String?
    var controlChange: String?
    var escalation: String?
    var version: Int?
}

struct TransitionDTO: Content {
    var to: ActionStatus
    var reason: String?
    var version: Int?
}

/// A mapping to an item of one framework version.
struct MappingDTO: Content {
    let framework: String
    let item: String
}
