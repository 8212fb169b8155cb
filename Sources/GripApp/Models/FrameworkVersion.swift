import Fluent
import Foundation

/// A framework version an organisation loaded from a file (the bundled CQC versions are not stored). Never
/// changed once loaded: mappings name it by `frameworkID`, and a pack can be rebuilt under it years later.
final class FrameworkVersion: Model, @unchecked Sendable {
    static let schema = "framework_versions"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    /// The version's own id from its file (`northshire-pamms-2025`), unique in the organisation.
    @Field(key: "framework_id") var frameworkID: String
    @Field(key: "title") var title: String
    @Field(key: "owner") var owner: String
    @Field(key: "kind") var kind: String
    @Field(key: "effective_from") var effectiveFrom: String
    @OptionalField(key: "effective_to") var effectiveTo: String?
    /// The whole version as `FrameworkFile.json` writes it.
    @Field(key: "document") var document: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    /// Nil when loaded from the command line.
    @OptionalParent(key: "loaded_by_id") var loadedBy: User?

    init() {}
}

// Fluent finds a model's fields by reflection for every row it reads; this list names them in declaration
// order instead. `ModelFieldListTests` checks it against reflection.
extension FrameworkVersion {
    var properties: [any AnyProperty] {
        [
            _id, _createdAt, _frameworkID, _title, _owner, _kind, _effectiveFrom, _effectiveTo, _document,
            _organisation,
            _loadedBy
        ]
    }
}
