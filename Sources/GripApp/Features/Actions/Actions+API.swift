import Fluent
import GripCore
import Vapor

/// `/api/v1/actions`: list (filtered, paginated), create, read, change, status moves.
struct ActionsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiActions, use: list)
        routes.post(.apiActions, use: create)
        routes.get(.apiAction, use: get)
        routes.patch(.apiAction, use: patch)
        routes.post(.apiActionTransitions, use: transition)
        routes.post(.apiActionDueDay, use: changeDueDay)
        routes.get(.apiActionChanges, use: changes)
        routes.post(.apiActionChangeApprove, use: approveChange)
        routes.post(.apiActionChangeRefuse, use: refuseChange)
    }

    func id(_ req: Request) throws -> UUID {
        guard let s = req.parameters.get("id"), let id = UUID(uuidString: s) else { throw AppError.notFound("action") }
        return id
    }

    @Sendable func list(req: Request) async throws -> ListDTO<ActionDTO> {
        let actor = try req.actor
        let (filter, fw) = try await ActionFilter.checked(req)
        let today = req.today
        let page = try await ActionQueries.listModels(filter, actor: actor, today: today, on: req.db)
        let ids = page.items.compactMap(\.id)
        let mappings = try await ActionQueries.mappings(of: ids, on: req.db)
        let flags = try await AttentionQueries.flags(for: page.items, today: today, on: req.db)
        let pending = try await ActionQueries.pending(ids, on: req.db)
        return ListDTO(
            items: try page.items.map {
                try ActionDTO(
                    $0, mappings: mappings[$0.id!] ?? [], framework: fw.id, today: today,
                    flags: flags[$0.id!] ?? [], pending: pending[$0.id!] ?? [])
            },
            metadata: ListMetadata(page: filter.page, per: filter.per, total: page.metadata.total))
    }

    func dto(_ a: RecoveryAction, _ req: Request) async throws -> ActionDTO {
        try await ActionQueries.loadPeopleAndService(of: a, on: req.db)
        let fw = try await FrameworkCatalogue(db: req.db, organisationID: a.$organisation.id).inForceRemembered()
            .framework
        let mappings = try await ActionQueries.mappings(of: [a.id!], on: req.db)
        let today = req.today
        let flags = try await AttentionQueries.flags(for: [a], today: today, on: req.db)
        let pending = try await ActionQueries.pending([a.id!], on: req.db)
        return try ActionDTO(
            a, mappings: mappings[a.id!] ?? [], framework: fw.id, today: today, flags: flags[a.id!] ?? [],
            pending: pending[a.id!] ?? [])
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.createActions)
        let body = try req.content.decode(ActionCreateBody.self)
        let a = try await ActionService(db: req.db, actor: actor, today: req.today).create(body.input)
        let res = try await dto(a, req).encodeResponse(status: .created, for: req)
        res.headers.replaceOrAdd(name: .location, value: Paths.apiAction(a.id!))
        return res
    }

    @Sendable func get(req: Request) async throws -> ActionDTO {
        let a = try await ActionQueries.withParents(try id(req), for: try req.actor, on: req.db)
        return try await dto(a, req)
    }

    /// 200 with the action when the change applies at once; 202 with the proposed change when it
    /// weakens oversight and waits for a second person.
    @Sendable func patch(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.editActions)
        let actionID = try id(req)
        let existing = try await ActionQueries.withParents(actionID, for: actor, on: req.db)
        let body = try req.content.decode(ActionPatchBody.self)
        switch try await ActionService(db: req.db, actor: actor, today: req.today).update(
            existing, body.input, version: body.version)
        {
        case .applied(let a):
            return try await dto(a, req).encodeResponse(for: req)
        case .proposed(let c):
            return try await ChangesAPIController.accepted(c, req, location: Paths.apiActionChange(actionID, c.id!))
        }
    }

    @Sendable func changes(req: Request) async throws -> ListDTO<ProposedChangeDTO> {
        let actor = try req.actor
        let actionID = try id(req)
        _ = try await Access.action(actionID, for: actor, on: req.db)
        let items = try await PendingChanges(db: req.db, actor: actor).list(recordID: actionID)
            .map { ProposedChangeDTO($0) }
        return ListDTO(items: items, metadata: ListMetadata(page: 1, per: 200, total: items.count))
    }

    @Sendable func approveChange(req: Request) async throws -> ProposedChangeDTO {
        try await decide(req, approve: true)
    }

    @Sendable func refuseChange(req: Request) async throws -> ProposedChangeDTO {
        try await decide(req, approve: false)
    }

    /// The action's change: the same decision as `/api/v1/changes/{id}/approve`, under the action's path.
    func decide(_ req: Request, approve: Bool) async throws -> ProposedChangeDTO {
        let actionID = try id(req)
        _ = try await Access.action(actionID, for: try req.actor, on: req.db)
        return try await ChangesAPIController.decide(req, approve: approve, within: actionID)
    }

    @Sendable func changeDueDay(req: Request) async throws -> ActionDTO {
        let actor = try req.actor
        try actor.require(.editActions)
        let actionID = try id(req)
        _ = try await Access.action(actionID, for: actor, on: req.db)
        let body = try req.content.decode(DueDayChangeDTO.self)
        let a = try await ActionService(db: req.db, actor: actor, today: req.today)
            .changeDueDay(
                actionID, to: body.dueDay, reason: body.reason ?? "", controlChange: body.controlChange ?? "",
                escalation: body.escalation ?? "", version: body.version)
        return try await dto(a, req)
    }

    /// 200 with the action; 202 with the proposed change when the move waits for a second person
    /// (cancelling a live high or extreme action).
    @Sendable func transition(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let existing = try await Access.action(actionID, for: actor, on: req.db)
        let service = ActionService(db: req.db, actor: actor, today: req.today)
        try service.requireCanMove(existing)
        let body = try req.content.decode(TransitionDTO.self)
        switch try await service.transition(existing, to: body.to, reason: body.reason, version: body.version) {
        case .applied(let a): return try await dto(a, req).encodeResponse(for: req)
        case .proposed(let c):
            return try await ChangesAPIController.accepted(c, req, location: Paths.apiActionChange(actionID, c.id!))
        }
    }
}

/// `/api/v1/services`: the services the caller can see; admins add services.
struct ServicesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiServices, use: list)
        routes.post(.apiServices, use: create)
    }

    @Sendable func list(req: Request) async throws -> ListDTO<ServiceDTO> {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (f, errors) = ActionFilter.parse(["page": raw["page"] ?? "", "per": raw["per"] ?? ""])
        guard errors.isEmpty else {
            throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors)
        }
        let page = try await ActionQueries.services(for: actor, page: PageRequest(page: f.page, per: f.per), on: req.db)
        return ListDTO(
            items: page.items.map(ServiceDTO.init),
            metadata: ListMetadata(page: f.page, per: f.per, total: page.metadata.total))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let admin = try AdminService(db: req.db, actor: actor)
        let body = try req.content.decode(ServiceCreateDTO.self)
        let s = try await admin.saveService(
            nil,
            .init(
                name: body.name, cqcLocationID: body.cqcLocationId ?? "", serviceType: body.serviceType,
                commissioners: body.commissioners ?? "", ratings: body.ratings ?? [:]), version: nil)
        return try await ServiceDTO(s).encodeResponse(status: .created, for: req)
    }
}
