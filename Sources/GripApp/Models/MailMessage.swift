import Fluent
import Foundation
import GripCore

/// An e-mail in the outbox (issue 24): composed when its news happens (or at the digest hour), sent by the mail
/// worker, retried after a failure, and kept once sent, so a mail outage loses nothing.
final class MailMessage: Model, @unchecked Sendable {
    static let schema = "mail_messages"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "kind") var kind: MailKind
    @Field(key: "to_address") var toAddress: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    /// The day of a digest (one per person a day); nil for immediate messages.
    @OptionalField(key: "digest_day") var digestDay: String?
    @Field(key: "status") var status: MailStatus
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "user_id") var user: User

    init() {}

    init(
        organisationID: UUID, userID: UUID, to: String, kind: MailKind, subject: String, body: String,
        digestDay: Day? = nil, now: Date
    ) {
        self.$organisation.id = organisationID
        self.$user.id = userID
        self.toAddress = to
        self.kind = kind
        self.subject = subject
        self.body = body
        self.digestDay = digestDay?.iso
        self.status = .queued
        self.attempts = 0
        self.nextAttemptAt = now
    }
}

extension MailMessage {
    var properties: [any AnyProperty] {
        [
            _id, _createdAt, _kind, _toAddress, _subject, _body, _digestDay, _status, _attempts, _nextAttemptAt,
            _lastError, _sentAt, _organisation, _user
        ]
    }
}
