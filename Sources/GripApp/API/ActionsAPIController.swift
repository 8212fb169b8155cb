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
    }

    static func today() -> Day { Day.today(now: Date()) }

    func id(_ req: Request) throws -> UUID {
        guard let s = req.parameters.get("id"), let id = UUID(uuidString: s) else { throw AppError.notFound("action") }
        return id
    }

    @Sendable func list(req: Request) async throws -> ListDTO<ActionDTO> {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (filter, errors) = ActionFilter.parse(raw)
        guard errors.isEmpty else { throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors) }
        let today = Self.today()
        let page = try await ActionQueries.list(filter, actor: actor, today: today, on: req.db)
        let statements = try await ActionQueries.statements(of: page.items.compactMap(\.id), on: req.db)
        return ListDTO(items: page.items.map { ActionDTO($0, statements: statements[$0.id!] ?? [], today: today) },
                       metadata: ListMetadata(page: filter.page, per: filter.per, total: page.metadata.total))
    }

    func dto(_ a: RecoveryAction, _ req: Request) async throws -> ActionDTO {
        try await a.$service.load(on: req.db)
        try await a.$lead.load(on: req.db)
        try await a.$reviewer.load(on: req.db)
        let statements = try await ActionQueries.statements(of: [a.id!], on: req.db)
        return ActionDTO(a, statements: statements[a.id!] ?? [], today: Self.today())
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

    @Sendable func patch(req: Request) async throws -> ActionDTO {
        let actor = try req.actor
        try actor.require(.editActions)
        let actionID = try id(req)
        let existing = try await Access.action(actionID, for: actor, on: req.db)
        let body = try req.content.decode(ActionPatchDTO.self)
        let a = try await ActionService(db: req.db, actor: actor, today: Self.today()).update(existing, body.input, version: body.version)
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
        let page = try await Service.query(on: req.db).visible(to: actor).sort(\.$name).paginate(PageRequest(page: f.page, per: f.per))
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
