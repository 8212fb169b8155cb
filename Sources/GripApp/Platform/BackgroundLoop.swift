import Fluent
import Foundation
import Vapor

/// Work a server does in the background until it stops (`serve` and `demo`): `step` runs with the application's clock
/// as `Clock.current`, then again after the wait it returns; a failure is logged and tried again after `retry`.
final class BackgroundLoop: LifecycleHandler, @unchecked Sendable {
    typealias Step = @Sendable (_ db: any Database, _ clock: Clock, _ logger: Logger) async throws -> TimeInterval

    private let lock = NSLock()
    private var task: Task<Void, Never>?
    let name: String
    let retry: @Sendable (Clock) -> TimeInterval
    let step: Step

    init(_ name: String, retry: @escaping @Sendable (Clock) -> TimeInterval, step: @escaping Step) {
        self.name = name
        self.retry = retry
        self.step = step
    }

    func didBoot(_ app: Application) throws {
        let db = app.db, logger = app.logger, clock = app.clock, name = self.name, retry = self.retry
        let step = self.step
        lock.withLock {
            task = Task {
                while !Task.isCancelled {
                    var wait: TimeInterval
                    do {
                        wait = try await Clock.$current.withValue(clock) { try await step(db, clock, logger) }
                    } catch {
                        logger.error("\(name) failed: \(String(reflecting: error)); trying again")
                        wait = retry(clock)
                    }
                    try? await Task.sleep(nanoseconds: UInt64(max(0.01, wait) * 1_000_000_000))
                }
            }
        }
    }

    func shutdown(_ app: Application) {
        lock.withLock { task?.cancel() }
    }
}
