import Fluent
import SQLKit

struct CreateEvidence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evidence")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .field("category", .string, .required)
            .field("kind", .string, .required)
            .field("day", .string, .required)
            .field("summary", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("evidence_actions")
            .id()
            .field("evidence_id", .uuid, .required, .references("evidence", "id"))
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .unique(on: "evidence_id", "action_id")
            .create()
        try await database.schema("evidence_statements")
            .id()
            .field("evidence_id", .uuid, .required, .references("evidence", "id"))
            .field("statement_id", .string, .required)
            .unique(on: "evidence_id", "statement_id")
            .create()
        try await database.schema("stored_files")
            .id()
            .field("sha256", .string, .required)
            .field("size", .int, .required)
            .field("bytes", .data, .required)
            .field("created_at", .datetime)
            .unique(on: "sha256")
            .create()
        try await database.schema("evidence_files")
            .id()
            .field("evidence_id", .uuid, .required, .references("evidence", "id"))
            .field("stored_file_id", .uuid, .required, .references("stored_files", "id"))
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .create()
        try await database.schema("evidence_requests")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("requested_of_id", .uuid, .required, .references("users", "id"))
            .field("requested_by_id", .uuid, .required, .references("users", "id"))
            .field("fulfilled_by_evidence_id", .uuid, .references("evidence", "id"))
            .field("what", .string, .required)
            .field("due_day", .string, .required)
            .field("fulfilled_at", .datetime)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "evidence_requests", "evidence_files", "stored_files", "evidence_statements", "evidence_actions", "evidence"
        ] {
            try await database.schema(table).delete()
        }
    }
}

struct CreateReview: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reviews")
            .id()
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("reviewer_id", .uuid, .required, .references("users", "id"))
            .field("day", .string, .required)
            .field("rag", .string, .required)
            .field("measure_value", .double)
            .field("commentary", .string, .required)
            .field("decision", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("reaudits")
            .id()
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("recorded_by_id", .uuid, .required, .references("users", "id"))
            .field("day", .string, .required)
            .field("passed", .bool, .required)
            .field("finding", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reaudits").delete()
        try await database.schema("reviews").delete()
    }
}

struct UpdateActionAddClosure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        try await database.schema("actions").field("closed_on", .string).update()
        try await database.schema("actions").field("closed_by_id", .uuid, .references("users", "id")).update()
        try await database.schema("actions").field("override_condition", .string).update()
        try await database.schema("actions").field("override_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        for column in ["override_reason", "override_condition", "closed_by_id", "closed_on"] {
            try await database.schema("actions").deleteField(.string(column)).update()
        }
    }
}

struct CreateEvidenceIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("idx_evidence_org_day", "evidence", ["organisation_id", "day"]),
        ("idx_evidence_recorder", "evidence", ["recorded_by_id"]),
        ("idx_evidence_actions_action", "evidence_actions", ["action_id", "evidence_id"]),
        ("idx_evidence_statements_statement", "evidence_statements", ["statement_id"]),
        ("idx_evidence_files_evidence", "evidence_files", ["evidence_id"]),
        ("idx_evidence_requests_of", "evidence_requests", ["requested_of_id", "fulfilled_at"]),
        ("idx_evidence_requests_action", "evidence_requests", ["action_id"]),
        ("idx_reviews_action_day", "reviews", ["action_id", "day"]),
        ("idx_reaudits_action", "reaudits", ["action_id"]),
        ("idx_actions_org_next_review", "actions", ["organisation_id", "next_review_day"])
    ]

    func prepare(on database: any Database) async throws {
        try await CreateIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(Self.indexes, on: database)
    }
}
