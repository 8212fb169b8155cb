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
    init(id: UUID, name: String, email: String) { (self.id, self.name, self.email) = (id, name, email) }
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

/// An action as the API shows it. Its own fields are `ActionFields.all`'s, under the JSON names the API reads
/// them by; the service, the people and the risk factors are shown as records (`record`) instead of ids.
struct ActionDTO: Content {
    let values: ActionValues
    let record: Record

    struct Record: Codable {
        let id: UUID
        let reference: String
        let service: RefDTO
        /// The statements (`values`) are the items under the framework in force; `mappings` holds every version's.
        let framework: String
        let mappings: [MappingDTO]
        let risk: RiskRatingDTO
        let lead: PersonDTO
        let reviewer: PersonDTO
        let status: ActionStatus
        let statusReason: String?
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
    }

    struct FlagDTO: Content { let code: AttentionFlag; let label: String; let explanation: String }

    /// Needs service, lead and reviewer loaded.
    init(
        _ a: RecoveryAction, mappings: [ActionMapping], framework: String, today: Day, flags: [RaisedFlag] = [],
        pending: [PendingChange] = []
    ) throws {
        values = try a.values(statements: mappings.filter { $0.framework == framework }.map(\.itemID))
        let f = a.factors
        let rating = try? (RiskMatrix.version(a.riskMatrixVersion) ?? .current).rate(f)
        let closedOn = a.closedOn.flatMap(Day.init(iso:)), reauditDue = a.reAuditDueDay.flatMap(Day.init(iso:))
        let afterClosure = AfterClosure.of(status: a.status, closedOn: closedOn, reAuditDue: reauditDue, today: today)
        record = Record(
            id: a.id!, reference: a.reference, service: RefDTO(id: a.$service.id, name: a.service.name),
            framework: framework, mappings: mappings.map { MappingDTO(framework: $0.framework, item: $0.itemID) },
            risk: RiskRatingDTO(
                harm: f.harm, peopleAffected: f.peopleAffected, recurrence: f.recurrence,
                regulatoryImpact: f.regulatoryImpact, controlWeakness: f.controlWeakness,
                severity: rating?.severity ?? 0, likelihood: rating?.likelihood ?? 0,
                score: a.riskScore, band: a.riskBand, matrixVersion: a.riskMatrixVersion),
            lead: PersonDTO(a.lead), reviewer: PersonDTO(a.reviewer), status: a.status, statusReason: a.statusReason,
            overdue: ActionRules.isOverdue(status: a.status, dueDay: values.dueDay, today: today),
            nextReviewDay: Day(iso: a.nextReviewDay)!, reviewPolicyVersion: a.reviewPolicyVersion,
            closedOn: closedOn, reauditDueDay: reauditDue, afterClosure: afterClosure,
            reauditOverdue: afterClosure == .reAuditOverdue,
            flags: flags.map { FlagDTO(code: $0.flag, label: $0.flag.label, explanation: $0.explanation) },
            pendingChanges: pending.map { ProposedChangeDTO($0) }, version: a.version)
    }

    /// One flat object: the fields the API shows as it reads them, then the record's.
    func encode(to encoder: any Encoder) throws {
        var body = encoder.container(keyedBy: FormText.Key.self)
        var risk: KeyedEncodingContainer<FormText.Key>?
        for f in ActionFields.all where f.echoed { try f.show(values, &body, &risk) }
        try record.encode(to: encoder)
    }

    /// Reads what `encode` writes (a client of the API would): the ids of the records shown as records.
    init(from decoder: any Decoder) throws {
        record = try Record(from: decoder)
        var input = try ActionInput(json: decoder, creating: false)
        input.serviceID = record.service.id
        input.leadID = record.lead.id
        input.reviewerID = record.reviewer.id
        let (merged, errors) = input.merged(over: nil, statements: [])
        guard let merged else {
            let names = errors.map(\.field).joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: names))
        }
        values = merged
    }
}

/// The API's body for a new action (`POST /api/v1/actions`): the fields of `ActionFields.all` by their JSON
/// names (the risk factors in a `risk` object), and the status to start in. A required field left out is
/// refused naming it, as a missing key.
struct ActionCreateBody: Decodable {
    let input: ActionInput

    init(from decoder: any Decoder) throws {
        var input = try ActionInput(json: decoder, creating: true)
        input.initialStatus = try decoder.container(keyedBy: FormText.Key.self)
            .decodeIfPresent(ActionStatus.self, forKey: FormText.Key("status"))
        self.input = input
    }
}

/// The API's body for a change (`PATCH /api/v1/actions/{id}`): any of the fields, the version changed, and the
/// reason for a change that weakens oversight.
struct ActionPatchBody: Decodable {
    let input: ActionInput
    let version: Int?

    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: FormText.Key.self)
        var input = try ActionInput(json: decoder, creating: false)
        input.changeReason = try body.decodeIfPresent(String.self, forKey: FormText.Key("changeReason"))
        self.input = input
        version = try body.decodeIfPresent(Int.self, forKey: FormText.Key("version"))
    }
}

extension ActionInput: Encodable {
    /// The body a client sends to create an action (the bench's), as `ActionCreateBody` reads it.
    func encode(to encoder: any Encoder) throws {
        var body = encoder.container(keyedBy: FormText.Key.self)
        var risk: KeyedEncodingContainer<FormText.Key>?
        for f in ActionFields.all { try f.encode(self, &body, &risk) }
        try body.encodeIfPresent(initialStatus, forKey: FormText.Key("status"))
        try body.encodeIfPresent(changeReason, forKey: FormText.Key("changeReason"))
    }

    init(json decoder: any Decoder, creating: Bool) throws {
        let body = try decoder.container(keyedBy: FormText.Key.self)
        let riskKey = FormText.Key("risk")
        var risk: KeyedDecodingContainer<FormText.Key>?
        if body.contains(riskKey), try !body.decodeNil(forKey: riskKey) {
            risk = try body.nestedContainer(keyedBy: FormText.Key.self, forKey: riskKey)
        } else if creating {
            throw DecodingError.keyNotFound(riskKey, .init(codingPath: body.codingPath, debugDescription: ""))
        }
        self.init()
        for f in ActionFields.all { try f.decode(body, risk, creating, &self) }
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
