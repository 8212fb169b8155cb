import Fluent
import Foundation
import GripCore
import Vapor

/// The day-roll: at start-up (a day may have been missed while the server was down) and just after
/// each midnight, Europe/London, recomputes the service summaries that are not current today, so the
/// date-dependent flags (overdue, review overdue, re-audit overdue, drift) move on with the calendar
/// and the first reader of the morning does not pay for the whole organisation. Runs in `serve` only.
enum DayRoll {
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

    /// The server's roll: now, then after each midnight (after a failure too: readers recompute as they go).
    static var loop: BackgroundLoop {
        let untilMidnight: @Sendable (Clock) -> TimeInterval = { next(after: $0.now()).timeIntervalSince($0.now()) }
        return BackgroundLoop("day-roll", retry: untilMidnight) { db, clock, logger in
            try await roll(today: clock.today(), on: db, logger: logger)
            return untilMidnight(clock)
        }
    }
}
