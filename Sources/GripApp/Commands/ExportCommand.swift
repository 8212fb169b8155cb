import Fluent
import GripCore
import Vapor

/// `grip export actions|map [--format csv|xlsx] --out FILE [--organisation NAME]`
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "actions or map") var what: String
        @Option(name: "format", help: "csv or xlsx (default xlsx)") var format: String?
        @Option(name: "out", help: "The file to write") var out: String?
        @Option(name: "organisation", help: "The organisation, where the database holds more than one")
        var organisation: String?
    }
    var help: String { "Exports the action list or the recovery map as XLSX or CSV." }

    func run(using context: CommandContext, signature: Signature) async throws {
        var problems: [String] = []
        if !["actions", "map"].contains(signature.what) {
            problems.append("'\(signature.what)' cannot be exported; use actions or map")
        }
        let format = Exports.Format(rawValue: signature.format ?? "xlsx")
        if format == nil { problems.append("--format: '\(signature.format ?? "")' is not csv or xlsx") }
        let out = signature.out ?? ""
        if out.isEmpty { problems.append("--out: name the file to write") }
        guard problems.isEmpty, let format else {
            for p in problems { context.console.print(p) }
            throw CommandFailure("nothing was written")
        }
        let app = context.application
        try await app.autoMigrate()
        let org = try await OrganisationChoice.resolve(signature.organisation, on: app.db)
        let actor = Actor(system: "grip export", organisationID: try org.requireID())
        let table =
            signature.what == "actions"
            ? try await Exports.actions(
                ActionFilter(),
                framework: try await FrameworkCatalogue(
                    db: app.db, organisationID: actor.organisationID
                ).inForce().framework,
                actor: actor, today: Clock.current.today(), on: app.db)
            : try await Exports.map(RecoveryMap.Filter(), actor: actor, on: app.db)
        let data = format == .csv ? Data(table.csv().utf8) : try table.xlsx()
        guard FileManager.default.createFile(atPath: out, contents: data) else {
            throw CommandFailure("--out: cannot write \(out)")
        }
        context.console.print(
            "Wrote \(table.rows.count) row(s) of \(table.name.lowercased()) for \(org.name) to \(out).")
    }
}
