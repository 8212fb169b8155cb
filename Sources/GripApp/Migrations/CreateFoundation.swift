import Fluent
import SQLKit

struct CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("name", .string, .required)
            .field("framework_version", .string, .required)
            .field("risk_matrix_version", .string, .required)
            .field("review_policy_version", .string, .required)
            .field("audit_seq", .int, .required)
            .field("audit_head", .string, .required)
            .field("next_action_number", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "name")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("organisations").delete() }
}

struct CreateService: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("services")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("cqc_location_id", .string, .required)
            .field("service_type", .string, .required)
            .field("commissioners", .string, .required)
            .field("rating_safe", .string, .required)
            .field("rating_effective", .string, .required)
            .field("rating_caring", .string, .required)
            .field("rating_responsive", .string, .required)
            .field("rating_well_led", .string, .required)
            .field("version", .int, .required)
            .unique(on: "organisation_id", "name")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("services").delete() }
}

struct CreateUser: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
        try await database.schema("service_access")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .unique(on: "user_id", "service_id")
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("service_access").delete()
        try await database.schema("users").delete()
    }
}

struct CreateSource: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sources")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("detail", .string, .required)
            .field("raised_on", .string, .required)
            .field("key_question", .string)
            .field("statement_id", .string)
            .field("regulation", .string)
            .field("version", .int, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("sources").delete() }
}

struct CreateReviewRoute: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("review_routes")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("cadence_days", .int, .required)
            .field("version", .int, .required)
            .unique(on: "organisation_id", "name")
            .create()
        try await database.schema("route_services")
            .id()
            .field("route_id", .uuid, .required, .references("review_routes", "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .unique(on: "route_id", "service_id")
            .create()
        try await database.schema("route_members")
            .id()
            .field("route_id", .uuid, .required, .references("review_routes", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .unique(on: "route_id", "user_id")
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("route_members").delete()
        try await database.schema("route_services").delete()
        try await database.schema("review_routes").delete()
    }
}

struct CreateAction: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("actions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("source_id", .uuid, .references("sources", "id"))
            .field("lead_id", .uuid, .required, .references("users", "id"))
            .field("reviewer_id", .uuid, .required, .references("users", "id"))
            .field("route_id", .uuid, .required, .references("review_routes", "id"))
            .field("reference", .string, .required)
            .field("title", .string, .required)
            .field("theme", .string, .required)
            .field("baseline", .string, .required)
            .field("baseline_day", .string, .required)
            .field("metric", .string, .required)
            .field("direction", .string, .required)
            .field("baseline_value", .double, .required)
            .field("target_value", .double, .required)
            .field("target_day", .string, .required)
            .field("risk_harm", .int, .required)
            .field("risk_people", .int, .required)
            .field("risk_recurrence", .int, .required)
            .field("risk_regulatory", .int, .required)
            .field("risk_controls", .int, .required)
            .field("risk_score", .int, .required)
            .field("risk_band", .string, .required)
            .field("risk_matrix_version", .string, .required)
            .field("interim_controls", .string, .required)
            .field("status", .string, .required)
            .field("status_reason", .string)
            .field("due_day", .string, .required)
            .field("next_review_day", .string, .required)
            .field("review_policy_version", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "organisation_id", "reference")
            .create()
        try await database.schema("action_statements")
            .id()
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("statement_id", .string, .required)
            .unique(on: "action_id", "statement_id")
            .create()
        try await database.schema("action_steps")
            .id()
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("owner_id", .uuid, .references("users", "id"))
            .field("position", .int, .required)
            .field("owner_role", .string, .required)
            .field("what", .string, .required)
            .field("where_recorded", .string, .required)
            .field("due_day", .string, .required)
            .field("done_on", .string)
            .field("version", .int, .required)
            .create()
        try await database.schema("due_day_changes")
            .id()
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .field("changed_by_id", .uuid, .required, .references("users", "id"))
            .field("from_day", .string, .required)
            .field("to_day", .string, .required)
            .field("reason", .string, .required)
            .field("control_change", .string, .required)
            .field("created_at", .datetime)
            .create()
    }
    func revert(on database: any Database) async throws {
        for table in ["due_day_changes", "action_steps", "action_statements", "actions"] {
            try await database.schema(table).delete()
        }
    }
}

struct CreateSecurity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema("password_resets")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("password_resets").delete()
        try await database.schema("api_tokens").delete()
    }
}

struct CreateAuditEntry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("seq", .int, .required)
            .field("at_ms", .int64, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .uuid, .required)
            .field("operation", .string, .required)
            .field("changes", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "organisation_id", "seq")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("audit_entries").delete() }
}

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

extension Migrations {
    /// Every migration of Grip, in order. The same list runs on SQLite and PostgreSQL.
    func addGripMigrations() {
        add(CreateOrganisation())
        add(CreateService())
        add(CreateUser())
        add(CreateSource())
        add(CreateReviewRoute())
        add(CreateAction())
        add(CreateSecurity())
        add(CreateAuditEntry())
        add(SessionRecord.migration)
        add(CreateIndexes())
        add(CreateEvidence())
        add(CreateReview())
        add(UpdateActionAddClosure())
        add(CreateEvidenceIndexes())
        add(CreateIndicator())
        // Listed here, though written for issue 22, because later migrations read indicators as the model does.
        add(UpdateIndicatorsAddStatementsFramework())
        add(UpdateIndicatorsAddFeed())
        // Written for issue 33, listed here because later migrations read series settings as the model does.
        add(UpdateSeriesSettingsAddReason())
        add(UpdateOrganisationAddEscalationNumber())
        add(SeedDefaultIndicators())
        add(CreateOversight())
        add(CreateEscalation())
        add(CreateMeeting())
        add(CreateSeriesWarning())
        add(UpdateEvidenceActionsAddDayAndCategory())
        add(CreateSignInFailure())
        add(UpdateUsersAddTwoFactor())
        add(UpdateActionsAddEscalation())
        add(CreateProgressUpdate())
        add(CreateProposedChange())
        add(UpdateIndicatorsAddWarnOn())
        add(UpdateActionsAddReAuditDue())
        add(CreateEscalationLink())
        add(RefreshSeriesWarningsForRunCharts())
        add(UpdateReviewRoutesAddReopenOnConcern())
        add(UpdateReAuditsAddEvidenceAndControl())
        add(CreateActionServiceStatusIndex())
        add(CreateMeetingItemServiceIndex())
        add(CreateServiceSummary())
        add(CreateFrameworks())
        add(CreatePeople())
        add(CreateSafeguardingConcerns())
        add(CreateRestrictiveInterventions())
        add(UpdateEscalationsAddPerson())
        add(CreateStatutoryNotifications())
        add(CreateMailMessages())
        add(CreatePendingChanges())
    }
}
