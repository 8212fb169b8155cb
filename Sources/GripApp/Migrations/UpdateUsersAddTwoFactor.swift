import Fluent
import SQLKit

/// Two-factor sign-in (TOTP): each person's secret, when they set it up, and the last time step
/// used (so a code works once); and the roles an organisation requires it of.
struct UpdateUsersAddTwoFactor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("totp_secret", .string).update()
        try await database.schema("users").field("totp_enabled_at", .datetime).update()
        try await database.schema("users").field("totp_last_step", .int64).update()
        try await database.schema("organisations").field("two_factor_roles", .string, .required, .sql(.default("")))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").deleteField("two_factor_roles").update()
        try await database.schema("users").deleteField("totp_last_step").update()
        try await database.schema("users").deleteField("totp_enabled_at").update()
        try await database.schema("users").deleteField("totp_secret").update()
    }
}
