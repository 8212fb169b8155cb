import Fluent
import Foundation

/// The stored early warnings. They are filled from the values already recorded by the last
/// migration that changes what a warning is (`UpdateIndicatorsAddWarnOn`): reading indicators here
/// would name columns that later migrations add.
struct CreateSeriesWarning: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("series_warnings")
            .id()
            .field("indicator_id", .uuid, .required, .references("indicators", "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("period", .string, .required)
            .field("value", .double, .required)
            .unique(on: "indicator_id", "service_id")
            .create()
        try await CreateIndexes.create(
            [("idx_series_warnings_service", "series_warnings", ["service_id"])], on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("series_warnings").delete()
    }
}
