import Fluent
import Foundation
import SQLKit
import Vapor

/// `grip backup FILE`
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Where to write the backup (a new file)") var file: String
    }
    var help: String { "Backs up the whole database (records, files, audit trail) to FILE while Grip keeps running." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let config = app.gripConfig else { throw CommandFailure("Grip is not configured") }
        do {
            try await Backups.backup(to: signature.file, store: config.store, db: app.db)
        } catch let e as Backups.Failure {
            throw CommandFailure(e.description)
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: signature.file))?[.size] as? Int) ?? 0
        context.console.print(
            "Backed up to \(signature.file) (\(size) bytes). Restore with: grip restore \(signature.file)")
    }
}

/// `grip restore FILE`: into a fresh data directory or an empty PostgreSQL database; then
/// migrates (a backup from an older Grip), verifies the audit trail and prints the row counts.
enum RestoreRun {
    static func main(_ arguments: [String]) async -> Int32 {
        guard arguments.count == 1, !arguments[0].hasPrefix("-") else {
            FileHandle.standardError.write(Data("grip restore: give one backup file: grip restore FILE\n".utf8))
            return 2
        }
        do {
            var config = try GripConfig.fromEnvironment()
            config.autoMigrate = false
            if case .postgres = config.store {
                // Only an empty database: a restore never mixes with, or overwrites, records.
                let empty = try await withApp(config) { try await Backups.isEmptyPostgres($0.db) }
                guard empty else {
                    throw Backups.Failure("DATABASE_URL: the database is not empty; restore into a new, empty database")
                }
            }
            try Backups.restore(from: arguments[0], store: config.store)
            let (results, counts) = try await withApp(config) { app in
                try await app.autoMigrate()
                return (try await AuditLog.verify(on: app.db), try await Backups.counts(on: app.db))
            }
            for c in counts { print("\(c.table): \(c.rows)") }
            if let broken = results.first(where: { $0.firstBroken != nil }) {
                throw Backups.Failure(
                    """
                    restored, but the audit trail of \(broken.organisation) is broken at entry \
                    \(broken.firstBroken!.seq)
                    """
                )
            }
            print(
                """
                Restored \(arguments[0]): \(results.count) organisation(s), audit trail intact \
                (\(results.reduce(0) { $0 + $1.checked }) entries).
                """
            )
            return 0
        } catch {
            FileHandle.standardError.write(Data("grip restore: \(error)\n".utf8))
            return 1
        }
    }

    /// A configured application for the length of `body`, shut down afterwards either way.
    static func withApp<T>(_ config: GripConfig, _ body: (Application) async throws -> T) async throws -> T {
        let app = try await Application.make(.production)
        do {
            try await configure(app, config: config)
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
