import Fluent

/// Proposed changes that weaken an action's oversight, waiting for a second person (looked up
/// by action, and by organisation and status for My work and agendas).
struct CreateProposedChange: AsyncMigration {
    static let indexes = [
        (name: "idx_proposed_changes_action", table: "proposed_changes", columns: ["action_id", "status"]),
        (name: "idx_proposed_changes_org_status", table: "proposed_changes", columns: ["organisation_id", "status"])
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("proposed_changes")
            .id()
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("status", .string, .required)
            .field("reason", .string, .required)
            .field("proposed", .string, .required)
            .field("weakenings", .string, .required)
            .field("approval_band", .string, .required)
            .field("action_version", .int, .required)
            .field("decided_at", .datetime)
            .field("decision_reason", .string)
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("proposed_by_id", .uuid, .required, .references("users", "id"))
            .field("decided_by_id", .uuid, .references("users", "id"))
            .create()
        try await CreateIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("proposed_changes").delete()
    }
}
