import Fluent
import SQLKit

/// Each evidence link carries its evidence's day and category, so the attention rules and the
/// recovery map read an action's latest evidence day and categories from one covering index
/// instead of joining 200,000 evidence rows. `EvidenceService` keeps them equal to the evidence's.
struct UpdateEvidenceActionsAddDayAndCategory: AsyncMigration {
    static let index = (
        name: "idx_evidence_actions_action_day", table: "evidence_actions", columns: ["action_id", "day", "category"]
    )

    func prepare(on database: any Database) async throws {
        try await database.schema("evidence_actions").field("day", .string).update()
        try await database.schema("evidence_actions").field("category", .string).update()
        let sql = database as! any SQLDatabase
        try await sql.raw(
            """
            UPDATE evidence_actions SET
              day = (SELECT e.day FROM evidence e WHERE e.id = evidence_actions.evidence_id),
              category = (SELECT e.category FROM evidence e WHERE e.id = evidence_actions.evidence_id)
            """
        ).run()
        try await CreateIndexes.create([Self.index], on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop([Self.index], on: database)
        try await database.schema("evidence_actions").deleteField("category").update()
        try await database.schema("evidence_actions").deleteField("day").update()
    }
}
