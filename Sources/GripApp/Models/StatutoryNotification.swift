import Fluent
import Foundation
import GripCore

/// A notification to CQC (issue 23): a Regulation 16 death or a Regulation 18 event, when it happened, and when it
/// was sent with CQC's reference. Prompted by a safeguarding concern that needs one; recorded by a manager.
final class StatutoryNotification: Model, @unchecked Sendable {
    static let schema = "statutory_notifications"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "event") var event: NotifiableEvent
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "summary") var summary: String
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "reference") var reference: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @OptionalParent(key: "person_id") var person: Person?
    @OptionalParent(key: "concern_id") var concern: SafeguardingConcern?
    /// Who recorded it; none for the command line (its audit entries name the command).
    @OptionalParent(key: "recorded_by_id") var recordedBy: User?

    init() {}

    var dueAt: Date { NotificationRules.dueAt(occurredAt: occurredAt) }
}

extension StatutoryNotification {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _event, _occurredAt, _summary, _sentAt, _reference, _organisation, _service,
            _person,
            _concern, _recordedBy
        ]
    }
}
