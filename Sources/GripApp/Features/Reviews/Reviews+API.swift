import Fluent
import GripCore
import Vapor

/// `/api/v1/actions/:id/reviews`, `progress`, `closure`, `close` and `reaudits`.
extension AssuranceAPIController {
    @Sendable func createReview(req: Request) async throws -> Response {
        let (actor, action) = try await req.action(may: .recordAssuranceReview)
        let id = try action.requireID()
        let body = try req.content.decode(ReviewCreateDTO.self)
        let r = try await ReviewService(db: req.db, actor: actor, today: req.today)
            .record(
                actionID: id,
                .init(
                    day: body.date, rag: body.rag, measureValue: body.measureValue, commentary: body.commentary,
                    decision: body.decision ?? "", controlChange: body.controlChange ?? "",
                    escalation: body.escalation ?? ""))
        let a = try await RecoveryAction.find(id, on: req.db)!
        return try await ReviewDTO(
            id: r.id!, actionId: id, date: Day(iso: r.day)!, rag: r.rag, measureValue: r.measureValue,
            commentary: r.commentary, decision: r.decision, controlChange: r.controlChange,
            escalation: r.escalation, reviewer: PersonDTO(actor),
            nextReviewDay: Day(iso: a.nextReviewDay)!
        ).encodeResponse(status: .created, for: req)
    }

    @Sendable func createProgress(req: Request) async throws -> Response {
        let (actor, action) = try await req.action(may: .recordProgress)
        let id = try action.requireID()
        let body = try req.content.decode(ProgressUpdateCreateDTO.self)
        let u = try await ReviewService(db: req.db, actor: actor, today: req.today)
            .recordProgress(actionID: id, day: body.date, measure: body.reportedMeasure, commentary: body.commentary)
        return try await ProgressUpdateDTO(
            id: u.id!, actionId: id, date: Day(iso: u.day)!, reportedMeasure: u.reportedMeasure,
            commentary: u.commentary, author: PersonDTO(actor)
        )
        .encodeResponse(status: .created, for: req)
    }

    @Sendable func closure(req: Request) async throws -> ClosureDTO {
        let actor = try req.actor
        let id = try await actionID(req)
        let unmet = try await ReviewService(db: req.db, actor: actor, today: req.today).gate(actionID: id)
        return ClosureDTO(closable: unmet.isEmpty, unmet: unmet.map { .init(code: $0.code, message: $0.message) })
    }

    @Sendable func close(req: Request) async throws -> ActionDTO {
        let actor = try req.actor
        let id = try await actionID(req)
        let body =
            req.body.data.map { $0.readableBytes > 0 } ?? false
            ? try req.content.decode(CloseDTO.self) : CloseDTO(override: nil)
        let a = try await ReviewService(db: req.db, actor: actor, today: req.today)
            .close(actionID: id, override: body.override.map { ($0.condition, $0.reason) })
        return try await ActionsAPIController().dto(a, req)
    }

    @Sendable func reAudit(req: Request) async throws -> Response {
        let (actor, action) = try await req.action(may: .reAudit)
        let id = try action.requireID()
        let body = try req.content.decode(ReAuditCreateDTO.self)
        let a = try await ReviewService(db: req.db, actor: actor, today: req.today)
            .reAudit(
                actionID: id, passed: body.passed, finding: body.finding, sample: body.sample ?? "",
                method: body.method ?? "",
                controlChange: body.controlChange ?? "", evidenceID: body.evidenceId, day: body.date)
        return try await ActionsAPIController().dto(a, req).encodeResponse(status: .created, for: req)
    }
}
