import Foundation
import GripCore

/// A held change as every page shows it (issue 33): what it would do, who proposed it and why, and — for
/// those the rulebook lets decide it — the decision form; for everyone else, why not.
struct PendingPanel: Encodable {
    let title: String
    let weakenings: [String]
    let reason: String
    let by: String
    let at: String
    let canDecide: Bool
    let refusal: String?
    let href: String
    let version: Int
    let approveLabel: String

    /// `relation`: the viewer's relation to the change (`PendingChanges.relation`). `href`: where the decision posts.
    init(_ c: PendingChange, actor: Actor, relation: RecordRelation, href: String) throws {
        title =
            switch c.operation {
            case .actionUpdate: "A change to this action's oversight is waiting for approval"
            case .actionCancel: "Cancelling this action is waiting for approval"
            case .oversight: "A step-down of oversight is waiting for a commissioner's confirmation"
            case .seriesSettings: "A change to this series' limits is waiting for approval"
            case .notEscalating: "A decision not to escalate is waiting for approval"
            case .standDown: "Standing this model down is waiting for approval"
            }
        weakenings = c.decodedWeakenings.map(\.message)
        reason = c.reason
        by = c.proposedByName
        at = UKTime.format(c.createdAt ?? Clock.current.now())
        let refusal = c.approver.refusal(for: actor.role, relation)
        self.refusal = refusal
        canDecide = refusal == nil
        self.href = href
        version = c.version
        approveLabel = c.need == .ownerConfirmation ? "Confirm: it takes effect now" : "Approve: apply the change"
    }
}
