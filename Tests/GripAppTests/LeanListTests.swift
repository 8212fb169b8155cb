import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 21 (part): lists count with COUNT(*) and the map paginates, with the same answers as before.
@Suite struct LeanListTests {
    @Test func countRowsAgreesWithFluentsCountUnderEveryFilter() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            for n in 0..<5 {
                var i = f.input(service: n < 3 ? "one" : "two", lead: n < 3 ? "staff" : "staff2", reviewer: n < 3 ? "rm" : "rm2")
                i.title = "Action \(n)"
                _ = try await f.createAction(app, by: "ql", i)
            }
            _ = try await f.createActionB(app)
            let ql = try f.actor("ql"), rm = try f.actor("rm")
            for (actor, filter) in [(ql, ActionFilter()), (rm, ActionFilter()), (ql, { var x = ActionFilter(); x.serviceID = f.sid("two"); return x }()),
                                    (ql, { var x = ActionFilter(); x.statement = "S8"; return x }())] {
                let q = ActionQueries.filtered(filter, actor: actor, today: Day.today(now: Date()), on: app.db)
                #expect(try await q.countRows() == (try await q.count()))
            }
            let page = try await ActionQueries.filtered(ActionFilter(), actor: ql, today: Day.today(now: Date()), on: app.db)
                .sort(\.$reference).leanPage(PageRequest(page: 2, per: 2))
            #expect(page.metadata.total == 5 && page.items.map(\.title) == ["Action 2", "Action 3"])
        }
    }

    @Test func theMapAPIPaginatesInTheMapsOrder() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            for (n, theme) in ["Falls", "Medicines", "Staffing", "Nutrition"].enumerated() {
                var i = f.input(service: n < 2 ? "one" : "two", lead: n < 2 ? "staff" : "staff2", reviewer: n < 2 ? "rm" : "rm2")
                i.theme = theme
                i.title = "About \(theme)"
                _ = try await f.createAction(app, by: "ql", i)
            }
            let api = try await APIClient.make(app, for: f.users["ql"]!)
            let all = try await api.send(.GET, "/api/v1/map")
            let everything = (all.json["items"] as? [[String: Any]] ?? []).compactMap { $0["theme"] as? String }
            #expect(everything == ["Falls", "Medicines", "Nutrition", "Staffing"])   // One House, then Two Court
            let second = try await api.send(.GET, "/api/v1/map?per=3&page=2")
            #expect((second.json["items"] as? [[String: Any]] ?? []).compactMap { $0["theme"] as? String } == ["Staffing"])
            let meta = second.json["metadata"] as? [String: Any]
            #expect(meta?["total"] as? Int == 4 && meta?["per"] as? Int == 3 && meta?["page"] as? Int == 2)
            let bad = try await api.send(.GET, "/api/v1/map?per=0")
            #expect(bad.status == .badRequest && bad.body.string.contains("per"))
            let beyond = try await api.send(.GET, "/api/v1/map?page=9")
            #expect(beyond.status == .ok && (beyond.json["items"] as? [[String: Any]])?.isEmpty == true)
            // The web map still shows every row.
            let web = try await Browser.signedIn(app, "ql@alpha.example").get("/map")
            #expect(["About Falls", "About Medicines", "About Nutrition", "About Staffing"].allSatisfy { web.body.string.contains($0) })
        }
    }
}
