import Fluent
import Foundation
import GripCore
import SQLKit
import Testing
import Vapor
@testable import GripApp

/// `grip backup` / `grip restore` on SQLite files (the PostgreSQL path, `pg_dump`/`pg_restore`,
/// is exercised end to end by `.ci/run`).
@Suite struct BackupTests {
    let today = Day.today(now: Date())

    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "grip-backup-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func withFileGrip<T>(_ dir: String, _ body: (Application) async throws -> T) async throws -> T {
        try await RestoreRun.withApp(
            GripConfig(store: .sqliteFile(dir + "/grip.sqlite"), dataDirectory: dir, bcryptCost: 4), body)
    }

    @Test func backsUpWhileWritingAndRestoresEveryRecordAndFile() async throws {
        let source = try folder(), fresh = try folder(), backup = try folder() + "/grip.backup"
        defer {
            for d in [source, fresh, (backup as NSString).deletingLastPathComponent] {
                try? FileManager.default.removeItem(atPath: d)
            }
        }
        let bytes = Array("time,chart\n12:00,complete\n".utf8)
        let (before, snapshotFloor) = try await withFileGrip(source) { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let evidence = EvidenceService(db: app.db, actor: try f.actor("rm"), today: today)
            _ = try await evidence.record(
                actionIDs: [a.id!], .init(category: "processes", kind: .audit, day: today, summary: "MAR audit"),
                files: [.init(filename: "round.csv", bytes: bytes)])
            let floor = try await Backups.counts(on: app.db)
            // Writes carry on while the backup is taken.
            async let writes: Void = {
                for i in 0..<20 {
                    _ = try await evidence.record(
                        actionIDs: [a.id!],
                        .init(category: "people", kind: .feedback, day: today, summary: "Feedback \(i)"), files: [])
                }
            }()
            try await Backups.backup(to: backup, store: app.gripConfig!.store, db: app.db)
            try await writes
            return (try await Backups.counts(on: app.db), floor)
        }
        #expect(try Backups.kind(ofFile: backup) == .sqlite)
        try Backups.restore(from: backup, store: .sqliteFile(fresh + "/grip.sqlite"))
        try await withFileGrip(fresh) { app in
            let restored = try await Backups.counts(on: app.db)
            // A consistent snapshot somewhere during the writes: everything from before it, nothing half-written.
            for ((table, n), (_, floor)) in zip(restored, snapshotFloor) { #expect(n >= floor, "\(table)") }
            for ((table, n), (_, after)) in zip(restored, before) { #expect(n <= after, "\(table)") }
            let evidence = try await Evidence.query(on: app.db).count()
            #expect(try await EvidenceAction.query(on: app.db).count() == evidence)
            let verified = try await AuditLog.verify(on: app.db)
            #expect(!verified.isEmpty && verified.allSatisfy { $0.firstBroken == nil })
            let audited = try await AuditEntry.query(on: app.db).filter(\.$entityType == "evidence").filter(
                \.$operation == "created"
            ).count()
            #expect(audited == evidence)
            let file = try await StoredFile.query(on: app.db).first()
            #expect(file?.bytes == Data(bytes))
            #expect(file?.sha256 == Digests.sha256(Data(bytes)))
        }
    }

    @Test func refusesToOverwriteOrToMixAndNamesWhy() async throws {
        let source = try folder(), other = try folder()
        defer { for d in [source, other] { try? FileManager.default.removeItem(atPath: d) } }
        let backup = source + "/copy.backup"
        try await withFileGrip(source) { app in
            _ = try await Fixture.make(app)
            try await Backups.backup(to: backup, store: app.gripConfig!.store, db: app.db)
            // An existing file is never overwritten.
            await #expect { try await Backups.backup(to: backup, store: app.gripConfig!.store, db: app.db) } throws: {
                "\($0)".contains("already exists")
            }
            await #expect {
                try await Backups.backup(to: "/nonexistent-folder/x.backup", store: app.gripConfig!.store, db: app.db)
            } throws: {
                "\($0)".contains("/nonexistent-folder does not exist")
            }
        }
        // Not into a directory that already has a database; that database is left as it was.
        let target = source + "/grip.sqlite"
        let sizeBefore = try FileManager.default.attributesOfItem(atPath: target)[.size] as? Int
        #expect { try Backups.restore(from: backup, store: .sqliteFile(target)) } throws: {
            "\($0)".contains("already holds a database")
        }
        #expect(try FileManager.default.attributesOfItem(atPath: target)[.size] as? Int == sizeBefore)
        // Not a backup at all, a missing file, or the other database's kind.
        let text = other + "/notes.txt"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        #expect { try Backups.restore(from: text, store: .sqliteFile(other + "/grip.sqlite")) } throws: {
            "\($0)".contains("not a Grip backup")
        }
        #expect { try Backups.restore(from: other + "/missing", store: .sqliteFile(other + "/grip.sqlite")) } throws: {
            "\($0)".contains("no such file")
        }
        #expect { try Backups.restore(from: backup, store: .postgres("postgres://x@127.0.0.1:1/none")) } throws: {
            "\($0)".contains("is an SQLite backup")
        }
        #expect(!FileManager.default.fileExists(atPath: other + "/grip.sqlite"))
    }
}
