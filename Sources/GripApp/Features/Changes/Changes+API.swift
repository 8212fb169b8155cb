import Fluent
import GripCore
import Vapor

/// `/api/v1/changes`: the changes the change policy holds, of every governed record the caller can see;
/// approve or refuse one (DESIGN §1, issue 33).
struct ChangesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiChanges, use: list)
        routes.get(.apiChange, use: get)
        routes.post(.apiChangeApprove, use: approve)
        routes.post(.apiChangeRefuse, use: refuse)
    }

    /// 202 with the held change and where it can be read.
    static func accepted(_ c: PendingChange, _ req: Request, location: String) async throws -> Response {
        let res = try await ProposedChangeDTO(c).encodeResponse(status: .accepted, for: req)
        res.headers.replaceOrAdd(name: .location, value: location)
        return res
    }

    /// `?status=pending|approved|refused` (default pending), `?page=&per=`.
    @Sendable func list(req: Request) async throws -> ListDTO<ProposedChangeDTO> {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (f, errors) = ActionFilter.parse(["page": raw["page"] ?? "", "per": raw["per"] ?? ""])
        var problems = errors
        let status = ChangeStatus(rawValue: raw["status"].flatMap { $0.isEmpty ? nil : $0 } ?? "pending")
        if status == nil {
            problems.append(FieldError("status", "The status is pending, approved or refused."))
        }
        guard problems.isEmpty, let status else {
            throw AppError(.badRequest, problems.map(\.message).joined(separator: " "), fields: problems)
        }
        let page = try await PendingChanges(db: req.db, actor: actor)
            .list(status, page: PageRequest(page: f.page, per: f.per))
        return ListDTO(
            items: page.items.map { ProposedChangeDTO($0) },
            metadata: ListMetadata(page: f.page, per: f.per, total: page.metadata.total))
    }

    @Sendable func get(req: Request) async throws -> ProposedChangeDTO {
        let c = try await PendingChanges(db: req.db, actor: try req.actor).find(
            try req.uuid("change", notFound: "proposed change"))
        try await c.$decidedBy.load(on: req.db)
        return ProposedChangeDTO(c)
    }

    @Sendable func approve(req: Request) async throws -> ProposedChangeDTO {
        try await Self.decide(req, approve: true)
    }

    @Sendable func refuse(req: Request) async throws -> ProposedChangeDTO {
        try await Self.decide(req, approve: false)
    }

    /// Decides a change; `within`: the record the path names (404 when the change is another record's).
    static func decide(_ req: Request, approve: Bool, within recordID: UUID? = nil) async throws -> ProposedChangeDTO {
        let actor = try req.actor
        let service = PendingChanges(db: req.db, actor: actor, today: req.today)
        let change = try await service.find(try req.uuid("change", notFound: "proposed change"))
        if let recordID, change.recordID != recordID { throw AppError.notFound("proposed change") }
        let (relation, _) = try await service.relation(to: change)
        try actor.require(change.approver, relation)
        let body = try req.content.decode(ChangeDecisionDTO.self)
        let c = try await service.decide(change, approve: approve, reason: body.reason, version: body.version)
        return ProposedChangeDTO(c, decidedBy: RefDTO(id: actor.id, name: actor.name))
    }
}
