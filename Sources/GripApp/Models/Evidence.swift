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
