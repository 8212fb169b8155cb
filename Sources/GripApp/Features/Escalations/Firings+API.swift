import Fluent
import GripCore
import Vapor

/// A threshold that fired, as the API gives it (issue 36).
struct FiringDTO: Content {
    let id: UUID
    let service: RefDTO
    let trigger: EscalationTrigger
    let level: EscalationLevel
    let subjectKind: String
    let subjectId: UUID
    let evidence: String
    let firedAt: Date
    let deadline: Date
    let thresholdsVersion: Int
    /// due, overdue, answered or answered_late.
    let clock: String
    let late: Bool
    let answer: EscalationFiring.Answer?
    let answeredAt: Date?
    let answerNote: String?
    let escalationId: UUID?
    let version: Int

    init(_ f: EscalationFiring, now: Date) {
        let clock = EscalationClock.of(deadline: f.deadline, answeredAt: f.answeredAt, now: now)
        id = f.id!
        service = RefDTO(id: f.$service.id, name: f.$service.value?.name ?? "")
        trigger = f.trigger
        level = f.level
        subjectKind = f.subjectKind
        subjectId = f.subjectID
        evidence = f.evidence
        firedAt = f.firedAt
        deadline = f.deadline
        thresholdsVersion = f.thresholdsVersion
        self.clock =
            switch clock {
            case .due: "due"
            case .overdue: "overdue"
            case .answered: "answered"
            case .answeredLate: "answered_late"
            }
        late = clock.isLate
        answer = f.answer
        answeredAt = f.answeredAt
        answerNote = f.answerNote
        escalationId = f.$escalation.id
        version = f.version
    }
}

struct FiringTakeUpDTO: Content { var note: String?; var version: Int? }
struct FiringNotEscalatingDTO: Content { var reason: String?; var version: Int? }

/// `/api/v1/escalations/fired`: the thresholds that fired on the caller's services, and their answers.
struct FiringsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiFirings, use: list)
        routes.get(.apiFiring, use: get)
        routes.post(.apiFiringTakeUp, use: takeUp)
        routes.post(.apiFiringNotEscalating, use: notEscalating)
    }

    /// `?open=true` (default) for the unanswered ones, soonest deadline first; `?open=false` for every one, newest
    /// first. `?page=&per=`.
    @Sendable func list(req: Request) async throws -> ListDTO<FiringDTO> {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (f, errors) = ActionFilter.parse(["page": raw["page"] ?? "", "per": raw["per"] ?? ""])
        var problems = errors
        let open = raw["open"].map { $0.isEmpty ? "true" : $0 } ?? "true"
        if open != "true" && open != "false" { problems.append(FieldError("open", "open is true or false.")) }
        guard problems.isEmpty else {
            throw AppError(.badRequest, problems.map(\.message).joined(separator: " "), fields: problems)
        }
        var q = try FiringService(db: req.db, actor: actor, now: req.now).visible().with(\.$service)
        q = open == "true" ? q.filter(\.$answeredAt == nil).sort(\.$deadline) : q.sort(\.$firedAt, .descending)
        let page = try await q.leanPage(PageRequest(page: f.page, per: f.per))
        return ListDTO(
            items: page.items.map { FiringDTO($0, now: req.now) },
            metadata: ListMetadata(page: f.page, per: f.per, total: page.metadata.total))
    }

    @Sendable func get(req: Request) async throws -> FiringDTO {
        let f = try await FiringService(db: req.db, actor: try req.actor, now: req.now)
            .find(try req.uuid("firing", notFound: "escalation due"))
        return FiringDTO(f, now: req.now)
    }

    @Sendable func takeUp(req: Request) async throws -> FiringDTO {
        let service = FiringService(db: req.db, actor: try req.actor, now: req.now)
        let id = try await service.find(try req.uuid("firing", notFound: "escalation due")).requireID()
        let b = try req.content.decode(FiringTakeUpDTO.self)
        return FiringDTO(try await service.takeUp(id, note: b.note ?? "", version: b.version), now: req.now)
    }

    /// 202: held for a quality lead or the nominated individual who did not propose it.
    @Sendable func notEscalating(req: Request) async throws -> Response {
        let service = FiringService(db: req.db, actor: try req.actor, now: req.now)
        let id = try await service.find(try req.uuid("firing", notFound: "escalation due")).requireID()
        let b = try req.content.decode(FiringNotEscalatingDTO.self)
        let c = try await service.proposeNotEscalating(id, reason: b.reason ?? "", version: b.version)
        return try await ChangesAPIController.accepted(c, req, location: SiteRoute.apiChange(c.id!))
    }
}
