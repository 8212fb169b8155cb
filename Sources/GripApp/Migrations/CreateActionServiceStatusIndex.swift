import Fluent

/// The dashboards count a service's actions by status (sustained ones after closure, live ones for
/// the flags): an index on both, so neither count reads the service's other actions.
struct CreateActionServiceStatusIndex: AsyncMigration {
    static let indexes = [(name: "idx_actions_service_status", table: "actions", columns: ["service_id", "status"])]

    func prepare(on database: any Database) async throws {
        try await CreateIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(Self.indexes, on: database)
    }
}
