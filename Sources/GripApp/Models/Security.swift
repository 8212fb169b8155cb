import Fluent
import Foundation

/// A hashed bearer token for an integration; acts as its user.
final class ApiToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "prefix") var prefix: String
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "user_id") var user: User

    init() {}
}

/// A one-time password-reset link (only its hash is stored).
final class PasswordReset: Model, @unchecked Sendable {
    static let schema = "password_resets"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    // relationships
    @Parent(key: "user_id") var user: User

    init() {}
}

/// A sign-in whose password did not match (or whose account does not exist or is deactivated),
/// kept for `SignInThrottle.window` so repeated guessing pauses sign-in.
final class SignInFailure: Model, @unchecked Sendable {
    static let schema = "sign_in_failures"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    /// The e-mail address typed, normalised (empty when it was not an e-mail address).
    @Field(key: "email") var email: String
    /// The network address the attempt came from.
    @Field(key: "address") var address: String
    @Field(key: "at") var at: Date

    init() {}
    init(email: String, address: String, at: Date) {
        self.email = email
        self.address = address
        self.at = at
    }
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension ApiToken {
    var properties: [any AnyProperty] {
        [_id, _createdAt, _name, _tokenHash, _prefix, _revokedAt, _lastUsedAt, _organisation, _user]
    }
}
extension PasswordReset {
    var properties: [any AnyProperty] { [_id, _createdAt, _tokenHash, _expiresAt, _usedAt, _user] }
}
extension SignInFailure {
    var properties: [any AnyProperty] { [_id, _email, _address, _at] }
}
