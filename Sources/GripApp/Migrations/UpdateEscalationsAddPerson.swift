import Fluent

/// An escalation can cite one person's pattern (issue 23).
struct UpdateEscalationsAddPerson: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("escalations").field("person_id", .uuid, .references("people", "id")).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("escalations").deleteField("person_id").update()
    }
}
