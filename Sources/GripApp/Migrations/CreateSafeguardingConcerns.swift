import Fluent

/// The safeguarding log (issue 23).
struct CreateSafeguardingConcerns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("safeguarding_concerns")
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("recorded_by_id", .uuid, .references("users", "id"))
            .field("decided_by_id", .uuid, .references("users", "id"))
            .field("raised_at", .datetime, .required)
            .field("raised_by_role", .string, .required)
            .field("category", .string, .required)
            .field("summary", .string, .required)
            .field("safeguards", .string, .required)
            .field("decision", .string, .required)
            .field("rationale", .string, .required)
            .field("decision_at", .datetime)
            .field("referred_at", .datetime)
            .field("la_reference", .string, .required)
            .field("notify_cqc", .bool, .required)
            .field("review_due", .string)
            .field("outcome", .string, .required)
            .field("learning", .string, .required)
            .field("closed_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await CreateIndexes.create(
            [
                ("idx_concerns_service_raised", "safeguarding_concerns", ["service_id", "raised_at"]),
                ("idx_concerns_org_raised", "safeguarding_concerns", ["organisation_id", "raised_at"]),
                ("idx_concerns_person_raised", "safeguarding_concerns", ["person_id", "raised_at"])
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(
            [
                ("idx_concerns_service_raised", "", []), ("idx_concerns_org_raised", "", []),
                ("idx_concerns_person_raised", "", [])
            ], on: database)
        try await database.schema("safeguarding_concerns").delete()
    }
}
