import Fluent
import Foundation
import GripCore

/// A person who signs in. Deactivated, never deleted.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "email") var email: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: Role
    @Field(key: "active") var active: Bool
    /// SHA-256 of the secret in the person's calendar feed URL (nil: no feed).
    @OptionalField(key: "calendar_token_hash") var calendarTokenHash: String?
    /// The base32 TOTP secret of their authenticator app (nil: two-factor sign-in not set up).
    @OptionalField(key: "totp_secret") var totpSecret: String?
    @OptionalField(key: "totp_enabled_at") var totpEnabledAt: Date?
    /// The last TOTP time step accepted: a code at or before it is refused.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    /// What they want by e-mail (issue 24): a daily digest unless they choose otherwise.
    @Field(key: "mail_preference") var mailPreference: MailPreference

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Siblings(through: ServiceAccess.self, from: \.$user, to: \.$service) var services: [Service]

    init() {}

    init(id: UUID? = nil, organisationID: UUID, name: String, email: String, passwordHash: String, role: Role) {
        self.id = id
        self.$organisation.id = organisationID
        self.name = name
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
        self.active = true
        self.version = 1
        self.mailPreference = .digest
    }
}

/// Which named services a service-scoped user (registered manager, staff, commissioner) may see.
final class ServiceAccess: Model, @unchecked Sendable {
    static let schema = "service_access"

    // managed fields
    @ID(key: .id) var id: UUID?

    // relationships
    @Parent(key: "user_id") var user: User
    @Parent(key: "service_id") var service: Service

    init() {}

    init(userID: UUID, serviceID: UUID) {
        self.$user.id = userID
        self.$service.id = serviceID
    }
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension User {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _name, _email, _passwordHash, _role, _active, _calendarTokenHash, _totpSecret,
            _totpEnabledAt, _totpLastStep,
            _mailPreference, _organisation, _services
        ]
    }
}
extension ServiceAccess {
    var properties: [any AnyProperty] { [_id, _user, _service] }
}
