import Fluent
import SQLKit

/// Indexes for every filter and foreign-key lookup (plain SQL through SQLKit; same on both engines).
struct CreateIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("idx_users_org", "users", ["organisation_id"]),
        ("idx_service_access_service", "service_access", ["service_id"]),
        ("idx_services_org", "services", ["organisation_id", "name"]),
        ("idx_sources_org_service", "sources", ["organisation_id", "service_id"]),
        ("idx_actions_org_due", "actions", ["organisation_id", "due_day"]),
        ("idx_actions_org_status", "actions", ["organisation_id", "status", "due_day"]),
        ("idx_actions_org_band", "actions", ["organisation_id", "risk_band", "due_day"]),
        ("idx_actions_service", "actions", ["service_id", "due_day"]),
        ("idx_actions_lead", "actions", ["lead_id", "due_day"]),
        ("idx_actions_reviewer", "actions", ["reviewer_id"]),
        ("idx_actions_route", "actions", ["route_id"]),
        ("idx_action_statements_statement", "action_statements", ["statement_id", "action_id"]),
        ("idx_action_steps_action", "action_steps", ["action_id", "position"]),
        ("idx_action_steps_owner", "action_steps", ["owner_id"]),
        ("idx_due_day_changes_action", "due_day_changes", ["action_id"]),
        ("idx_route_services_service", "route_services", ["service_id"]),
        ("idx_route_members_user", "route_members", ["user_id"]),
        ("idx_api_tokens_user", "api_tokens", ["user_id"]),
        ("idx_password_resets_user", "password_resets", ["user_id"]),
        ("idx_audit_entity", "audit_entries", ["entity_id", "seq"])
    ]

    func prepare(on database: any Database) async throws {
        try await Self.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await Self.drop(Self.indexes, on: database)
    }

    static func create(
        _ indexes: [(name: String, table: String, columns: [String])], on database: any Database
    ) async throws {
        let sql = database as! any SQLDatabase
        for index in indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    static func drop(
        _ indexes: [(name: String, table: String, columns: [String])], on database: any Database
    ) async throws {
        let sql = database as! any SQLDatabase
        for index in indexes { try await sql.drop(index: index.name).run() }
    }
}
