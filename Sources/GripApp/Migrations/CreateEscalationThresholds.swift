import Fluent

/// Escalation thresholds as versioned data per organisation (issue 36).
struct CreateEscalationThresholds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema(EscalationThresholdVersion.schema)
            .field("version", .int, .required)
            .field("document", .string, .required)
            .field("saved_by_id", .uuid, .references("users", "id"))
            .field("created_at", .datetime)
            .unique(on: "organisation_id", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EscalationThresholdVersion.schema).delete()
    }
}
