import Fluent
import SQLKit

/// Sustained is still watched (issue 20): a route can ask that a special-cause concern on a sustained
/// action's outcome indicator reopens the action, not only brings it back to the agenda.
struct UpdateReviewRoutesAddReopenOnConcern: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("review_routes")
            .field("reopen_on_concern", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("review_routes").deleteField("reopen_on_concern").update()
    }
}
