import Fluent

/// The restrictive interventions log (issue 23).
struct CreateRestrictiveInterventions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("restrictive_interventions")
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("recorded_by_id", .uuid, .references("users", "id"))
            .field("panel_by_id", .uuid, .references("users", "id"))
            .field("started_at", .datetime, .required)
            .field("minutes", .int, .required)
            .field("place", .string, .required)
            .field("trigger", .string, .required)
            .field("kind", .string, .required)
            .field("staff", .string, .required)
            .field("injury", .string, .required)
            .field("recovery_minutes", .int)
            .field("debrief_at", .datetime)
            .field("debrief_by", .string, .required)
            .field("panel_on", .string)
            .field("learning", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await CreateIndexes.create(
            [
                ("idx_interventions_service_started", "restrictive_interventions", ["service_id", "started_at"]),
                ("idx_interventions_org_started", "restrictive_interventions", ["organisation_id", "started_at"]),
                ("idx_interventions_person_started", "restrictive_interventions", ["person_id", "started_at"]),
                ("idx_interventions_service_panel", "restrictive_interventions", ["service_id", "panel_on"])
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(
            [
                ("idx_interventions_service_started", "", []), ("idx_interventions_org_started", "", []),
                ("idx_interventions_person_started", "", []), ("idx_interventions_service_panel", "", [])
            ], on: database)
        try await database.schema("restrictive_interventions").delete()
    }
}
