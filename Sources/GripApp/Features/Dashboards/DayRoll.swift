import Fluent
import Foundation
import GripCore
import Vapor

/// The day-roll: at start-up (a day may have been missed while the server was down) and just after
/// each midnight, Europe/London, recomputes the service summaries that are not current today, so the
/// date-dependent flags (overdue, review overdue, re-audit overdue, drift) move on with the calendar
/// and the first reader of the morning does not pay for the whole organisation. Runs in `serve` only.
final class DayRoll: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    /// The next roll: five seconds after the coming midnight in London.
    static func next(after now: Date) -> Date {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Day.london
        return cal.nextDate(
            after: now, matching: DateComponents(hour: 0, minute: 0, second: 5),
            matchingPolicy: .nextTime) ?? now.addingTimeInterval(86_400)
    }

    /// Brings every organisation's summaries up to `today`; how many services were computed.
    @discardableResult
    static func roll(today: Day, on db: any Database, logger: Logger) async throws -> Int {
        try await IndicatorFeeds.roll(today: today, on: db)
        var done = 0
        for org in try await Organisation.query(on: db).all() {
            done += try await ServiceSummaries.refresh(organisationID: org.requireID(), today: today, on: db)
        }
        logger.info("day-roll \(today.iso): \(done) service summaries recomputed")
        return done
    }

    func didBoot(_ app: Application) throws {
        let db = app.db, logger = app.logger, clock = app.clock
        lock.withLock {
            task = Task {
                while !Task.isCancelled {
                    do {
                        try await Self.roll(today: clock.today(), on: db, logger: logger)
                    } catch {
                        logger.error("day-roll failed: \(String(reflecting: error)); readers recompute as they go")
                    }
                    let wait = max(1, Self.next(after: clock.now()).timeIntervalSinceNow)
                    try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                }
            }
        }
    }

    func shutdown(_ app: Application) {
        lock.withLock { task?.cancel() }
    }
}
