import Fluent
import GripCore
import Vapor

/// Signs the person in from the session cookie (web pages): the person and their organisation's two-factor
/// rule in one query, or none while `RememberedReads` remembers them.
struct SessionActorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let raw = req.session.data["uid"], let id = UUID(uuidString: raw),
            let signedIn = try await Self.signedIn(id, req)
        {
            req.auth.login(signedIn.actor)
            req.storage[SessionUserKey.self] = signedIn
        }
        return try await next.respond(to: req)
    }

    static func signedIn(_ id: UUID, _ req: Request) async throws -> RememberedReads.SignedIn? {
        try await RememberedReads.shared.value("u:" + id.uuidString, now: req.now, organisation: \.actor.organisationID)
        {
            try await read(id, req)
        }
    }

    private static func read(_ id: UUID, _ req: Request) async throws -> RememberedReads.SignedIn? {
        guard
            let user = try await User.query(on: req.db).filter(\.$id == id)
                .join(Organisation.self, on: \User.$organisation.$id == \Organisation.$id).first(), user.active
        else { return nil }
        return RememberedReads.SignedIn(
            actor: try Actor(user),
            twoFactorRoles: TwoFactorPolicy.parse(try user.joined(Organisation.self).twoFactorRoles),
            enrolled: TwoFactor.isEnrolled(user), enrolledAt: user.totpEnabledAt)
    }
}

/// The signed-in person, as the session middleware read them (so later checks need no second query).
struct SessionUserKey: StorageKey { typealias Value = RememberedReads.SignedIn }

/// Signs an integration in from `Authorization: Bearer <token>` (the JSON API): the token and its person in
/// one query, or none while `RememberedReads` remembers them.
struct BearerActorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = req.headers.bearerAuthorization {
            guard let actor = try await Self.actor(Digests.sha256(bearer.token), req) else {
                throw AppError(
                    .unauthorized, "The bearer token is not valid (unknown, revoked, or its user is deactivated).")
            }
            req.auth.login(actor)
        }
        return try await next.respond(to: req)
    }

    static func actor(_ hash: String, _ req: Request) async throws -> Actor? {
        try await RememberedReads.shared.value("t:" + hash, now: req.now, organisation: \.organisationID) {
            guard
                let token = try await ApiToken.query(on: req.db)
                    .filter(\.$tokenHash == hash).filter(\.$revokedAt == nil)
                    .join(User.self, on: \ApiToken.$user.$id == \User.$id).first(),
                case let user = try token.joined(User.self), user.active
            else { return nil }
            return try Actor(user)
        }
    }
}
