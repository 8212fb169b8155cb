import Fluent
import SQLKit

struct CreateSecurity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("api_tokens")
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema("password_resets")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("password_resets").delete()
        try await database.schema("api_tokens").delete()
    }
}

struct CreateAuditEntry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("audit_entries")
            .field("seq", .int, .required)
            .field("at_ms", .int64, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .uuid, .required)
            .field("operation", .string, .required)
            .field("changes", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "organisation_id", "seq")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("audit_entries").delete() }
}
