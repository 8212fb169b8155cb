import Fluent
import Foundation
import GripCore

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

extension ProgressUpdate {
    var properties: [any AnyProperty] { [_id, _createdAt, _day, _reportedMeasure, _commentary, _action, _author] }
}

extension ReAudit {
    var properties: [any AnyProperty] {
        [_id, _createdAt, _day, _passed, _finding, _sample, _method, _controlChange, _action, _recordedBy, _evidence]
    }
}
