import Fluent

/// Governance shared with commissioners reads the items of approved minutes by service
/// (`SharedGovernance`): an index on the item's service, so it never scans every item.
struct CreateMeetingItemServiceIndex: AsyncMigration {
    static let indexes = [(name: "idx_meeting_items_service", table: "meeting_items", columns: ["service_id"])]

    func prepare(on database: any Database) async throws {
        try await CreateIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(Self.indexes, on: database)
    }
}
