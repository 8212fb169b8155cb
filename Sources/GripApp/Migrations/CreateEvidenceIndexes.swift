import Fluent
import SQLKit

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
