import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct EscalationWebTests {
    var today: Day { Day.today(now: Date()) }

    func form(_ f: Fixture, raise: Bool = true) -> [(String, String)] {
        [
            ("service", f.sid("one").uuidString), ("category", "repeated_incidents"),
            ("facts", "Resident OH-04 fell three times in a week."),
            ("safeguards", "Hourly checks and a sensor mat."), ("actions_taken", "Falls assessment and GP review."),
            ("support_needed", "Falls clinic assessment within a week."),
            ("respond_by", Day.today(now: Date()).adding(days: 3).iso),
            ("raise", raise ? "raise" : "draft")
        ]
    }

    @Test func raisedAcknowledgedAndResolvedOnlyWithOutcomeEvidence() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            try await rm.get("/escalations/new")
            let bad = try await rm.post(
                "/escalations",
                [("service", f.sid("one").uuidString), ("category", ""), ("facts", ""), ("respond_by", "tomorrow")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("State the facts"))
            #expect(try await count(Escalation.self, app) == 0)
            let draft = try await rm.post("/escalations", form(f, raise: false))
            #expect(draft.status == .seeOther)
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            #expect(!(try await commissioner.get("/escalations").body.string.contains("E-001")))
            let draftID = try await Escalation.query(on: app.db).first()!.id!
            #expect(try await commissioner.get("/escalations/\(draftID)").status == .notFound)
            try await rm.get("/escalations/\(draftID)")
            #expect(
                try await rm.post("/escalations/\(draftID)/transition", [("to", "raised"), ("reason", "")]).status
                    == .seeOther)
            #expect(try await commissioner.get("/escalations").body.string.contains("E-001"))
            // The provider cannot acknowledge its own escalation; the commissioner does.
            let own = try await rm.post("/escalations/\(draftID)/transition", [("to", "acknowledged")])
            #expect(own.status == .unprocessableEntity)
            try await commissioner.get("/escalations/\(draftID)")
            #expect(
                try await commissioner.post(
                    "/escalations/\(draftID)/transition", [("to", "acknowledged"), ("reason", "Received")]
                ).status == .seeOther)
            #expect(
                try await commissioner.post(
                    "/escalations/\(draftID)/responses", [("text", "Falls clinic booked for Tuesday.")]
                ).status == .seeOther)
            // Resolving: refused without evidence and with minutes only.
            let a = try await f.createAction(app)
            let es = EvidenceService(db: app.db, actor: try f.actor("rm"), today: today)
            let minutes = try await es.record(
                actionIDs: [a.id!], .init(category: "staff", kind: .minutes, day: today, summary: "Meeting minutes"),
                files: [])
            let none = try await rm.post("/escalations/\(draftID)/transition", [("to", "resolved")])
            #expect(none.status == .unprocessableEntity)
            #expect(none.body.string.contains("outcome evidence"))
            let onlyMinutes = try await rm.post(
                "/escalations/\(draftID)/transition", [("to", "resolved"), ("evidence[]", minutes.id!.uuidString)])
            #expect(onlyMinutes.status == .unprocessableEntity)
            #expect(onlyMinutes.body.string.contains("Minutes of a meeting are not an outcome"))
            // Evidence dated the day it was raised does not count either: it must come after.
            let sameDay = try await es.record(
                actionIDs: [a.id!], .init(category: "outcomes", kind: .incidentData, day: today, summary: "No falls"),
                files: [])
            #expect(
                try await rm.post(
                    "/escalations/\(draftID)/transition", [("to", "resolved"), ("evidence[]", sameDay.id!.uuidString)]
                ).status == .unprocessableEntity)
            #expect(try await Escalation.find(draftID, on: app.db)?.status == .acknowledged)
            // Raised three days ago, with outcome evidence since: resolved.
            let e = try await Escalation.find(draftID, on: app.db)!
            e.raisedOn = today.adding(days: -3).iso
            try await e.update(on: app.db)
            #expect(
                try await commissioner.post(
                    "/escalations/\(draftID)/transition", [("to", "resolved"), ("evidence[]", sameDay.id!.uuidString)]
                ).status == .seeOther)
            #expect(try await Escalation.find(draftID, on: app.db)?.status == .resolved)
            #expect(try await EscalationEvidence.query(on: app.db).count() >= 1)
        }
    }

    @Test func whoCanSeeAndRaise() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            try await rm.get("/escalations/new")
            _ = try await rm.post("/escalations", form(f))
            let id = try await Escalation.query(on: app.db).first()!.id!
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(try await staff.get("/escalations/new").status == .forbidden)
            #expect(try await staff.get("/escalations/\(id)").status == .ok)
            #expect(try await staff.post("/escalations/\(id)/responses", [("text", "x")]).status == .forbidden)
            let rm2 = try await Browser.signedIn(app, "rm2@alpha.example")
            #expect(try await rm2.get("/escalations/\(id)").status == .notFound)
            let beta = try await Browser.signedIn(app, "admin@beta.example")
            #expect(try await beta.get("/escalations/\(id)").status == .notFound)
            #expect(try await beta.post("/escalations/\(id)/transition", [("to", "resolved")]).status == .notFound)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == "escalation").count() == 1)
        }
    }
}

@Suite struct EscalationAPITests {
    @Test func escalationsAndOversightOverTheAPI() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let body: [String: Any] = [
                "service_id": f.sid("one").uuidString, "category": "staffing",
                "facts": "Two nights below safe staffing.",
                "safeguards": "Agency cover", "actions_taken": "Rota changed", "support_needed": "Funding for nights",
                "respond_by": today.adding(days: 2).iso, "raise": true
            ]
            let created = try await rm.json(.POST, "/api/v1/escalations", body)
            #expect(created.status == .created)
            #expect(created.json["status"] as? String == "raised")
            let id = try #require(created.json["id"] as? String)
            var bad = body
            bad["facts"] = " "
            bad["respond_by"] = today.adding(days: -1).iso
            let refused = try await rm.json(.POST, "/api/v1/escalations", bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(Set(refused.problemFields) == ["facts", "respond_by"])
            #expect(try await rm.json(.POST, "/api/v1/escalations", ["category": "unknown"]).status == .badRequest)
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(
                (try await commissioner.send(.GET, "/api/v1/escalations").json["metadata"] as? [String: Any])?["total"]
                    as? Int == 1)
            let ack = try await commissioner.json(
                .POST, "/api/v1/escalations/\(id)/transitions", ["to": "acknowledged", "reason": "Received"])
            #expect(ack.status == .ok)
            let resolve = try await commissioner.json(
                .POST, "/api/v1/escalations/\(id)/transitions", ["to": "resolved"])
            #expect(resolve.status == .unprocessableEntity)
            #expect(resolve.problemFields == ["evidence"])
            let reply = try await rm.json(
                .POST, "/api/v1/escalations/\(id)/responses", ["text": "Night agency cover confirmed."])
            #expect(reply.status == .created)
            #expect((reply.json["responses"] as? [[String: Any]])?.count == 2)
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(try await staff.json(.POST, "/api/v1/escalations", body).status == .forbidden)
            let beta = try await APIClient.make(app, for: f.users["adminB"]!)
            #expect(try await beta.send(.GET, "/api/v1/escalations/\(id)").status == .notFound)
            // Oversight.
            let level = try await commissioner.json(
                .POST, "/api/v1/services/\(f.sid("one"))/oversight",
                ["level": "formal_improvement_plan", "since": today.iso, "cadence_days": 7])
            #expect(level.status == .created)
            #expect(level.json["next_update_due"] as? String == today.adding(days: 7).iso)
            #expect(
                try await commissioner.json(
                    .POST, "/api/v1/services/\(f.sid("one"))/oversight",
                    ["level": "formal_improvement_plan", "since": today.iso, "cadence_days": 0]
                ).problemFields == ["cadence_days"])
            #expect(
                try await staff.json(
                    .POST, "/api/v1/services/\(f.sid("one"))/oversight",
                    ["level": "routine", "since": today.iso, "cadence_days": 7]
                ).status == .forbidden)
            #expect(try await beta.send(.GET, "/api/v1/services/\(f.sid("one"))/oversight").status == .notFound)
            #expect(
                (try await rm.send(.GET, "/api/v1/services/\(f.sid("one"))/oversight").json["level"] as? String)
                    == "formal_improvement_plan")
        }
    }
}
