import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 21 (part): lists count with COUNT(*) and the map paginates, with the same answers as before.
@Suite struct LeanListTests {
    /// Issue 35: a page of the list reads each action's service, lead and reviewer in its own query (joined),
    /// not one query more for each, and attaches the right ones (two people from one table, told apart).
    @Test func aPageReadsItsPeopleAndServicesInOneQuery() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            for n in 0..<4 {
                var i = f.input(
                    service: n < 2 ? "one" : "two", lead: n < 2 ? "staff" : "staff2", reviewer: n < 2 ? "rm" : "rm2")
                i.title = "Action \(n)"
                _ = try await f.createAction(app, by: "ql", i)
            }
            let history = QueryHistory()
            let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: history)!
            let page = try await ActionQueries.list(
                ActionFilter(), actor: try f.actor("ql"), today: Day.today(now: Date()), on: db)
            #expect(page.items.count == 4 && page.metadata.total == 4)
            #expect(history.queries.map(\.schema) == ["actions", "actions"], "a count, then the page")
            for a in page.items {
                let two = a.title >= "Action 2"
                #expect(a.service.id == f.sid(two ? "two" : "one"))
                #expect(a.lead.id == f.id(two ? "staff2" : "staff") && a.reviewer.id == f.id(two ? "rm2" : "rm"))
                #expect(a.lead.email != a.reviewer.email)
            }
        }
    }

    @Test func countRowsAgreesWithFluentsCountUnderEveryFilter() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            for n in 0..<5 {
                var i = f.input(
                    service: n < 3 ? "one" : "two", lead: n < 3 ? "staff" : "staff2", reviewer: n < 3 ? "rm" : "rm2")
                i.title = "Action \(n)"
                _ = try await f.createAction(app, by: "ql", i)
            }
            _ = try await f.createActionB(app)
            let ql = try f.actor("ql"), rm = try f.actor("rm")
            for (actor, filter) in [
                (ql, ActionFilter()), (rm, ActionFilter()),
                (
                    ql,
                    {
                        var x = ActionFilter(); x.serviceID = f.sid("two"); return x
                    }()
                ),
                (
                    ql,
                    {
                        var x = ActionFilter(); x.statement = "S8"; return x
                    }()
                )
            ] {
                let q = ActionQueries.filtered(filter, actor: actor, today: Day.today(now: Date()), on: app.db)
                #expect(try await q.countRows() == (try await q.count()))
            }
            let page = try await ActionQueries.filtered(
                ActionFilter(), actor: ql, today: Day.today(now: Date()), on: app.db
            )
            .sort(\.$reference).leanPage(PageRequest(page: 2, per: 2))
            #expect(page.metadata.total == 5 && page.items.map(\.title) == ["Action 2", "Action 3"])
        }
    }

    @Test func theMapAPIPaginatesInTheMapsOrder() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            for (n, theme) in ["Falls", "Medicines", "Staffing", "Nutrition"].enumerated() {
                var i = f.input(
                    service: n < 2 ? "one" : "two", lead: n < 2 ? "staff" : "staff2", reviewer: n < 2 ? "rm" : "rm2")
                i.theme = theme
                i.title = "About \(theme)"
                _ = try await f.createAction(app, by: "ql", i)
            }
            let api = try await APIClient.make(app, for: f.users["ql"]!)
            let all = try await api.send(.GET, "/api/v1/map")
            let everything = (all.json["items"] as? [[String: Any]] ?? []).compactMap { $0["theme"] as? String }
            #expect(everything == ["Falls", "Medicines", "Nutrition", "Staffing"])  // One House, then Two Court
            let second = try await api.send(.GET, "/api/v1/map?per=3&page=2")
            #expect(
                (second.json["items"] as? [[String: Any]] ?? []).compactMap { $0["theme"] as? String } == ["Staffing"])
            let meta = second.json["metadata"] as? [String: Any]
            #expect(meta?["total"] as? Int == 4 && meta?["per"] as? Int == 3 && meta?["page"] as? Int == 2)
            let bad = try await api.send(.GET, "/api/v1/map?per=0")
            #expect(bad.status == .badRequest && bad.body.string.contains("per"))
            let beyond = try await api.send(.GET, "/api/v1/map?page=9")
            #expect(beyond.status == .ok && (beyond.json["items"] as? [[String: Any]])?.isEmpty == true)
            // The web map shows a page of up to 100 rows, says how many there are, and names a bad page.
            let browser = try await Browser.signedIn(app, "ql@alpha.example")
            let web = try await browser.get("/map")
            #expect(
                ["About Falls", "About Medicines", "About Nutrition", "About Staffing"].allSatisfy {
                    web.body.string.contains($0)
                })
            #expect(web.body.string.contains("4 priority risks.") && !web.body.string.contains("Next page"))
            let badPage = try await browser.get("/map?page=nought")
            #expect(badPage.status == .badRequest && badPage.body.string.contains("page"))
        }
    }

    @Test func theWebMapPagesAHundredRowsAtATimeKeepingItsFilters() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            for n in 0...DashboardWebController.mapPerPage {
                var i = f.input()
                i.theme = String(format: "Theme %03d", n)
                _ = try await f.createAction(app, by: "ql", i)
            }
            let browser = try await Browser.signedIn(app, "ql@alpha.example")
            let first = try await browser.get("/map?service=\(f.sid("one"))")
            #expect(first.body.string.contains("101 priority risks. Page 1 of 2."))
            #expect(first.body.string.contains("<td>Theme 099</td>"))
            #expect(!first.body.string.contains("<td>Theme 100</td>"))
            let next = "/map?page=2&amp;service=\(f.sid("one").uuidString.replacingOccurrences(of: "-", with: "%2D"))"
            #expect(first.body.string.contains("href=\"\(next)\" rel=\"next\""))
            let second = try await browser.get("/map?page=2&service=\(f.sid("one"))")
            #expect(second.body.string.contains("<td>Theme 100</td>"))
            #expect(!second.body.string.contains("<td>Theme 099</td>"))
            #expect(second.body.string.contains("rel=\"prev\""))
        }
    }

    /// The provider dashboard's rows are built in Swift (not by Leaf): every value escaped, the cells in
    /// the header's order, the most fragile service first.
    @Test func theProviderDashboardsRowsAreEscapedAndInTheHeadersOrder() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let two = try #require(try await Service.find(f.sid("two"), on: app.db))
            two.name = "Two <Court> & \"Annexe\""
            try await two.update(on: app.db)
            for n in 0..<2 {
                var i = f.input(service: "two", lead: "staff2", reviewer: "rm2")
                i.title = "Action \(n)"
                _ = try await f.createAction(app, by: "ql", i)
            }
            let page = try await Browser.signedIn(app, "ql@alpha.example").get("/dashboard")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(!html.contains("Two <Court>"))
            let row =
                "<tr><th scope=\"row\"><a href=\"\(Paths.serviceDashboard(f.sid("two")))\">"
                + "Two &lt;Court&gt; &amp; &quot;Annexe&quot;</a>"
                + "</th><td class=\"num\">2</td><td>Not rated</td><td class=\"num\">2<br>"
            #expect(html.contains(row))
            // Two Court has live actions, so it is more fragile than One House and comes first.
            let first = try #require(html.range(of: "Two &lt;Court&gt;"))
            let second = try #require(html.range(of: ">One House<"))
            #expect(first.lowerBound < second.lowerBound)
        }
    }
}
