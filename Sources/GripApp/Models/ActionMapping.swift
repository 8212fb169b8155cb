import Fluent
import Foundation

/// Maps an action to an item (quality statement, key line of enquiry, standard) of one framework version. An
/// action keeps its mappings under every version it was mapped to: changing the framework in force loses none.
final class ActionMapping: Model, @unchecked Sendable {
    static let schema = "action_mappings"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    /// The framework version's id (`cqc-qs-2023`).
    @Field(key: "framework") var framework: String
    @Field(key: "item_id") var itemID: String

    // relationships
    @Parent(key: "action_id") var action: RecoveryAction

    init() {}

    init(actionID: UUID, framework: String, itemID: String) {
        self.$action.id = actionID
        self.framework = framework
        self.itemID = itemID
    }
}

extension ActionMapping {
    var properties: [any AnyProperty] { [_id, _framework, _itemID, _action] }
}
