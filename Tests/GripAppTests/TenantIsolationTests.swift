import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Nothing of one organisation is ever listed to another: each list, on the API and the pages,
/// shows the caller's own records (a positive check, so an error page cannot pass) and none of
/// the other organisation's.
@Suite struct TenantIsolationTests {
    var today: Day { Day.today(now: Date()) }

    struct Records {
        let actionA: RecoveryAction, actionB: RecoveryAction
        let escalationA: Escalation, escalationB: Escalation
        let decisionA: String
    }

    func make(_ app: Application, _ f: Fixture) async throws -> Records {
        let a = try await f.createAction(app)
        let b = try await f.createActionB(app)
        func escalation(_ who: String, _ service: UUID, _ facts: String) async throws -> Escalation {
            try await EscalationService(db: app.db, actor: try f.actor(who), today: today).create(
                .init(
                    serviceID: service, category: .repeatedIncidents, facts: facts, safeguards: "Hourly checks.",
                    actionsTaken: "Falls assessment.", supportNeeded: "Falls clinic.", respondBy: today.adding(days: 3),
                    jointReviewDay: nil, raiseNow: true))
        }
        let ea = try await escalation("rm", f.sid("one"), "Alpha falls facts.")
        let eb = try await escalation("rmB", f.sid("b"), "Beta falls facts.")
        let meetings = MeetingService(db: app.db, actor: try f.actor("rm"), today: today)
        let meeting = try await meetings.schedule(routeID: f.rid("a"), day: today)
        let started = try await meetings.start(meeting.id, version: meeting.version)
        let item = try await MeetingItem.query(on: app.db).filter(\.$meeting.$id == started.id!).first()!
        _ = try await meetings.addDecision(
            started.id, itemID: item.id, text: "Alpha decision: induct agency nurses",
            ownerID: f.id("rm"), dueDay: today.adding(days: 7))
        return Records(actionA: a, actionB: b, escalationA: ea, escalationB: eb, decisionA: "Alpha decision")
    }

    @Test func everyAPIListShowsOnlyTheCallersOrganisation() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let r = try await make(app, f)
            let beta = try await APIClient.make(app, for: f.users["adminB"]!)
            func items(_ path: String) async throws -> [[String: Any]] {
                let res = try await beta.send(.GET, path)
                #expect(res.status == .ok, "\(path)")
                return res.json["items"] as? [[String: Any]] ?? []
            }
            let escalations = try await items("/api/v1/escalations").compactMap { $0["id"] as? String }
            #expect(escalations == [r.escalationB.id!.uuidString])
            let routes = try await items("/api/v1/routes").compactMap { $0["name"] as? String }
            #expect(routes == ["Beta meeting"])
            let decisions = try await beta.send(.GET, "/api/v1/decisions")
            #expect(decisions.status == .ok && (decisions.json["metadata"] as? [String: Any])?["total"] as? Int == 0)
            #expect(!decisions.body.string.contains(r.decisionA))
            let ownIndicators = Set(
                try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgB).all().map {
                    $0.id!.uuidString
                })
            let indicators = Set(try await items("/api/v1/indicators?per=200").compactMap { $0["id"] as? String })
            #expect(!indicators.isEmpty && indicators == ownIndicators)
            let map = try await items("/api/v1/map").compactMap { $0["action_id"] as? String }
            #expect(map == [r.actionB.id!.uuidString])
            let dashboard = try await beta.send(.GET, "/api/v1/dashboard")
            let services = (dashboard.json["services"] as? [[String: Any]])?.compactMap {
                ($0["service"] as? [String: Any])?["name"] as? String
            }
            #expect(dashboard.status == .ok && services == ["Beta Home"])
            let pack = try await beta.send(.GET, "/api/v1/reports/commissioner")
            #expect(pack.status == .ok && pack.json["services"] as? [String] == ["Beta Home"])
            #expect(!pack.body.string.contains("One House") && !pack.body.string.contains("Two Court"))
        }
    }

    @Test func everyPageListShowsOnlyTheCallersOrganisation() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let r = try await make(app, f)
            let beta = try await Browser.signedIn(app, "rmb@beta.example")
            for (path, own) in [
                ("/escalations", r.escalationB.reference), ("/map", r.actionB.title),
                ("/dashboard", "Beta Home"), ("/indicators", "Falls"), ("/decisions", "Decision log"),
                ("/meetings", "Beta meeting"), ("/reports/pack?kind=commissioner", "Beta Home")
            ] {
                let res = try await beta.get(path)
                #expect(res.status == .ok, "\(path)")
                let html = res.body.string
                #expect(html.contains(own), "\(path) shows the caller's own records")
                // (References such as A-0001 and E-001 are numbered per organisation, so names are compared.)
                for theirs in ["One House", "Two Court", "Recovery meeting", r.decisionA, "Alpha falls facts"] {
                    #expect(!html.contains(theirs), "\(path) leaks \(theirs)")
                }
            }
        }
    }
}
