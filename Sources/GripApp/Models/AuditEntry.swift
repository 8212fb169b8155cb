import Fluent
import Foundation

/// One appended, hash-chained audit record (who, when, what, before → after).
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "seq") var seq: Int
    @Field(key: "at_ms") var atMilliseconds: Int64
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "entity_type") var entityType: String
    @Field(key: "entity_id") var entityID: UUID
    @Field(key: "operation") var operation: String
    @Field(key: "changes") var changes: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation

    init() {}

    var at: Date { Date(timeIntervalSince1970: Double(atMilliseconds) / 1000) }
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension AuditEntry {
    var properties: [any AnyProperty] {
        [
            _id, _seq, _atMilliseconds, _actorID, _actorName, _entityType, _entityID, _operation, _changes, _prevHash,
            _hash, _organisation
        ]
    }
}
