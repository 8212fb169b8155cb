import Foundation
import Vapor

/// Sweeps the escalation thresholds of the services that changed (`EscalationSweep.due`) every two seconds, in
/// `serve` and `demo` (issue 36): an *Escalation due* shows on My work within seconds of the write that fired it.
enum EscalationSweeper {
    static let interval: TimeInterval = 2

    static var loop: BackgroundLoop {
        BackgroundLoop("escalation sweep", retry: { _ in interval }) { db, clock, _ in
            try await EscalationSweep.all(now: clock.now(), holidays: clock.holidays, on: db)
            return interval
        }
    }
}
