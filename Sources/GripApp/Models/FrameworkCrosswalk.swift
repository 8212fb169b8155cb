import Fluent
import Foundation

/// A crosswalk an organisation loaded between two framework versions (the bundled one is not stored). Loading
/// another for the same pair replaces it: a crosswalk only proposes, and confirmed re-maps are in the audit log.
final class FrameworkCrosswalk: Model, @unchecked Sendable {
    static let schema = "framework_crosswalks"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "from_framework") var fromFramework: String
    @Field(key: "to_framework") var toFramework: String
    /// The rows as `Crosswalk.csv` writes them.
    @Field(key: "document") var document: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    /// Nil when loaded from the command line.
    @OptionalParent(key: "loaded_by_id") var loadedBy: User?

    init() {}
}

extension FrameworkCrosswalk {
    var properties: [any AnyProperty] {
        [_id, _createdAt, _fromFramework, _toFramework, _document, _organisation, _loadedBy]
    }
}
