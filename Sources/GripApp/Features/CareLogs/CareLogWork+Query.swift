import Fluent
import Foundation
import GripCore

/// What the care logs ask of a person on My work (issue 23): notifications to CQC overdue and concerns waiting for
/// a manager's decision (for managers), and debriefs overdue (for anyone delivering care). Three bounded queries.
struct CareLogWork: Encodable, Sendable {
    struct Item: Encodable, Sendable { let what: String; let href: String; let when: String }
    let notificationsOverdue: [Item]
    let concernsAwaiting: [Item]
    let debriefsOverdue: [Item]

    var isEmpty: Bool { notificationsOverdue.isEmpty && concernsAwaiting.isEmpty && debriefsOverdue.isEmpty }

    static let none = CareLogWork(notificationsOverdue: [], concernsAwaiting: [], debriefsOverdue: [])

    static func load(db: any Database, actor: Actor, now: Date) async throws -> CareLogWork {
        guard actor.may(.raiseConcerns), actor.may(.readProviderWork) else { return .none }
        var notifications: [Item] = [], concerns: [Item] = []
        if actor.may(.decideConcerns) {
            notifications = try await StatutoryNotificationService(db: db, actor: actor, now: now).overdue().map {
                Item(
                    what: "\($0.event.label) at \($0.service.name)" + ($0.person.map { ", \($0.reference)" } ?? ""),
                    href: Paths.notification($0.id!), when: "due \(UKTime.format($0.dueAt))")
            }
            concerns = try await SafeguardingService(db: db, actor: actor, now: now).visible()
                .filter(\.$decisionAt == nil).with(\.$person).with(\.$service).sort(\.$raisedAt).limit(50).all().map {
                    Item(
                        what: "\($0.category.label): \($0.person.reference) at \($0.service.name)",
                        href: Paths.concern($0.id!), when: "raised \(UKTime.format($0.raisedAt))")
                }
        }
        let debriefs = try await InterventionService(db: db, actor: actor, now: now).visible()
            .filter(\.$debriefAt == nil)
            .filter(\.$startedAt < now.addingTimeInterval(-RestrictivePracticeRules.debriefWithin))
            .with(\.$person).with(\.$service).sort(\.$startedAt).limit(50).all()
            .filter { RestrictivePracticeRules.debriefOverdue($0.facts, now: now) }
            .map {
                Item(
                    what: "\($0.kind.label): \($0.person.reference) at \($0.service.name)",
                    href: Paths.intervention($0.id!), when: UKTime.format($0.startedAt))
            }
        return CareLogWork(notificationsOverdue: notifications, concernsAwaiting: concerns, debriefsOverdue: debriefs)
    }
}
