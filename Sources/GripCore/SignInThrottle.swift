import Foundation

/// How many wrong passwords Grip accepts before it pauses sign-in (NCSC: limit guessing without
/// locking people out for good). Failures count per account (the e-mail typed, whether or not an
/// account has it, so the pause says nothing about who has one) and per network address (to stop
/// one address trying a password against many accounts).
public enum SignInThrottle {
    /// Failures for one e-mail address within the window before a pause.
    public static let perAccount = 5
    /// Failures from one network address within the window before a pause.
    public static let perAddress = 20
    /// How far back failures count.
    public static let window: TimeInterval = 15 * 60

    /// How long to wait before another try, given the times of earlier failures (in any order),
    /// or nil when a try is allowed now. The pause ends when enough failures have left the window
    /// for one more try to be within `limit`.
    public static func wait(failures: [Date], limit: Int, now: Date) -> TimeInterval? {
        guard limit > 0 else { return nil }
        let start = now.addingTimeInterval(-window)
        let recent = failures.filter { $0 > start && $0 <= now }.sorted()
        guard recent.count >= limit else { return nil }
        let freeing = recent[recent.count - limit]
        return freeing.addingTimeInterval(window).timeIntervalSince(now)
    }

    /// The longer of the account's and the address's pauses, or nil when neither applies.
    public static func wait(accountFailures: [Date], addressFailures: [Date], now: Date) -> TimeInterval? {
        let waits = [
            wait(failures: accountFailures, limit: perAccount, now: now),
            wait(failures: addressFailures, limit: perAddress, now: now)
        ].compactMap { $0 }
        return waits.max()
    }

    /// Whole minutes to tell a person (rounded up; at least one).
    public static func minutes(_ wait: TimeInterval) -> Int {
        max(1, Int((wait / 60).rounded(.up)))
    }

    public static func message(_ wait: TimeInterval) -> String {
        let m = minutes(wait)
        return
            """
            Too many sign-in attempts that did not match. Wait \(m) minute\(m == 1 ? "" : "s") and try again, or \
            ask your provider admin for a one-time link.
            """
    }
}
