import Fluent
import Foundation
import GripCore
import Vapor

/// `grip summaries verify|rebuild`: checks the per-service read model against the records, or
/// recomputes every summary (exit 1 from verify when any stored summary differs).
struct SummariesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify or rebuild") var action: String
    }
    var help: String {
        "Checks the service summaries the dashboards read against the records (verify), or recomputes them (rebuild)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard ["verify", "rebuild"].contains(signature.action) else {
            throw CommandFailure(
                "unknown summaries command '\(signature.action)': use 'grip summaries verify' or "
                    + "'grip summaries rebuild'")
        }
        let app = context.application
        try await app.autoMigrate()
        let today = Clock.current.today()
        var differing = 0
        for org in try await Organisation.query(on: app.db).sort(\.$name).all() {
            let id = try org.requireID()
            if signature.action == "rebuild" {
                let n = try await ServiceSummaries.refresh(organisationID: id, today: today, all: true, on: app.db)
                context.console.print("rebuilt \(org.name): \(n) service summaries")
                continue
            }
            let report = try await ServiceSummaries.verify(organisationID: id, today: today, on: app.db)
            for d in report.differences {
                context.console.print("DIFFERS \(org.name) / \(d.service): \(d.problems.joined(separator: "; "))")
            }
            differing += report.differences.count
            context.console.print(
                "\(report.differences.isEmpty ? "ok" : "DIFFERENT") \(org.name): \(report.checked) "
                    + "current summaries checked, \(report.stale) stale (recomputed when next read)")
        }
        if differing > 0 {
            throw CommandFailure("\(differing) service summaries differ from the records: run 'grip summaries rebuild'")
        }
    }
}
