import Fluent

/// A series' settings keep the reason they were last changed for and when, shown on the chart (issue 33).
struct UpdateSeriesSettingsAddReason: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("series_settings").field("reason", .string).update()
        try await database.schema("series_settings").field("changed_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("series_settings").deleteField("changed_on").update()
        try await database.schema("series_settings").deleteField("reason").update()
    }
}
