import Fluent
import Foundation
import GripCore

/// The outbox (issue 24): messages are queued in the same transaction as their news, and sent by `deliver`, which
/// retries a failed send later (`MailRetry`) and gives up only after three days, keeping the message.
enum MailOutbox {
    /// Queues a message for each person, if their address is one mail can go to.
    static func queue(
        _ kind: MailKind, to people: [User], subject: String, lines: [String], path: String,
        now: Date, on db: any Database
    ) async throws {
        let base = MailSettings.baseURL()
        for person in people where MailFormat.isAddress(person.email) {
            let text = MailText.immediate(to: person.name, subject: subject, lines: lines, path: path, baseURL: base)
            try await MailMessage(
                organisationID: person.$organisation.id, userID: person.requireID(),
                to: person.email, kind: kind, subject: text.subject, body: text.body, now: now
            )
            .create(on: db)
        }
    }

    struct Delivery: Sendable, Equatable {
        var sent = 0
        var retrying = 0
        var gaveUp = 0
        /// Messages still due that waited because the mail system could not be reached.
        var waiting = 0
    }

    /// Sends what is due (or, `retryNow`, everything queued), oldest first, at most `limit`. Nothing when mail is off.
    static func deliver(
        settings: MailSettings, now: Date, retryNow: Bool = false, limit: Int = 100,
        on db: any Database
    ) async throws -> Delivery {
        var result = Delivery()
        guard let transport = settings.transport else { return result }
        var q = MailMessage.query(on: db).filter(\.$status == .queued)
        if !retryNow { q = q.filter(\.$nextAttemptAt <= now) }
        let due = try await q.sort(\.$nextAttemptAt).sort(\.$createdAt).limit(limit).all()
        var unreachable = false
        for listed in due {
            if unreachable {
                result.waiting += 1
                continue
            }
            let queuedAt = listed.createdAt ?? now
            guard now.timeIntervalSince(queuedAt) <= MailRetry.giveUpAfter else {
                listed.status = .failed
                listed.lastError =
                    (listed.lastError.map { $0 + " " } ?? "")
                    + "Not sent within three days of being queued."
                try await listed.update(on: db)
                result.gaveUp += 1
                continue
            }
            // Claimed first, so two Grip instances on one database never send a message twice.
            guard let m = try await claim(listed, now: now, on: db) else { continue }
            let text = MailFormat.message(
                from: settings.from, to: m.toAddress, subject: m.subject, body: m.body,
                date: now, messageID: "\(try m.requireID().uuidString.lowercased())@grip")
            do {
                try await transport.send(from: settings.envelopeFrom, to: m.toAddress, message: text)
                m.status = .sent
                m.sentAt = now
                m.lastError = nil
                result.sent += 1
            } catch {
                m.lastError = String(String(describing: error).prefix(500))
                if let next = MailRetry.next(attempts: m.attempts, queuedAt: queuedAt, now: now) {
                    m.nextAttemptAt = next
                    result.retrying += 1
                } else {
                    m.status = .failed
                    result.gaveUp += 1
                }
                unreachable = (error as? MailSendFailure)?.unreachable ?? false
            }
            try await m.update(on: db)
        }
        return result
    }

    /// How long a claimed message is left to the instance sending it before another may try it.
    static let claimLease: TimeInterval = 10 * 60

    /// Takes the message for this round: its attempt is counted, its next try pushed past the lease and a token of
    /// this claim written, all only if no one has taken it since it was listed; nil when someone has.
    static func claim(_ m: MailMessage, now: Date, on db: any Database) async throws -> MailMessage? {
        let id = try m.requireID()
        let token = "Being sent (claim \(UUID().uuidString))."
        try await MailMessage.query(on: db).filter(\.$id == id).filter(\.$status == .queued)
            .filter(\.$attempts == m.attempts)
            .set(\.$attempts, to: m.attempts + 1).set(\.$nextAttemptAt, to: now.addingTimeInterval(claimLease))
            .set(\.$lastError, to: token).update()
        guard let fresh = try await MailMessage.find(id, on: db), fresh.lastError == token else { return nil }
        return fresh
    }

    /// The outbox, newest first: one organisation's or all, of one status or any.
    static func list(
        organisationID: UUID?, status: MailStatus?, limit: Int,
        on db: any Database
    ) async throws -> [MailMessage] {
        var q = MailMessage.query(on: db)
        if let organisationID { q = q.within(organisation: organisationID) }
        if let status { q = q.filter(\.$status == status) }
        return try await q.sort(\.$createdAt, .descending).limit(limit).all()
    }
}

extension MailOutbox {
    /// The last ten messages to the signed-in person.
    static func recent(to actor: Actor, on db: any Database) async throws -> [MailMessage] {
        try await Scoped.query(MailMessage.self, for: actor, on: db)
            .filter(\.$user.$id == actor.id).sort(\.$createdAt, .descending).limit(10).all()
    }
}
