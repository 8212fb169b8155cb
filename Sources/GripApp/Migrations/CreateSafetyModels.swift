import Fluent
import SQLKit

/// Safety-critical operating models, their signatures, checks done and verifications (issue 36).
struct CreateSafetyModels: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema(OperatingModel.schema)
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("start_day", .string, .required)
            .field("planned_end_day", .string, .required)
            .field("re_sign_days", .int, .required)
            .field("shifts_per_day", .int, .required)
            .field("checks", .string, .required)
            .field("completed_by", .string, .required)
            .field("verified_by", .string, .required)
            .field("protects", .string, .required)
            .field("stood_down_on", .string)
            .field("stand_down_evidence", .string)
            .field("stood_down_by", .uuid, .references("users", "id"))
            .field("stand_down_approved_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.ownedSchema(OperatingModelSignature.schema)
            .field("model_id", .uuid, .required, .references(OperatingModel.schema, "id"))
            .field("signed_by", .uuid, .required, .references("users", "id"))
            .field("day", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.ownedSchema(SafetyCheckRecord.schema)
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("model_id", .uuid, .required, .references(OperatingModel.schema, "id"))
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .field("day", .string, .required)
            .field("check_key", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.ownedSchema(SafetyVerification.schema)
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("model_id", .uuid, .required, .references(OperatingModel.schema, "id"))
            .field("verifier_id", .uuid, .required, .references("users", "id"))
            .field("day", .string, .required)
            .field("check_key", .string, .required)
            .field("method", .string, .required)
            .field("held", .bool, .required)
            .field("found", .string, .required)
            .field("created_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        // A service's models; a model's signatures, checks and verifications by day (its page and the pack read
        // them per model over a span of days).
        for statement in [
            "CREATE INDEX safety_models_service ON safety_models (service_id, start_day)",
            "CREATE INDEX safety_model_signatures_model ON safety_model_signatures (model_id, day)",
            "CREATE INDEX safety_check_records_model ON safety_check_records (model_id, day)",
            "CREATE INDEX safety_verifications_model ON safety_verifications (model_id, day)"
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in [
            SafetyVerification.schema, SafetyCheckRecord.schema, OperatingModelSignature.schema, OperatingModel.schema
        ] {
            try await database.schema(table).delete()
        }
    }
}
