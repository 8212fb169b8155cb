import Fluent

/// Failed sign-ins, for `SignInThrottle` (looked up by e-mail and by network address, newest first).
struct CreateSignInFailure: AsyncMigration {
    static let indexes = [
        (name: "idx_sign_in_failures_email", table: "sign_in_failures", columns: ["email", "at"]),
        (name: "idx_sign_in_failures_address", table: "sign_in_failures", columns: ["address", "at"]),
        (name: "idx_sign_in_failures_at", table: "sign_in_failures", columns: ["at"])
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema(SignInFailure.schema)
            .id()
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await CreateIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInFailure.schema).delete()
    }
}
