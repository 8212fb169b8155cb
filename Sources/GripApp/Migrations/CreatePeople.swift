import Fluent

/// People supported and the cases shared with commissioners (issue 23).
struct CreatePeople: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("people")
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("reference", .string, .required)
            .field("placement", .string, .required)
            .field("risks", .string, .required)
            .field("highest_risk", .int, .required)
            .field("review_due", .string)
            .field("representative", .string, .required)
            .field("contact", .string)
            .field("last_involved", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "organisation_id", "reference")
            .create()
        try await database.schema("case_shares")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("commissioner_id", .uuid, .required, .references("users", "id"))
            .field("shared_by_id", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .unique(on: "person_id", "commissioner_id")
            .create()
        try await CreateIndexes.create(
            [
                ("idx_people_service_risk", "people", ["service_id", "highest_risk"]),
                ("idx_case_shares_commissioner", "case_shares", ["commissioner_id"])
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(
            [("idx_people_service_risk", "", []), ("idx_case_shares_commissioner", "", [])],
            on: database)
        for t in ["case_shares", "people"] { try await database.schema(t).delete() }
    }
}
