import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Safety-critical operating models (issue 36): set up by a manager, checks recorded by staff in one tap each,
/// verified by a senior lead, re-signed by the owner or lapsed, stood down only when a second person approves.
@Suite struct OperatingModelTests {
    static func setUpFields(start: Day, end: Day, title: String = "Medicines and welfare checks") -> [(String, String)]
    {
        [
            ("title", title), ("start_day", start.iso), ("planned_end_day", end.iso), ("re_sign_days", "14"),
            ("shifts_per_day", "3"), ("completed_by", "Senior carer on shift"), ("verified_by", "The manager"),
            ("check_1_title", "Medicines round observed"), ("check_1_frequency", "2"),
            ("check_2_title", "Welfare check for each person"), ("check_2_frequency", "shift")
        ]
    }

    static func createJSON(start: Day, end: Day, reSign: Int = 14) -> String {
        """
        {"title": "Falls checks", "start_day": "\(start.iso)", "planned_end_day": "\(end.iso)", \
        "re_sign_days": \(reSign), "shifts_per_day": 2, "completed_by": "Carers", "verified_by": "The manager", \
        "checks": [{"title": "Hourly falls checks", "every_shift": true}]}
        """
    }

    static func array(_ r: TestingHTTPResponse) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(r.body.string.utf8))) as? [[String: Any]] ?? []
    }

    @Test func aManagerSetsUpAModelAndStaffRecordTodaysChecks() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let path = "/services/\(f.sid("one"))/safety-models"
            let rm = try await Browser.signedIn(app, f.users["rm"]!.email)
            // Bad input: each field named, nothing written.
            var bad = Self.setUpFields(start: today, end: today.adding(days: -1), title: "")
            bad.append(("check_3_title", "Medicines round observed"))
            bad.append(("check_4_title", "Night check"))
            bad.append(("check_4_frequency", "often"))
            let refused = try await rm.post(path, bad)
            #expect(refused.status == .unprocessableEntity)
            for text in [
                "Name the model in 3 to 200 characters.", "The planned end cannot be before the start.",
                "is listed twice", "Choose how often from the list."
            ] {
                #expect(refused.body.string.contains(text), "\(text)")
            }
            #expect(refused.body.string.contains(##"href="#check_3_title""##))
            #expect(try await OperatingModel.query(on: app.db).count() == 0)
            // Staff may not set one up; another service's manager and another organisation find no such service.
            let staff = try await Browser.signedIn(app, f.users["staff"]!.email)
            #expect(
                try await staff.post(path, Self.setUpFields(start: today, end: today.adding(days: 13))).status
                    == .forbidden)
            let rm2 = try await Browser.signedIn(app, f.users["rm2"]!.email)
            #expect(
                try await rm2.post(path, Self.setUpFields(start: today, end: today.adding(days: 13))).status
                    == .notFound)
            let rmB = try await APIClient.make(app, for: f.users["rmB"]!)
            #expect(try await rmB.send(.GET, "/api/v1/services/\(f.sid("one"))/safety-models").status == .notFound)
            #expect(try await Browser(app).get(path).status == .seeOther)
            // Set up, audited; the model's page offers today's checks.
            let done = try await rm.post(path, Self.setUpFields(start: today, end: today.adding(days: 13)))
            #expect(done.status == .seeOther)
            let m = try #require(try await OperatingModel.query(on: app.db).first())
            #expect(m.$owner.id == f.id("rm") && m.checks.map(\.key) == ["c1", "c2"] && m.reSignDays == 14)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "safety_model").all()
            #expect(audit.map(\.operation) == ["created"])
            let modelPath = "/safety-models/\(m.id!)"
            let page = try await staff.get(modelPath)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("0 of 5 checks done today"))
            #expect(!page.body.string.contains("Record a verification"))
            // One tap: a check done; a check the model does not have is refused with the field named.
            #expect(
                try await staff.post(modelPath + "/checks", [("check", "c1"), ("day", today.iso)]).status
                    == .seeOther)
            let wrong = try await staff.post(modelPath + "/checks", [("check", "c9"), ("day", today.iso)])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Choose one of the model&#39;s checks."))
            let future = try await staff.post(
                modelPath + "/checks", [("check", "c1"), ("day", today.adding(days: 1).iso)])
            #expect(future.status == .unprocessableEntity)
            #expect(try await SafetyCheckRecord.query(on: app.db).count() == 1)
            #expect(try await staff.get(modelPath).body.string.contains("1 of 5 checks done today"))
            // Commissioners record nothing and read the models in the pack; another organisation finds no model.
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(
                try await commissioner.send(.POST, "/api/v1/safety-models/\(m.id!)/checks", json: #"{"check": "c1"}"#)
                    .status == .forbidden)
            #expect(try await commissioner.send(.GET, "/api/v1/safety-models/\(m.id!)").status == .forbidden)
            #expect(
                try await rmB.send(.POST, "/api/v1/safety-models/\(m.id!)/checks", json: #"{"check": "c1"}"#).status
                    == .notFound)
            // Verification: staff may not; the quality lead records one over the API; the page shows it.
            let verify = """
                {"check": "c1", "day": "\(today.iso)", "method": "spot_call", "held": true, \
                "found": "Called the senior: round observed at 08:30."}
                """
            let staffAPI = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(
                try await staffAPI.send(.POST, "/api/v1/safety-models/\(m.id!)/verifications", json: verify).status
                    == .forbidden)
            let ql = try await APIClient.make(app, for: f.users["ql"]!)
            let badVerify = try await ql.send(
                .POST, "/api/v1/safety-models/\(m.id!)/verifications", json: #"{"check": "c1", "found": "x"}"#)
            #expect(badVerify.status == .unprocessableEntity)
            #expect(Set(badVerify.problemFields) == ["method", "day", "held", "found"])
            let verified = try await ql.send(.POST, "/api/v1/safety-models/\(m.id!)/verifications", json: verify)
            #expect(verified.status == .created, "\(verified.body.string)")
            let read = try await ql.send(.GET, "/api/v1/safety-models/\(m.id!)")
            let rates = try #require(read.json["rates"] as? [[String: Any]])
            #expect(rates.last?["done"] as? Int == 1 && rates.last?["verified"] as? Int == 1)
            #expect(rates.last?["due"] as? Int == 5)
            #expect(read.json["state"] as? String == "in_force")
            #expect(Self.array(try await ql.send(.GET, "/api/v1/services/\(f.sid("one"))/safety-models")).count == 1)
        }
    }

    @Test func aModelNotReSignedLapsesAndOnlyASecondPersonStandsItDown() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            // Set up 20 days ago, 14 days a signature: lapsed since 5 days ago.
            let created = try await rm.send(
                .POST, "/api/v1/services/\(f.sid("one"))/safety-models",
                json: Self.createJSON(start: today.adding(days: -20), end: today.adding(days: 7)))
            #expect(created.status == .created, "\(created.body.string)")
            #expect(created.json["state"] as? String == "lapsed")
            #expect(
                (created.json["lapses"] as? [[String: Any]])?.first?["from"] as? String == today.adding(days: -5).iso)
            let id = try #require(created.json["id"] as? String)
            // A lapsed model is a drift signal of its service (One House), not of Two Court.
            func lapsedDrift() async throws -> [Bool] {
                try await ServiceSignals.summarised(
                    try await Service.query(on: app.db).filter(\.$organisation.$id == f.orgA).sort(\.$name).all(),
                    actor: try f.actor("ql"), today: today, on: app.db
                ).map { $0.drift.contains { $0.kind == .safetyModelsLapsed } }
            }
            #expect(try await lapsedDrift() == [true, false])
            // Only its owner re-signs it; a stale version is refused.
            let ql = try await APIClient.make(app, for: f.users["ql"]!)
            #expect(
                try await ql.send(.POST, "/api/v1/safety-models/\(id)/re-sign", json: #"{"version": 1}"#).status
                    == .forbidden)
            #expect(
                try await rm.send(.POST, "/api/v1/safety-models/\(id)/re-sign", json: #"{"version": 7}"#).status
                    == .conflict)
            let signed = try await rm.send(.POST, "/api/v1/safety-models/\(id)/re-sign", json: #"{"version": 1}"#)
            #expect(signed.status == .ok, "\(signed.body.string)")
            #expect(signed.json["state"] as? String == "in_force")
            #expect(try await lapsedDrift() == [false, false])
            // The lapse stays on record, closed the day before the signature.
            let lapses = try #require(signed.json["lapses"] as? [[String: Any]])
            #expect(lapses.count == 1 && lapses.first?["to"] as? String == today.adding(days: -1).iso)
            // Stand-down: evidence needed; held for a second person; the proposer and a manager may not approve.
            let short = try await rm.send(
                .POST, "/api/v1/safety-models/\(id)/stand-down", json: #"{"version": 2, "evidence": "fine"}"#)
            #expect(short.status == .unprocessableEntity && short.problemFields == ["evidence"])
            let held = try await rm.send(
                .POST, "/api/v1/safety-models/\(id)/stand-down",
                json: #"{"version": 2, "evidence": "Three weeks of complete checks; no falls since 1 November."}"#)
            #expect(held.status == .accepted, "\(held.body.string)")
            let change = try #require(try await PendingChange.query(on: app.db).first())
            #expect(change.operation == .standDown && change.approver == .approveStandDown)
            #expect(
                try await rm.send(.POST, "/api/v1/changes/\(change.id!)/approve", json: #"{"version": 1}"#).status
                    == .forbidden)
            #expect(try await ql.send(.GET, "/api/v1/safety-models/\(id)").json["state"] as? String == "in_force")
            let approved = try await ql.send(.POST, "/api/v1/changes/\(change.id!)/approve", json: #"{"version": 1}"#)
            #expect(approved.status == .ok, "\(approved.body.string)")
            let after = try await ql.send(.GET, "/api/v1/safety-models/\(id)")
            #expect(after.json["state"] as? String == "stood_down")
            #expect(after.json["stood_down_on"] as? String == today.iso)
            let m = try #require(try await OperatingModel.find(UUID(uuidString: id)!, on: app.db))
            #expect(m.$stoodDownBy.id == f.id("rm") && m.$standDownApprovedBy.id == f.id("ql"))
            // The decision log lists it beside the meetings' decisions.
            let log = try await Browser.signedIn(app, f.users["rm"]!.email).get("/decisions")
            #expect(log.body.string.contains("Safety-critical operating models stood down"))
            #expect(log.body.string.contains("proposed by Rita Manager, approved by Quinn Lead"))
            let ops = try await AuditEntry.query(on: app.db).filter(\.$entityType == "safety_model")
                .sort(\.$seq).all().map(\.operation)
            #expect(ops == ["created", "re_signed", "change_proposed", "stood_down"])
            // Stood down: no check recorded today, no second stand-down.
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            let check = try await staff.send(.POST, "/api/v1/safety-models/\(id)/checks", json: #"{"check": "c1"}"#)
            #expect(check.status == .unprocessableEntity && check.problemFields == ["day"])
            let again = try await rm.send(
                .POST, "/api/v1/safety-models/\(id)/stand-down",
                json: #"{"version": 3, "evidence": "Three weeks of complete checks, again."}"#)
            #expect(again.status == .unprocessableEntity && again.problemFields == ["stand_down"])
        }
    }

    /// The proposer of a stand-down may not approve it, even as a quality lead.
    @Test func theProposerNeverApprovesTheirOwnStandDown() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let ql = try await APIClient.make(app, for: f.users["ql"]!)
            let created = try await ql.send(
                .POST, "/api/v1/services/\(f.sid("two"))/safety-models",
                json: Self.createJSON(start: today, end: today.adding(days: 13)))
            let id = try #require(created.json["id"] as? String)
            #expect(
                try await ql.send(
                    .POST, "/api/v1/safety-models/\(id)/stand-down",
                    json: #"{"version": 1, "evidence": "Two weeks of complete checks without a gap."}"#
                ).status == .accepted)
            let change = try #require(try await PendingChange.query(on: app.db).first())
            let own = try await ql.send(.POST, "/api/v1/changes/\(change.id!)/approve", json: #"{"version": 1}"#)
            #expect(own.status == .forbidden)
            #expect(own.body.string.contains("You proposed this stand-down"))
            let ni = try await APIClient.make(app, for: f.users["ni"]!)
            #expect(
                try await ni.send(.POST, "/api/v1/changes/\(change.id!)/approve", json: #"{"version": 1}"#).status
                    == .ok)
        }
    }
}
