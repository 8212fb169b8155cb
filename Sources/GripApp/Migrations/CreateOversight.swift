import Fluent

struct CreateOversight: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("service_oversight")
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .field("level", .string, .required)
            .field("since", .string, .required)
            .field("cadence_days", .int, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("oversight_updates")
            .id()
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .field("day", .string, .required)
            .field("summary", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await CreateIndexes.create(
            [
                ("idx_service_oversight_service", "service_oversight", ["service_id", "since"]),
                ("idx_oversight_updates_service", "oversight_updates", ["service_id", "day"])
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(
            [("idx_service_oversight_service", "", []), ("idx_oversight_updates_service", "", [])], on: database)
        try await database.schema("oversight_updates").delete()
        try await database.schema("service_oversight").delete()
    }
}
