import Crypto
import Fluent
import Foundation
import GripCore
import SQLKit

/// Two-factor sign-in with an authenticator app (TOTP): setting it up, checking codes (each works
/// once), turning it off, an admin's reset for a lost phone, and the roles an organisation requires it of.
enum TwoFactor {
    static let hmac: TOTP.HMAC = { key, message in
        Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    static func newSecret() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<TOTP.secretBytes).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
    }

    static func secret(of user: User) -> [UInt8]? {
        user.totpSecret.flatMap(Base32.decode)
    }

    static func isEnrolled(_ user: User) -> Bool { user.totpEnabledAt != nil && secret(of: user) != nil }

    static func requiredRoles(_ organisationID: UUID, on db: any Database) async throws -> Set<Role> {
        TwoFactorPolicy.parse(try await Organisation.find(organisationID, on: db)?.twoFactorRoles ?? "")
    }

    static func mustEnrol(_ user: User, on db: any Database) async throws -> Bool {
        guard !isEnrolled(user) else { return false }
        return TwoFactorPolicy.mustEnrol(
            role: user.role, required: try await requiredRoles(user.$organisation.id, on: db), enrolled: false)
    }

    static let badCode = FieldError(
        "code", "That code is not right, or was already used. Type the 6 digits your authenticator app shows now.")

    /// Checks a code at sign-in and uses it up. The step is moved on by one statement that only
    /// matches while it is still behind, so two requests with one code cannot both pass.
    static func verify(_ typed: String, for user: User, now: Date, on db: any Database) async throws -> Bool {
        guard let secret = secret(of: user), isEnrolled(user) else { return false }
        guard
            let step = TOTP.verify(
                typed, secret: secret, at: now, lastUsed: user.totpLastStep.map { UInt64($0) }, hmac: hmac)
        else {
            return false
        }
        let sql = db as! any SQLDatabase
        let used = try await sql.update("users")
            .set(SQLIdentifier("totp_last_step"), to: SQLBind(Int64(step)))
            .where("id", .equal, try user.requireID())
            .where(group: {
                $0.where(SQLIdentifier("totp_last_step"), .is, SQLLiteral.null).orWhere(
                    SQLIdentifier("totp_last_step"), .lessThan, SQLBind(Int64(step)))
            })
            .returning("id")
            .all()
        return !used.isEmpty
    }

    /// Turns two-factor sign-in on with the secret shown on the set-up page, once a code from it checks.
    static func enable(_ actor: Actor, secret base32: String, code: String, now: Date, on db: any Database) async throws
    {
        guard let secret = Base32.decode(base32), secret.count == TOTP.secretBytes else {
            throw AppError.invalid(
                "code", "The set-up key has expired. Reload the page and add the new key to your app.")
        }
        guard let step = TOTP.verify(code, secret: secret, at: now, lastUsed: nil, hmac: hmac) else {
            throw AppError.invalid([badCode])
        }
        try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let user = try await User.find(actor.id, on: rec.db) else { throw AppError.notFound("user") }
            user.totpSecret = Base32.encode(secret)
            user.totpEnabledAt = now
            user.totpLastStep = Int64(step)
            try await user.update(on: rec.db)
            try await rec.record(
                "user", actor.id, "two_factor_enabled",
                [AuditChange(field: "two_factor", before: "off", after: "authenticator app")])
        }
    }

    /// Turns it off, with a current code; refused when the organisation requires it of the person's role.
    static func disable(_ actor: Actor, code: String, now: Date, on db: any Database) async throws {
        if try await requiredRoles(actor.organisationID, on: db).contains(actor.role) {
            throw AppError.forbidden(
                """
                Your organisation requires two-factor sign-in for \(actor.role.label.lowercased())s. An admin can \
                reset it if you lose your phone.
                """
            )
        }
        guard let user = try await User.find(actor.id, on: db), try await verify(code, for: user, now: now, on: db)
        else {
            throw AppError.invalid([badCode])
        }
        try await clear(
            user.requireID(), organisationID: actor.organisationID, by: actor.audit, operation: "two_factor_disabled",
            on: db)
    }

    /// An admin's reset for someone who lost their phone: they set it up again at their next sign-in.
    static func reset(_ userID: UUID, by admin: Actor, on db: any Database) async throws -> User {
        try admin.require(.administer)
        let user = try await Access.user(userID, for: admin, on: db)
        guard isEnrolled(user) else {
            throw AppError.invalid("user", "\(user.name) has not set up two-factor sign-in.")
        }
        try await clear(
            user.requireID(), organisationID: admin.organisationID, by: admin.audit, operation: "two_factor_reset",
            on: db)
        return user
    }

    static func clear(
        _ userID: UUID, organisationID: UUID, by actor: AuditActor, operation: String, on db: any Database
    ) async throws {
        try await AuditLog.transaction(on: db, organisationID: organisationID, actor: actor) { rec in
            guard let user = try await User.find(userID, on: rec.db) else { throw AppError.notFound("user") }
            user.totpSecret = nil
            user.totpEnabledAt = nil
            user.totpLastStep = nil
            try await user.update(on: rec.db)
            try await rec.record(
                "user", userID, operation, [AuditChange(field: "two_factor", before: "authenticator app", after: "off")]
            )
        }
    }

    /// The roles the organisation requires two-factor sign-in of (admins only).
    static func setRequiredRoles(_ roles: Set<Role>, by admin: Actor, on db: any Database) async throws {
        try admin.require(.administer)
        try await ChangeDoor.applyingFree(.settings, ["two_factor_roles"], actor: admin, on: db) { rec in
            guard let org = try await Organisation.find(admin.organisationID, on: rec.db) else {
                throw AppError.notFound("organisation")
            }
            let before = org.twoFactorRoles, after = TwoFactorPolicy.store(roles)
            guard before != after else { return }
            org.twoFactorRoles = after
            try await org.update(on: rec.db)
            try await rec.record(
                "organisation", admin.organisationID, "two_factor_roles",
                [AuditChange(field: "two_factor_roles", before: before, after: after)])
        }
    }
}
