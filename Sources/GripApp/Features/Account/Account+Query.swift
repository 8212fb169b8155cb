import Fluent
import GripCore
import Vapor

/// Sign-in's and set-up's reads, made before anyone is signed in (so not through `Scoped`): the person by
/// their e-mail address, a reset link by its token's hash, and whether Grip has an organisation yet.
enum AccountQuery {
    static func user(email: String, on db: any Database) async throws -> User? {
        try await User.query(on: db).filter(\.$email == email).first()
    }

    static func reset(token: String, on db: any Database) async throws -> PasswordReset? {
        try await PasswordReset.query(on: db).filter(\.$tokenHash == Digests.sha256(token)).with(\.$user).first()
    }

    static func noOrganisationYet(on db: any Database) async throws -> Bool {
        try await Organisation.query(on: db).count() == 0
    }
}
