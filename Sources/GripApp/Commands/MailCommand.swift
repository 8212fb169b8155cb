import Fluent
import Foundation
import GripCore
import Vapor

/// `grip mail outbox|digest|deliver` (issue 24): shows the outbox, composes the day's digests now, or sends what is
/// due. Mail goes through `GRIP_SMTP_URL` or `GRIP_SENDMAIL`; with neither, digest and deliver say so and do nothing.
struct MailCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "outbox, digest or deliver") var action: String
        @Option(name: "organisation", help: "the organisation (needed when the database holds more than one)")
        var organisation: String?
        @Option(name: "status", help: "outbox: queued, sent or failed (default: all)") var status: String?
        @Option(name: "limit", help: "outbox: how many, newest first (default 50, at most 1000)") var limit: String?
        @Option(name: "day", help: "digest: the day (YYYY-MM-DD, default today)") var day: String?
        @Flag(name: "retry-now", help: "deliver: try every queued message now, whenever its next try was due")
        var retryNow: Bool
    }

    var help: String {
        "The e-mail outbox: grip mail outbox [--status queued|sent|failed] [--limit N], grip mail digest [--day D], "
            + "grip mail deliver [--retry-now]."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "outbox":
            let status = try signature.status.map { raw -> MailStatus in
                guard let s = MailStatus(rawValue: raw) else {
                    throw CommandFailure("--status: '\(raw)' is not queued, sent or failed")
                }
                return s
            }
            var limit = 50
            if let raw = signature.limit {
                guard let n = Int(raw), (1...1000).contains(n) else {
                    throw CommandFailure("--limit: '\(raw)' is not a whole number from 1 to 1000")
                }
                limit = n
            }
            try await app.autoMigrate()
            let org = try await organisation(signature, app)
            let settings = try Self.settings()
            context.console.print(
                settings.transport.map { "Mail goes through \($0.name)." }
                    ?? "Mail is off: set GRIP_SMTP_URL or GRIP_SENDMAIL to send. Nothing is sent.")
            let rows = try await MailOutbox.list(
                organisationID: try org?.requireID(), status: status, limit: limit,
                on: app.db)
            context.console.print("status,kind,to,subject,queued,attempts,next_try_or_sent,last_error")
            for m in rows {
                let when = m.status == .sent ? m.sentAt : m.status == .queued ? m.nextAttemptAt : nil
                context.console.print(
                    [
                        m.status.rawValue, m.kind.rawValue, m.toAddress, m.subject,
                        m.createdAt.map(UKTime.format) ?? "", String(m.attempts),
                        when.map(UKTime.format) ?? "", m.lastError ?? ""
                    ].map(CSV.escape)
                        .joined(separator: ","))
            }
            context.console.print("\(rows.count) message(s).")
        case "digest":
            let settings = try Self.settings()
            guard settings.isOn else {
                context.console.print("Mail is off: set GRIP_SMTP_URL or GRIP_SENDMAIL. No digest composed.")
                return
            }
            var day = Clock.current.today()
            if let raw = signature.day {
                guard let d = Day(iso: raw) else {
                    throw CommandFailure("--day: '\(raw)' is not a day like 2026-12-03")
                }
                day = d
            }
            try await app.autoMigrate()
            let org = try await organisation(signature, app)
            var ids: [UUID] = []
            if let org {
                ids = [try org.requireID()]
            } else {
                ids = try await Organisation.query(on: app.db).all().map { try $0.requireID() }
            }
            var n = 0
            for id in ids {
                n += try await MailDigests.queue(day: day, now: Clock.current.now(), organisationID: id, on: app.db)
            }
            context.console.print("Queued \(n) digest(s) for \(day.ukFormat). Send them with grip mail deliver.")
        case "deliver":
            let settings = try Self.settings()
            guard settings.isOn else {
                context.console.print("Mail is off: set GRIP_SMTP_URL or GRIP_SENDMAIL. Nothing sent.")
                return
            }
            try await app.autoMigrate()
            var total = MailOutbox.Delivery()
            while true {
                let d = try await MailOutbox.deliver(
                    settings: settings, now: Clock.current.now(), retryNow: signature.retryNow,
                    limit: 100, on: app.db)
                total.sent += d.sent
                total.retrying += d.retrying
                total.gaveUp += d.gaveUp
                total.waiting = d.waiting
                // With --retry-now every queued message is due again: one round, or it would loop on failures.
                if d.sent == 0 || signature.retryNow || d.waiting > 0 { break }
            }
            context.console.print(
                "Sent \(total.sent) through \(settings.transport!.name); \(total.retrying) to "
                    + "retry, \(total.gaveUp) given up, \(total.waiting) waiting for the mail system.")
        default:
            throw CommandFailure("unknown mail command '\(signature.action)': use outbox, digest or deliver")
        }
    }

    /// The mail settings, or the reason they are wrong, as a command's message.
    static func settings() throws -> MailSettings {
        do {
            return try MailSettings.fromEnvironment()
        } catch let e as MailSendFailure {
            throw CommandFailure(e.description)
        }
    }

    func organisation(_ s: Signature, _ app: Application) async throws -> Organisation? {
        let count = try await Organisation.query(on: app.db).count()
        guard s.organisation != nil || count == 1 else { return nil }
        return try await OrganisationChoice.resolve(s.organisation, on: app.db)
    }
}
