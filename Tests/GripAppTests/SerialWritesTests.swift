import Fluent
import Foundation
import GripCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 35: on SQLite, writes wait their turn for one writer connection instead of spinning, and the
/// deadlock that stopped an earlier queue (a holder waiting on a connection whose owner waited in the
/// queue) cannot happen, because the writer is not a pool connection. On PostgreSQL a write takes a pool
/// connection like any statement (the organisation's row lock orders writers), so the tests that hold every
/// pool connection run on SQLite only.
@Suite struct SerialWritesTests {
    /// One audited write: an entry in the organisation's chain.
    func note(_ app: Application, _ org: UUID, on db: (any Database)? = nil) async throws {
        try await AuditLog.transaction(
            on: db ?? app.db, organisationID: org, actor: AuditActor(id: nil, name: "serial writes test")
        ) { rec in
            try await rec.record("note", UUID(), "noted", [])
        }
    }

    func entries(_ app: Application, _ org: UUID) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$organisation.$id == org).count()
    }

    /// Holds a read transaction open on every event loop's pool connection while `body` runs.
    func holdingEveryPoolConnection(
        _ app: Application, _ body: @escaping @Sendable () async throws -> Void
    )
        async throws
    {
        let loops = Array(app.eventLoopGroup.makeIterator())
        @Sendable func hold(_ index: Int) async throws {
            guard index < loops.count else { return try await body() }
            let db = app.databases.database(logger: app.logger, on: loops[index])!
            try await db.transaction { tx in
                _ = try await Organisation.query(on: tx).count()  // a read, its snapshot held
                try await hold(index + 1)
            }
        }
        try await hold(0)
    }

    /// Sessions and sign-in failures are written in the writer's turn, never on a pool connection: a pool write
    /// that met the writer's open transaction spun in SQLiteNIO's busy handler, which retries forever, on a
    /// thread the writer needed for its next statement; four sign-ins at once in `grip bench` stopped there for
    /// good (8 December). While the writer is held they wait in its queue, and all finish once it is released.
    @Test(.enabled(if: TestDatabase.postgresURL == nil, "the writer connection is SQLite's"))
    func sessionAndSignInFailureWritesWaitInTheWritersQueue() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let serial = try #require(app.db.context.configuration as? SerialWritesConfiguration)
            let sessions = QuietSessions(inner: app.fluent.sessions.driver())
            let (release, releasing) = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await app.db.writeTransaction { tx in
                    _ = try await Organisation.query(on: tx).count()
                    for await _ in release { break }
                }
            }
            let writers = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for n in 0..<3 {
                        group.addTask {
                            let req = Request(application: app, on: app.eventLoopGroup.any())
                            var data = SessionData()
                            data["n"] = String(n)
                            _ = try await sessions.createSession(data, for: req)
                        }
                    }
                    group.addTask {
                        try await SignInFailures.record(
                            email: "someone@alpha.example", address: "192.0.2.1", now: Date(), on: app.db)
                    }
                    try await group.waitForAll()
                }
            }
            var waiting = 0
            for _ in 0..<100 where waiting < 4 {
                try await Task.sleep(for: .milliseconds(50))
                waiting = await serial.writer.queue.waitingCount
            }
            #expect(waiting == 4, "the three sessions and the failure wait for the writer, not on the pool")
            releasing.yield()
            releasing.finish()
            try await holder.value
            try await writers.value
            #expect(try await SessionRecord.query(on: app.db).count() == 3)
            #expect(try await SignInFailure.query(on: app.db).count() == 1)
        }
    }

    @Test(.enabled(if: TestDatabase.postgresURL == nil, "the writer connection is SQLite's"))
    func aWriteCommitsWhileEveryPoolConnectionHoldsARead() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let before = try await entries(app, f.orgA)
            // Before issue 35 the write waited for a pool connection its own caller held: the pool's
            // ten-second timeout, then an error.
            try await holdingEveryPoolConnection(app) {
                try await note(app, f.orgA)
                try await note(app, f.orgB)
            }
            #expect(try await entries(app, f.orgA) == before + 1)
            let verified = try await AuditLog.verify(on: app.db)
            #expect(verified.allSatisfy { $0.firstBroken == nil })
        }
    }

    @Test(.enabled(if: TestDatabase.postgresURL == nil, "the writer connection is SQLite's"))
    func manyWritersAndReadersHoldingConnectionsAllFinishInOneUnbrokenChain() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let before = try await entries(app, f.orgA)
            let loops = Array(app.eventLoopGroup.makeIterator())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<24 {
                    group.addTask {
                        if n < loops.count {
                            // A reader on each event loop's pool connection that writes while its read is
                            // still open: every pool connection is held by someone waiting for the writer.
                            let db = app.databases.database(logger: app.logger, on: loops[n])!
                            try await db.transaction { tx in
                                _ = try await AuditEntry.query(on: tx).count()
                                try await note(app, f.orgA)
                            }
                        } else {
                            try await note(app, f.orgA)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await entries(app, f.orgA) == before + 24)
            let seqs = try await AuditEntry.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                .sort(\.$seq).all(\.$seq)
            #expect(seqs == Array(1...seqs.count), "one unbroken run of sequence numbers")
            let verified = try await AuditLog.verify(on: app.db)
            #expect(verified.allSatisfy { $0.firstBroken == nil })
        }
    }

    @Test func aWriteInsideAWriteJoinsItRatherThanWaitingForItself() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let before = try await entries(app, f.orgA)
            try await app.db.writeTransaction { _ in
                // Not the transaction's database: the pool's. It joins the write it is inside.
                try await note(app, f.orgA)
            }
            #expect(try await entries(app, f.orgA) == before + 1)
        }
    }

    @Test func aFailedWriteLetsTheNextOneThrough() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let before = try await entries(app, f.orgA)
            await #expect(throws: AppError.self) {
                try await AuditLog.transaction(
                    on: app.db, organisationID: f.orgA, actor: AuditActor(id: nil, name: "test")
                ) { rec in
                    try await rec.record("note", UUID(), "noted", [])
                    throw AppError.invalid("note", "refused on purpose")
                }
            }
            try await note(app, f.orgA)
            #expect(try await entries(app, f.orgA) == before + 1, "the failed write left nothing")
        }
    }

    @Test func onSQLiteTheWritesHaveAWriterOfTheirOwn() async throws {
        try await withGrip { app in
            let serial = app.db.context.configuration as? SerialWritesConfiguration
            #expect((serial != nil) == (TestDatabase.postgresURL == nil))
        }
    }

    /// The writer connection has the pool's settings: a 32 MB page cache and temporary data in memory (it had
    /// SQLite's defaults, so a large write spilled its cache and journalled statements to disk).
    @Test(.enabled(if: TestDatabase.postgresURL == nil, "the writer connection is SQLite's"))
    func theWriterHasThePoolsPageCacheAndMemoryTemporaries() async throws {
        try await withGrip { app in
            @Sendable func read(_ name: String, on db: any Database) async throws -> Int? {
                try await (db as! any SQLDatabase).raw(SQLQueryString("SELECT * FROM pragma_\(unsafeRaw: name)()"))
                    .first().map { try $0.decode(column: name, as: Int.self) }
            }
            let onWriter = try await app.db.writeTransaction { tx in
                (try await read("cache_size", on: tx), try await read("temp_store", on: tx))
            }
            #expect(onWriter.0 == -32768 && onWriter.1 == 2)
            let onPool = (try await read("cache_size", on: app.db), try await read("temp_store", on: app.db))
            #expect(onPool.0 == -32768 && onPool.1 == 2)
        }
    }

    /// Each start measures the tables for SQLite's query planner before any reading connection opens (it reads
    /// the figures when it opens). Without them SQLite took an organisation's index to be as selective as a
    /// service's and walked every action of a 200-service group to find ten services' (issue 35).
    @Test(.enabled(if: TestDatabase.postgresURL == nil, "the statistics are SQLite's"))
    func eachStartMeasuresTheTablesBeforeAnyReadingConnectionOpens() async throws {
        let dir = NSTemporaryDirectory() + "grip-statistics-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = GripConfig(store: .sqliteFile(dir + "/grip.sqlite"), dataDirectory: dir, bcryptCost: 4)
        @Sendable func measured(_ app: Application) async throws -> [String] {
            let found = try await (app.db as! any SQLDatabase).raw(
                "SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'"
            ).all()
            guard !found.isEmpty else { return [] }
            return try await (app.db as! any SQLDatabase).raw("SELECT idx FROM sqlite_stat1 WHERE tbl = 'actions'")
                .all().map { try $0.decode(column: "idx", as: String.self) }
        }
        // The first start finds no tables; its data is measured at the next.
        try await RestoreRun.withApp(config) { app in
            let f = try await Fixture.make(app)
            _ = try await f.createAction(app)
            #expect(try await measured(app).isEmpty)
        }
        let indexes = try await RestoreRun.withApp(config) { app in try await measured(app) }
        #expect(indexes.contains("idx_actions_service"), "\(indexes)")
    }

    @Test func theQueueGrantsTurnsInTheOrderAsked() async throws {
        actor Order {
            var names: [Int] = []
            func add(_ n: Int) { names.append(n) }
        }
        let queue = FIFOQueue()
        let order = Order()
        await queue.acquire()
        var tasks: [Task<Void, Never>] = []
        for n in 1...4 {
            tasks.append(
                Task {
                    await queue.acquire()
                    await order.add(n)
                    await queue.release()
                })
            while await queue.waitingCount < n { await Task.yield() }
        }
        #expect(await order.names.isEmpty, "nobody went while the first held it")
        await queue.release()
        for t in tasks { await t.value }
        #expect(await order.names == [1, 2, 3, 4])
        #expect(await queue.waitingCount == 0)
    }
}
