import Fluent
import SQLKit

/// Issue 35: the action list pages in its own order (due day, then reference) over the organisation's actions,
/// or one status of them, by ids it reads from an index alone. These two cover that order and the id, so a deep
/// page skips index entries, not table rows; they take the place of the two they extend.
struct CreateActionListIndexes: AsyncMigration {
    static let indexes = [
        (name: "idx_actions_list", table: "actions", columns: ["organisation_id", "due_day", "reference", "id"]),
        (
            name: "idx_actions_list_status", table: "actions",
            columns: ["organisation_id", "status", "due_day", "reference", "id"]
        )
    ]
    /// What they replace (`CreateIndexes`).
    static let replaced = [
        (name: "idx_actions_org_due", table: "actions", columns: ["organisation_id", "due_day"]),
        (name: "idx_actions_org_status", table: "actions", columns: ["organisation_id", "status", "due_day"])
    ]

    func prepare(on database: any Database) async throws {
        try await CreateIndexes.create(Self.indexes, on: database)
        try await CreateIndexes.drop(Self.replaced, on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.create(Self.replaced, on: database)
        try await CreateIndexes.drop(Self.indexes, on: database)
    }
}
