import Fluent

/// Who makes each service's senior visits (issue 36).
struct CreateSeniorVisitLeads: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema(SeniorVisitLead.schema)
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("planned_by", .uuid, .references("users", "id"))
            .field("unannounced_by", .uuid, .references("users", "id"))
            .field("version", .int, .required)
            .unique(on: "service_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SeniorVisitLead.schema).delete()
    }
}
