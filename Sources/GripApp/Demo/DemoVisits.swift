import Fluent
import Foundation
import GripCore

/// Senior visits on the demo (issue 36): Oakwood House visited by the nominated individual (planned) and the quality
/// lead (unannounced) in the last fortnight; Maple Court not visited since Grip began watching five weeks ago — its
/// planned visit is overdue, a drift signal.
enum DemoVisits {
    static func seed(db: any Database, users: [String: User], services: [String: Service], today: Day) async throws {
        let oakwood = services["oakwood"]?.id
        let ni = SeniorVisitService(db: db, actor: try Actor(users["ni"]!), today: today)
        _ = try await ni.record(
            serviceID: oakwood,
            .init(
                day: today.adding(days: -10), kind: .planned,
                observed: "Morning medicines round on both floors; handover; the MAR audit folder.",
                spokenTo: "The nurse in charge, two carers, the activities lead, OH-01 and OH-04's daughter.",
                findings: "MAR charts complete for the week; body maps now kept with the care plan. One agency "
                    + "carer had not had the induction: raised with the manager the same day."))
        // The nominated individual makes Oakwood's planned visits; the quality lead its unannounced ones.
        _ = try await ni.setVisitors(
            serviceID: oakwood, plannedBy: users["ni"]?.id, unannouncedBy: users["ql"]?.id, version: 0)
        let ql = SeniorVisitService(db: db, actor: try Actor(users["ql"]!), today: today)
        _ = try await ql.record(
            serviceID: oakwood,
            .init(
                day: today.adding(days: -4), kind: .unannounced,
                observed: "Night shift at 02:00: staffing as the rota; hourly checks recorded.",
                spokenTo: "Both night carers and the senior on shift.",
                findings: "Checks on time; call bells answered within three minutes. Nothing to add."))
    }
}
