import Fluent
import GripCore
import Vapor

/// `grip import indicators FILE.csv [--organisation NAME]`: the same all-or-nothing import as the page.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "indicators") var kind: String
        @Argument(name: "file", help: "The CSV file (service,indicator,period,value)") var file: String
        @Option(name: "organisation", help: "The organisation, where the database holds more than one") var organisation: String?
    }
    var help: String { "Imports indicator values from CSV (service,indicator,period,value), all or nothing." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.kind == "indicators" else {
            throw CommandFailure("unknown import '\(signature.kind)': use 'grip import indicators FILE.csv'")
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else { throw CommandFailure("cannot read \(signature.file)") }
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
