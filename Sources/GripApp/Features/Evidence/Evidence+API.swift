import Fluent
import GripCore
import Vapor

/// Evidence, reviews, requests, the closure gate, sign-off and re-audits over the API.
struct AssuranceAPIController: RouteCollection {
    var maxUploadBytes: Int = FileCheck.defaultLimitBytes

    func boot(routes: any RoutesBuilder) throws {
        routes.post(.apiActionEvidence, maxBytes: maxUploadBytes + 1_048_576, use: createEvidence)
        routes.post(.apiActionReviews, use: createReview)
        routes.post(.apiActionProgressUpdates, use: createProgress)
        routes.post(.apiActionEvidenceRequests, use: createRequest)
        routes.get(.apiActionClosure, use: closure)
        routes.post(.apiActionClose, use: close)
        routes.post(.apiActionReaudits, use: reAudit)
        routes.get(.apiEvidence, use: getEvidence)
        routes.get(.apiEvidenceFile, use: download)
    }

    func actionID(_ req: Request) async throws -> UUID {
        guard let s = req.parameters.get("id"), let id = UUID(uuidString: s) else { throw AppError.notFound("action") }
        _ = try await Access.action(id, for: try req.actor, on: req.db)
        return id
    }

    static func dto(_ e: Evidence, on db: any Database) async throws -> EvidenceDTO {
        let id = try e.requireID()
        try await e.$recordedBy.load(on: db)
        let (files, actions, mappings) = try await EvidenceService.parts(of: id, on: db)
        let fw =
            mappings.isEmpty
            ? nil
            : try await FrameworkCatalogue(db: db, organisationID: e.$organisation.id).inForce().framework
        return EvidenceDTO(
            id: id, category: e.category, kind: e.kind, date: Day(iso: e.day)!, summary: e.summary,
            recordedBy: PersonDTO(e.recordedBy), actionIds: actions,
            statements: mappings.filter { $0.framework == fw?.id }.map(\.itemID),
            mappings: mappings.map { MappingDTO(framework: $0.framework, item: $0.itemID) },
            files: files.map {
                EvidenceFileDTO(
                    id: $0.id!, filename: $0.filename, contentType: $0.contentType, size: $0.size,
                    href: Paths.apiEvidenceFile(id, $0.id!))
            },
            version: e.version)
    }

    @Sendable func createEvidence(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try await actionID(req)
        try actor.require(.recordEvidence)
        try Uploads.refuseOversizedBody(req)
        var service = EvidenceService(db: req.db, actor: actor, today: req.today)
        service.maxUploadBytes = maxUploadBytes
        let evidence: Evidence
        if req.headers.contentType?.type == "multipart" {
            let form = try req.content.decode(EvidenceMultipartDTO.self)
            var errors: [FieldError] = []
            let input = EvidenceService.Input.parse(
                category: form.category, kind: form.kind, date: form.date, summary: form.summary,
                statements: form.statements, request: form.request_id, into: &errors)
            guard errors.isEmpty else { throw AppError.invalid(errors) }
            evidence = try await service.record(
                actionIDs: [id], input, files: Uploads.file(form.file).map { [$0] } ?? [])
        } else {
            let body = try req.content.decode(EvidenceCreateDTO.self)
            let input = EvidenceService.Input(
                category: body.category, kind: body.kind, day: body.date, summary: body.summary,
                statementIDs: body.statements, requestID: body.requestId)
            evidence = try await service.record(
                actionIDs: [id] + (body.actionIds ?? []).filter { $0 != id }, input, files: [])
        }
        return try await Self.dto(evidence, on: req.db).encodeResponse(status: .created, for: req)
    }

    @Sendable func getEvidence(req: Request) async throws -> EvidenceDTO {
        let e = try await EvidenceService.visible(
            req.parameters.get("id").flatMap(UUID.init(uuidString:)), for: try req.actor, on: req.db)
        return try await Self.dto(e, on: req.db)
    }

    @Sendable func download(req: Request) async throws -> Response {
        try await EvidenceService.download(req)
    }

    @Sendable func createRequest(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try await actionID(req)
        try actor.require(.recordEvidence)
        let body = try req.content.decode(EvidenceRequestCreateDTO.self)
        let r = try await EvidenceService(db: req.db, actor: actor, today: req.today)
            .request(actionID: id, of: body.personId, what: body.what, due: body.dueDay)
        try await r.$requestedOf.load(on: req.db)
        return try await EvidenceRequestDTO(
            id: r.id!, actionId: id, what: r.what, dueDay: Day(iso: r.dueDay)!,
            requestedOf: PersonDTO(r.requestedOf), fulfilled: r.fulfilledAt != nil
        )
        .encodeResponse(status: .created, for: req)
    }

}
