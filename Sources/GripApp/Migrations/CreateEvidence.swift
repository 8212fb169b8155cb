import Fluent
import SQLKit

struct CreateEvidence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("evidence")
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .field("category", .string, .required)
            .field("kind", .string, .required)
            .field("day", .string, .required)
            .field("summary", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("evidence_actions")
            .id()
            .field("evidence_id", .uuid, .required, .references("evidence", "id"))
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .unique(on: "evidence_id", "action_id")
            .create()
        try await database.createStatementLinks("evidence_statements", of: "evidence_id", in: "evidence")
        try await database.schema("stored_files")
            .id()
            .field("sha256", .string, .required)
            .field("size", .int, .required)
            .field("bytes", .data, .required)
            .field("created_at", .datetime)
            .unique(on: "sha256")
            .create()
        try await database.schema("evidence_files")
            .id()
            .field("evidence_id", .uuid, .required, .references("evidence", "id"))
            .field("stored_file_id", .uuid, .required, .references("stored_files", "id"))
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .create()
        try await database.ownedSchema("evidence_requests")
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("requested_of_id", .uuid, .required, .references("users", "id"))
            .field("requested_by_id", .uuid, .required, .references("users", "id"))
            .field("fulfilled_by_evidence_id", .uuid, .references("evidence", "id"))
            .field("what", .string, .required)
            .field("due_day", .string, .required)
            .field("fulfilled_at", .datetime)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "evidence_requests", "evidence_files", "stored_files", "evidence_statements", "evidence_actions", "evidence"
        ] {
            try await database.schema(table).delete()
        }
    }
}
