import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
import SQLKit

@testable import GripApp

/// Senior visits (issue 36): recorded by the nominated individual or a quality lead, audited; each service's schedule
/// by its oversight level; a service behind its schedule shows the drift signal *Senior visits late*.
@Suite struct SeniorVisitTests {
    static func fields(day: String, kind: String = "planned") -> [(String, String)] {
        [
            ("day", day), ("kind", kind), ("observed", "Medicines round on the first floor; MAR charts complete."),
            ("spoken_to", "Two carers, the nurse in charge, OH-02."), ("findings", "Controls in place; none to add.")
        ]
    }

    @Test func theVisitorsRecordAndEveryoneOfTheProviderReads() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let ql = try await Browser.signedIn(app, f.users["ql"]!.email)
            let path = "/services/\(f.sid("one"))/visits"
            // Bad input: each field named, nothing written.
            let bad = try await ql.post(
                path, [("day", today.adding(days: 2).iso), ("kind", ""), ("observed", ""), ("spoken_to", "x")])
            #expect(bad.status == .unprocessableEntity)
            for text in [
                "cannot be in the future", "planned or unannounced", "Say what was observed.",
                "Say who was spoken to in 3 to 4000 characters (it is 1).", "Say what was found."
            ] {
                #expect(bad.body.string.contains(text), "\(text)")
            }
            let notADay = try await ql.post(path, Self.fields(day: "someday"))
            #expect(notADay.status == .unprocessableEntity)
            #expect(try await SeniorVisit.query(on: app.db).count() == 0)
            // Recorded, audited, listed.
            let done = try await ql.post(path, Self.fields(day: today.iso, kind: "unannounced"))
            #expect(done.status == .seeOther)
            let v = try #require(try await SeniorVisit.query(on: app.db).first())
            #expect(v.kind == .unannounced && v.$visitor.id == f.id("ql") && v.$service.id == f.sid("one"))
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "senior_visit").all()
            #expect(audit.map(\.operation) == ["created"] && audit.first?.changes.contains("policy_version") == true)
            let staff = try await Browser.signedIn(app, f.users["staff"]!.email)
            let page = try await staff.get(path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Controls in place; none to add."))
            #expect(!page.body.string.contains("Record a visit"))
            // The registered manager and staff may not record; commissioners do not read; another organisation's
            // people find no such service; nobody signed in is sent to sign in.
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let body =
                #"{"day": "\#(today.iso)", "kind": "planned", "observed": "All well.", "spoken_to": "Staff.", "#
                + #""findings": "None."}"#
            #expect(
                try await rm.send(.POST, "/api/v1/services/\(f.sid("one"))/senior-visits", json: body).status
                    == .forbidden)
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(
                try await commissioner.send(.GET, "/api/v1/services/\(f.sid("one"))/senior-visits").status == .forbidden
            )
            let rmB = try await APIClient.make(app, for: f.users["rmB"]!)
            #expect(try await rmB.send(.GET, "/api/v1/services/\(f.sid("one"))/senior-visits").status == .notFound)
            let ni = try await APIClient.make(app, for: f.users["ni"]!)
            #expect(
                try await ni.send(.POST, "/api/v1/services/\(f.sid("b"))/senior-visits", json: body).status
                    == .notFound)
            let created = try await ni.send(.POST, "/api/v1/services/\(f.sid("one"))/senior-visits", json: body)
            #expect(created.status == .created, "\(created.body.string)")
            #expect(created.json["visitor"] as? String == "Nia Individual")
            let read = try await ni.send(.GET, "/api/v1/services/\(f.sid("one"))/senior-visits")
            #expect((read.json["visits"] as? [[String: Any]])?.count == 2)
            #expect(read.json["oversight_level"] as? String == "routine")
            #expect(try await Browser(app).get(path).status == .seeOther)
        }
    }

    @Test func aServiceBehindItsScheduleDrifts() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            // Watching began 120 days ago; the service is at routine oversight: a planned visit every 90 days.
            // Midday UTC of that day: in summer's British time too it is that day (late in the evening, 120 days
            // ago by the clock could be the next day in London, and 29 days late).
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(secondsFromGMT: 0)!
            let began = today.adding(days: -120)
            let watched = utc.date(
                from: DateComponents(year: began.year, month: began.month, day: began.day, hour: 12))!
            try await (app.db as! any SQLDatabase).update(EscalationThresholdVersion.schema)
                .set("created_at", to: watched)
                .where("organisation_id", .equal, f.orgA).run()
            let ids = [f.sid("one"), f.sid("two")]
            func lateReasons() async throws -> [UUID: String] {
                let facts = try await DriftQueries.escalationsAndVisits(serviceIDs: ids, now: Date(), on: app.db)
                return try await SeniorVisitService.lateReasons(
                    latest: facts.visits, of: ids, organisationID: f.orgA, today: today, on: app.db)
            }
            let late = try await lateReasons()
            #expect(late.count == 2)
            #expect(late[f.sid("one")]?.hasPrefix("Planned senior visit due") == true)
            #expect(late[f.sid("one")]?.contains("30 days late (none yet)") == true)
            // A visit to One House puts it back on schedule; Two Court stays late, in its drift.
            let ql = try await Browser.signedIn(app, f.users["ql"]!.email)
            _ = try await ql.post("/services/\(f.sid("one"))/visits", Self.fields(day: today.adding(days: -3).iso))
            let after = try await lateReasons()
            #expect(after[f.sid("one")] == nil && after[f.sid("two")] != nil)
            let rows = try await ServiceSignals.summarised(
                try await Service.query(on: app.db).filter(\.$organisation.$id == f.orgA).sort(\.$name).all(),
                actor: try f.actor("ql"), today: today, on: app.db)
            #expect(rows.map { $0.drift.contains { $0.kind == .seniorVisitsLate } } == [false, true])
        }
    }

    /// Who makes a service's visits: named by the visitors themselves, each the nominated individual or a quality
    /// lead; audited; a stale version refused.
    @Test func theVisitorsAreNamedPerService() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let path = "/services/\(f.sid("one"))/visits"
            let ql = try await Browser.signedIn(app, f.users["ql"]!.email)
            let wrong = try await ql.post(
                path + "/visitors", [("planned_by", f.id("rm").uuidString), ("unannounced_by", ""), ("version", "0")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Name the nominated individual or a quality lead"))
            #expect(try await SeniorVisitLead.query(on: app.db).count() == 0)
            let rm = try await Browser.signedIn(app, f.users["rm"]!.email)
            #expect(
                try await rm.post(path + "/visitors", [("planned_by", f.id("ni").uuidString), ("version", "0")]).status
                    == .forbidden)
            let saved = try await ql.post(
                path + "/visitors",
                [("planned_by", f.id("ni").uuidString), ("unannounced_by", f.id("ql").uuidString), ("version", "0")])
            #expect(saved.status == .seeOther)
            let page = try await ql.get(path)
            #expect(page.body.string.contains("<td>Nia Individual</td>"))
            let audit = try await AuditEntry.query(on: app.db).filter(\.$operation == "senior_visitors_named").all()
            #expect(audit.count == 1)
            // Over the API: a stale version is refused; the current one names nobody for unannounced visits.
            let ni = try await APIClient.make(app, for: f.users["ni"]!)
            let url = "/api/v1/services/\(f.sid("one"))/senior-visits/visitors"
            #expect(try await ni.send(.PUT, url, json: #"{"version": 0}"#).status == .conflict)
            let put = try await ni.send(.PUT, url, json: #"{"planned_by": "\#(f.id("ql"))", "version": 1}"#)
            #expect(put.status == .ok, "\(put.body.string)")
            let statuses = try #require(put.json["statuses"] as? [[String: Any]])
            #expect((statuses.first?["by"] as? [String: Any])?["name"] as? String == "Quinn Lead")
            #expect(put.json["visitors_version"] as? Int == 2)
            let rmB = try await APIClient.make(app, for: f.users["rmB"]!)
            #expect(try await rmB.send(.PUT, url, json: #"{"version": 2}"#).status == .notFound)
        }
    }
}
