import Fluent
import Foundation
import GripCore
import Vapor

/// Composes the digests at 07:00 and sends what is due, every minute, while `serve` runs and mail is on.
final class MailWorker: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    let settings: MailSettings

    init(settings: MailSettings) { self.settings = settings }

    func didBoot(_ app: Application) throws {
        guard settings.isOn else {
            app.logger.info("mail is off: set GRIP_SMTP_URL or GRIP_SENDMAIL to send reminders")
            return
        }
        let db = app.db
        let logger = app.logger
        let settings = self.settings
        let clock = app.clock
        logger.info("mail: sending through \(settings.transport!.name)")
        lock.withLock {
            task = Task {
                while !Task.isCancelled {
                    let now = clock.now()
                    do {
                        if let day = DigestSchedule.dueDay(now: now) {
                            let n = try await MailDigests.queue(day: day, now: now, on: db)
                            if n > 0 { logger.info("mail: \(n) digest(s) for \(day.iso) queued") }
                        }
                        let d = try await MailOutbox.deliver(settings: settings, now: now, on: db)
                        if d != MailOutbox.Delivery() {
                            logger.info(
                                """
                                mail: \(d.sent) sent, \(d.retrying) to retry, \(d.gaveUp) given up, \(d.waiting) \
                                waiting
                                """
                            )
                        }
                    } catch {
                        logger.error("mail: \(String(reflecting: error)); trying again in a minute")
                    }
                    try? await Task.sleep(nanoseconds: 60_000_000_000)
                }
            }
        }
    }

    func shutdown(_ app: Application) {
        lock.withLock { task?.cancel() }
    }
}
