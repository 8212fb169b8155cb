import Foundation

public enum MailStatus: String, CaseIterable, Sendable, Codable {
    case queued, sent, failed

    public var label: String {
        switch self {
        case .queued: "Queued"
        case .sent: "Sent"
        case .failed: "Gave up"
        }
    }
}

/// When to try again after a failed send: 1, 5, 15 and 60 minutes, then every three hours, for three days. A mail
/// outage loses nothing; a message that cannot go for three days is marked failed (and stays in the outbox).
public enum MailRetry {
    public static let giveUpAfter: TimeInterval = 3 * 86_400

    public static func delay(afterAttempt n: Int) -> TimeInterval {
        switch n {
        case ...1: 60
        case 2: 5 * 60
        case 3: 15 * 60
        case 4: 60 * 60
        default: 3 * 60 * 60
        }
    }

    /// The next try after `attempts` failures, or nil to give up.
    public static func next(attempts: Int, queuedAt: Date, now: Date) -> Date? {
        let at = now.addingTimeInterval(delay(afterAttempt: attempts))
        return at.timeIntervalSince(queuedAt) > giveUpAfter ? nil : at
    }
}
