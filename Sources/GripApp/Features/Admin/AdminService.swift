import Fluent
import GripCore
import Vapor

/// Admin use cases: services, users and roles, review routes, tokens. Provider admin only.
struct AdminService {
    let db: any Database
    let actor: Actor

    init(db: any Database, actor: Actor) throws {
        try actor.require(.administer)
        self.db = db
        self.actor = actor
    }

    // MARK: services

    struct ServiceInput: Sendable {
        var name: String
        var cqcLocationID: String
        var serviceType: ServiceType?
        var commissioners: String
        var ratings: [String: CQCRating]
    }

    func saveService(_ id: UUID?, _ input: ServiceInput, version: Int?) async throws -> Service {
        var errors: [FieldError] = []
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 200 {
            errors.append(FieldError("name", "Enter the service's name (at most 200 characters)."))
        }
        let loc = input.cqcLocationID.trimmingCharacters(in: .whitespacesAndNewlines)
        if !loc.isEmpty && !loc.hasPrefix("1-") {
            errors.append(FieldError("cqc_location_id", "A CQC location id looks like 1-123456789."))
        }
        if input.serviceType == nil { errors.append(FieldError("service_type", "Choose the type of service.")) }
        let clash = try await Scoped.query(Service.self, for: actor, on: db)
            .filter(\.$name == name).first()
        if let clash, clash.id != id { errors.append(FieldError("name", "There is already a service called \(name).")) }
        guard errors.isEmpty, let type = input.serviceType else { throw AppError.invalid(errors) }
        let existing: Service? = if let id { try await Access.service(id, for: actor, on: db) } else { nil }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let s =
                existing
                ?? Service(
                    organisationID: actor.organisationID, name: name, cqcLocationID: loc,
                    serviceType: type, commissioners: "")
            if let existing {
                guard let version, existing.version == version else {
                    throw AppError.stale("service", current: existing.version)
                }
            }
            let before = existing.map(AdminService.snapshot) ?? [:]
            s.name = name
            s.cqcLocationID = loc
            s.serviceType = type
            s.commissioners = input.commissioners.trimmingCharacters(in: .whitespacesAndNewlines)
            for (k, r) in input.ratings { s.setRating(k, r) }
            if existing != nil { s.version += 1 }
            try await s.save(on: rec.db)
            if existing != nil, before["name"] != name {
                // The service's sparklines name it: drawn again under the new name, in this transaction.
                let indicators = try await Scoped.query(Indicator.self, organisation: actor.organisationID, on: rec.db)
                    .all(\.$id)
                try await SeriesWarnings.refresh(
                    indicators: Set(indicators), services: [s.requireID()], today: Clock.current.today(), on: rec.db)
            }
            try await rec.record(
                "service", s.requireID(), existing == nil ? "created" : "updated",
                ActionService.diff(before, AdminService.snapshot(s)))
            return s
        }
    }

    static func snapshot(_ s: Service) -> [String: String] {
        var d = [
            "name": s.name, "cqc_location_id": s.cqcLocationID, "service_type": s.serviceType.rawValue,
            "commissioners": s.commissioners
        ]
        for (k, r) in s.ratings { d["rating_\(k)"] = r.rawValue }
        return d
    }

    // MARK: API tokens

    /// Creates a token for a user of this organisation; the secret is returned once.
    func createToken(name rawName: String, for userID: UUID) async throws -> (ApiToken, String) {
        let user = try await Access.user(userID, for: actor, on: db)
        return try await TokenService.create(name: rawName, for: user, actor: actor.audit, on: db)
    }

    func revokeToken(_ id: UUID) async throws {
        guard
            let token = try await Scoped.query(ApiToken.self, for: actor, on: db)
                .filter(\.$id == id).first()
        else { throw AppError.notFound("token") }
        guard token.revokedAt == nil else { throw AppError.invalid("token", "This token is already revoked.") }
        try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            token.revokedAt = Clock.current.now()
            try await token.update(on: rec.db)
            try await rec.record(
                "api_token", token.requireID(), "revoked", [AuditChange(field: "revoked", before: "no", after: "yes")])
        }
    }
}

enum TokenService {
    static func create(
        name rawName: String, for user: User, actor: AuditActor, on db: any Database
    ) async throws -> (ApiToken, String) {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else {
            throw AppError.invalid(
                "name", "Give the token a name (at most 100 characters), such as the system that will use it.")
        }
        guard user.active else { throw AppError.invalid("user", "\(user.name) is deactivated.") }
        let secret = "grip_" + Secrets.random()
        return try await AuditLog.transaction(on: db, organisationID: user.$organisation.id, actor: actor) { rec in
            let t = ApiToken()
            t.$organisation.id = user.$organisation.id
            t.$user.id = try user.requireID()
            t.name = name
            t.tokenHash = Digests.sha256(secret)
            t.prefix = String(secret.prefix(9))
            try await t.create(on: rec.db)
            try await rec.record(
                "api_token", t.requireID(), "created",
                [
                    AuditChange(field: "name", before: nil, after: name),
                    AuditChange(field: "user", before: nil, after: user.email)
                ])
            return (t, secret)
        }
    }
}
