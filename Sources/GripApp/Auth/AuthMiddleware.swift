import Fluent
import GripCore
import Vapor

/// Signs the person in from the session cookie (web pages): the person and their organisation's two-factor
/// rule in one query, or none while `SignedInCache` remembers them.
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

    static func signedIn(_ id: UUID, _ req: Request) async throws -> SignedInCache.SignedIn? {
        let cache = SignedInCache.shared, key = "u:" + id.uuidString
        if let known = cache.recall(key, now: req.now) { return known }
        let revocations = cache.revocations
        guard
            let user = try await User.query(on: req.db).filter(\.$id == id)
                .join(Organisation.self, on: \User.$organisation.$id == \Organisation.$id).first(), user.active
        else { return nil }
        let signedIn = SignedInCache.SignedIn(
            actor: try Actor(user),
            twoFactorRoles: TwoFactorPolicy.parse(try user.joined(Organisation.self).twoFactorRoles),
            enrolled: TwoFactor.isEnrolled(user), enrolledAt: user.totpEnabledAt)
        cache.remember(signedIn, as: key, readAt: revocations, now: req.now)
        return signedIn
    }
}

/// The signed-in person, as the session middleware read them (so later checks need no second query).
struct SessionUserKey: StorageKey { typealias Value = SignedInCache.SignedIn }

/// Signs an integration in from `Authorization: Bearer <token>` (the JSON API): the token and its person in
/// one query, or none while `SignedInCache` remembers them.
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
        let cache = SignedInCache.shared, key = "t:" + hash
        if let known = cache.recall(key, now: req.now) { return known.actor }
        let revocations = cache.revocations
        guard
            let token = try await ApiToken.query(on: req.db)
                .filter(\.$tokenHash == hash).filter(\.$revokedAt == nil)
                .join(User.self, on: \ApiToken.$user.$id == \User.$id).first(),
            case let user = try token.joined(User.self), user.active
        else { return nil }
        let actor = try Actor(user)
        cache.remember(
            .init(actor: actor, twoFactorRoles: [], enrolled: false, enrolledAt: nil), as: key,
            readAt: revocations, now: req.now)
        return actor
    }
}
