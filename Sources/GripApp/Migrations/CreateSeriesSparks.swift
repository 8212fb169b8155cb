import Fluent
import Foundation

/// The stored sparklines (issue 35), drawn from the values already recorded.
struct CreateSeriesSparks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SeriesSpark.schema)
            .id()
            .field("indicator_id", .uuid, .required, .references("indicators", "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("latest", .string, .required)
            .field("verdict", .string, .required)
            .field("chart", .string, .required)
            .field("period", .string)
            .field("concern", .bool, .required)
            .unique(on: "indicator_id", "service_id")
            .create()
        try await CreateIndexes.create(
            [("idx_series_sparks_service", SeriesSpark.schema, ["service_id"])], on: database)
        try await SeriesWarnings.refreshAll(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SeriesSpark.schema).delete()
    }
}
