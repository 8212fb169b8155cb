import Fluent
import SQLKit
import GripCore
import Vapor

/// `grip bench packs [--runs N] [--organisation NAME]`: times building each pack (data, assembly
/// and HTML) on the database as it is, e.g. the demo provider; prints runs, median, p95 and queries.
struct BenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "packs, or data (fills an empty database with the benchmark's data set)")
        var what: String
        @Option(name: "scale", help: "small, group or national (for data; default small)") var scale: String?
        @Option(name: "manifest", help: "For data: also write what the harness needs (ids, counts) to this JSON file")
        var manifest: String?
        @Option(name: "runs", help: "Runs per pack (default 10)") var runs: Int?
        @Option(name: "organisation", help: "The organisation, where the database holds more than one")
        var organisation: String?
    }
    var help: String {
        "grip bench packs: times each pack on the current data; "
            + "grip bench data --scale S: fills an empty database with the benchmark's data set; "
            + "grip bench [--scale …]: the whole benchmark over HTTP (see Benchmarks.md)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.what == "data" { return try await generate(context: context, signature: signature) }
        guard signature.what == "packs" else {
            throw CommandFailure("unknown benchmark '\(signature.what)': use 'grip bench packs' or 'grip bench data'")
        }
        let runs = signature.runs ?? 10
        guard (1...1000).contains(runs) else { throw CommandFailure("--runs: use 1 to 1000") }
        let app = context.application
        try await app.autoMigrate()
        let org = try await OrganisationChoice.resolve(signature.organisation, on: app.db)
        let actor = Actor(system: "grip bench", organisationID: try org.requireID())
        let today = Clock.current.today()
        let period = ReportPeriod(from: today.adding(days: -90), to: today)!
        let services = try await Scoped.query(Service.self, for: actor, on: app.db).count()
        context.console.print(
            """
            Packs for \(org.name): \(services) service(s), \(period.label), \(runs) run(s) each (data, assembly \
            and HTML).
            """
        )
        context.console.print("pack            median_ms   p95_ms   queries   html_kb")
        for kind in Pack.Kind.allCases {
            var times: [Double] = []
            var queries = 0, size = 0
            for _ in 0..<runs {
                let history = QueryHistory()
                let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: history)!
                let start = ContinuousClock.now
                let pack = try await PackRenderer.build(
                    kind, actor: actor, serviceIDs: nil, period: period, today: today, baseURL: "", on: db)
                let html = try await PackRenderer.html(pack, standalone: true, views: app.view)
                let elapsed = ContinuousClock.now - start
                times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                queries = history.queries.count
                size = html.utf8.count
            }
            guard let summary = LatencySummary(milliseconds: times, wallSeconds: times.reduce(0, +) / 1000) else {
                continue
            }
            context.console.print(
                kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + String(format: "%9.1f %8.1f %9d %9d", summary.p50, summary.p95, queries, size / 1024))
        }
    }

    /// The deterministic data set, into an empty database (`grip bench` runs this in a child process).
    func generate(context: CommandContext, signature: Signature) async throws {
        guard let scale = BenchScale(rawValue: signature.scale ?? "small") else {
            throw CommandFailure("--scale: use small, group or national")
        }
        let app = context.application
        try await app.autoMigrate()
        guard try await Organisation.query(on: app.db).count() == 0 else {
            throw CommandFailure("the database is not empty: point GRIP_DATA_DIR at a fresh folder")
        }
        let start = ContinuousClock.now
        let hash = try app.password.hash(BenchData.password)
        var manifest = try await BenchData.generate(
            scale, passwordHash: hash, today: Clock.current.today(), on: app.db)
        // Settled as a live database is: on PostgreSQL the bulk load is vacuumed and measured now, or autovacuum
        // does it during the first operations (it did, 7 December: the first read ran at three times its steady
        // time). SQLite's tables are measured when the server starts (`configure`).
        if app.gripConfig?.store.isSQLite == false, let sql = app.db as? any SQLDatabase {
            try await sql.raw("VACUUM ANALYZE").run()
        }
        manifest.seconds = (ContinuousClock.now - start).seconds
        context.console.print(
            "Generated the \(scale.rawValue) data set in " + String(format: "%.1f s: ", manifest.seconds)
                + manifest.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        if let path = signature.manifest {
            try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: path))
        }
    }
}
