import Fluent
import Foundation
import GripCore

/// Safety-critical operating models on the demo (issue 36): at Oakwood House, medicines and welfare checks in their
/// second week — every check done but one night's welfare round, a few verified by the quality lead (one that did
/// not hold), re-signed by Sarah Collins two days ago, two of today's checks done; at Maple Court, a falls model its
/// owner has not re-signed, lapsed since five days ago.
enum DemoSafetyModels {
    static func seed(
        db: any Database, users: [String: User], services: [String: Service], actions: [RecoveryAction], today: Day
    ) async throws {
        let rm = try Actor(users["rm"]!), staff = try Actor(users["staff"]!), ql = try Actor(users["ql"]!)
        let staff2 = try Actor(users["staff2"]!)
        let start = today.adding(days: -9)
        let protects = actions.filter {
            $0.title.hasPrefix("Every MAR chart") || $0.title.hasPrefix("Controlled drugs")
        }
        let oakwood = try await SafetyModelService(db: db, actor: rm, today: today).setUp(
            serviceID: services["oakwood"]?.id,
            .init(
                title: "Medicines and welfare checks after the inspection", startDay: start,
                plannedEndDay: today.adding(days: 4), reSignDays: 7, shiftsPerDay: 3,
                completedBy: "The senior carer on each shift", verifiedBy: "The registered manager or quality lead",
                checks: [("Medicines round observed and MAR re-signed", 2), ("Welfare check for each person", nil)],
                protects: try protects.map { try $0.requireID() }))
        let mid = try oakwood.requireID()
        // Every check done from the start to yesterday, but the night welfare round on day 6; two done today.
        for offset in 0...9 {
            let day = start.adding(days: offset)
            let service = SafetyModelService(db: db, actor: staff, today: day)
            let keys: [String] =
                offset == 9 ? ["c1", "c2"] : offset == 6 ? ["c1", "c1", "c2", "c2"] : ["c1", "c1", "c2", "c2", "c2"]
            for key in keys { _ = try await service.recordCheck(mid, check: key, day: day) }
        }
        let verifier = { (d: Int) in SafetyModelService(db: db, actor: ql, today: start.adding(days: d)) }
        _ = try await verifier(2).verify(
            mid,
            .init(
                method: .observation, check: "c1", day: start.adding(days: 2), held: true,
                found: "Watched the lunchtime round on the first floor: MAR signed at the point of giving."))
        _ = try await verifier(5).verify(
            mid,
            .init(
                method: .spotCall, check: "c2", day: start.adding(days: 5), held: true,
                found: "Called the night senior at 03:10: rounds on time, the log matches."))
        _ = try await verifier(7).verify(
            mid,
            .init(
                method: .unannouncedVisit, check: "c2", day: start.adding(days: 6), held: false,
                found: "The night welfare round for 6 was not done: the log shows two rounds of three. Raised with "
                    + "the night senior; the rota is short on Thursdays."))
        _ = try await SafetyModelService(db: db, actor: rm, today: today.adding(days: -2))
            .reSign(mid, version: oakwood.version)
        // Maple Court: set up three weeks ago, not re-signed since — lapsed.
        let mapleStart = today.adding(days: -20)
        let maple = try await SafetyModelService(db: db, actor: rm, today: mapleStart).setUp(
            serviceID: services["maple"]?.id,
            .init(
                title: "Falls checks after the October falls", startDay: mapleStart,
                plannedEndDay: today.adding(days: 8), reSignDays: 14, shiftsPerDay: 2,
                completedBy: "Carers on each floor", verifiedBy: "The registered manager",
                checks: [("Hourly checks for the four people at high risk of falls", nil)], protects: []))
        for offset in 0..<20 {
            let day = mapleStart.adding(days: offset)
            for _ in 0..<2 {
                _ = try await SafetyModelService(db: db, actor: staff2, today: day)
                    .recordCheck(try maple.requireID(), check: "c1", day: day)
            }
        }
    }
}
