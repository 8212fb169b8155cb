import Fluent
import Foundation

/// One saved version of an organisation's escalation thresholds (issue 36): the set as JSON, who saved it and
/// when. The highest version is in force; a firing remembers the version it fired under. An organisation that has
/// saved none works to Grip's defaults (version 1), in force since its first version would have been.
final class EscalationThresholdVersion: Model, @unchecked Sendable {
    static let schema = "escalation_threshold_versions"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "version") var version: Int
    /// The set (`EscalationThresholdSet`) as JSON.
    @Field(key: "document") var document: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @OptionalParent(key: "saved_by_id") var savedBy: User?

    init() {}
}

extension EscalationThresholdVersion {
    var properties: [any AnyProperty] { [_id, _createdAt, _version, _document, _organisation, _savedBy] }
}
