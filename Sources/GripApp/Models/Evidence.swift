import Fluent
import Foundation
import GripCore

/// An item of evidence: CQC category, kind, day, summary, who recorded it; linked to
/// actions and quality statements, with optional files.
final class Evidence: Model, @unchecked Sendable {
    static let schema = "evidence"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "category") var category: String
    @Field(key: "kind") var kind: EvidenceKind
    @Field(key: "day") var day: String
    @Field(key: "summary") var summary: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "recorded_by_id") var recordedBy: User
    @Children(for: \.$evidence) var files: [EvidenceFile]

    init() {}
}

final class EvidenceAction: Model, @unchecked Sendable {
    static let schema = "evidence_actions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "evidence_id") var evidence: Evidence
    @Parent(key: "action_id") var action: RecoveryAction
    /// The evidence's day and category, copied so an action's attention facts come from one index.
    @Field(key: "day") var day: String
    @Field(key: "category") var category: String
    init() {}
    init(evidence: Evidence, actionID: UUID) throws {
        self.$evidence.id = try evidence.requireID()
        self.$action.id = actionID
        self.day = evidence.day
        self.category = evidence.category
    }
}

/// File content, stored once per SHA-256 in the database (one backup holds everything).
final class StoredFile: Model, @unchecked Sendable {
    static let schema = "stored_files"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int
    @Field(key: "bytes") var bytes: Data

    init() {}
}

/// A file attached to an item of evidence, under the name it was uploaded with.
final class EvidenceFile: Model, @unchecked Sendable {
    static let schema = "evidence_files"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int

    // relationships
    @Parent(key: "evidence_id") var evidence: Evidence
    @Parent(key: "stored_file_id") var storedFile: StoredFile

    init() {}
}

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

/// A progress update: the lead's (or a deliverer's) account of delivery, with a reported measure.
/// It never counts for the closure gate; assurance reviews do.
final class ProgressUpdate: Model, @unchecked Sendable {
    static let schema = "progress_updates"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "day") var day: String
    @OptionalField(key: "reported_measure") var reportedMeasure: Double?
    @Field(key: "commentary") var commentary: String

    // relationships
    @Parent(key: "action_id") var action: RecoveryAction
    @Parent(key: "author_id") var author: User

    init() {}
}

/// A re-audit of a closed action: a pass sustains it, a fail reopens it.
final class ReAudit: Model, @unchecked Sendable {
    static let schema = "reaudits"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "day") var day: String
    @Field(key: "passed") var passed: Bool
    @Field(key: "finding") var finding: String
    /// What was tested: the sample (which records, people or shifts) and the method.
    @OptionalField(key: "sample") var sample: String?
    @OptionalField(key: "method") var method: String?
    /// A failed re-audit: the control that changes (change the control, not the date).
    @OptionalField(key: "control_change") var controlChange: String?

    // relationships
    @Parent(key: "action_id") var action: RecoveryAction
    @Parent(key: "recorded_by_id") var recordedBy: User
    /// The evidence the re-audit rests on (one of the action's items).
    @OptionalParent(key: "evidence_id") var evidence: Evidence?

    init() {}
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension Evidence {
    var properties: [any AnyProperty] {
        [_id, _version, _createdAt, _category, _kind, _day, _summary, _organisation, _recordedBy, _files]
    }
}
extension EvidenceAction {
    var properties: [any AnyProperty] { [_id, _evidence, _action, _day, _category] }
}
extension StoredFile {
    var properties: [any AnyProperty] { [_id, _createdAt, _sha256, _size, _bytes] }
}
extension EvidenceFile {
    var properties: [any AnyProperty] { [_id, _filename, _contentType, _size, _evidence, _storedFile] }
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
extension ProgressUpdate {
    var properties: [any AnyProperty] { [_id, _createdAt, _day, _reportedMeasure, _commentary, _action, _author] }
}
extension ReAudit {
    var properties: [any AnyProperty] {
        [_id, _createdAt, _day, _passed, _finding, _sample, _method, _controlChange, _action, _recordedBy, _evidence]
    }
}
