import Foundation
import GripCore
import Vapor

/// The one clock (issue 34). Every `now` in Grip is read from it: a request's (`req.now`, fixed for the whole
/// request), a command's and a worker's (`app.clock`), and what they call (`Clock.current`, bound for the
/// duration of each request and command). Tests and the benchmark set `app.clock`; this file is the only
/// place that reads the system's time.
struct Clock: Sendable {
    private let read: @Sendable () -> Date
    /// The calendar's bank holidays, which working days skip (`GRIP_BANK_HOLIDAYS`, else Grip's list): a clock
    /// answers "by when" as well as "when".
    let holidays: BankHolidays

    init(holidays: BankHolidays = .shipped, _ read: @escaping @Sendable () -> Date) {
        self.read = read
        self.holidays = holidays
    }

    /// The system's time.
    static let system = Clock { Date() }

    /// A clock that always says `date` (tests; the moment of one request).
    static func fixed(_ date: Date, holidays: BankHolidays = .shipped) -> Clock { Clock(holidays: holidays) { date } }

    /// This clock stopped at its present moment, with the same calendar.
    func frozen() -> Clock { .fixed(now(), holidays: holidays) }

    /// The same time with another calendar.
    func with(holidays: BankHolidays) -> Clock { Clock(holidays: holidays, read) }

    func now() -> Date { read() }

    /// The day in England (Europe/London) at this moment.
    func today() -> Day { Day.today(now: read()) }

    /// The clock of the request or command in progress: services read it rather than the system's time.
    @TaskLocal static var current: Clock = .system
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = Clock }

    /// The application's clock: the system's, unless a test or the benchmark sets another; with the configured
    /// bank holidays.
    var clock: Clock {
        get { (storage[ClockKey.self] ?? .system).with(holidays: bankHolidays) }
        set { storage[ClockKey.self] = newValue }
    }

    /// Runs a command's work with the application's clock as `Clock.current`.
    func withClock<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        try await Clock.$current.withValue(clock) { try await body() }
    }
}

extension Request {
    private struct NowKey: StorageKey { typealias Value = Date }

    /// The request's moment: read once from the application's clock, the same for everything the request does.
    var now: Date {
        if let now = storage[NowKey.self] { return now }
        let now = application.clock.now()
        storage[NowKey.self] = now
        return now
    }

    /// The request's day in England.
    var today: Day { Day.today(now: now) }
}

/// Binds `Clock.current` to the request's moment for everything the request calls.
struct ClockMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await Clock.$current.withValue(.fixed(request.now, holidays: request.application.bankHolidays)) {
            try await next.respond(to: request)
        }
    }
}
