import Fluent
import Foundation
import GripCore
import SQLKit

struct CreateIndicator: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("indicators")
            .field("name", .string, .required)
            .field("unit", .string, .required)
            .field("period", .string, .required)
            .field("direction", .string, .required)
            .field("target", .double)
            .field("statements", .string, .required)
            .field("version", .int, .required)
            .unique(on: "organisation_id", "name")
            .create()
        try await database.schema("indicator_values")
            .id()
            .field("indicator_id", .uuid, .required, .references("indicators", "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("period", .string, .required)
            .field("value", .double, .required)
            .field("updated_at", .datetime)
            .unique(on: "indicator_id", "service_id", "period")
            .create()
        try await database.schema("series_settings")
            .id()
            .field("indicator_id", .uuid, .required, .references("indicators", "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("baseline_points", .int)
            .field("rebases", .string, .required)
            .field("version", .int, .required)
            .unique(on: "indicator_id", "service_id")
            .create()
        try await database.schema("actions").field("indicator_id", .uuid, .references("indicators", "id")).update()
        try await CreateIndexes.create(
            [
                ("idx_indicator_values_service", "indicator_values", ["service_id", "indicator_id", "period"]),
                ("idx_actions_indicator", "actions", ["indicator_id"])
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(
            [("idx_indicator_values_service", "indicator_values", []), ("idx_actions_indicator", "actions", [])],
            on: database)
        try await database.schema("actions").deleteField("indicator_id").update()
        for table in ["series_settings", "indicator_values", "indicators"] { try await database.schema(table).delete() }
    }
}

/// Gives every organisation that has none the default indicator catalogue, through the audit trail.
struct SeedDefaultIndicators: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Only the ids: a full Organisation would name columns that later migrations add.
        for id in try await Organisation.query(on: database).all(\.$id) {
            try await IndicatorService.seedDefaults(
                organisationID: id, actor: AuditActor(id: nil, name: "grip migrate"),
                withWarnings: false, on: database)
        }
    }

    func revert(on database: any Database) async throws {}
}
