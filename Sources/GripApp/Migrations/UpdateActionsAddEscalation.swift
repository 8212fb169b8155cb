import Fluent

/// "Change the control, not the date": an action can be escalated to its route's oversight by a
/// review or a due-day change, and a review records the control change or escalation that red or
/// weak progress needs.
struct UpdateActionsAddEscalation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("actions").field("escalated_on", .string).update()
        try await database.schema("actions").field("escalation", .string).update()
        try await database.schema("due_day_changes").field("escalation", .string).update()
        try await database.schema("reviews").field("control_change", .string).update()
        try await database.schema("reviews").field("escalation", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reviews").deleteField("escalation").update()
        try await database.schema("reviews").deleteField("control_change").update()
        try await database.schema("due_day_changes").deleteField("escalation").update()
        try await database.schema("actions").deleteField("escalation").update()
        try await database.schema("actions").deleteField("escalated_on").update()
    }
}
