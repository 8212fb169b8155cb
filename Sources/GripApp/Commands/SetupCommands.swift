import Fluent
import GripCore
import Vapor

/// `grip migrate`: applies every pending migration (serve and demo also do it on start).
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Applies Grip's database migrations (SQLite in GRIP_DATA_DIR, or DATABASE_URL)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("Migrations are up to date.")
    }
}

/// `grip create-admin --organisation NAME --email E --password P [--name N]`
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "organisation", help: "The organisation (provider) to create") var organisation: String?
        @Option(name: "email", help: "The first admin's e-mail address") var email: String?
        @Option(name: "password", help: "The first admin's password (at least 10 characters)") var password: String?
        @Option(name: "name", help: "The first admin's name (default: Administrator)") var name: String?
    }
    var help: String { "Adds an organisation and its first provider admin (on an empty or a populated database)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var missing: [String] = []
        if signature.organisation == nil { missing.append("--organisation NAME") }
        if signature.email == nil { missing.append("--email E") }
        if signature.password == nil { missing.append("--password P") }
        guard missing.isEmpty else { throw CommandFailure("missing \(missing.joined(separator: ", "))") }
        try await app.autoMigrate()
        do {
            let (org, admin) = try await OrganisationService.createWithAdmin(
                name: signature.organisation!, adminName: signature.name ?? "Administrator", email: signature.email!,
                password: signature.password!, hasher: app.password, on: app.db)
            context.console.print("Created organisation \(org.name) with provider admin \(admin.email).")
        } catch let e as AppError {
            throw CommandFailure(
                e.fieldErrors.map { "--\($0.field == "organisation" ? "organisation" : $0.field): \($0.message)" }
                    .joined(separator: "\n"))
        }
    }
}
