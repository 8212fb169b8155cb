import Fluent

/// The log of notifications to CQC (issue 23).
struct CreateStatutoryNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("statutory_notifications")
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("person_id", .uuid, .references("people", "id"))
            .field("concern_id", .uuid, .references("safeguarding_concerns", "id"))
            .field("recorded_by_id", .uuid, .references("users", "id"))
            .field("event", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("summary", .string, .required)
            .field("sent_at", .datetime)
            .field("reference", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await CreateIndexes.create(
            [
                ("idx_notifications_service_sent", "statutory_notifications", ["service_id", "sent_at", "occurred_at"]),
                ("idx_notifications_org_occurred", "statutory_notifications", ["organisation_id", "occurred_at"]),
                ("idx_notifications_concern", "statutory_notifications", ["concern_id"])
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(
            [
                ("idx_notifications_service_sent", "", []), ("idx_notifications_org_occurred", "", []),
                ("idx_notifications_concern", "", [])
            ], on: database)
        try await database.schema("statutory_notifications").delete()
    }
}
