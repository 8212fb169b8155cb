import Fluent
import Foundation

/// A person's case shared by the provider with one commissioner of their service (issue 23): only then may that
/// commissioner open the person's record. Sharing and withdrawing are audited on the person.
final class CaseShare: Model, @unchecked Sendable {
    static let schema = "case_shares"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // relationships
    @Parent(key: "person_id") var person: Person
    @Parent(key: "commissioner_id") var commissioner: User
    @Parent(key: "shared_by_id") var sharedBy: User

    init() {}
}

extension CaseShare {
    var properties: [any AnyProperty] { [_id, _createdAt, _person, _commissioner, _sharedBy] }
}
