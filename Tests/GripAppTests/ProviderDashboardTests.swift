import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Issue 24: the provider dashboard's heat map of services by signals, its order, and one indicator's small
/// multiples across services.
@Suite struct ProviderDashboardTests {
    /// Uploads a year of steady values and a last month far above them for `service`: an early warning.
    func risingValues(_ app: Application, _ f: Fixture, indicator: Indicator, service: String) async throws {
        let api = try await APIClient.make(app, for: f.users["ql"]!)
        let values: [Double] = [3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 30]
        let items = values.enumerated().map { k, v -> [String: Any] in
            [
                "service_id": f.sid(service).uuidString, "indicator_id": indicator.id!.uuidString,
                "period": monthStart(values.count - 1 - k).iso, "value": v
            ]
        }
        #expect(try await api.json(.POST, "/api/v1/indicators/values", ["values": items]).status == .ok)
    }

    /// An action at Two Court three days past its due day (moved there directly; its summary recomputed).
    func overdueAction(_ app: Application, _ f: Fixture) async throws {
        let action = try await f.createAction(app, by: "ql", f.input(service: "two", lead: "staff2", reviewer: "rm2"))
        let today = Day.today(now: Date())
        action.dueDay = today.adding(days: -3).iso
        try await action.update(on: app.db)
        _ = try await ServiceSummaries.refresh(organisationID: f.orgA, today: today, all: true, on: app.db)
    }

    func indicator(_ app: Application, _ f: Fixture, _ name: String) async throws -> Indicator {
        try #require(
            try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                .filter(\.$name == name).first())
    }

    @Test func theHeatMapCountsEachSignalWithItsWordsAndLinks() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            try await overdueAction(app, f)
            let concerns = try await indicator(app, f, "Safeguarding concerns")
            try await risingValues(app, f, indicator: concerns, service: "one")
            let page = try await Browser.signedIn(app, "ni@alpha.example").get("/dashboard")
            #expect(page.status == .ok)
            let html = page.body.string
            // Two Court's overdue action: a shaded cell with its count, its words, and a link to the list.
            let two = f.sid("two").uuidString
            #expect(
                html.contains(
                    "<td class=\"heat heat-1 num\"><a href=\"/actions?service=\(two)&amp;overdue=true\">"
                        + "1<span class=\"visually-hidden\"> actions overdue</span></a></td>"))
            // One House's early warning, counted and listed with its indicator.
            let one = f.sid("one").uuidString
            #expect(
                html.contains(
                    "<a href=\"/services/\(one)/dashboard#warnings\">1<span class=\"visually-hidden\"> "
                        + "early warnings</span></a>"))
            #expect(html.contains(">Safeguarding concerns</a>, concern in"))
            // Nothing is said by shade alone: a zero says so, and the legend words each shade.
            #expect(
                html.contains("<td class=\"heat heat-0 num\">0<span class=\"visually-hidden\"> drift signals</span>"))
            #expect(html.contains("heat-3\" aria-hidden=\"true\"></span>5 or more</li>"))
            // The columns sort; the one in use says so.
            #expect(
                html.contains(
                    "<th scope=\"col\" class=\"num\" aria-sort=\"descending\"><a href=\"/dashboard#heat\">"
                        + "Fragility</a></th>"))
            #expect(html.contains("<a href=\"/dashboard?sort=overdue#heat\">Overdue</a>"))
        }
    }

    @Test func rowsSortByFragilityByNameOrByASignal() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            // Two Court: two live actions, one overdue; One House: none.
            _ = try await f.createAction(app, by: "ql", f.input(service: "two", lead: "staff2", reviewer: "rm2"))
            try await overdueAction(app, f)
            let web = try await Browser.signedIn(app, "ql@alpha.example")
            func order(_ path: String) async throws -> [String] {
                let res = try await web.get(path)
                #expect(res.status == .ok)
                let html = res.body.string
                let names = ["One House", "Two Court"]
                return names.sorted {
                    html.range(of: ">\($0)</a></th>")!.lowerBound < html.range(of: ">\($1)</a></th>")!.lowerBound
                }
            }
            #expect(try await order("/dashboard") == ["Two Court", "One House"])
            #expect(try await order("/dashboard?sort=overdue") == ["Two Court", "One House"])
            #expect(try await order("/dashboard?sort=name") == ["One House", "Two Court"])
            let byName = try await web.get("/dashboard?sort=name").body.string
            #expect(
                byName.contains("<th scope=\"col\" aria-sort=\"ascending\"><a href=\"/dashboard?sort=name#heat\">"))
        }
    }

    @Test func theSmallMultiplesDrawOneIndicatorAtEveryServiceWithWords() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let concerns = try await indicator(app, f, "Safeguarding concerns")
            try await risingValues(app, f, indicator: concerns, service: "one")
            let web = try await Browser.signedIn(app, "ql@alpha.example")
            // Without a choice: the indicator with the most early warnings.
            let first = try await web.get("/dashboard").body.string
            #expect(
                first.contains("<option value=\"\(concerns.id!.uuidString)\" selected>Safeguarding concerns</option>"))
            #expect(first.contains("1 of 2 services show a special-cause concern in their latest periods."))
            // Each chart has its title and description, and says its latest value and verdict in words.
            #expect(
                first.contains(
                    "<title id=\"m-\(f.sid("one").uuidString.prefix(8))-t\">Safeguarding concerns, One House</title>"))
            #expect(first.contains("<strong>Special cause: concern</strong>"))
            #expect(
                first.contains(
                    "<h3><a href=\"\(Paths.series(concerns.id!, f.sid("two")))\">Two Court</a></h3>"
                        + "<p class=\"small\">No values yet.</p>"))
            // Another indicator, chosen: its name and no values yet anywhere.
            let falls = try await indicator(app, f, "Falls")
            let chosen = try await web.get("/dashboard?sort=name&indicator=\(falls.id!.uuidString)")
            #expect(chosen.status == .ok)
            #expect(chosen.body.string.contains("<option value=\"\(falls.id!.uuidString)\" selected>Falls</option>"))
            #expect(chosen.body.string.contains("0 of 2 services show a special-cause concern"))
            // The order's links keep the chosen indicator.
            #expect(chosen.body.string.contains("/dashboard?sort=overdue&amp;indicator=\(falls.id!.uuidString)#heat"))
        }
    }

    @Test func badSortsAndIndicatorsAreRefusedByNameAndAnotherOrganisationsIsNotFound() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let web = try await Browser.signedIn(app, "ql@alpha.example")
            let sort = try await web.get("/dashboard?sort=worst")
            #expect(sort.status == .badRequest)
            #expect(
                sort.body.string.contains("Unknown sort &#39;worst&#39;")
                    || sort.body.string.contains("Unknown sort 'worst'"))
            let bad = try await web.get("/dashboard?indicator=falls")
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("indicator must be an indicator id"))
            let theirs = try #require(
                try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgB).first())
            let other = try await web.get("/dashboard?indicator=\(theirs.id!.uuidString)")
            #expect(other.status == .notFound)
            #expect(!other.body.string.contains(theirs.name + "</option>"))
            let signedOut = try await Browser(app).get("/dashboard")
            #expect(signedOut.status == .seeOther)
            #expect(signedOut.headers.first(name: .location)?.hasPrefix("/sign-in") == true)
        }
    }

    /// A registered manager's heat map is their own services; a commissioner's, the services they oversee.
    @Test func eachPersonSeesOnlyTheirServices() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            for who in ["rm", "commissioner"] {
                let html = try await Browser.signedIn(app, "\(who)@alpha.example").get("/dashboard").body.string
                #expect(html.contains(">One House</a></th>"))
                #expect(!html.contains("Two Court"))
                #expect(!html.contains("Beta Home"))
            }
            _ = f
        }
    }

    /// The dashboard reads stored summaries: the same number of queries for 2 services or 12, with values.
    @Test func theDashboardIsABoundedNumberOfQueries() async throws {
        try await withGrip { app in
            var f = try await Fixture.make(app)
            let actor = try f.actor("ql")
            let today = Day.today(now: Date())
            func queries() async throws -> Int {
                let history = QueryHistory()
                let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: history)!
                _ = try await ProviderDashboardQuery(db: db, actor: actor, today: today).load(
                    sort: "overdue", indicator: nil)
                return history.queries.count
            }
            let concerns = try await indicator(app, f, "Safeguarding concerns")
            try await risingValues(app, f, indicator: concerns, service: "one")
            let small = try await queries()
            let admin = try AdminService(db: app.db, actor: try f.actor("admin"))
            for n in 0..<10 {
                let s = try await admin.saveService(
                    nil,
                    .init(
                        name: "Extra \(n)", cqcLocationID: "", serviceType: .nursing,
                        commissioners: "", ratings: [:]), version: nil)
                f.services["extra"] = s
                try await risingValues(app, f, indicator: concerns, service: "extra")
            }
            #expect(try await queries() == small)
        }
    }

    /// A large group reads its charts a page at a time, in the heat map's order; a bad page is named.
    @Test func theSmallMultiplesComeAPageAtATime() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try AdminService(db: app.db, actor: try f.actor("admin"))
            for n in 0..<ProviderDashboardQuery.perPage {
                _ = try await admin.saveService(
                    nil,
                    .init(
                        name: String(format: "Extra %02d", n), cqcLocationID: "",
                        serviceType: .nursing, commissioners: "", ratings: [:]),
                    version: nil)
            }
            let web = try await Browser.signedIn(app, "ql@alpha.example")
            let first = try await web.get("/dashboard?sort=name").body.string
            let total = ProviderDashboardQuery.perPage + 2
            #expect(first.contains("Services 1 to \(ProviderDashboardQuery.perPage) of \(total)."))
            #expect(first.contains("<a href=\"/dashboard?sort=name&amp;page=2#trends\" rel=\"next\">Next services</a>"))
            #expect(first.components(separatedBy: "<li class=\"multiple").count - 1 == ProviderDashboardQuery.perPage)
            let second = try await web.get("/dashboard?sort=name&page=2").body.string
            #expect(second.components(separatedBy: "<li class=\"multiple").count - 1 == 2)
            #expect(second.contains(">Two Court</a></h3>") && !second.contains(">Extra 00</a></h3>"))
            #expect(second.contains("rel=\"prev\""))
            for bad in ["0", "two", "-1"] {
                let res = try await web.get("/dashboard?page=\(bad)")
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("page must be a whole number from 1."))
            }
        }
    }
}
