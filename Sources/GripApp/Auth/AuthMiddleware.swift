import Fluent
import GripCore
import Vapor

/// Signs the person in from the session cookie (web pages).
struct SessionActorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The person and their organisation's two-factor rule, in one query.
        if let raw = req.session.data["uid"], let id = UUID(uuidString: raw),
            let user = try await User.query(on: req.db).filter(\.$id == id)
                .join(Organisation.self, on: \User.$organisation.$id == \Organisation.$id).first(), user.active
        {
            req.auth.login(try Actor(user))
            let required = TwoFactorPolicy.parse(try user.joined(Organisation.self).twoFactorRoles)
            req.storage[SessionUserKey.self] = (user, required)
        }
        return try await next.respond(to: req)
    }
}

/// The signed-in person's row, as the session middleware read it (so later checks need no second query).
struct SessionUserKey: StorageKey { typealias Value = (user: User, twoFactorRoles: Set<Role>) }

/// Signs an integration in from `Authorization: Bearer <token>` (the JSON API).
struct BearerActorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = req.headers.bearerAuthorization {
            let hash = Digests.sha256(bearer.token)
            guard
                let token = try await ApiToken.query(on: req.db)
                    .filter(\.$tokenHash == hash).filter(\.$revokedAt == nil)
                    .with(\.$user).first(), token.user.active
            else {
                throw AppError(
                    .unauthorized, "The bearer token is not valid (unknown, revoked, or its user is deactivated).")
            }
            req.auth.login(try Actor(token.user))
        }
        return try await next.respond(to: req)
    }
}
