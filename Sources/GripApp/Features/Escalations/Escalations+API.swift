import Fluent
import GripCore
import Vapor

struct EscalationDTO: Content {
    struct Response: Content {
        let author: PersonDTO; let party: Party; let text: String; let movedTo: EscalationStatus?; let at: Date?
    }
    let id: UUID
    let reference: String
    let service: RefDTO
    let category: EscalationCategory
    let facts: String
    let safeguards: String
    let actionsTaken: String
    let supportNeeded: String
    let respondBy: Day
    let jointReviewDay: Day?
    let status: EscalationStatus
    let raisedOn: Day?
    let evidenceIds: [UUID]
    let responses: [Response]
    let version: Int
    let actionIds: [UUID]
    let decisionIds: [UUID]
    let indicatorId: UUID?
    /// The person whose pattern it cites (issue 23).
    let personId: UUID?
}

struct EscalationCreateDTO: Content {
    var serviceId: UUID
    var category: EscalationCategory
    var facts: String
    var safeguards: String
    var actionsTaken: String
    var supportNeeded: String
    var respondBy: Day
    var jointReviewDay: Day?
    var raise: Bool?
    var personId: UUID?
    /// The escalation due it answers (issue 36).
    var firingId: UUID?
}

struct EscalationTransitionDTO: Content {
    var to: EscalationStatus
    var reason: String?
    var evidence: [UUID]?
    var version: Int?
}

struct EscalationLinkDTO: Content {
    var version: Int?
    var actionId: UUID?
    var decisionId: UUID?
    var indicatorId: UUID?
}

struct EscalationResponseDTO: Content { var text: String }

struct OversightDTO: Content {
    struct Entry: Content { let level: OversightLevel; let since: Day; let cadenceDays: Int; let note: String }
    let service: RefDTO
    let level: OversightLevel
    let since: Day?
    let cadenceDays: Int?
    let nextUpdateDue: Day?
    let history: [Entry]
}

struct OversightCreateDTO: Content {
    var level: OversightLevel
    var since: Day
    var cadenceDays: Int
    var note: String?
}

/// Provider escalations and commissioner oversight over the API.
struct EscalationsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiEscalations, use: list)
        routes.post(.apiEscalations, use: create)
        routes.get(.apiEscalation, use: get)
        routes.post(.apiEscalationTransitions, use: transition)
        routes.post(.apiEscalationResponses, use: respond)
        routes.post(.apiEscalationLinks, use: link)
        routes.get(.apiServiceOversight, use: oversight)
        routes.post(.apiServiceOversight, use: setOversight)
    }

    static func dto(_ e: Escalation, on db: any Database) async throws -> EscalationDTO {
        try await dtos([e], on: db)[0]
    }

    /// Many escalations in three queries (services eager-loaded, then responses and evidence links for all).
    static func dtos(_ list: [Escalation], on db: any Database) async throws -> [EscalationDTO] {
        let ids = try list.map { try $0.requireID() }
        guard !ids.isEmpty else { return [] }
        let (services, responses, links, sight) = try await EscalationsQuery.parts(of: list, on: db)
        let serviceBy = Dictionary(services.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let responsesBy = Dictionary(grouping: responses, by: { $0.$escalation.id })
        let linksBy = Dictionary(grouping: links, by: { $0.$escalation.id })
        let sightBy = Dictionary(grouping: sight, by: { $0.$escalation.id })
        return list.map { e in
            let id = e.id!
            return EscalationDTO(
                id: id, reference: e.reference,
                service: RefDTO(id: e.$service.id, name: serviceBy[e.$service.id]?.name ?? ""),
                category: e.category, facts: e.facts, safeguards: e.safeguards, actionsTaken: e.actionsTaken,
                supportNeeded: e.supportNeeded,
                respondBy: Day(iso: e.respondBy)!, jointReviewDay: e.jointReviewDay.flatMap(Day.init(iso:)),
                status: e.status,
                raisedOn: e.raisedOn.flatMap(Day.init(iso:)), evidenceIds: (linksBy[id] ?? []).map { $0.$evidence.id },
                responses: (responsesBy[id] ?? []).map {
                    .init(
                        author: PersonDTO($0.author), party: $0.party, text: $0.text, movedTo: $0.movedTo,
                        at: $0.createdAt)
                },
                version: e.version, actionIds: (sightBy[id] ?? []).compactMap { $0.$action.id },
                decisionIds: (sightBy[id] ?? []).compactMap { $0.$decision.id },
                indicatorId: e.$indicator.id, personId: e.$person.id)
        }
    }

    @Sendable func list(req: Request) async throws -> ListDTO<EscalationDTO> {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (f, errors) = ActionFilter.parse(["page": raw["page"] ?? "", "per": raw["per"] ?? ""])
        guard errors.isEmpty else {
            throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors)
        }
        let page = try await EscalationService(db: req.db, actor: actor, today: req.today).visible()
            .sort(\.$createdAt, .descending).leanPage(PageRequest(page: f.page, per: f.per))
        let items = try await Self.dtos(page.items, on: req.db)
        return ListDTO(items: items, metadata: ListMetadata(page: f.page, per: f.per, total: page.metadata.total))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.raiseEscalations)
        let b = try req.content.decode(EscalationCreateDTO.self)
        let e = try await EscalationService(db: req.db, actor: actor, today: req.today).create(
            .init(
                serviceID: b.serviceId, category: b.category, facts: b.facts, safeguards: b.safeguards,
                actionsTaken: b.actionsTaken,
                supportNeeded: b.supportNeeded, respondBy: b.respondBy, jointReviewDay: b.jointReviewDay,
                raiseNow: b.raise ?? false, personID: b.personId, firingID: b.firingId))
        return try await Self.dto(e, on: req.db).encodeResponse(status: .created, for: req)
    }

    @Sendable func get(req: Request) async throws -> EscalationDTO {
        let e = try await EscalationService(db: req.db, actor: try req.actor, today: req.today).find(
            req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        return try await Self.dto(e, on: req.db)
    }

    /// The service and the escalation's id for a change: the escalation must be visible (404
    /// otherwise, before the body is read) and the actor allowed the change (403).
    static func changing(_ req: Request, _ permission: Permission) async throws -> (EscalationService, UUID?) {
        let service = EscalationService(db: req.db, actor: try req.actor, today: req.today)
        let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        _ = try await service.find(id)
        try service.actor.require(permission)
        return (service, id)
    }

    @Sendable func transition(req: Request) async throws -> EscalationDTO {
        let (service, id) = try await Self.changing(req, .moveEscalations)
        let b = try req.content.decode(EscalationTransitionDTO.self)
        let e = try await service.transition(
            id, to: b.to, reason: b.reason ?? "", evidenceIDs: b.evidence ?? [],
            version: b.version)
        return try await Self.dto(e, on: req.db)
    }

    @Sendable func link(req: Request) async throws -> EscalationDTO {
        let (service, id) = try await Self.changing(req, .raiseEscalations)
        let b = try req.content.decode(EscalationLinkDTO.self)
        let e = try await service.link(
            id, version: b.version, actionID: b.actionId, decisionID: b.decisionId,
            indicatorID: b.indicatorId)
        return try await Self.dto(e, on: req.db)
    }

    @Sendable func respond(req: Request) async throws -> Response {
        let (service, id) = try await Self.changing(req, .moveEscalations)
        let b = try req.content.decode(EscalationResponseDTO.self)
        _ = try await service.respond(id, text: b.text)
        return try await Self.dto(try await service.find(id), on: req.db).encodeResponse(status: .created, for: req)
    }

    @Sendable func oversight(req: Request) async throws -> OversightDTO {
        let actor = try req.actor
        let s = try await Access.service(
            req.parameters.get("id").flatMap(UUID.init(uuidString:)), for: actor, on: req.db)
        return try await Self.oversightDTO(s, on: req.db)
    }

    static func oversightDTO(_ s: Service, on db: any Database) async throws -> OversightDTO {
        let history = try await EscalationsQuery.oversightHistory(of: s, on: db)
        let position = try await OversightService.positions([s.requireID()], on: db)[s.requireID()]
        return OversightDTO(
            service: RefDTO(id: s.id!, name: s.name), level: position?.current?.level ?? .routine,
            since: position?.current.flatMap { Day(iso: $0.since) }, cadenceDays: position?.current?.cadenceDays,
            nextUpdateDue: position?.nextUpdateDue,
            history: history.map {
                .init(level: $0.level, since: Day(iso: $0.since)!, cadenceDays: $0.cadenceDays, note: $0.note)
            })
    }

    @Sendable func setOversight(req: Request) async throws -> Response {
        let actor = try req.actor
        let sid = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        let s = try await Access.service(sid, for: actor, on: req.db)
        try actor.require(.recordOversight)
        let b = try req.content.decode(OversightCreateDTO.self)
        switch try await OversightService(db: req.db, actor: actor, today: req.today)
            .setLevel(serviceID: sid, level: b.level, since: b.since, cadenceDays: b.cadenceDays, note: b.note ?? "")
        {
        case .applied:
            return try await Self.oversightDTO(s, on: req.db).encodeResponse(status: .created, for: req)
        case .proposed(let c):
            return try await ChangesAPIController.accepted(c, req, location: Paths.apiChange(c.id!))
        }
    }
}
