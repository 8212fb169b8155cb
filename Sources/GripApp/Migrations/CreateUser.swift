import Fluent
import SQLKit

struct CreateUser: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("users")
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
        try await database.schema("service_access")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .unique(on: "user_id", "service_id")
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("service_access").delete()
        try await database.schema("users").delete()
    }
}

struct CreateSource: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("sources")
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("detail", .string, .required)
            .field("raised_on", .string, .required)
            .field("key_question", .string)
            .field("statement_id", .string)
            .field("regulation", .string)
            .field("version", .int, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("sources").delete() }
}
