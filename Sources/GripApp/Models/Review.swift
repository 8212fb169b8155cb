import Fluent
import Foundation
import GripCore

/// A request for evidence from a person on an action; fulfilled by evidence they record against it.
final class EvidenceRequest: Model, @unchecked Sendable {
    static let schema = "evidence_requests"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "what") var what: String
    @Field(key: "due_day") var dueDay: String
    @OptionalField(key: "fulfilled_at") var fulfilledAt: Date?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "action_id") var action: RecoveryAction
    @Parent(key: "requested_of_id") var requestedOf: User
    @Parent(key: "requested_by_id") var requestedBy: User
    @OptionalParent(key: "fulfilled_by_evidence_id") var fulfilledBy: Evidence?

    init() {}
}

/// A dated review of an action: progress RAG, measure value, commentary, decision.
final class Review: Model, @unchecked Sendable {
    static let schema = "reviews"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "day") var day: String
    @Field(key: "rag") var rag: RAG
    @OptionalField(key: "measure_value") var measureValue: Double?
    @Field(key: "commentary") var commentary: String
    @Field(key: "decision") var decision: String
    /// The response red or weak progress needs: a change of control, or an escalation.
    @OptionalField(key: "control_change") var controlChange: String?
    @OptionalField(key: "escalation") var escalation: String?

    // relationships
    @Parent(key: "action_id") var action: RecoveryAction
    @Parent(key: "reviewer_id") var reviewer: User

    init() {}
}

extension EvidenceRequest {
    var properties: [any AnyProperty] {
        [
            _id, _createdAt, _what, _dueDay, _fulfilledAt, _organisation, _action, _requestedOf, _requestedBy,
            _fulfilledBy
        ]
    }
}

extension Review {
    var properties: [any AnyProperty] {
        [
            _id, _createdAt, _day, _rag, _measureValue, _commentary, _decision, _controlChange, _escalation, _action,
            _reviewer
        ]
    }
}
