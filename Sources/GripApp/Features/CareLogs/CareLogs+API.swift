import Fluent
import GripCore
import Vapor

/// People supported, the safeguarding and restrictive interventions logs and notifications to CQC over the API
/// (issue 23). Every list is paginated and scoped in its query; bodies are the forms' fields (snake_case), read and
/// refused with the same messages as the pages.
struct CareLogsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiPeople, use: listPeople)
        routes.post(.apiPeople, use: createPerson)
        routes.get(.apiPeopleAggregates, use: aggregates)
        routes.get(.apiPerson, use: getPerson)
        routes.put(.apiPerson, use: updatePerson)
        routes.get(.apiPersonPattern, use: pattern)
        routes.post(.apiPersonShares, use: share)
        routes.get(.apiSafeguardingConcerns, use: listConcerns)
        routes.post(.apiSafeguardingConcerns, use: createConcern)
        routes.post(.apiSafeguardingConcernsImport, maxBytes: 8 * 1_048_576, use: importConcerns)
        routes.get(.apiSafeguardingConcern, use: getConcern)
        routes.put(.apiSafeguardingConcern, use: updateConcern)
        routes.get(.apiRestrictiveInterventions, use: listInterventions)
        routes.post(.apiRestrictiveInterventions, use: createIntervention)
        routes.post(.apiRestrictiveInterventionsImport, maxBytes: 8 * 1_048_576, use: importInterventions)
        routes.get(.apiRestrictiveIntervention, use: getIntervention)
        routes.put(.apiRestrictiveIntervention, use: updateIntervention)
        routes.get(.apiCqcNotifications, use: listNotifications)
        routes.post(.apiCqcNotifications, use: createNotification)
        routes.get(.apiCqcNotification, use: getNotification)
        routes.put(.apiCqcNotification, use: updateNotification)
    }

    static func id(_ req: Request) -> UUID? { req.parameters.get("id").flatMap(UUID.init(uuidString:)) }
    static var today: Day { Clock.current.today() }

    /// `page` and `per` (400 naming them), and an optional `service` of the caller's (404 otherwise).
    static func paging(_ req: Request) async throws -> (page: PageRequest, service: UUID?) {
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (f, errors) = ActionFilter.parse(["page": raw["page"] ?? "", "per": raw["per"] ?? ""])
        guard errors.isEmpty else {
            throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors)
        }
        var service: UUID?
        if let s = raw["service"], !s.isEmpty {
            guard let id = UUID(uuidString: s) else {
                throw AppError(
                    .badRequest, "service must be a service's id.",
                    fields: [FieldError("service", "service must be a service's id.")])
            }
            service = try await Access.service(id, for: try req.actor, on: req.db).id
        }
        return (PageRequest(page: f.page, per: f.per), service)
    }

    /// Records what the body says, as the log's pages do (`CareLogService`).
    static func create<Log: CareLogService>(_: Log.Type, _ req: Request) async throws -> Log.Record {
        try req.actor.require(Log.mayCreate)
        return try await Log.create(from: try Log.decode(req), req)
    }

    /// Updates the record the path names with the body, the version read in it (404 before 403, as the pages).
    static func update<Log: CareLogService>(_: Log.Type, _ req: Request) async throws -> Log.Record {
        let log = try Log.make(req)
        let existing = try await log.find(id(req))
        try req.actor.require(Log.mayUpdate)
        return try await log.update(existing.id, from: try Log.decode(req), req)
    }

    // MARK: people

    static func dto(_ p: Person, on db: any Database) async throws -> PersonRecordDTO {
        let name = try await Service.find(p.$service.id, on: db)?.name ?? ""
        return PersonRecordDTO(p, serviceName: name, today: today)
    }

    @Sendable func listPeople(req: Request) async throws -> ListDTO<PersonRecordDTO> {
        let (page, service) = try await Self.paging(req)
        var q = try PeopleService.make(req).visible()
        if let service { q = q.filter(\.$service.$id == service) }
        let result = try await q.with(\.$service).sort(\.$highestRisk, .descending).sort(\.$reference).leanPage(page)
        return ListDTO(
            items: result.items.map { PersonRecordDTO($0, serviceName: $0.service.name, today: Self.today) },
            metadata: ListMetadata(page: page.page, per: page.per, total: result.metadata.total))
    }

    @Sendable func aggregates(req: Request) async throws -> [PeopleAggregateDTO] {
        let actor = try req.actor
        let (_, service) = try await Self.paging(req)
        let services = try await Scoped.services(for: actor, on: req.db).filter { service == nil || $0.id == service }
        let aggregates = try await PeopleService.make(req).aggregates(services: services.compactMap(\.id))
        return services.map { s in
            let a = aggregates[s.id!] ?? PeopleAggregate.compute([], today: Self.today)
            return PeopleAggregateDTO(
                service: RefDTO(id: s.id!, name: s.name), people: a.people, highestHigh: a.byHighest[.high] ?? 0,
                highestMedium: a.byHighest[.medium] ?? 0, highestLow: a.byHighest[.low] ?? 0, notRated: a.notRated,
                reviewOverdue: a.reviewOverdue,
                highByArea: Dictionary(
                    a.highByArea.map { ($0.key.rawValue, $0.value) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    @Sendable func getPerson(req: Request) async throws -> PersonRecordDTO {
        try await Self.dto(try await PeopleService.make(req).view(Self.id(req)), on: req.db)
    }

    @Sendable func createPerson(req: Request) async throws -> Response {
        let p = try await Self.create(PeopleService.self, req)
        return try await Self.dto(p, on: req.db).encodeResponse(status: .created, for: req)
    }

    @Sendable func updatePerson(req: Request) async throws -> PersonRecordDTO {
        try await Self.dto(try await Self.update(PeopleService.self, req), on: req.db)
    }

    @Sendable func pattern(req: Request) async throws -> PatternDTO {
        let p = try await PeopleService.make(req).view(Self.id(req))
        let (v, _) = try await PeopleService.pattern(person: p, today: Self.today, on: req.db)
        return PatternDTO(
            person: RefDTO(id: p.id!, name: p.reference),
            weeks: v.weeks.map { .init(start: $0.start, concerns: $0.concerns, interventions: $0.interventions) },
            byDayPart: v.byDayPart.map {
                .init(part: $0.part, concerns: $0.concerns, interventions: $0.interventions)
            },
            byPlace: v.byPlace.map { .init(label: $0.label, count: $0.count) },
            byTrigger: v.byTrigger.map { .init(label: $0.label, count: $0.count) },
            meanRecoveryMinutes: v.meanRecovery, concerns: v.concerns, interventions: v.interventions)
    }

    struct ShareBody: Content {
        var commissionerId: UUID?
        var share: Bool?
    }

    @Sendable func share(req: Request) async throws -> PersonRecordDTO {
        let service = try PeopleService.make(req)
        let existing = try await service.find(Self.id(req))
        try req.actor.require(.recordPeople)
        let body = try req.content.decode(ShareBody.self)
        guard let share = body.share else { throw AppError.invalid("share", "Say true to share or false to stop.") }
        return try await Self.dto(
            try await service.setShared(
                existing.id, commissionerID: body.commissionerId,
                share: share), on: req.db)
    }

    // MARK: safeguarding concerns

    static func loaded(_ c: SafeguardingConcern, on db: any Database) async throws -> ConcernDTO {
        try await c.$person.load(on: db)
        try await c.$service.load(on: db)
        return ConcernDTO(c, today: today)
    }

    @Sendable func listConcerns(req: Request) async throws -> ListDTO<ConcernDTO> {
        let (page, service) = try await Self.paging(req)
        var q = try SafeguardingService.make(req).visible()
        if let service { q = q.filter(\.$service.$id == service) }
        let result = try await q.with(\.$person).with(\.$service).sort(\.$raisedAt, .descending).leanPage(page)
        return ListDTO(
            items: result.items.map { ConcernDTO($0, today: Self.today) },
            metadata: ListMetadata(page: page.page, per: page.per, total: result.metadata.total))
    }

    @Sendable func getConcern(req: Request) async throws -> ConcernDTO {
        try await Self.loaded(try await SafeguardingService.make(req).find(Self.id(req)), on: req.db)
    }

    @Sendable func createConcern(req: Request) async throws -> Response {
        let c = try await Self.create(SafeguardingService.self, req)
        return try await Self.loaded(c, on: req.db).encodeResponse(status: .created, for: req)
    }

    @Sendable func updateConcern(req: Request) async throws -> ConcernDTO {
        try await Self.loaded(try await Self.update(SafeguardingService.self, req), on: req.db)
    }

    // MARK: restrictive interventions

    static func loaded(_ i: RestrictiveIntervention, on db: any Database) async throws -> InterventionDTO {
        try await i.$person.load(on: db)
        try await i.$service.load(on: db)
        return InterventionDTO(i, now: Clock.current.now())
    }

    @Sendable func listInterventions(req: Request) async throws -> ListDTO<InterventionDTO> {
        let (page, service) = try await Self.paging(req)
        var q = try InterventionService.make(req).visible()
        if let service { q = q.filter(\.$service.$id == service) }
        let result = try await q.with(\.$person).with(\.$service).sort(\.$startedAt, .descending).leanPage(page)
        let now = req.now
        return ListDTO(
            items: result.items.map { InterventionDTO($0, now: now) },
            metadata: ListMetadata(page: page.page, per: page.per, total: result.metadata.total))
    }

    @Sendable func getIntervention(req: Request) async throws -> InterventionDTO {
        try await Self.loaded(try await InterventionService.make(req).find(Self.id(req)), on: req.db)
    }

    @Sendable func createIntervention(req: Request) async throws -> Response {
        let i = try await Self.create(InterventionService.self, req)
        return try await Self.loaded(i, on: req.db).encodeResponse(status: .created, for: req)
    }

    @Sendable func updateIntervention(req: Request) async throws -> InterventionDTO {
        try await Self.loaded(try await Self.update(InterventionService.self, req), on: req.db)
    }

    // MARK: imports

    struct ImportedDTO: Content { let imported: Int }

    static func importFile(_ req: Request, _ log: CareLogImport.Log) async throws -> Response {
        let actor = try req.actor
        try actor.require(.decideConcerns)
        let data = try FrameworksAPIController.fileBody(req)
        do {
            let n = try await CareLogImport(db: req.db, actor: actor, now: req.now).run(log, data: data)
            return try await ImportedDTO(imported: n).encodeResponse(status: .created, for: req)
        } catch let f as CareLogImport.Failure {
            throw AppError(
                .unprocessableEntity, "\(f.problems.count) problem(s): nothing was imported.",
                fields: f.problems.prefix(500).map {
                    FieldError("row \($0.row)" + ($0.column.isEmpty ? "" : ", \($0.column)"), $0.message)
                })
        }
    }

    @Sendable func importConcerns(req: Request) async throws -> Response { try await Self.importFile(req, .concerns) }
    @Sendable func importInterventions(req: Request) async throws -> Response {
        try await Self.importFile(req, .interventions)
    }

    // MARK: notifications to CQC

    static func loaded(_ n: StatutoryNotification, on db: any Database) async throws -> NotificationDTO {
        try await n.$service.load(on: db)
        try await n.$person.load(on: db)
        return NotificationDTO(n, now: Clock.current.now())
    }

    @Sendable func listNotifications(req: Request) async throws -> ListDTO<NotificationDTO> {
        let (page, service) = try await Self.paging(req)
        var q = try StatutoryNotificationService.make(req).visible()
        if let service { q = q.filter(\.$service.$id == service) }
        switch req.query[String.self, at: "status"] ?? "" {
        case "": break
        case "to_send": q = q.filter(\.$sentAt == nil)
        case "sent": q = q.filter(\.$sentAt != nil)
        default:
            throw AppError(
                .badRequest, "status must be to_send or sent.",
                fields: [FieldError("status", "status must be to_send or sent.")])
        }
        let result = try await q.with(\.$service).with(\.$person).sort(\.$occurredAt, .descending).leanPage(page)
        let now = req.now
        return ListDTO(
            items: result.items.map { NotificationDTO($0, now: now) },
            metadata: ListMetadata(page: page.page, per: page.per, total: result.metadata.total))
    }

    @Sendable func getNotification(req: Request) async throws -> NotificationDTO {
        try await Self.loaded(try await StatutoryNotificationService.make(req).find(Self.id(req)), on: req.db)
    }

    @Sendable func createNotification(req: Request) async throws -> Response {
        let n = try await Self.create(StatutoryNotificationService.self, req)
        return try await Self.loaded(n, on: req.db).encodeResponse(status: .created, for: req)
    }

    @Sendable func updateNotification(req: Request) async throws -> NotificationDTO {
        try await Self.loaded(try await Self.update(StatutoryNotificationService.self, req), on: req.db)
    }
}
