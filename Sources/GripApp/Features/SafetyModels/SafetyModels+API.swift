import Fluent
import GripCore
import Vapor

/// A safety-critical operating model as the API gives it.
struct SafetyModelDTO: Content {
    struct Check: Content { let key: String; let title: String; let timesADay: Int?; let everyShift: Bool }
    struct Rate: Content { let day: String; let due: Int; let done: Int; let verified: Int }
    struct Lapse: Content { let from: String; let to: String? }

    let id: UUID
    let version: Int
    let serviceId: UUID
    let title: String
    let startDay: String
    let plannedEndDay: String
    let reSignDays: Int
    let shiftsPerDay: Int
    let owner: String
    let completedBy: String
    let verifiedBy: String
    let checks: [Check]
    let protects: [UUID]
    /// `not_started`, `in_force`, `lapsed` or `stood_down`.
    let state: String
    let stateLabel: String
    let stoodDownOn: String?
    let standDownEvidence: String?
    /// Only on one model: its signatures, daily rates (up to 56 days) and lapses.
    var signedOn: [String]?
    var rates: [Rate]?
    var lapses: [Lapse]?

    init(_ m: OperatingModel, state: SafetyModel.State) {
        id = m.id!
        version = m.version
        serviceId = m.$service.id
        title = m.title
        startDay = m.startDay
        plannedEndDay = m.plannedEndDay
        reSignDays = m.reSignDays
        shiftsPerDay = m.shiftsPerDay
        owner = m.$owner.value?.name ?? ""
        completedBy = m.completedBy
        verifiedBy = m.verifiedBy
        checks = m.checks.map { c in
            if case .perDay(let n) = c.frequency {
                return Check(key: c.key, title: c.title, timesADay: n, everyShift: false)
            }
            return Check(key: c.key, title: c.title, timesADay: nil, everyShift: true)
        }
        protects = m.protects
        self.state =
            switch state {
            case .notStarted: "not_started"
            case .inForce: "in_force"
            case .lapsed: "lapsed"
            case .stoodDown: "stood_down"
            }
        stateLabel = state.label
        stoodDownOn = m.stoodDownOn
        standDownEvidence = m.standDownEvidence
    }

    init(_ p: SafetyModelService.Position) {
        self.init(p.model, state: p.state)
        signedOn = p.signatures.map(\.day)
        rates = p.rates.map { Rate(day: $0.day.iso, due: $0.due, done: $0.done, verified: $0.verified) }
        lapses = p.lapses.map { Lapse(from: $0.from.iso, to: $0.to?.iso) }
    }
}

struct SafetyModelCreateDTO: Content {
    struct Check: Content { var title: String?; var timesADay: Int?; var everyShift: Bool? }
    var title: String?; var startDay: Day?; var plannedEndDay: Day?; var reSignDays: Int?; var shiftsPerDay: Int?
    var completedBy: String?; var verifiedBy: String?; var checks: [Check]?; var protects: [UUID]?
}

struct SafetyCheckDTO: Content {
    let id: UUID; let modelId: UUID; let day: String; let check: String

    init(_ r: SafetyCheckRecord) {
        id = r.id!
        modelId = r.$model.id
        day = r.day
        check = r.checkKey
    }
}

struct SafetyVerificationDTO: Content {
    let id: UUID; let modelId: UUID; let day: String; let check: String; let method: SafetyModel.VerificationMethod
    let held: Bool; let found: String

    init(_ v: SafetyVerification) {
        id = v.id!
        modelId = v.$model.id
        day = v.day
        check = v.checkKey
        method = v.method
        held = v.held
        found = v.found
    }
}

/// `/api/v1/services/{id}/safety-models` and `/api/v1/safety-models/{model}`: list, set up, read; record a check,
/// verify, re-sign, propose a stand-down (202: held for a second person).
struct SafetyModelsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiServiceSafetyModels, use: list)
        routes.post(.apiServiceSafetyModels, use: create)
        routes.get(.apiSafetyModel, use: show)
        routes.post(.apiSafetyModelChecks, use: check)
        routes.post(.apiSafetyModelVerifications, use: verify)
        routes.post(.apiSafetyModelReSign, use: reSign)
        routes.post(.apiSafetyModelStandDown, use: standDown)
    }

    func service(_ req: Request) throws -> SafetyModelService {
        SafetyModelService(db: req.db, actor: try req.actor, today: req.today)
    }

    func modelID(_ req: Request) throws -> UUID { try req.uuid("model", notFound: "safety-critical operating model") }

    @Sendable func list(req: Request) async throws -> [SafetyModelDTO] {
        try await service(req).list(serviceID: try req.uuid("id", notFound: "service")).1.map {
            SafetyModelDTO($0.model, state: $0.state)
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try req.uuid("id", notFound: "service")
        _ = try await Access.service(id, for: actor, on: req.db)
        try actor.require(.keepSafetyModels)
        let b = try req.content.decode(SafetyModelCreateDTO.self)
        let s = try service(req)
        let m = try await s.setUp(
            serviceID: id,
            .init(
                title: b.title ?? "", startDay: b.startDay, plannedEndDay: b.plannedEndDay, reSignDays: b.reSignDays,
                shiftsPerDay: b.shiftsPerDay, completedBy: b.completedBy ?? "", verifiedBy: b.verifiedBy ?? "",
                checks: (b.checks ?? []).prefix(12).map { c in
                    (c.title ?? "", c.everyShift == true ? nil : c.timesADay ?? 1)
                },
                protects: b.protects ?? []))
        return try await SafetyModelDTO(try await s.position(m.requireID())).encodeResponse(status: .created, for: req)
    }

    @Sendable func show(req: Request) async throws -> SafetyModelDTO {
        SafetyModelDTO(try await service(req).position(try modelID(req)))
    }

    struct CheckBody: Content { var check: String?; var day: Day? }

    @Sendable func check(req: Request) async throws -> Response {
        let s = try service(req), id = try modelID(req)
        _ = try await s.find(id)
        try s.actor.require(.recordSafetyChecks)
        let b = try req.content.decode(CheckBody.self)
        let r = try await s.recordCheck(id, check: b.check, day: b.day ?? s.today)
        return try await SafetyCheckDTO(r).encodeResponse(status: .created, for: req)
    }

    struct VerifyBody: Content {
        var check: String?; var day: Day?; var method: SafetyModel.VerificationMethod?; var held: Bool?
        var found: String?
    }

    @Sendable func verify(req: Request) async throws -> Response {
        let s = try service(req), id = try modelID(req)
        _ = try await s.find(id)
        try s.actor.require(.verifySafetyChecks)
        let b = try req.content.decode(VerifyBody.self)
        let v = try await s.verify(
            id, .init(method: b.method, check: b.check, day: b.day, held: b.held, found: b.found ?? ""))
        return try await SafetyVerificationDTO(v).encodeResponse(status: .created, for: req)
    }

    struct VersionBody: Content { var version: Int?; var evidence: String? }

    @Sendable func reSign(req: Request) async throws -> SafetyModelDTO {
        let s = try service(req), id = try modelID(req)
        let m = try await s.find(id)
        try s.actor.require(.reSignSafetyModel, RecordRelation(isOwner: m.$owner.id == s.actor.id))
        let b = try req.content.decode(VersionBody.self)
        _ = try await s.reSign(id, version: b.version)
        return SafetyModelDTO(try await s.position(id))
    }

    @Sendable func standDown(req: Request) async throws -> Response {
        let s = try service(req), id = try modelID(req)
        _ = try await s.find(id)
        try s.actor.require(.keepSafetyModels)
        let b = try req.content.decode(VersionBody.self)
        let c = try await s.proposeStandDown(id, evidence: b.evidence ?? "", version: b.version)
        return try await ChangesAPIController.accepted(c, req, location: SiteRoute.apiChange(c.id!))
    }
}
