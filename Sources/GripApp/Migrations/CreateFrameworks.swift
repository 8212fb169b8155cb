import Fluent
import Foundation
import SQLKit

/// Frameworks become stored, versioned data (issue 22): loaded versions, crosswalks and commissioners' frameworks;
/// every mapping records the framework version it belongs to. What was mapped before belonged to the 2023 quality
/// statements, the only version Grip had, and keeps that version.
struct CreateFrameworks: AsyncMigration {
    static let before = "cqc-qs-2023"
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("idx_action_mappings_item", "action_mappings", ["framework", "item_id", "action_id"]),
        ("idx_evidence_mappings_item", "evidence_mappings", ["framework", "item_id"])
    ]

    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("framework_versions")
            .field("framework_id", .string, .required)
            .field("title", .string, .required)
            .field("owner", .string, .required)
            .field("kind", .string, .required)
            .field("effective_from", .string, .required)
            .field("effective_to", .string)
            .field("document", .string, .required)
            .field("loaded_by_id", .uuid, .references("users", "id"))
            .field("created_at", .datetime)
            .unique(on: "organisation_id", "framework_id")
            .create()
        try await database.ownedSchema("framework_crosswalks")
            .field("from_framework", .string, .required)
            .field("to_framework", .string, .required)
            .field("document", .string, .required)
            .field("loaded_by_id", .uuid, .references("users", "id"))
            .field("created_at", .datetime)
            .unique(on: "organisation_id", "from_framework", "to_framework")
            .create()
        try await database.ownedSchema("commissioner_frameworks")
            .field("commissioner", .string, .required)
            .field("framework_id", .string, .required)
            .field("effective_on", .string, .required)
            .field("version", .int, .required)
            .unique(on: "organisation_id", "commissioner")
            .create()
        // The same item id can mean different things in two versions (S1 is "Learning culture" in 2023 and
        // safeguarding in 2017), so a mapping is unique by action, version and item: new tables, rows copied.
        let sql = database as! any SQLDatabase
        try await database.schema("action_mappings")
            .id()
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("framework", .string, .required)
            .field("item_id", .string, .required)
            .unique(on: "action_id", "framework", "item_id")
            .create()
        try await sql.raw(
            """
            INSERT INTO action_mappings (id, action_id, framework, item_id)
            SELECT id, action_id, \(bind: Self.before), statement_id FROM action_statements
            """
        ).run()
        try await database.schema("action_statements").delete()
        try await database.schema("evidence_mappings")
            .id()
            .field("evidence_id", .uuid, .required, .references("evidence", "id"))
            .field("framework", .string, .required)
            .field("item_id", .string, .required)
            .unique(on: "evidence_id", "framework", "item_id")
            .create()
        try await sql.raw(
            """
            INSERT INTO evidence_mappings (id, evidence_id, framework, item_id)
            SELECT id, evidence_id, \(bind: Self.before), statement_id FROM evidence_statements
            """
        ).run()
        try await database.schema("evidence_statements").delete()
        try await CreateIndexes.create(Self.indexes, on: database)
        try await database.schema("sources").field("statement_framework", .string).update()
        try await sql.update("sources").set("statement_framework", to: Self.before)
            .where("statement_id", .isNot, SQLLiteral.null).run()
        try await database.schema("organisations").field("framework_effective_on", .string).update()
        try await sql.update("organisations").set("framework_version", to: Self.before)
            .where("framework_version", .equal, "2023-11").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.update("organisations").set("framework_version", to: "2023-11")
            .where("framework_version", .equal, Self.before).run()
        try await database.schema("organisations").deleteField("framework_effective_on").update()
        try await database.schema("sources").deleteField("statement_framework").update()
        try await CreateIndexes.drop(Self.indexes, on: database)
        try await database.createStatementLinks("evidence_statements", of: "evidence_id", in: "evidence")
        try await sql.raw(
            """
            INSERT INTO evidence_statements (id, evidence_id, statement_id)
            SELECT id, evidence_id, item_id FROM evidence_mappings WHERE framework = \(bind: Self.before)
            """
        ).run()
        try await database.schema("evidence_mappings").delete()
        try await database.createStatementLinks("action_statements", of: "action_id", in: "actions")
        try await sql.raw(
            """
            INSERT INTO action_statements (id, action_id, statement_id)
            SELECT id, action_id, item_id FROM action_mappings WHERE framework = \(bind: Self.before)
            """
        ).run()
        try await database.schema("action_mappings").delete()
        try await CreateIndexes.create(
            [
                ("idx_action_statements_statement", "action_statements", ["statement_id", "action_id"]),
                ("idx_evidence_statements_statement", "evidence_statements", ["statement_id"])
            ],
            on: database)
        for table in ["commissioner_frameworks", "framework_crosswalks", "framework_versions"] {
            try await database.schema(table).delete()
        }
    }
}
