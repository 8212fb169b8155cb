import Fluent
import SQLKit

/// Learning across services and each service's check (issue 36).
struct CreateLearning: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema(LearningItem.schema)
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("shared_by", .uuid, .required, .references("users", "id"))
            .field("origin", .string, .required)
            .field("origin_id", .uuid, .required)
            .field("origin_label", .string, .required)
            .field("summary", .string, .required)
            .field("due_day", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.ownedSchema(LearningCheck.schema)
            .field("learning_id", .uuid, .required, .references(LearningItem.schema, "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("checked_by", .uuid, .references("users", "id"))
            .field("version", .int, .required)
            .field("due_day", .string, .required)
            .field("checked_on", .string)
            .field("outcome", .string)
            .field("note", .string, .required)
            .unique(on: "learning_id", "service_id")
            .create()
        let sql = database as! any SQLDatabase
        // The log, newest first; a service's checks still open (My work), by due day.
        for statement in [
            "CREATE INDEX learning_items_organisation ON learning_items (organisation_id, created_at)",
            "CREATE INDEX learning_checks_service ON learning_checks (service_id, checked_on, due_day)"
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LearningCheck.schema).delete()
        try await database.schema(LearningItem.schema).delete()
    }
}
