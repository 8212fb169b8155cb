import Fluent
import SQLKit

/// Progress updates, the lead's side of "delivery separated from assurance". Reviews that an
/// action's own lead recorded before this split were progress updates in all but name: they
/// move here, so the closure gate's `target_met` reads only assured measures.
struct CreateProgressUpdate: AsyncMigration {
    static let index = (name: "idx_progress_updates_action", table: "progress_updates", columns: ["action_id", "day"])

    func prepare(on database: any Database) async throws {
        try await database.schema(ProgressUpdate.schema)
            .id()
            .field("created_at", .datetime)
            .field("day", .string, .required)
            .field("reported_measure", .double)
            .field("commentary", .string, .required)
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .create()
        try await CreateIndexes.create([Self.index], on: database)
        let sql = database as! any SQLDatabase
        try await sql.raw(
            """
            INSERT INTO progress_updates (id, created_at, day, reported_measure, commentary, action_id, author_id)
            SELECT r.id, r.created_at, r.day, r.measure_value, r.commentary, r.action_id, r.reviewer_id
            FROM reviews r JOIN actions a ON a.id = r.action_id WHERE r.reviewer_id = a.lead_id
            """
        ).run()
        try await sql.raw(
            """
            DELETE FROM reviews WHERE id IN (SELECT r.id FROM reviews r JOIN actions a ON a.id = r.action_id
                                             WHERE r.reviewer_id = a.lead_id)
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProgressUpdate.schema).delete()
    }
}
