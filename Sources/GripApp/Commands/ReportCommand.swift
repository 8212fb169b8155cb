import Fluent
import GripCore
import Vapor

/// `grip report commissioner|cqc|oversight [--services A,B] [--from D] [--to D] [--framework ID]
/// [--format html|pdf|csv] --out FILE`
struct ReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "commissioner, cqc or oversight") var kind: String
        @Option(name: "services", help: "Service names, comma-separated (default: every service)") var services: String?
        @Option(name: "from", help: "First day (2026-08-01 or 1/8/2026; default: the last three full months)") var from:
            String?
        @Option(name: "to", help: "Last day") var to: String?
        @Option(name: "format", help: "html, pdf or csv (default html)") var format: String?
        @Option(name: "framework", help: "The framework version to make it under (default: the one in force)")
        var framework: String?
        @Option(name: "out", help: "The file to write") var out: String?
        @Option(name: "organisation", help: "The organisation, where the database holds more than one")
        var organisation: String?
    }
    var help: String { "Builds a pack (commissioner, cqc or oversight) as HTML, PDF or CSV." }

    func run(using context: CommandContext, signature: Signature) async throws {
        // Every flag is checked before anything is read or written.
        var problems: [String] = []
        let kind = Pack.Kind(rawValue: signature.kind)
        if kind == nil {
            problems.append("kind: '\(signature.kind)' is not a pack; use commissioner, cqc or oversight")
        }
        let format = PackRenderer.Format(rawValue: signature.format ?? "html")
        if format == nil { problems.append("--format: '\(signature.format ?? "")' is not html, pdf or csv") }
        let out = signature.out ?? ""
        if out.isEmpty { problems.append("--out: name the file to write") }
        let today = Clock.current.today()
        var period: ReportPeriod?
        do { period = try ReportPeriod.parse(from: signature.from, to: signature.to, today: today) } catch {
            problems += error.errors.map { "--\($0.field): \($0.message)" }
        }
        if format == .pdf, PackRenderer.chromium() == nil {
            problems.append("--format pdf: " + PackRenderer.noChromium)
        }
        guard problems.isEmpty, let kind, let format, let period else {
            for p in problems { context.console.print(p) }
            throw CommandFailure("no pack was written")
        }
        let app = context.application
        try await app.autoMigrate()
        let org = try await OrganisationChoice.resolve(signature.organisation, on: app.db)
        let actor = Actor(system: "grip report", organisationID: try org.requireID())
        var serviceIDs: [UUID]?
        if let names = signature.services?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
            .filter({ !$0.isEmpty }), !names.isEmpty
        {
            let found = try await Scoped.query(Service.self, for: actor, on: app.db).filter(
                \.$name ~~ names
            ).all()
            let missing = names.filter { n in !found.contains { $0.name == n } }
            guard missing.isEmpty else {
                throw CommandFailure(
                    "--services: no service called \(missing.map { "'\($0)'" }.joined(separator: ", ")) in \(org.name)")
            }
            serviceIDs = found.compactMap(\.id)
        }
        let base =
            Environment.get("GRIP_PUBLIC_URL").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            ?? "http://127.0.0.1:8080"
        let pack: Pack
        do {
            pack = try await PackRenderer.build(
                kind, actor: actor, serviceIDs: serviceIDs, period: period,
                today: today,
                baseURL: base, framework: signature.framework, on: app.db)
        } catch let e as AppError where e.status == .unprocessableEntity {
            throw CommandFailure("--framework: " + e.reason)
        }
        let data: Data
        switch format {
        case .html: data = Data(try await PackRenderer.html(pack, standalone: true, views: app.view).utf8)
        case .csv: data = Data(pack.csv().utf8)
        case .pdf:
            data = try await PackRenderer.pdf(
                html: try await PackRenderer.html(pack, standalone: true, views: app.view))
        }
        guard FileManager.default.createFile(atPath: out, contents: data) else {
            throw CommandFailure("--out: cannot write \(out)")
        }
        context.console.print(
            """
            Wrote the \(kind.title) for \(org.name), \(period.label), \(pack.services.count) service(s), to \
            \(out) (\(data.count) bytes).
            """
        )
    }
}
