import Fluent
import SQLKit

struct CreateReview: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reviews")
            .id()
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("reviewer_id", .uuid, .required, .references("users", "id"))
            .field("day", .string, .required)
            .field("rag", .string, .required)
            .field("measure_value", .double)
            .field("commentary", .string, .required)
            .field("decision", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("reaudits")
            .id()
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .field("day", .string, .required)
            .field("passed", .bool, .required)
            .field("finding", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reaudits").delete()
        try await database.schema("reviews").delete()
    }
}
