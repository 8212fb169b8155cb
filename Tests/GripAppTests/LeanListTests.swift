import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 21 (part): lists count with COUNT(*) and the map paginates, with the same answers as before.
@Suite struct LeanListTests {
    /// Issue 35: a page of the list is two statements (a count and the rows, people and service joined) as plain
    /// rows, and the API's page the same two as models; each carries the right service and people (two people
    /// from one table, told apart).
    @Test func aPageReadsItsPeopleAndServicesInOneStatement() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            for n in 0..<4 {
                var i = f.input(
                    service: n < 2 ? "one" : "two", lead: n < 2 ? "staff" : "staff2", reviewer: n < 2 ? "rm" : "rm2")
                i.title = "Action \(n)"
                _ = try await f.createAction(app, by: "ql", i)
            }
            let today = Day.today(now: Date())
            let rows = try await ActionQueries.list(ActionFilter(), actor: try f.actor("ql"), today: today, on: app.db)
            #expect(rows.items.count == 4 && rows.metadata.total == 4)
            for r in rows.items {
                let two = r.title >= "Action 2"
                #expect(r.facts.serviceID == f.sid(two ? "two" : "one"))
                #expect(r.serviceName == (two ? "Two Court" : "One House"))
                #expect(r.leadName == (two ? "Sol Staff" : "Sam Staff"))
            }
            let history = QueryHistory()
            let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: history)!
            let page = try await ActionQueries.listModels(
                ActionFilter(), actor: try f.actor("ql"), today: today, on: db)
            #expect(page.items.count == 4 && page.metadata.total == 4)
            #expect(history.queries.map(\.schema) == ["actions"], "the page, as models (the count is SQL)")
            #expect(page.items.map(\.id) == rows.items.map(\.facts.id), "the same rows in the same order")
            for a in page.items {
                let two = a.title >= "Action 2"
                #expect(a.service.id == f.sid(two ? "two" : "one"))
                #expect(a.lead.id == f.id(two ? "staff2" : "staff") && a.reviewer.id == f.id(two ? "rm2" : "rm"))
                #expect(a.lead.email != a.reviewer.email)
            }
        }
    }

    /// The one filter (SQL) against Fluent's reading of the same filter, for people of each reach (two
    /// organisations, organisation-wide and service-scoped) under every filter: the same count, the same page
    /// (a deep one too), the same export; nothing of another organisation or an unnamed service.
    @Test func theListsSelectionIsFluentsUnderEveryFilterAndReach() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            for n in 0..<7 {
                var i = f.input(
                    service: n < 4 ? "one" : "two", lead: n < 4 ? (n < 2 ? "staff" : "staff3") : "staff2",
                    reviewer: n < 4 ? "rm" : "rm2",
                    factors: n.isMultiple(of: 2) ? (4, 3, 3, 4, 3) : (1, 1, 1, 1, 1),
                    due: Day.today(now: Date()).adding(days: 10 + n % 3))
                i.title = "Action \(n)"
                if n == 5 { i.statementIDs = ["S1"] }
                _ = try await f.createAction(app, by: "ql", i)
            }
            _ = try await f.createActionB(app)
            let today = Day.today(now: Date())
            let later = today.adding(days: 11)  // some due days have passed by then
            func filter(_ change: (inout ActionFilter) -> Void) -> ActionFilter {
                var x = ActionFilter()
                change(&x)
                return x
            }
            let filters: [ActionFilter] = [
                ActionFilter(), filter { $0.serviceID = f.sid("two") }, filter { $0.leadID = f.id("staff2") },
                filter { $0.band = .low }, filter { $0.status = .open }, filter { $0.status = .cancelled },
                filter { $0.overdue = true },
                filter {
                    $0.statement = "S8"
                    $0.framework = Framework.cqc2023.id
                },
                filter {
                    $0.per = 2; $0.page = 2
                },
                filter {
                    $0.per = 3; $0.page = 3
                }
            ]
            var nonEmpty = 0
            for who in ["ql", "rm", "rm2", "staff", "rmB", "adminB", "commissioner"] {
                let actor = try f.actor(who)
                for (n, x) in filters.enumerated() {
                    let day = x.overdue ? later : today
                    let expected = try await Self.fluentReading(x, actor: actor, today: day, on: app.db)
                    let rows = try await ActionQueries.list(x, actor: actor, today: day, on: app.db)
                    let models = try await ActionQueries.listModels(x, actor: actor, today: day, on: app.db)
                    let exported = try await ActionQueries.all(x, actor: actor, today: day, on: app.db)
                    #expect(rows.metadata.total == expected.total, "\(who), filter \(n)")
                    #expect(rows.items.map(\.facts.id) == expected.page, "\(who), filter \(n)")
                    #expect(models.items.map(\.id) == expected.page, "\(who), filter \(n)")
                    #expect(exported.map(\.id) == expected.all, "\(who), filter \(n)")
                    if !expected.page.isEmpty { nonEmpty += 1 }
                }
            }
            #expect(nonEmpty > 30, "the filters pick rows for most people")
            let outsider = try await ActionQueries.list(
                ActionFilter(), actor: try f.actor("adminB"), today: today, on: app.db)
            #expect(!outsider.items.contains { $0.title.hasPrefix("Action ") }, "another organisation's list")
        }
    }

    /// The page itself: the rows and the filters' options drawn with `Markup` (issue 35) show what they did, the
    /// chosen option selected, a title escaped; a service-scoped person and another organisation see only theirs.
    @Test func theListPageShowsItsRowsAndFiltersForEachReach() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            var one = f.input()
            one.title = "Check <b>MAR</b> & \"PRN\" charts"
            let a = try await f.createAction(app, by: "ql", one)
            var two = f.input(service: "two", lead: "staff2", reviewer: "rm2")
            two.title = "Rota gaps at Two Court"
            let b = try await f.createAction(app, by: "ql", two)
            let ql = try await Browser.signedIn(app, f.users["ql"]!.email)
            let all = try await ql.get("/actions").body.string
            #expect(all.contains("Check &lt;b&gt;MAR&lt;/b&gt; &amp; &quot;PRN&quot; charts"))
            #expect(!all.contains("<b>MAR</b>"))
            #expect(all.contains("<a href=\"\(Paths.action(a.id!))\">") && all.contains(Paths.action(b.id!)))
            #expect(all.contains("<td>\(a.reference)</td>") && all.contains("<td>Sam Staff</td>"))
            #expect(all.contains("<option value=\"\(f.sid("two"))\">Two Court</option>"))
            let chosen = try await ql.get("/actions?service=\(f.sid("two"))").body.string
            #expect(chosen.contains("<option value=\"\(f.sid("two"))\" selected=\"\">Two Court</option>"))
            #expect(chosen.contains("Rota gaps at Two Court") && !chosen.contains("PRN"))
            #expect(chosen.contains("1 action found."))
            let rm = try await Browser.signedIn(app, f.users["rm"]!.email)
            let mine = try await rm.get("/actions").body.string
            #expect(mine.contains("PRN") && !mine.contains("Rota gaps"), "a manager of One House sees One House's")
            #expect(!mine.contains(">Two Court</option>"))
            let other = try await Browser.signedIn(app, f.users["adminB"]!.email)
            let theirs = try await other.get("/actions").body.string
            #expect(!theirs.contains("PRN") && !theirs.contains("Rota gaps") && !theirs.contains("One House"))
        }
    }

    /// The list's filter as Fluent reads it (the code the SQL selection replaced): the reference.
    static func fluentReading(
        _ f: ActionFilter, actor: Actor, today: Day, on db: any Database
    ) async throws -> (total: Int, page: [UUID?], all: [UUID?]) {
        var q = RecoveryAction.query(on: db).visible(to: actor)
        if let s = f.status { q = q.filter(\.$status == s) }
        if let s = f.serviceID { q = q.filter(\.$service.$id == s) }
        if let b = f.band { q = q.filter(\.$riskBand == b) }
        if let l = f.leadID { q = q.filter(\.$lead.$id == l) }
        if let st = f.statement, let fw = f.framework {
            q = q.join(ActionMapping.self, on: \RecoveryAction.$id == \ActionMapping.$action.$id)
                .filter(ActionMapping.self, \.$framework == fw).filter(ActionMapping.self, \.$itemID == st)
        }
        if f.overdue {
            q = q.filter(\.$dueDay < today.iso).filter(\.$status ~~ ActionStatus.allCases.filter(\.isLive))
        }
        let all = try await q.sort(\.$dueDay).sort(\.$reference).all().map(\.id)
        let start = min(all.count, (f.page - 1) * f.per)
        return (all.count, Array(all[start..<min(all.count, start + f.per)]), all)
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
