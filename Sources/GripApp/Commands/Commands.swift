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

/// `grip token create --email E --name N`: prints a new API token as the last line.
struct TokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create") var action: String
        @Option(name: "email", help: "The user the token acts as") var email: String?
        @Option(name: "name", help: "What the token is for") var name: String?
    }
    var help: String { "Creates an API token: grip token create --email E --name N (the token is the last line)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else {
            throw CommandFailure(
                "unknown token command '\(signature.action)': use 'grip token create --email E --name N'")
        }
        guard let email = signature.email.flatMap(EmailAddress.normalised) else {
            throw CommandFailure("--email: give the e-mail address of an existing user")
        }
        guard let name = signature.name else { throw CommandFailure("--name: say what the token is for") }
        let app = context.application
        try await app.autoMigrate()
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else {
            throw CommandFailure("--email: no user has the e-mail address \(email)")
        }
        do {
            let (token, secret) = try await TokenService.create(
                name: name, for: user, actor: AuditActor(id: nil, name: "grip token create"), on: app.db)
            context.console.print(
                "Created token \"\(token.name)\" for \(user.email). It is shown once; store it safely:")
            context.console.print(secret)
        } catch let e as AppError {
            throw CommandFailure("--\(e.fieldErrors.first?.field ?? "name"): \(e.reason)")
        }
    }
}

/// `grip two-factor reset --email E`: for a provider admin who lost their phone and has no other
/// admin to reset it; they sign in with their password and set it up again.
struct TwoFactorCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "reset") var action: String
        @Option(name: "email", help: "The person whose two-factor sign-in is reset") var email: String?
    }
    var help: String { "Resets a person's two-factor sign-in (a lost phone): grip two-factor reset --email E." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "reset" else {
            throw CommandFailure(
                "unknown two-factor command '\(signature.action)': use 'grip two-factor reset --email E'")
        }
        guard let email = signature.email.flatMap(EmailAddress.normalised) else {
            throw CommandFailure("--email: give the e-mail address of an existing user")
        }
        let app = context.application
        try await app.autoMigrate()
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else {
            throw CommandFailure("--email: no user has the e-mail address \(email)")
        }
        guard TwoFactor.isEnrolled(user) else {
            throw CommandFailure("--email: \(email) has not set up two-factor sign-in; nothing to reset")
        }
        try await TwoFactor.clear(
            user.requireID(), organisationID: user.$organisation.id,
            by: AuditActor(id: nil, name: "grip two-factor reset"),
            operation: "two_factor_reset", on: app.db)
        context.console.print(
            "Two-factor sign-in for \(email) is reset: they sign in with their password and set it up again.")
    }
}

/// `grip audit verify`: checks every organisation's hash chain.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify") var action: String
    }
    var help: String { "Verifies the audit trail's hash chain: grip audit verify (exit 0 when intact)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else {
            throw CommandFailure("unknown audit command '\(signature.action)': use 'grip audit verify'")
        }
        let app = context.application
        try await app.autoMigrate()
        let results = try await AuditLog.verify(on: app.db)
        var failed = false
        for r in results {
            if let b = r.firstBroken {
                failed = true
                context.console.print("BROKEN \(r.organisation): entry \(b.seq) (id \(b.id.uuidString)): \(b.reason)")
            } else {
                context.console.print("ok \(r.organisation): \(r.checked) entries, chain intact")
            }
        }
        if failed { throw CommandFailure("the audit trail has been altered (see above)") }
        context.console.print(
            "Audit trail verified: \(results.count) organisation(s), \(results.reduce(0) { $0 + $1.checked }) entries.")
    }
}

/// A command error with a plain message; Vapor prints it and exits non-zero.
struct CommandFailure: Error, CustomStringConvertible, LocalizedError {
    let description: String
    init(_ message: String) { description = message }
    var errorDescription: String? { description }
}
