import Fluent

extension Database {
    /// A table whose rows belong to one organisation: its id, then the organisation it belongs to, the first two
    /// columns of every such table since the first migration.
    func ownedSchema(_ name: String) -> SchemaBuilder {
        schema(name).id().field("organisation_id", .uuid, .required, .references("organisations", "id"))
    }

    /// A record's first quality-statement links (`action_statements`, `evidence_statements`): made by the first
    /// migrations, replaced by the framework mappings, and made again if that is reverted.
    func createStatementLinks(_ table: String, of column: FieldKey, in owners: String) async throws {
        try await schema(table).id()
            .field(column, .uuid, .required, .references(owners, "id"))
            .field("statement_id", .string, .required)
            .unique(on: column, "statement_id")
            .create()
    }
}
