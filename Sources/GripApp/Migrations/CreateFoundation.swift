import Fluent
import SQLKit

struct CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("name", .string, .required)
            .field("framework_version", .string, .required)
            .field("risk_matrix_version", .string, .required)
            .field("review_policy_version", .string, .required)
            .field("audit_seq", .int, .required)
            .field("audit_head", .string, .required)
            .field("next_action_number", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "name")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("organisations").delete() }
}

struct CreateService: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("services")
            .field("name", .string, .required)
            .field("cqc_location_id", .string, .required)
            .field("service_type", .string, .required)
            .field("commissioners", .string, .required)
            .field("rating_safe", .string, .required)
            .field("rating_effective", .string, .required)
            .field("rating_caring", .string, .required)
            .field("rating_responsive", .string, .required)
            .field("rating_well_led", .string, .required)
            .field("version", .int, .required)
            .unique(on: "organisation_id", "name")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("services").delete() }
}
