import Fluent
import GripCore
import Vapor

/// `grip import indicators|actions|concerns|interventions FILE [--organisation NAME]`: the same all-or-nothing
/// imports as the pages.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "indicators, actions, concerns or interventions") var kind: String
        @Argument(
            name: "file",
            help: "indicators: a CSV file (service,indicator,period,value); actions: an action plan as CSV or XLSX")
        var file: String
        @Option(name: "organisation", help: "The organisation, where the database holds more than one")
        var organisation: String?
    }
    var help: String {
        "Imports indicator values (CSV), an action plan, safeguarding concerns or restrictive interventions (CSV or "
            + "XLSX), all or nothing, naming every bad row and column."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard ["indicators", "actions", "concerns", "interventions"].contains(signature.kind) else {
            throw CommandFailure(
                "unknown import '\(signature.kind)': use 'grip import indicators FILE.csv', "
                    + "'grip import actions FILE', 'grip import concerns FILE' or 'grip import interventions FILE'")
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure("cannot read \(signature.file)")
        }
        if signature.kind == "actions" { return try await importActions(data, context: context, signature: signature) }
        if let log = CareLogImport.Log(rawValue: signature.kind) {
            return try await importLog(log, data, context: context, signature: signature)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("\(signature.file) is not UTF-8 text")
        }
        let app = context.application
        try await app.autoMigrate()
        let org = try await OrganisationChoice.resolve(signature.organisation, on: app.db)
        let service = IndicatorService(
            db: app.db, actor: Actor(system: "grip import indicators", organisationID: try org.requireID()))
        do {
            let entries = try await service.parseImport(text)
            let summary = try await service.save(entries)
            context.console.print(
                """
                Imported \(entries.count) value(s) into \(org.name): \(summary.created) new, \(summary.updated) \
                updated, \(summary.unchanged) unchanged.
                """
            )
        } catch let failure as IndicatorService.ImportFailure {
            for p in failure.problems {
                context.console.print("row \(p.row)\(p.column.isEmpty ? "" : ", column \(p.column)"): \(p.message)")
            }
            throw CommandFailure("nothing was imported: \(failure.problems.count) problem(s) in \(signature.file)")
        }
    }
}

extension ImportCommand {
    /// The columns are matched to Grip's fields by their header names (see the README's sample).
    func importActions(_ data: Data, context: CommandContext, signature: Signature) async throws {
        let table: (header: [String], rows: [[String]])
        do { table = try SpreadsheetReader.read(data) } catch {
            throw CommandFailure("\(signature.file): \(error.message) Nothing was imported.")
        }
        let app = context.application
        try await app.autoMigrate()
        let org = try await OrganisationChoice.resolve(signature.organisation, on: app.db)
        let service = ActionImportService(
            db: app.db, actor: Actor(system: "grip import actions", organisationID: try org.requireID()),
            today: Clock.current.today())
        do {
            let created = try await service.run(
                header: table.header, rows: table.rows, mapping: ActionImport.autoMap(header: table.header))
            context.console.print(
                """
                Imported \(created.count) action(s) into \(org.name): \
                \(created.first?.reference ?? "")–\(created.last?.reference ?? "").
                """
            )
        } catch let failure as ActionImportService.Failure {
            for p in failure.problems { context.console.print(p.description) }
            throw CommandFailure("nothing was imported: \(failure.problems.count) problem(s) in \(signature.file)")
        }
    }
}

extension ImportCommand {
    /// Safeguarding concerns or restrictive interventions from a care-record system's export (issue 23).
    func importLog(_ log: CareLogImport.Log, _ data: Data, context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let org = try await OrganisationChoice.resolve(signature.organisation, on: app.db)
        let actor = Actor(system: "grip import \(log.rawValue)", organisationID: try org.requireID())
        do {
            let n = try await CareLogImport(db: app.db, actor: actor, now: Clock.current.now()).run(log, data: data)
            context.console.print("Imported \(n) \(log == .concerns ? "concern" : "intervention")(s) into \(org.name).")
        } catch let failure as CareLogImport.Failure {
            for p in failure.problems { context.console.print(p.description) }
            throw CommandFailure("nothing was imported: \(failure.problems.count) problem(s) in \(signature.file)")
        }
    }
}

/// `--organisation NAME`, needed only where the database holds more than one.
enum OrganisationChoice {
    static func resolve(_ name: String?, on db: any Database) async throws -> Organisation {
        if let name {
            guard let org = try await Organisation.query(on: db).filter(\.$name == name).first() else {
                throw CommandFailure("--organisation: no organisation called '\(name)'")
            }
            return org
        }
        let all = try await Organisation.query(on: db).sort(\.$name).all()
        guard all.count == 1, let only = all.first else {
            throw CommandFailure(
                all.isEmpty
                    ? "the database has no organisation yet: run grip create-admin first"
                    : """
                    --organisation: the database holds \(all.count) organisations \
                    (\(all.map(\.name).joined(separator: ", "))); name one
                    """
            )
        }
        return only
    }
}
