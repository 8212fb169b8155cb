import Fluent
import GripCore
import Vapor

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
