import GripCore
import Vapor

/// A decision on a held change, as its page's form sends it: approve or refuse, the reason, the version read.
struct ChangeDecisionForm: Content {
    var decision: String?
    var reason: String?
    var version: String?

    /// True to approve, false to refuse, nil when the form said neither (the rules name the field).
    var approve: Bool? {
        switch decision {
        case "approve": true
        case "refuse": false
        default: nil
        }
    }
}

extension ChangeDecisionForm {
    /// The decision on `change`, read only once the rulebook lets `actor` decide it (by their relation to it).
    static func read(
        _ req: Request, deciding change: PendingChange, as actor: Actor, relation: RecordRelation
    ) throws -> ChangeDecisionForm {
        try actor.require(change.approver, relation)
        return try req.content.decode(ChangeDecisionForm.self)
    }
}

extension PendingChanges {
    /// Decides the change as the form says.
    func decide(_ change: PendingChange, _ form: ChangeDecisionForm) async throws -> PendingChange {
        try await decide(change, approve: form.approve, reason: form.reason, version: form.version.flatMap { Int($0) })
    }
}
