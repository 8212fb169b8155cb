import Fluent
import Foundation

/// Maps an item of evidence to an item of one framework version (kept when the framework in force changes).
final class EvidenceMapping: Model, @unchecked Sendable {
    static let schema = "evidence_mappings"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "framework") var framework: String
    @Field(key: "item_id") var itemID: String

    // relationships
    @Parent(key: "evidence_id") var evidence: Evidence

    init() {}

    init(evidenceID: UUID, framework: String, itemID: String) {
        self.$evidence.id = evidenceID
        self.framework = framework
        self.itemID = itemID
    }
}

extension EvidenceMapping {
    var properties: [any AnyProperty] { [_id, _framework, _itemID, _evidence] }
}
