import Fluent
import SQLKit

/// The occasions escalation thresholds fired on, and their answers (issue 36).
struct CreateEscalationFirings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema(EscalationFiring.schema)
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("version", .int, .required)
            .field("key", .string, .required)
            .field("trigger", .string, .required)
            .field("level", .string, .required)
            .field("subject_kind", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("fired_at", .datetime, .required)
            .field("deadline", .datetime, .required)
            .field("evidence", .string, .required)
            .field("thresholds_version", .int, .required)
            .field("answer", .string)
            .field("answered_at", .datetime)
            .field("answer_note", .string)
            .field("late", .bool, .required)
            .field("answered_by_id", .uuid, .references("users", "id"))
            .field("escalation_id", .uuid, .references("escalations", "id"))
            .field("created_at", .datetime)
            .unique(on: "organisation_id", "key")
            .create()
        // My work and the digest read the open firings of a person's services (or of the organisation), soonest
        // first; drift, the heat map and the pack count late ones; the sweeper finds those gone past their time; an
        // escalation raised from a draft finds the firings it answers.
        let sql = database as! any SQLDatabase
        for (name, columns) in [
            ("service_open", "service_id, answered_at, deadline"),
            ("organisation_open", "organisation_id, answered_at, deadline"),
            ("service_late", "service_id, late, fired_at"), ("going_late", "late, answered_at, deadline"),
            ("escalation", "escalation_id")
        ] {
            try await sql.raw(
                "CREATE INDEX escalation_firings_\(unsafeRaw: name) ON escalation_firings (\(unsafeRaw: columns))"
            )
            .run()
        }
        // Which services the sweeper has seen at which generation, and on which day (`EscalationSweep.due`).
        try await database.schema(ServiceSummaries.table)
            .field("swept_generation", .int, .required, .sql(.default(0))).update()
        try await database.schema(ServiceSummaries.table)
            .field("swept_on", .string, .required, .sql(.default(SQLLiteral.string("")))).update()
        // Every organisation watches from now, on Grip's defaults (version 1): nothing before fires.
        let now = Clock.current.now()
        for org in try await Organisation.query(on: database).all() {
            _ = try await ThresholdsInForce.watching(organisationID: org.requireID(), now: now, on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EscalationFiring.schema).delete()
        for column in ["swept_generation", "swept_on"] {
            try await database.schema(ServiceSummaries.table).deleteField(.string(column)).update()
        }
    }
}
