import Fluent
import Foundation
import GripCore

/// Learning across services on the demo (issue 36): what Oakwood House's sustained PRN protocols action taught,
/// shared by the quality lead with Maple Court — whose manager found practice had to change — and with Home care,
/// whose check is still open on James Patel's My work.
enum DemoLearning {
    static func seed(
        db: any Database, users: [String: User], services: [String: Service], actions: [String: RecoveryAction],
        today: Day
    ) async throws {
        guard let prn = actions["PRN protocols in place for everyone prescribed 'as required' medicines"] else {
            return
        }
        let shared = today.adding(days: -12)
        let item = try await LearningService(db: db, actor: try Actor(users["ql"]!), today: shared).share(
            .closedAction, prn.id,
            summary: "Everyone prescribed an 'as required' medicine needs a written PRN protocol: when to give it, "
                + "how much, the gap between doses and when to call the GP. Oakwood's MAR audits found protocols "
                + "missing for four people; writing them with the GP stopped the gaps.",
            services: [services["maple"]!.id!, services["home"]!.id!], dueDay: today.adding(days: 2))
        let maple = try await LearningCheck.query(on: db).filter(\.$learning.$id == item.requireID())
            .filter(\.$service.$id == services["maple"]!.requireID()).first()
        _ = try await LearningService(db: db, actor: try Actor(users["rm"]!), today: today.adding(days: -3)).check(
            maple?.id, outcome: .changed,
            note: "Protocols written with the GP for the three people at Maple Court on PRN medicines.",
            version: maple?.version)
    }
}
