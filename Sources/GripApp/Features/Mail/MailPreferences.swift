import Fluent
import Foundation
import GripCore

/// Each person's own e-mail choice (issue 24): read, and changed with their account's version and an audit entry.
struct MailPreferences {
    let db: any Database
    let actor: Actor

    func user() async throws -> User {
        guard
            let user = try await Scoped.query(User.self, for: actor, on: db)
                .filter(\.$id == actor.id).first()
        else { throw AppError.notFound("account") }
        return user
    }

    /// `raw` is the form's or the body's choice; `version` the account's version the form was made from.
    func set(_ raw: String?, version: Int?) async throws -> User {
        let value = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard let preference = MailPreference(rawValue: value) else {
            throw AppError.invalid(
                "preference",
                value.isEmpty
                    ? """
                    Choose how Grip should e-mail you: a daily digest, the digest and messages at once, or no \
                    e-mail.
                    """
                    : "'\(value)' is not a choice: use digest, immediate or none.")
        }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) {
            rec in
            guard
                let user = try await Scoped.query(User.self, for: actor, on: rec.db)
                    .filter(\.$id == actor.id).first()
            else { throw AppError.notFound("account") }
            if let version, version != user.version { throw AppError.stale("account", current: user.version) }
            let before = user.mailPreference
            guard before != preference else { return user }
            user.mailPreference = preference
            user.version += 1
            try await user.update(on: rec.db)
            try await rec.record(
                "user", user.requireID(), "mail_preference_changed",
                [
                    AuditChange(field: "mail_preference", before: before.rawValue, after: preference.rawValue)
                ])
            return user
        }
    }
}
