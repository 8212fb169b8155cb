import Fluent
import SQLKit

/// The outbox (issue 24), each person's e-mail choice (a daily digest by default), and the last day each
/// organisation's digests were composed.
struct CreateMailMessages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mail_messages")
            .id()
            .field("created_at", .datetime)
            .field("kind", .string, .required)
            .field("to_address", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("digest_day", .string)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            // One digest per person a day (immediate messages have no day; nulls never clash).
            .unique(on: "user_id", "kind", "digest_day")
            .create()
        try await CreateIndexes.create(
            [
                ("idx_mail_messages_due", "mail_messages", ["status", "next_attempt_at"]),
                ("idx_mail_messages_organisation", "mail_messages", ["organisation_id", "created_at"])
            ], on: database)
        try await database.schema("users").field("mail_preference", .string, .required, .sql(.default("digest")))
            .update()
        try await database.schema("organisations").field("digest_day", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").deleteField("digest_day").update()
        try await database.schema("users").deleteField("mail_preference").update()
        try await database.schema("mail_messages").delete()
    }
}
