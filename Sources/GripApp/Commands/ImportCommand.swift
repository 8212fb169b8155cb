import Fluent
import GripCore
import Vapor

/// `grip import indicators FILE.csv [--organisation NAME]`: the same all-or-nothing import as the page.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "indicators or actions") var kind: String
        @Argument(name: "file", help: "indicators: a CSV file (service,indicator,period,value); actions: an action plan as CSV or XLSX") var file: String
        @Option(name: "organisation", help: "The organisation, where the database holds more than one") var organisation: String?
    }
    var help: String { "Imports indicator values (CSV) or an action plan (CSV or XLSX), all or nothing, naming every bad row and column." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.kind == "indicators" || signature.kind == "actions" else {
            throw CommandFailure("unknown import '\(signature.kind)': use 'grip import indicators FILE.csv' or 'grip import actions FILE'")
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else { throw CommandFailure("cannot read \(signature.file)") }
        if signature.kind == "actions" { return try await importActions(data, context: context, signature: signature) }
        guard let text = String(data: data, encoding: .utf8) else { throw CommandFailure("\(signature.file) is not UTF-8 text") }
        let app = context.application
        try await app.autoMigrate()
        let org = try await OrganisationChoice.resolve(signature.organisation, on: app.db)
        let service = IndicatorService(db: app.db, actor: Actor(system: "grip import indicators", organisationID: try org.requireID()))
        do {
            let entries = try await service.parseImport(text)
            let summary = try await service.save(entries)
            context.console.print("Imported \(entries.count) value(s) into \(org.name): \(summary.created) new, \(summary.updated) updated, \(summary.unchanged) unchanged.")
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
        do { table = try SpreadsheetReader.read(data) } catch { throw CommandFailure("\(signature.file): \(error.message) Nothing was imported.") }
        let app = context.application
        try await app.autoMigrate()
        let org = try await OrganisationChoice.resolve(signature.organisation, on: app.db)
        let service = ActionImportService(db: app.db, actor: Actor(system: "grip import actions", organisationID: try org.requireID()), today: Day.today(now: Date()))
        do {
            let created = try await service.run(header: table.header, rows: table.rows, mapping: ActionImport.autoMap(header: table.header))
            context.console.print("Imported \(created.count) action(s) into \(org.name): \(created.first?.reference ?? "")–\(created.last?.reference ?? "").")
        } catch let failure as ActionImportService.Failure {
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
            throw CommandFailure(all.isEmpty ? "the database has no organisation yet: run grip create-admin first"
                                             : "--organisation: the database holds \(all.count) organisations (\(all.map(\.name).joined(separator: ", "))); name one")
        }
        return only
    }
}
