import Fluent
import Foundation
import SQLKit
import Vapor

/// `grip backup FILE` and `grip restore FILE`: one file holds everything (records, uploaded
/// files – they live in the database – and the audit trail). SQLite: `VACUUM INTO`, a consistent
/// snapshot taken while the server keeps serving and writing. PostgreSQL: `pg_dump`'s custom
/// format (also a consistent snapshot), restored with `pg_restore` into an empty database.
enum Backups {
    enum Kind: Equatable { case sqlite, postgres }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// What a file holds, from its first bytes: an SQLite database or a `pg_dump` custom archive.
    static func kind(ofFile path: String) throws -> Kind {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure("\(path): no such file, or it cannot be read")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if head.starts(with: Array("SQLite format 3\u{0}".utf8)) { return .sqlite }
        if head.starts(with: Array("PGDMP".utf8)) { return .postgres }
        throw Failure("\(path): not a Grip backup (neither an SQLite database nor a pg_dump archive)")
    }

    /// Writes a backup of the running database to `path`, which must not exist yet.
    static func backup(to path: String, store: GripConfig.Store, db: any Database) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failure("\(path): already exists; give a new file name")
        }
        let folder = (path as NSString).deletingLastPathComponent
        guard folder.isEmpty || FileManager.default.fileExists(atPath: folder) else {
            throw Failure("\(path): the folder \(folder) does not exist")
        }
        switch store {
        case .sqliteFile:
            try await (db as! any SQLDatabase).raw("VACUUM INTO \(bind: path)").run()
        case .sqliteMemory:
            throw Failure("an in-memory database cannot be backed up")
        case .postgres(let url):
            try run(
                tool: "pg_dump",
                ["--format=custom", "--no-owner", "--no-privileges", "--file=\(path)", "--dbname=\(url)"])
        }
    }

    /// Restores `path` into the configured store, which must be empty (a fresh data directory, or
    /// an empty PostgreSQL database). Run before anything opens the database.
    static func restore(from path: String, store: GripConfig.Store) throws {
        let kind = try kind(ofFile: path)
        switch store {
        case .sqliteFile(let target):
            guard kind == .sqlite else {
                throw Failure("\(path) is a PostgreSQL backup: restore it with DATABASE_URL set to an empty database")
            }
            if let size = (try? FileManager.default.attributesOfItem(atPath: target))?[.size] as? Int, size > 0 {
                throw Failure("\(target) already holds a database: restore into a fresh, empty GRIP_DATA_DIR")
            }
            let folder = (target as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for leftover in [target, target + "-wal", target + "-shm"] {
                try? FileManager.default.removeItem(atPath: leftover)
            }
            try FileManager.default.copyItem(atPath: path, toPath: target)
        case .sqliteMemory:
            throw Failure("cannot restore into an in-memory database")
        case .postgres(let url):
            guard kind == .postgres else {
                throw Failure("\(path) is an SQLite backup: restore it with GRIP_DATA_DIR set and DATABASE_URL unset")
            }
            try run(tool: "pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname=\(url)", path])
        }
    }

    /// True when the PostgreSQL database has no tables yet (an SQLite restore checks for the file instead).
    static func isEmptyPostgres(_ db: any Database) async throws -> Bool {
        struct Row: Decodable { let n: Int }
        return try await (db as! any SQLDatabase)
            .raw("SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()")
            .first(decoding: Row.self)?.n == 0
    }

    /// Row counts of the tables that matter to people, to compare a restore with its source.
    static let countedTables = [
        "organisations", "users", "services", "actions", "action_steps", "reviews", "evidence",
        "evidence_actions", "stored_files", "indicator_values", "meetings", "escalations", "audit_entries"
    ]

    static func counts(on db: any Database) async throws -> [(table: String, rows: Int)] {
        struct Row: Decodable { let n: Int }
        let sql = db as! any SQLDatabase
        var out: [(String, Int)] = []
        for table in countedTables {
            let n =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).first(
                    decoding: Row.self)?.n ?? 0
            out.append((table, n))
        }
        return out
    }

    /// Runs a PostgreSQL client tool found on PATH or in Debian's /usr/lib/postgresql/*/bin.
    static func run(tool: String, _ arguments: [String]) throws {
        guard let executable = locate(tool) else {
            throw Failure("\(tool) was not found: install the PostgreSQL client tools (Debian: postgresql-client)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                """
                \(tool) failed (exit \(process.terminationStatus)): \
                \(message.trimmingCharacters(in: .whitespacesAndNewlines))
                """
            )
        }
    }

    static func locate(_ tool: String) -> String? {
        let fm = FileManager.default
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map {
            "\($0)/\(tool)"
        }
        let debian = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { "/usr/lib/postgresql/\($0)/bin/\(tool)" }
        return (path + debian).first { fm.isExecutableFile(atPath: $0) }
    }
}
