import Fluent
import GripCore
import Vapor

/// `/api/v1/actions`: list (filtered, paginated), create, read, change, status moves.
struct ActionsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let actions = routes.grouped("actions")
        actions.get(use: list)
        actions.post(use: create)
        actions.get(":id", use: get)
        actions.patch(":id", use: patch)
        actions.post(":id", "transitions", use: transition)
        actions.post(":id", "due-day", use: changeDueDay)
        actions.get(":id", "changes", use: changes)
        actions.post(":id", "changes", ":change", "approve", use: approveChange)
        actions.post(":id", "changes", ":change", "refuse", use: refuseChange)
    }

    static func today() -> Day { Day.today(now: Date()) }

    func id(_ req: Request) throws -> UUID {
        guard let s = req.parameters.get("id"), let id = UUID(uuidString: s) else { throw AppError.notFound("action") }
        return id
    }

    @Sendable func list(req: Request) async throws -> ListDTO<ActionDTO> {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let fw = try await FrameworkCatalogue(db: req.db, organisationID: actor.organisationID).inForce().framework
        let (filter, errors) = ActionFilter.parse(raw, framework: fw)
        guard errors.isEmpty else { throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors) }
        let today = Self.today()
        let page = try await ActionQueries.list(filter, actor: actor, today: today, on: req.db)
        let mappings = try await ActionQueries.mappings(of: page.items.compactMap(\.id), on: req.db)
        return ListDTO(items: page.items.map {
                           ActionDTO($0, mappings: mappings[$0.id!] ?? [], framework: fw.id, today: today)
                       },
                       metadata: ListMetadata(page: filter.page, per: filter.per, total: page.metadata.total))
    }

    func dto(_ a: RecoveryAction, _ req: Request) async throws -> ActionDTO {
        try await a.$service.load(on: req.db)
        try await a.$lead.load(on: req.db)
        try await a.$reviewer.load(on: req.db)
        let fw = try await FrameworkCatalogue(db: req.db, organisationID: a.$organisation.id).inForce().framework
        let mappings = try await ActionQueries.mappings(of: [a.id!], on: req.db)
        return ActionDTO(a, mappings: mappings[a.id!] ?? [], framework: fw.id, today: Self.today())
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.createActions)
        let body = try req.content.decode(ActionCreateDTO.self)
        let a = try await ActionService(db: req.db, actor: actor, today: Self.today()).create(body.input)
        let res = try await dto(a, req).encodeResponse(status: .created, for: req)
        res.headers.replaceOrAdd(name: .location, value: Paths.apiAction(a.id!))
        return res
    }

    @Sendable func get(req: Request) async throws -> ActionDTO {
        let a = try await Access.action(try id(req), for: try req.actor, on: req.db)
        return try await dto(a, req)
    }

    /// 200 with the action when the change applies at once; 202 with the proposed change when it
    /// weakens oversight and waits for a second person.
    @Sendable func patch(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.editActions)
        let actionID = try id(req)
        let existing = try await Access.action(actionID, for: actor, on: req.db)
        let body = try req.content.decode(ActionPatchDTO.self)
        switch try await ActionService(db: req.db, actor: actor, today: Self.today()).update(existing, body.input, version: body.version) {
        case .applied(let a):
            return try await dto(a, req).encodeResponse(for: req)
        case .proposed(let c):
            let res = try await changeDTO(c, req).encodeResponse(status: .accepted, for: req)
            res.headers.replaceOrAdd(name: .location, value: Paths.apiActionChange(actionID, c.id!))
            return res
        }
    }

    func changeDTO(_ c: ProposedChange, _ req: Request) async throws -> ProposedChangeDTO {
        let ids: [UUID] = [c.$proposedBy.id] + (c.$decidedBy.id.map { [$0] } ?? [])
        let people = try await User.query(on: req.db).filter(\.$id ~~ ids).all()
        let by = Dictionary(people.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return ProposedChangeDTO(c, proposedBy: by[c.$proposedBy.id]!, decidedBy: c.$decidedBy.id.flatMap { by[$0] })
    }

    @Sendable func changes(req: Request) async throws -> ListDTO<ProposedChangeDTO> {
        let actor = try req.actor
        let actionID = try id(req)
        _ = try await Access.action(actionID, for: actor, on: req.db)
        let list = try await ProposedChange.query(on: req.db).filter(\.$action.$id == actionID).sort(\.$createdAt, .descending)
            .with(\.$proposedBy).with(\.$decidedBy).limit(200).all()
        let items = list.map { ProposedChangeDTO($0, proposedBy: $0.proposedBy, decidedBy: $0.decidedBy) }
        return ListDTO(items: items, metadata: ListMetadata(page: 1, per: 200, total: items.count))
    }

    @Sendable func approveChange(req: Request) async throws -> ProposedChangeDTO {
        try await decide(req, approve: true)
    }

    @Sendable func refuseChange(req: Request) async throws -> ProposedChangeDTO {
        try await decide(req, approve: false)
    }

    func decide(_ req: Request, approve: Bool) async throws -> ProposedChangeDTO {
        let actor = try req.actor
        let actionID = try id(req)
        guard let s = req.parameters.get("change"), let changeID = UUID(uuidString: s) else { throw AppError.notFound("proposed change") }
        let service = ActionService(db: req.db, actor: actor, today: Self.today())
        let (change, action) = try await service.proposedChange(changeID)
        guard change.$action.id == actionID else { throw AppError.notFound("proposed change") }
        try actor.require(.approveChange, service.relation(to: change, on: action))
        let body = try req.content.decode(ChangeDecisionDTO.self)
        let c = try await service.decide(changeID, approve: approve, reason: body.reason, version: body.version)
        return try await changeDTO(c, req)
    }

    @Sendable func changeDueDay(req: Request) async throws -> ActionDTO {
        let actor = try req.actor
        try actor.require(.editActions)
        let actionID = try id(req)
        _ = try await Access.action(actionID, for: actor, on: req.db)
        let body = try req.content.decode(DueDayChangeDTO.self)
        let a = try await ActionService(db: req.db, actor: actor, today: Self.today())
            .changeDueDay(actionID, to: body.dueDay, reason: body.reason ?? "", controlChange: body.controlChange ?? "",
                          escalation: body.escalation ?? "", version: body.version)
        return try await dto(a, req)
    }

    @Sendable func transition(req: Request) async throws -> ActionDTO {
        let actor = try req.actor
        let actionID = try id(req)
        let existing = try await Access.action(actionID, for: actor, on: req.db)
        let service = ActionService(db: req.db, actor: actor, today: Self.today())
        try service.requireCanMove(existing)
        let body = try req.content.decode(TransitionDTO.self)
        let a = try await service.transition(existing, to: body.to, reason: body.reason, version: body.version)
        return try await dto(a, req)
    }
}

/// `/api/v1/services`: the services the caller can see; admins add services.
struct ServicesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("services", use: list)
        routes.post("services", use: create)
    }

    @Sendable func list(req: Request) async throws -> ListDTO<ServiceDTO> {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (f, errors) = ActionFilter.parse(["page": raw["page"] ?? "", "per": raw["per"] ?? ""])
        guard errors.isEmpty else { throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors) }
        let page = try await Service.query(on: req.db).visible(to: actor).sort(\.$name).leanPage(PageRequest(page: f.page, per: f.per))
        return ListDTO(items: page.items.map(ServiceDTO.init), metadata: ListMetadata(page: f.page, per: f.per, total: page.metadata.total))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let admin = try AdminService(db: req.db, actor: actor)
        let body = try req.content.decode(ServiceCreateDTO.self)
        let s = try await admin.saveService(nil, .init(name: body.name, cqcLocationID: body.cqcLocationId ?? "", serviceType: body.serviceType,
                                                       commissioners: body.commissioners ?? "", ratings: body.ratings ?? [:]), version: nil)
        return try await ServiceDTO(s).encodeResponse(status: .created, for: req)
    }
}
