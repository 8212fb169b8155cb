import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 35: the recovery map reads its page's actions as plain rows — each with its service's, lead's and
/// route's names and its latest review's RAG — in one statement, and stays scoped to what the reader sees.
@Suite struct RecoveryMapRowsTests {
    @Test func rowsCarryTheLeadTheRouteAndTheLatestRAGInAFewStatements() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            var i = f.input()
            i.theme = "Medicines"
            let one = try await f.createAction(app, by: "ql", i)
            var t = f.input(service: "two", lead: "staff2", reviewer: "rm2")
            t.theme = "Falls"
            let two = try await f.createAction(app, by: "ql", t)
            let beta = try await f.createActionB(app)
            // Three reviews of the first: the latest by day is red, though the amber one was recorded last.
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            for (days, rag) in [(-3, "green"), (-1, "red"), (-5, "amber")] {
                var body: [String: Any] = [
                    "rag": rag, "commentary": "Seen", "decision": "Continue", "measure_value": 80,
                    "date": today.adding(days: days).iso
                ]
                if rag == "red" { body["control_change"] = "Second signature on every MAR round" }
                let res = try await rm.json(.POST, "/api/v1/actions/\(one.id!)/reviews", body)
                #expect(res.status == .created, "\(rag): \(res.body.string)")
            }
            for who in ["ql", "ni"] {
                let api = try await APIClient.make(app, for: f.users[who]!)
                let items = try await api.send(.GET, "/api/v1/map").json["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["action_id"] as? String } == [one.id!.uuidString, two.id!.uuidString])
                let first = try #require(items.first), second = try #require(items.last)
                #expect(first["rag"] as? String == "red", "\(who)")
                #expect(second["rag"] == nil || second["rag"] is NSNull, "\(who): never reviewed")
                #expect((first["owner"] as? [String: Any])?["email"] as? String == "staff@alpha.example")
                #expect((second["owner"] as? [String: Any])?["name"] as? String == "Sol Staff")
                #expect(first["review_route"] as? String == "Recovery meeting")
                #expect((second["service"] as? [String: Any])?["name"] as? String == "Two Court")
                #expect(!items.contains { $0["action_id"] as? String == beta.id!.uuidString })
            }
            // A manager of one service sees its row only; the other organisation's manager sees its own only.
            for (who, expected) in [("rm", one.id!), ("rm2", two.id!), ("rmB", beta.id!)] {
                let api = try await APIClient.make(app, for: f.users[who]!)
                let items = try await api.send(.GET, "/api/v1/map").json["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["action_id"] as? String } == [expected.uuidString], "\(who)")
            }
            // The web map shows the same names and RAG.
            let page = try await Browser.signedIn(app, "ql@alpha.example").get("/map").body.string
            #expect(page.contains("Sam Staff") && page.contains("Sol Staff") && page.contains("Recovery meeting"))
            #expect(page.contains("rag-red"))

            // With the services already read for the page's filter and the summaries stored: the summaries, the
            // page's actions and their evidence categories — three statements, however many rows.
            let actor = try f.actor("ql")
            let services = try await Scoped.services(for: actor, on: app.db)
            _ = try await RecoveryMap.rows(
                .init(), actor: actor, page: nil, services: services, today: today, on: app.db)
            let log = StatementLog()
            let (rows, total) = try await RecoveryMap.rows(
                .init(), actor: actor, page: PageRequest(page: 1, per: 100), services: services, today: today,
                on: log.database(app))
            #expect(total == 2 && rows.map(\.action.id) == [one.id!, two.id!])
            #expect(log.statements.count == 3, "\(log.statements)")
        }
    }
}
