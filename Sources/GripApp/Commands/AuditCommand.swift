import Fluent
import GripCore
import Vapor

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
