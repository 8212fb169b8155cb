import Fluent

/// A re-audit records the evidence it rests on, and a failed one the control to change (issue 20).
struct UpdateReAuditsAddEvidenceAndControl: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reaudits").field("evidence_id", .uuid, .references("evidence", "id")).update()
        try await database.schema("reaudits").field("control_change", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reaudits").deleteField("control_change").update()
        try await database.schema("reaudits").deleteField("evidence_id").update()
    }
}
