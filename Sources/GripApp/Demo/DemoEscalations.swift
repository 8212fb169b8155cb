import Fluent
import Foundation
import GripCore

/// Two provider escalations: one at joint review, one resolved with outcome evidence.
enum DemoEscalations {
    static func seed(
        db: any Database, users: [String: User], services: [String: Service],
        actions: [String: RecoveryAction], people: [String: Person], today: Day
    ) async throws {
        let rm = try Actor(users["rm"]!), rm2 = try Actor(users["rm2"]!),
            commissioner = try Actor(users["commissioner"]!)
        // Maple Court: a tenant's placement breaking down; joint review booked.
        let maple = EscalationService(db: db, actor: rm, today: today.adding(days: -12))
        let e1 = try await maple.create(
            .init(
                serviceID: services["maple"]?.id, category: .housingCompatibility,
                facts:
                    """
                    Tenant MC-03's distress has risen since a new tenant moved in: 6 physical interventions in 3 \
                    weeks, 2 with injuries to staff.
                    """,
                safeguards:
                    """
                    2:1 staffing for MC-03 in shared areas; positive behaviour support plan reviewed; GP and \
                    community learning disability team informed.
                    """,
                actionsTaken:
                    """
                    Restrictive practice panel reviewed every intervention; family meeting held; interim \
                    timetable separating shared kitchen use.
                    """,
                supportNeeded:
                    "A housing compatibility assessment and a decision on funding for 2:1 hours for 8 weeks.",
                respondBy: today.adding(days: -7), jointReviewDay: today.adding(days: 3), raiseNow: true,
                personID: people["MC-03"]?.id))
        let c1 = EscalationService(db: db, actor: commissioner, today: today.adding(days: -10))
        _ = try await c1.transition(
            e1.id, to: .acknowledged, reason: "Received. Funding panel will consider the 2:1 hours on Thursday.",
            evidenceIDs: [])
        _ = try await c1.respond(
            e1.id, text: "2:1 hours agreed for 8 weeks from Monday. Housing team will attend the joint review.")
        _ = try await EscalationService(db: db, actor: rm, today: today.adding(days: -5))
            .transition(
                e1.id, to: .jointReview, reason: "Joint review booked with the council's housing team and the family.",
                evidenceIDs: [])

        // Home care: missed calls after a staffing collapse; resolved with outcome evidence.
        let home = EscalationService(db: db, actor: rm2, today: today.adding(days: -40))
        let e2 = try await home.create(
            .init(
                serviceID: services["home"]?.id, category: .staffing,
                facts:
                    """
                    Five carers left in two weeks; 11 missed calls in September, four of them time-critical \
                    medicines calls.
                    """,
                safeguards:
                    """
                    Standby carer on every shift; coordinator checks call monitoring hourly; time-critical calls \
                    prioritised.
                    """,
                actionsTaken: "Recruitment campaign; agency block booking; rounds re-planned to cut travel time.",
                supportNeeded: "Temporary transfer of 6 packages in the north rounds to another framework provider.",
                respondBy: today.adding(days: -35), jointReviewDay: today.adding(days: -20), raiseNow: true))
        let c2 = EscalationService(db: db, actor: commissioner, today: today.adding(days: -38))
        _ = commissioner
        _ = try? await c2.transition(e2.id, to: .acknowledged, reason: "Acknowledged.", evidenceIDs: [])
        let missed = try await Evidence.query(on: db)
            .join(EvidenceAction.self, on: \Evidence.$id == \EvidenceAction.$evidence.$id)
            .filter(EvidenceAction.self, \.$action.$id == actions["No missed calls"]!.requireID())
            .filter(\.$category == "outcomes").first()
        // Its line of sight: the action it led to, whose outcome indicator is missed or late calls.
        let linked = try await EscalationService(db: db, actor: rm2, today: today.adding(days: -30))
            .link(
                e2.id, version: try await Escalation.find(e2.id, on: db)!.version,
                actionID: actions["No missed calls"]!.id, decisionID: nil, indicatorID: nil)
        _ = try await EscalationService(db: db, actor: rm2, today: today)
            .transition(
                linked.id, to: .resolved,
                reason: "Missed calls down from 11 to 2 a month with the standby carer in place.",
                evidenceIDs: [missed!.requireID()])
    }
}
