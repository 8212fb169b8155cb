import Fluent
import GripCore
import Vapor

/// `grip framework list|import FILE|crosswalk FILE|use ID [--from DAY]`, each with `[--organisation NAME]`:
/// framework versions and crosswalks from files, and the framework in force (the same rules and audit as the
/// frameworks page).
struct FrameworkCommands: AsyncCommandGroup {
    var help: String {
        "Framework versions: list them, load one (JSON or CSV) or a crosswalk (CSV), put one in force."
    }
    var commands: [String: any AnyAsyncCommand] {
        ["list": List(), "import": Import(), "crosswalk": LoadCrosswalk(), "use": Use()]
    }

    /// Runs `body` with the organisation's framework service; bad input is printed field by field, nothing changed.
    static func run(
        _ context: CommandContext, organisation: String?, name: String,
        _ body: (FrameworkService, Organisation) async throws -> Void
    ) async throws {
        let app = context.application
        try await app.autoMigrate()
        let org = try await OrganisationChoice.resolve(organisation, on: app.db)
        let actor = Actor(system: "grip framework \(name)", organisationID: try org.requireID())
        do {
            try await body(FrameworkService(db: app.db, actor: actor, today: Clock.current.today()), org)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            for f in e.fieldErrors {
                context.console.print(f.field == "file" ? f.message : "\(f.field): \(f.message)")
            }
            throw CommandFailure("nothing was changed: \(e.fieldErrors.count) problem(s)")
        }
    }

    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read \(path)")
        }
        return data
    }

    struct List: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "organisation", help: "The organisation, where the database holds more than one")
            var organisation: String?
        }
        var help: String { "Lists the framework versions (* marks the one in force)." }
        func run(using context: CommandContext, signature: Signature) async throws {
            try await FrameworkCommands.run(context, organisation: signature.organisation, name: "list") {
                service, _ in
                let inForce = try await service.catalogue.inForce().framework.id
                for fw in try await service.catalogue.all() {
                    context.console.print(
                        "\(fw.id == inForce ? "*" : " ") \(fw.id)  \(fw.title) · \(fw.owner) · "
                            + "\(fw.kind.rawValue) · \(fw.items.count) items")
                }
            }
        }
    }

    struct Import: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "The framework version as JSON or CSV (see the README, Frameworks)")
            var file: String
            @Option(name: "organisation", help: "The organisation, where the database holds more than one")
            var organisation: String?
        }
        var help: String {
            "Loads a framework version from a JSON or CSV file; a file with any problem loads nothing."
        }
        func run(using context: CommandContext, signature: Signature) async throws {
            let data = try FrameworkCommands.read(signature.file)
            try await FrameworkCommands.run(
                context, organisation: signature.organisation,
                name: "import"
            ) { service, org in
                let fw = try await service.load(data)
                context.console.print(
                    "Loaded \(fw.name) into \(org.name): \(fw.groups.count) groups, \(fw.items.count) "
                        + "items."
                        + (fw.kind == .regulator ? " Put it in force with: grip framework use \(fw.id)" : ""))
            }
        }
    }

    struct LoadCrosswalk: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "CSV: from_framework, from_item, to_framework, to_item, basis") var file:
                String
            @Option(name: "organisation", help: "The organisation, where the database holds more than one")
            var organisation: String?
        }
        var help: String { "Loads a crosswalk between two loaded versions; it replaces one between the same pair." }
        func run(using context: CommandContext, signature: Signature) async throws {
            let data = try FrameworkCommands.read(signature.file)
            try await FrameworkCommands.run(context, organisation: signature.organisation, name: "crosswalk") {
                service, org in
                let cw = try await service.loadCrosswalk(data)
                context.console.print(
                    "Loaded the crosswalk from \(cw.from) to \(cw.to) into \(org.name): \(cw.rows.count) rows.")
            }
        }
    }

    struct Use: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "id", help: "The regulator framework version to put in force") var id: String
            @Option(name: "from", help: "The day it took effect (YYYY-MM-DD; default today)") var from: String?
            @Option(name: "organisation", help: "The organisation, where the database holds more than one")
            var organisation: String?
        }
        var help: String { "Puts a regulator framework version in force; mappings under other versions are kept." }
        func run(using context: CommandContext, signature: Signature) async throws {
            var day: Day?
            if let from = signature.from {
                guard let d = Day(iso: from) else {
                    throw CommandFailure("--from: '\(from)' is not a day (YYYY-MM-DD)")
                }
                day = d
            }
            try await FrameworkCommands.run(context, organisation: signature.organisation, name: "use") {
                service, org in
                let fw = try await service.choose(signature.id, effectiveOn: day, expected: nil)
                context.console.print(
                    "\(fw.name) is now in force in \(org.name) from \((day ?? service.today).ukFormat).")
            }
        }
    }
}
