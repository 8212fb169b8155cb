import Fluent
import SQLKit
import Foundation
import NIOCore

/// SQLite lets one connection write at a time. Its driver's busy handler retries at once, so two
/// connections that both want to write spin a core each until one commits (issue 35). So on SQLite
/// every write transaction runs on one writer connection of its own, one after another in the order
/// they asked (`Database.writeTransaction`); readers keep the pool.
///
/// The writer connection is not the pool's: a transaction waiting its turn holds no pool
/// connection that the writer might need, and the writer never waits on the pool. (A queue in front
/// of pool connections deadlocked: a holder waited for a connection whose owner waited in the queue.)
/// On PostgreSQL the organisation's row lock orders writers and nothing is queued.
struct SerialWritesConfiguration: DatabaseConfiguration {
    let inner: any DatabaseConfiguration
    let writer = SerialWriter()
    var middleware: [any AnyModelMiddleware] = []

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        let pool = inner.makeDriver(for: databases)
        // A second pool used on one event loop only: one connection, opened when first asked for.
        writer.attach(driver: inner.makeDriver(for: databases), on: databases.eventLoopGroup.next())
        return SerialWritesDriver(pool: pool, writer: writer)
    }
}

struct SerialWritesDriver: DatabaseDriver {
    let pool: any DatabaseDriver
    let writer: SerialWriter

    func makeDatabase(with context: DatabaseContext) -> any Database { pool.makeDatabase(with: context) }
    func shutdown() {
        pool.shutdown()
        writer.driver?.shutdown()
    }
    func shutdownAsync() async {
        await pool.shutdownAsync()
        await writer.driver?.shutdownAsync()
    }
}

/// The writer connection and the queue in front of it.
final class SerialWriter: @unchecked Sendable {
    private struct Attached: Sendable {
        let driver: any DatabaseDriver
        let loop: any EventLoop
    }
    private let lock = NSLock()
    private var attached: Attached?  // guarded by `lock`
    let queue = FIFOQueue()

    fileprivate func attach(driver: any DatabaseDriver, on loop: any EventLoop) {
        lock.withLock { attached = Attached(driver: driver, loop: loop) }
    }

    fileprivate var driver: (any DatabaseDriver)? { lock.withLock { attached?.driver } }

    /// The writer, seen with the caller's logger and history.
    fileprivate func database(like db: any Database) -> (any Database)? {
        guard let a = lock.withLock({ attached }) else { return nil }
        let c = db.context
        return a.driver.makeDatabase(
            with: DatabaseContext(
                configuration: c.configuration, logger: c.logger, eventLoop: a.loop, history: c.history,
                pageSizeLimit: c.pageSizeLimit))
    }

    /// The task that holds the writer, and its transaction: a write inside it joins it.
    @TaskLocal static var held: (any Database)?
}

/// An asynchronous lock granted in the order it was asked for. Waiting suspends a task; no thread spins.
actor FIFOQueue {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// How many are waiting now (for tests).
    var waitingCount: Int { waiting.count }

    func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

extension Database {
    /// A write transaction: on SQLite, in turn on the writer connection; elsewhere, or already inside a
    /// transaction, as `transaction`.
    func writeTransaction<T: Sendable>(
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        if inTransaction { return try await transaction(body) }
        if let held = SerialWriter.held { return try await body(held) }
        guard let serial = context.configuration as? SerialWritesConfiguration,
            let writerDB = serial.writer.database(like: self)
        else { return try await transaction(body) }
        await serial.writer.queue.acquire()
        do {
            let result = try await writerDB.transaction { tx in
                try await SerialWriter.$held.withValue(tx) { try await body(tx) }
            }
            await serial.writer.queue.release()
            return result
        } catch {
            await serial.writer.queue.release()
            throw error
        }
    }
}

extension Database {
    /// Runs `sql` on the writer connection, in its turn and outside any transaction: the connection's own
    /// settings (its page cache), which the pool's connections are given one by one. Nothing on PostgreSQL.
    func onWriter(_ sql: SQLQueryString) async throws {
        guard let serial = context.configuration as? SerialWritesConfiguration,
            let writerDB = serial.writer.database(like: self) as? any SQLDatabase
        else { return }
        await serial.writer.queue.acquire()
        do {
            try await writerDB.raw(sql).run()
            await serial.writer.queue.release()
        } catch {
            await serial.writer.queue.release()
            throw error
        }
    }
}
