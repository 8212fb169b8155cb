import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Issue 23 over the API: people, the logs, notifications and imports, scoped and paginated.
@Suite struct CareLogAPITests {
    static let today = Day.today(now: Date())

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    @Test func peopleAreAddedScopedAndVersioned() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            // A name, a rating that is not one: 422 naming the fields, nothing written.
            let bad = try await rm.json(
                .POST, "/api/v1/people",
                [
                    "service": f.sid("one").uuidString, "reference": "John", "placement": "Flat 1",
                    "risks": ["falls": "dreadful"]
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.problemFields).isSuperset(of: ["reference", "risk_falls"]))
            #expect(try await count(Person.self, app) == 0)
            let created = try await rm.json(
                .POST, "/api/v1/people",
                [
                    "service": f.sid("one").uuidString, "reference": "RS-1", "placement": "Flat 1",
                    "risks": ["falls": "high", "going_missing": "low"], "review_due": Self.today.adding(days: 9).iso
                ])
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["highest_risk"] as? String == "high")
            let risks = (created.json["risks"] as? [[String: Any]] ?? []).compactMap { $0["area"] as? String }
            #expect(risks == ["falls", "going_missing"])
            // Stale version: 409; staff: 403; another organisation: 404; no token: 401.
            let update: [String: Any] = [
                "service": f.sid("one").uuidString, "reference": "RS-1", "placement": "Flat 2",
                "version": 1
            ]
            #expect(try await rm.json(.PUT, "/api/v1/people/\(id)", update).status == .ok)
            #expect(try await rm.json(.PUT, "/api/v1/people/\(id)", update).status == .conflict)
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(try await staff.json(.PUT, "/api/v1/people/\(id)", update).status == .forbidden)
            #expect(try await staff.send(.GET, "/api/v1/people/\(id)").status == .ok)
            let beta = try await APIClient.make(app, for: f.users["rmB"]!)
            #expect(try await beta.send(.GET, "/api/v1/people/\(id)").status == .notFound)
            #expect(try await APIClient(app: app, token: nil).send(.GET, "/api/v1/people").status == .unauthorized)
            // Every view audited, over the API too (the staff member's one read).
            #expect(try await PeopleWebTests.viewed(UUID(uuidString: id)!, app) == 1)
            // The commissioner: aggregates, not people, until the case is shared.
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            let list = try await commissioner.send(.GET, "/api/v1/people")
            #expect((list.json["metadata"] as? [String: Any])?["total"] as? Int == 0)
            let aggregates = try await commissioner.send(.GET, "/api/v1/people/aggregates")
            let rows = (try? JSONSerialization.jsonObject(with: Data(aggregates.body.string.utf8))) as? [[String: Any]]
            // The update replaced the whole record, ratings included: one person, not rated.
            #expect(rows?.count == 1 && rows?.first?["people"] as? Int == 1 && rows?.first?["not_rated"] as? Int == 1)
            #expect(try await commissioner.send(.GET, "/api/v1/people/\(id)").status == .notFound)
            let shared = try await rm.json(
                .POST, "/api/v1/people/\(id)/shares",
                ["commissioner_id": f.id("commissioner").uuidString, "share": true])
            #expect(shared.status == .ok)
            #expect(try await commissioner.send(.GET, "/api/v1/people/\(id)/pattern").status == .ok)
            #expect(try await commissioner.send(.GET, "/api/v1/safeguarding-concerns").status == .forbidden)
            // Paging: 400 naming the bad parameter.
            #expect(try await rm.send(.GET, "/api/v1/people?per=0").status == .badRequest)
            #expect(try await rm.send(.GET, "/api/v1/people?service=\(f.sid("two").uuidString)").status == .notFound)
        }
    }

    @Test func concernsInterventionsAndNotificationsTakeJSON() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await PeopleWebTests.person(f, app)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            // Raised three hours before the moment, decided ten minutes later: on one day in England whatever
            // the hour the test runs (raised at 23:55, decided at 00:05, it was not).
            var london = Calendar(identifier: .gregorian)
            london.timeZone = TimeZone(identifier: "Europe/London")!
            let midday = london.date(bySettingHour: 12, minute: 0, second: 0, of: Date())!
            app.clock = .fixed(midday)
            let raised = midday.addingTimeInterval(-3 * 3600)
            let concern: [String: Any] = [
                "person": p.id!.uuidString, "raised_at": Self.iso(raised), "raised_by_role": "Carer",
                "category": "physical", "summary": "Bruise.", "safeguards": "Body map.", "notify_cqc": true,
                "decision": "Refer.", "rationale": "Unexplained.",
                "decision_at": Self.iso(raised.addingTimeInterval(600))
            ]
            let created = try await rm.json(.POST, "/api/v1/safeguarding-concerns", concern)
            #expect(created.status == .created)
            #expect(created.json["decided_same_day"] as? Bool == true && created.json["notify_cqc"] as? Bool == true)
            // The notification it prompted is listed to send.
            let toSend = try await rm.send(.GET, "/api/v1/cqc-notifications?status=to_send")
            #expect((toSend.json["items"] as? [[String: Any]])?.count == 1)
            #expect(try await rm.send(.GET, "/api/v1/cqc-notifications?status=lost").status == .badRequest)
            // A wrong type is named.
            var wrong = concern
            wrong["notify_cqc"] = "perhaps"
            let refused = try await rm.json(.POST, "/api/v1/safeguarding-concerns", wrong)
            #expect(refused.status == .unprocessableEntity && refused.problemFields.contains("notify_cqc"))
            let intervention = try await rm.json(
                .POST, "/api/v1/restrictive-interventions",
                [
                    "person": p.id!.uuidString, "started_at": Self.iso(raised), "minutes": 4, "place": "Lounge",
                    "trigger": "Noise", "kind": "physical", "staff": "Two support workers", "injury": "none"
                ])
            #expect(intervention.status == .created)
            #expect(intervention.json["debrief_overdue"] as? Bool == false)
            let listed = try await rm.send(.GET, "/api/v1/restrictive-interventions?per=1")
            #expect((listed.json["metadata"] as? [String: Any])?["total"] as? Int == 1)
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(try await staff.json(.POST, "/api/v1/cqc-notifications", ["event": "death"]).status == .forbidden)
            let beta = try await APIClient.make(app, for: f.users["rmB"]!)
            let cid = try #require(created.json["id"] as? String)
            #expect(try await beta.send(.GET, "/api/v1/safeguarding-concerns/\(cid)").status == .notFound)
        }
    }

    @Test func importsAreAllOrNothingWithRowAndColumn() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await PeopleWebTests.person(f, app)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let good =
                "person,started_at,minutes,place,trigger,kind,staff,injury\n"
                + "RS-014,\(Self.today.adding(days: -3).iso) 18:05,5,Lounge,Noise,physical,Two staff,none\n"
            // One good row and two bad: nothing is imported, each problem named by row and column.
            let bad =
                good + "RS-999,\(Self.today.adding(days: -2).iso) 18:05,5,Lounge,Noise,physical,Two staff,none\n"
                + "RS-014,yesterday,five,Lounge,Noise,headlock,Two staff,none\n"
            let refused = try await rm.multipart(
                "/api/v1/restrictive-interventions/import", [],
                file: ("log.csv", Array(bad.utf8)))
            #expect(refused.status == .unprocessableEntity)
            let fields = refused.problemFields
            #expect(fields.contains("row 3, person") && fields.contains("row 4, started_at"))
            #expect(fields.contains("row 4, minutes") && fields.contains("row 4, kind"))
            #expect(try await count(RestrictiveIntervention.self, app) == 0)
            let imported = try await rm.multipart(
                "/api/v1/restrictive-interventions/import", [],
                file: ("log.csv", Array(good.utf8)))
            #expect(imported.status == .created && imported.json["imported"] as? Int == 1)
            // The same file again: already in the log, nothing written twice.
            let again = try await rm.multipart(
                "/api/v1/restrictive-interventions/import", [],
                file: ("log.csv", Array(good.utf8)))
            #expect(again.status == .unprocessableEntity && again.problemFields == ["row 2, started_at"])
            #expect(try await count(RestrictiveIntervention.self, app) == 1)
            #expect(try await SafeguardingWebTests.fedValues(.interventions, f.sid("one"), app).reduce(0, +) == 1)
            // A missing column is named; staff may not import.
            let noColumn = try await rm.multipart(
                "/api/v1/safeguarding-concerns/import", [],
                file: ("c.csv", Array("person,raised_at\nRS-014,2026-01-01 10:00\n".utf8)))
            #expect(noColumn.status == .unprocessableEntity && noColumn.problemFields.contains("row 1, category"))
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(
                try await staff.multipart(
                    "/api/v1/safeguarding-concerns/import", [],
                    file: ("c.csv", Array(good.utf8))
                ).status == .forbidden)
            // The web page imports the sample shape too, and names problems by row and column.
            let browser = try await Browser.signedIn(app, "rm@alpha.example")
            let page = try await browser.postMultipart(
                "/safeguarding/import", [],
                file: (
                    "c.csv",
                    Array(
                        ("person,raised_at,raised_by_role,category,summary,safeguards,notify_cqc\n"
                            + "RS-014,\(Self.today.adding(days: -1).iso) 10:00,Carer,neglect,Missed check.,"
                            + "Checked.,maybe\n")
                            .utf8)
                ))
            #expect(page.status == .unprocessableEntity && page.body.string.contains("Say yes or no"))
            #expect(try await count(SafeguardingConcern.self, app) == 0)
        }
    }

    @Test func theCommandLineImportsAsTheOrganisationWithNoPersonRecorded() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await PeopleWebTests.person(f, app)
            let system = Actor(system: "grip import concerns", organisationID: f.orgA)
            let csv =
                "person,raised_at,raised_by_role,category,summary,safeguards,notify_cqc,decision,rationale,"
                + "decision_at\nRS-014,\(Self.today.adding(days: -2).iso) 10:00,Carer,financial,Cash missing.,"
                + "Safe used.,yes,Refer.,Possible theft.,\(Self.today.adding(days: -2).iso) 11:00\n"
            let n = try await CareLogImport(db: app.db, actor: system, now: Date()).run(.concerns, data: Data(csv.utf8))
            #expect(n == 1)
            let c = try #require(try await SafeguardingConcern.query(on: app.db).first())
            #expect(c.$recordedBy.id == nil && c.$decidedBy.id == nil)
            // The notification it prompted is recorded by nobody too, and the audit names the command.
            #expect(try await StatutoryNotification.query(on: app.db).filter(\.$recordedBy.$id == nil).count() == 1)
            let entry = try await AuditEntry.query(on: app.db).filter(\.$entityID == c.id!).first()
            #expect(entry?.actorName == "grip import concerns")
        }
    }
}
