import Fluent
import GripCore
import Vapor

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
