import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import GripCore
import Leaf
import LeafKit
import Vapor

/// Where Grip keeps its data and how it hashes passwords.
public struct GripConfig: Sendable {
    public enum Store: Sendable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(String)

        var isSQLite: Bool {
            if case .postgres = self { return false }
            return true
        }
    }

    public var store: Store
    public var dataDirectory: String
    public var bcryptCost: Int
    public var autoMigrate: Bool
    /// Recompute the service summaries at start-up and each midnight (`DayRoll`): serve and demo.
    public var dayRoll = false
    /// The largest evidence file accepted (`GRIP_MAX_UPLOAD_MB`, default 20 MB).
    public var maxUploadBytes: Int
    /// The level at which every SQL statement is logged (`GRIP_SQL_LOG`, default debug). `grip bench`
    /// counts the statements of each operation by logging them at warning.
    public var sqlLogLevel: Logger.Level = .debug
    /// England's bank holidays, for working days (`GRIP_BANK_HOLIDAYS`: GOV.UK's `bank-holidays.json`; default the
    /// list shipped with Grip, 2025–2028).
    public var bankHolidays: BankHolidays = .shipped

    public init(
        store: Store, dataDirectory: String, bcryptCost: Int = 12, autoMigrate: Bool = true,
        maxUploadBytes: Int = FileCheck.defaultLimitBytes
    ) {
        self.store = store
        self.dataDirectory = dataDirectory
        self.bcryptCost = bcryptCost
        self.autoMigrate = autoMigrate
        self.maxUploadBytes = maxUploadBytes
    }

    /// `DATABASE_URL` (postgres://…) or the SQLite file `grip.sqlite` in `GRIP_DATA_DIR` (default ./grip-data).
    public static func fromEnvironment() throws -> GripConfig {
        let dir = Environment.get("GRIP_DATA_DIR").flatMap { $0.isEmpty ? nil : $0 } ?? "./grip-data"
        var limit = FileCheck.defaultLimitBytes
        if let raw = Environment.get("GRIP_MAX_UPLOAD_MB"), !raw.isEmpty {
            guard let mb = Int(raw), (1...1024).contains(mb) else {
                throw AppError(
                    .badRequest, "GRIP_MAX_UPLOAD_MB must be a whole number of megabytes from 1 to 1024 (was '\(raw)')."
                )
            }
            limit = mb * 1_048_576
        }
        var sqlLevel = Logger.Level.debug
        if let raw = Environment.get("GRIP_SQL_LOG"), !raw.isEmpty {
            guard let level = Logger.Level(rawValue: raw.lowercased()) else {
                let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw AppError(.badRequest, "GRIP_SQL_LOG must be a log level (\(names)); was '\(raw)'.")
            }
            sqlLevel = level
        }
        var config: GripConfig
        if let url = Environment.get("DATABASE_URL"), !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw AppError(
                    .badRequest, "DATABASE_URL must be a postgres:// URL (or unset for SQLite in GRIP_DATA_DIR).")
            }
            config = GripConfig(store: .postgres(url), dataDirectory: dir, maxUploadBytes: limit)
        } else {
            config = GripConfig(store: .sqliteFile(dir + "/grip.sqlite"), dataDirectory: dir, maxUploadBytes: limit)
        }
        config.sqlLogLevel = sqlLevel
        if let path = Environment.get("GRIP_BANK_HOLIDAYS"), !path.isEmpty {
            config.bankHolidays = try bankHolidays(from: path)
        }
        return config
    }

    /// A replacement list of bank holidays, GOV.UK's `bank-holidays.json` as downloaded; a file that cannot be
    /// read or is not that format stops the start with the reason.
    static func bankHolidays(from path: String) throws -> BankHolidays {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.badRequest, "GRIP_BANK_HOLIDAYS: cannot read '\(path)'.")
        }
        do {
            return try BankHolidays.parse(data)
        } catch {
            throw AppError(.badRequest, "GRIP_BANK_HOLIDAYS ('\(path)'): \(error.description)")
        }
    }
}

extension Application {
    struct GripConfigKey: StorageKey { typealias Value = GripConfig }
    var maxUploadBytes: Int { gripConfig?.maxUploadBytes ?? FileCheck.defaultLimitBytes }
    /// The bank holidays working days skip (`GRIP_BANK_HOLIDAYS`, else Grip's list).
    var bankHolidays: BankHolidays { gripConfig?.bankHolidays ?? .shipped }

    var gripConfig: GripConfig? {
        get { storage[GripConfigKey.self] }
        set { storage[GripConfigKey.self] = newValue }
    }
}

/// Resources (templates, static files) are found from the module bundle, whatever the working directory.
enum GripResources {
    static var root: URL { Bundle.module.resourceURL ?? Bundle.module.bundleURL }
    static var views: String { root.appendingPathComponent("Views").path + "/" }
    static var publicFiles: String { root.appendingPathComponent("Public").path + "/" }
}

/// SQLite's writes, one at a time on a writer connection of their own (`SerialWrites.swift`).
private func serialWrites(_ sqlite: DatabaseConfigurationFactory) -> any DatabaseConfiguration {
    SerialWritesConfiguration(inner: sqlite.make())
}

public func configure(_ app: Application, config: GripConfig) async throws {
    app.gripConfig = config
    switch config.store {
    case .sqliteFile(let path):
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        app.databases.use(serialWrites(.sqlite(.file(path), sqlLogLevel: config.sqlLogLevel)), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(serialWrites(.sqlite(.memory, sqlLogLevel: config.sqlLogLevel)), as: .sqlite)
    case .postgres(let url):
        app.databases.use(
            .postgres(
                configuration: try SQLPostgresConfiguration(url: url),
                sqlLogLevel: config.sqlLogLevel), as: .psql)
    }
    if config.store.isSQLite {
        // The query planner's statistics, gathered before any reading connection opens (a connection reads them
        // when it opens): without them SQLite guessed that an organisation's index was as selective as a
        // service's, and walked 20,000 actions in reference order to find a service's 100 (issue 35). Tables
        // never measured, or grown or shrunk tenfold since, are measured again at each start, each index from at
        // most 20,000 rows, so a start stays well under a second however large the data.
        try await app.db.onWriter("PRAGMA analysis_limit=20000")
        try await app.db.onWriter("PRAGMA optimize=0x10002")
        // WAL lets readers carry on while the writer commits (a read held open never blocks a write,
        // `SerialWrites.swift`); persistent in the file. Tests' in-memory stores are files too.
        try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode=WAL").run()
        // Per connection (one per event loop, and the writer): a 32 MB page cache instead of SQLite's 2 MB, so
        // a large provider group's hot pages stay in memory rather than being read again each query, and
        // temporary B-trees and statement journals in memory, not in files (issue 35: the writer had neither, and
        // an import of 100,000 values spilled its cache and wrote a statement journal to disk).
        // And a write that still meets the writer's open transaction on a pool connection waits at most 10 s,
        // sleeping, then fails with SQLITE_BUSY: SQLiteNIO's own busy handler retries forever, holding a thread the
        // writer may need to commit (`QuietSessions`).
        let settings: [SQLQueryString] = [
            "PRAGMA cache_size=-32768", "PRAGMA temp_store=MEMORY", "PRAGMA busy_timeout=10000"
        ]
        for loop in app.eventLoopGroup.makeIterator() {
            guard let db = app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase else { continue }
            for setting in settings { try await db.raw(setting).run() }
        }
        for setting in settings { try await app.db.onWriter(setting) }
    }
    app.migrations.addGripMigrations()

    // The API speaks snake_case (DESIGN §3); Swift names stay camelCase.
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    // Every body's text is checked against GripCore's InputLimits before it is decoded.
    ContentConfiguration.global.use(decoder: CheckedJSONDecoder(base: decoder), for: .json)
    ContentConfiguration.global.use(decoder: CheckedFormDecoder(), for: .urlEncodedForm)
    ContentConfiguration.global.use(decoder: CheckedFormDataDecoder(), for: .formData)
    app.passwords.use(.bcrypt(cost: config.bcryptCost))

    app.views.use(.leaf)
    app.leaf.configuration = LeafConfiguration(rootDirectory: GripResources.views)
    // The bundle may sit under a hidden folder (.build): limit to the sandbox, not to visible paths.
    app.leaf.sources = LeafSources.singleSource(
        NIOLeafFiles(
            fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
            sandboxDirectory: GripResources.views, viewDirectory: GripResources.views))
    app.leaf.cache.isEnabled = app.environment.isRelease
    // Markup built in Swift reaches a page only as `HTML`, through `#markup`; `#unsafeHTML` is not available.
    app.leaf.tags["markup"] = MarkupTag()
    app.leaf.tags["route"] = RouteTag()
    app.leaf.tags["unsafeHTML"] = RefusedUnsafeHTMLTag()

    app.sessions.use { QuietSessions(inner: $0.fluent.sessions.driver()) }
    app.sessions.configuration = SessionsConfiguration(cookieName: "grip_session") { id in
        HTTPCookies.Value(
            string: id.string, expires: Clock.current.now().addingTimeInterval(8 * 3600), maxAge: nil, domain: nil,
            path: "/", isSecure: false, isHTTPOnly: true, sameSite: .lax)
    }

    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    // Outside the error middleware, so error pages carry the headers too.
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(GripErrorMiddleware(environment: app.environment))
    app.middleware.use(FileMiddleware(publicDirectory: GripResources.publicFiles))
    app.routes.defaultMaxBodySize = "2mb"

    Metrics.bootstrapOnce()

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(TokenCommand(), as: "token")
    app.asyncCommands.use(TwoFactorCommand(), as: "two-factor")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(FrameworkCommands(), as: "framework")
    app.asyncCommands.use(ReportCommand(), as: "report")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(BenchCommand(), as: "bench")
    app.asyncCommands.use(SummariesCommand(), as: "summaries")
    app.asyncCommands.use(MailCommand(), as: "mail")

    if config.autoMigrate {
        try await app.autoMigrate()
    }
    if config.dayRoll {
        app.lifecycle.use(DayRoll.loop)
        app.lifecycle.use(EscalationSweeper.loop)
        // Reminders by e-mail (issue 24): a bad GRIP_SMTP_URL stops the start with the reason.
        app.lifecycle.use(MailWorker(settings: try MailSettings.fromEnvironment()))
    }
    try routes(app)
}
