import Fluent

struct CreateEscalation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("escalations")
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("created_by_id", .uuid, .required, .references("users", "id"))
            .field("reference", .string, .required)
            .field("category", .string, .required)
            .field("facts", .string, .required)
            .field("safeguards", .string, .required)
            .field("actions_taken", .string, .required)
            .field("support_needed", .string, .required)
            .field("respond_by", .string, .required)
            .field("joint_review_day", .string)
            .field("status", .string, .required)
            .field("raised_on", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "organisation_id", "reference")
            .create()
        try await database.schema("escalation_evidence")
            .id()
            .field("escalation_id", .uuid, .required, .references("escalations", "id"))
            .field("evidence_id", .uuid, .required, .references("evidence", "id"))
            .unique(on: "escalation_id", "evidence_id")
            .create()
        try await database.schema("escalation_responses")
            .id()
            .field("escalation_id", .uuid, .required, .references("escalations", "id"))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("party", .string, .required)
            .field("text", .string, .required)
            .field("moved_to", .string)
            .field("created_at", .datetime)
            .create()
        try await CreateIndexes.create(
            [
                ("idx_escalations_org_status", "escalations", ["organisation_id", "status"]),
                ("idx_escalations_service", "escalations", ["service_id", "status"]),
                ("idx_escalation_responses_escalation", "escalation_responses", ["escalation_id"])
            ], on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(
            [
                ("idx_escalations_org_status", "", []), ("idx_escalations_service", "", []),
                ("idx_escalation_responses_escalation", "", [])
            ], on: database)
        for t in ["escalation_responses", "escalation_evidence", "escalations"] {
            try await database.schema(t).delete()
        }
    }
}

/// Escalation references (E-001) are numbered per organisation. Registered before any data
/// migration that reads organisations, so those see every column of the model.
struct UpdateOrganisationAddEscalationNumber: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations").field("next_escalation_number", .int, .required, .sql(.default(1)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").deleteField("next_escalation_number").update()
    }
}
