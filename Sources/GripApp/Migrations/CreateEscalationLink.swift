import Fluent

/// An escalation's line of sight: the actions and decisions it led to, and the indicator that shows
/// its outcome (issue 20).
struct CreateEscalationLink: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("escalation_links")
            .id()
            .field("escalation_id", .uuid, .required, .references("escalations", "id"))
            .field("action_id", .uuid, .references("actions", "id"))
            .field("decision_id", .uuid, .references("decisions", "id"))
            .field("created_at", .datetime)
            .unique(on: "escalation_id", "action_id", "decision_id")
            .create()
        try await database.schema("escalations").field("indicator_id", .uuid, .references("indicators", "id")).update()
        try await CreateIndexes.create(
            [("idx_escalation_links_escalation", "escalation_links", ["escalation_id"])],
            on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("escalations").deleteField("indicator_id").update()
        try await database.schema("escalation_links").delete()
    }
}

/// Short series are read as run charts (issue 20): stored early warnings are recomputed once, so a
/// series of fewer than 12 points that now shows a run-chart concern warns from the upgrade on.
struct RefreshSeriesWarningsForRunCharts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await SeriesWarnings.refreshAll(sparks: false, on: database)
    }

    func revert(on database: any Database) async throws {}
}
