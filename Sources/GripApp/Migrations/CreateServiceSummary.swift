import Fluent

/// The per-service read model (issue 21): one row per service with its summary as JSON, the
/// generation writes bump in their own transaction, the generation and day it was computed from,
/// and its fragility (the provider dashboard's order). Rows are made on first read.
struct CreateServiceSummary: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceSummaries.table)
            .field("service_id", .uuid, .identifier(auto: false), .references("services", "id"))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("generation", .int64, .required)
            .field("computed_generation", .int64, .required)
            .field("as_of", .string, .required)
            .field("fragility", .int, .required)
            .field("data", .string, .required)
            .create()
        try await CreateIndexes.create(
            [
                (
                    "idx_service_summaries_org_asof", ServiceSummaries.table,
                    ["organisation_id", "as_of"]
                )
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ServiceSummaries.table).delete()
    }
}
