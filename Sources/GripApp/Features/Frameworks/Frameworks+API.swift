import Fluent
import GripCore
import Vapor

/// The frameworks an organisation can use, the one in force, commissioners' frameworks, crosswalks and re-mapping
/// (issue 22). A framework version is exchanged as the same JSON document a provider admin loads from a file.
struct FrameworksAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiFrameworks, use: list)
        routes.post(.apiFrameworks, maxBytes: FrameworkFile.Limits.bytes + 65_536, use: load)
        routes.put(.apiFrameworksInForce, use: chooseInForce)
        routes.put(.apiFrameworksCommissioners, use: chooseForCommissioner)
        routes.get(.apiFramework, use: get)
        routes.get(.apiCrosswalk, use: crosswalk)
        routes.post(.apiCrosswalks, maxBytes: FrameworkFile.Limits.bytes + 65_536, use: loadCrosswalk)
        routes.get(.apiRemap, use: remapPlan)
        routes.post(.apiRemap, use: confirmRemap)
    }

    struct VersionDTO: Content {
        let id: String; let title: String; let owner: String; let kind: String
        let effectiveFrom: Day; let effectiveTo: Day?; let items: Int; let inForce: Bool; let bundled: Bool
        init(_ fw: Framework, inForce: String) {
            id = fw.id; title = fw.title; owner = fw.owner; kind = fw.kind.rawValue; effectiveFrom = fw.effectiveFrom
            effectiveTo = fw.effectiveTo; items = fw.items.count; self.inForce = fw.id == inForce
            bundled = Framework.bundled(fw.id) != nil
        }
    }
    struct InForceDTO: Content { let framework: String; let since: Day? }
    struct CrosswalkSummaryDTO: Content { let from: String; let to: String; let rows: Int }
    struct CommissionerDTO: Content {
        let commissioner: String; let framework: String; let effectiveOn: Day; let version: Int
    }
    struct FrameworksDTO: Content {
        let inForce: InForceDTO
        let versions: [VersionDTO]
        let crosswalks: [CrosswalkSummaryDTO]
        let commissioners: [CommissionerDTO]
    }

    static func catalogue(_ req: Request) throws -> FrameworkCatalogue {
        let actor = try req.actor
        try actor.require(.readProviderWork)
        return FrameworkCatalogue(db: req.db, organisationID: actor.organisationID)
    }

    static func service(_ req: Request) throws -> FrameworkService {
        FrameworkService(db: req.db, actor: try req.actor, today: req.today)
    }

    static func commissioner(_ c: CommissionerFramework) -> CommissionerDTO {
        CommissionerDTO(
            commissioner: c.commissioner, framework: c.frameworkID,
            effectiveOn: Day(iso: c.effectiveOn) ?? Day(year: 2000, month: 1, day: 1)!, version: c.version)
    }

    @Sendable func list(req: Request) async throws -> FrameworksDTO {
        let catalogue = try Self.catalogue(req)
        let inForce = try await catalogue.inForce()
        return FrameworksDTO(
            inForce: InForceDTO(framework: inForce.framework.id, since: inForce.since),
            versions: try await catalogue.all().map { VersionDTO($0, inForce: inForce.framework.id) },
            crosswalks: try await catalogue.crosswalks().map {
                CrosswalkSummaryDTO(from: $0.from, to: $0.to, rows: $0.rows.count)
            },
            commissioners: try await catalogue.commissionerFrameworks().map(Self.commissioner))
    }

    /// Any JSON value, read only so that the checked decoder looks at every string first.
    struct AnyJSON: Decodable { init(from decoder: any Decoder) throws {} }

    /// A file sent as the body, or as the multipart field `file`. Every body gets the checks all bodies get
    /// (`CheckedDecoders`): a multipart body its boundary and part headers, JSON its strings' length and characters.
    static func fileBody(_ req: Request) throws -> Data {
        if req.headers.contentType?.type == "multipart" {
            struct Upload: Content { var file: File? }
            guard let file = try req.content.decode(Upload.self).file else {
                throw AppError.invalid("file", "Send the file as the multipart field file.")
            }
            return Data(buffer: file.data)
        }
        if req.headers.contentType == .json { _ = try req.content.decode(AnyJSON.self) }
        return req.body.data.map { Data(buffer: $0) } ?? Data()
    }

    /// The version as its JSON document (the file format, camelCase keys).
    @Sendable func get(req: Request) async throws -> Response {
        let catalogue = try Self.catalogue(req)
        guard let id = req.parameters.get("framework"), let fw = try await catalogue.find(id) else {
            throw AppError.notFound("framework version")
        }
        let res = Response(status: .ok, body: .init(data: FrameworkFile.json(fw)))
        res.headers.contentType = .json
        return res
    }

    /// The body is the file itself: JSON (the framework document) or CSV (one row per item).
    @Sendable func load(req: Request) async throws -> Response {
        try req.actor.require(.manageFrameworks)
        let data = try Self.fileBody(req)
        if data.isEmpty { throw AppError.invalid("file", "Send the framework version as the body (JSON or CSV).") }
        let fw = try await Self.service(req).load(data)
        let res = try await VersionDTO(fw, inForce: "").encodeResponse(status: .created, for: req)
        res.headers.replaceOrAdd(name: .location, value: Paths.apiFramework(fw.id))
        return res
    }

    struct InForceBody: Content { var framework: String?; var effectiveOn: Day?; var expected: String? }

    @Sendable func chooseInForce(req: Request) async throws -> InForceDTO {
        try req.actor.require(.manageFrameworks)
        let body = try req.content.decode(InForceBody.self)
        guard let id = body.framework, !id.isEmpty else {
            throw AppError.invalid("framework", "Name the framework version.")
        }
        let service = try Self.service(req)
        let fw = try await service.choose(id, effectiveOn: body.effectiveOn, expected: body.expected)
        return InForceDTO(framework: fw.id, since: body.effectiveOn ?? service.today)
    }

    struct CommissionerBody: Content {
        var commissioner: String?; var framework: String?; var effectiveOn: Day?; var version: Int?
    }

    /// 200 with the choice, or 204 when `framework` is empty and the commissioner's choice is removed.
    @Sendable func chooseForCommissioner(req: Request) async throws -> Response {
        try req.actor.require(.manageFrameworks)
        let body = try req.content.decode(CommissionerBody.self)
        let row = try await Self.service(req)
            .chooseForCommissioner(
                body.commissioner ?? "", frameworkID: body.framework, effectiveOn: body.effectiveOn,
                version: body.version)
        guard let row else { return Response(status: .noContent) }
        return try await Self.commissioner(row).encodeResponse(for: req)
    }

    struct CrosswalkDTO: Content {
        struct Row: Content { let fromItem: String?; let toItem: String?; let basis: String }
        let from: String; let to: String; let rows: [Row]
        init(_ c: Crosswalk) {
            from = c.from; to = c.to
            rows = c.rows.map { Row(fromItem: $0.fromItem, toItem: $0.toItem, basis: $0.basis) }
        }
    }

    @Sendable func crosswalk(req: Request) async throws -> CrosswalkDTO {
        let catalogue = try Self.catalogue(req)
        let from = req.parameters.get("from") ?? "", to = req.parameters.get("to") ?? ""
        guard let cw = try await catalogue.crosswalks().first(where: { $0.from == from && $0.to == to }) else {
            throw AppError.notFound("crosswalk")
        }
        return CrosswalkDTO(cw)
    }

    @Sendable func loadCrosswalk(req: Request) async throws -> Response {
        try req.actor.require(.manageFrameworks)
        let data = try Self.fileBody(req)
        if data.isEmpty { throw AppError.invalid("file", "Send the crosswalk as the body (CSV).") }
        let cw = try await Self.service(req).loadCrosswalk(data)
        return try await CrosswalkDTO(cw).encodeResponse(status: .created, for: req)
    }

    struct RemapDTO: Content {
        struct Target: Content { let item: String; let via: [String]; let bases: [String] }
        struct Unmapped: Content { let item: String; let reason: String? }
        struct Line: Content {
            let actionId: UUID; let reference: String; let outcome: String
            let from: [String]; let existing: [String]; let proposed: [Target]; let unmapped: [Unmapped]
        }
        let from: String; let to: String; let crosswalk: Bool; let digest: String; let lines: [Line]
    }

    static func remapService(_ req: Request) throws -> RemapService {
        RemapService(db: req.db, actor: try req.actor, today: req.today)
    }

    @Sendable func remapPlan(req: Request) async throws -> RemapDTO {
        let plan = try await Self.remapService(req).plan(
            from: req.query[String.self, at: "from"],
            to: req.query[String.self, at: "to"])
        return RemapDTO(
            from: plan.from.id, to: plan.to.id, crosswalk: plan.crosswalk != nil, digest: plan.digest,
            lines: plan.lines.map { l in
                let p = l.proposal
                return .init(
                    actionId: l.action.id!, reference: l.action.reference,
                    outcome: p.outcome.rawValue, from: p.fromItems, existing: p.existing,
                    proposed: p.targets.map { .init(item: $0.item, via: $0.via, bases: $0.bases) },
                    unmapped: p.unmapped.map { .init(item: $0.item, reason: $0.reason) })
            })
    }

    struct RemapBody: Content { var from: String?; var to: String?; var digest: String?; var actions: [UUID]? }
    struct RemappedDTO: Content { let remapped: Int }

    @Sendable func confirmRemap(req: Request) async throws -> RemappedDTO {
        let service = try Self.remapService(req)
        try service.actor.require(.remapFrameworks)
        let body = try req.content.decode(RemapBody.self)
        let count = try await service.confirm(
            from: body.from, to: body.to, actionIDs: body.actions ?? [],
            digest: body.digest)
        return RemappedDTO(remapped: count)
    }
}
