import Fluent
import SQLKit

/// Senior visits to services (issue 36).
struct CreateSeniorVisits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema(SeniorVisit.schema)
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("visitor_id", .uuid, .required, .references("users", "id"))
            .field("day", .string, .required)
            .field("kind", .string, .required)
            .field("observed", .string, .required)
            .field("spoken_to", .string, .required)
            .field("findings", .string, .required)
            .field("created_at", .datetime)
            .create()
        // A service's visits, newest first; drift reads each service's latest of each kind.
        try await (database as! any SQLDatabase).raw(
            "CREATE INDEX senior_visits_service_day ON senior_visits (service_id, kind, day)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SeniorVisit.schema).delete()
    }
}
