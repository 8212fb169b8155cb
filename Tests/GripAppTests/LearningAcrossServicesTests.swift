import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Learning across services (issue 36): a quality lead marks a closed action as applying to other services; each
/// gets a check its managers answer; the learning log shows where it went and what each check found.
@Suite struct LearningAcrossServicesTests {
    @Test func learningFromAClosedActionIsCheckedByTheOtherServices() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let live = try await f.createAction(app)
            let closed = try await f.createAction(app)
            try await f.closedAgo(app, closed.id!, days: 10)
            let ql = try await Browser.signedIn(app, f.users["ql"]!.email)
            // The closed action's page offers it; the log's form names where it came from.
            let actionPage = try await ql.get("/actions/\(closed.id!)")
            #expect(actionPage.body.string.contains("/learning?action=\(closed.id!.uuidString)"))
            #expect(!(try await ql.get("/actions/\(live.id!)")).body.string.contains("/learning?action="))
            let form = try await ql.get("/learning?action=\(closed.id!)")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("Two Court") && form.body.string.contains("Share the learning"))
            // Bad input: each field named, nothing written.
            let base: [(String, String)] = [("origin", "closed_action"), ("origin_id", closed.id!.uuidString)]
            let bad = try await ql.post(
                "/learning",
                base + [
                    ("summary", "short"), ("services[]", f.sid("one").uuidString),
                    ("due_day", today.adding(days: -1).iso)
                ])
            #expect(bad.status == .unprocessableEntity)
            for text in [
                "Say what was learned in 10 to 2000 characters.", "Name at least one other service it applies to.",
                "The checks cannot be due in the past."
            ] {
                #expect(bad.body.string.contains(text), "\(text)")
            }
            let fromLive = try await ql.post(
                "/learning",
                [
                    ("origin", "closed_action"), ("origin_id", live.id!.uuidString),
                    ("summary", "A lesson from an action still open."), ("services[]", f.sid("two").uuidString),
                    ("due_day", today.adding(days: 7).iso)
                ])
            #expect(fromLive.status == .unprocessableEntity)
            #expect(try await LearningItem.query(on: app.db).count() == 0)
            // A registered manager may not share it, nor another organisation's admin.
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let body = """
                {"origin": "closed_action", "origin_id": "\(closed.id!)", \
                "summary": "Write PRN protocols with the GP.", \
                "services": ["\(f.sid("two"))"], "due_day": "\(today.adding(days: 14).iso)"}
                """
            #expect(try await rm.send(.POST, "/api/v1/learning", json: body).status == .forbidden)
            let adminB = try await APIClient.make(app, for: f.users["adminB"]!)
            #expect(try await adminB.send(.POST, "/api/v1/learning", json: body).status == .forbidden)
            let ni = try await APIClient.make(app, for: f.users["ni"]!)
            let shared = try await ni.send(.POST, "/api/v1/learning", json: body)
            #expect(shared.status == .created, "\(shared.body.string)")
            let checks = try #require(shared.json["checks"] as? [[String: Any]])
            #expect(checks.count == 1 && checks.first?["service"] as? String == "Two Court")
            let checkID = try #require(checks.first?["id"] as? String)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "learning").all()
            #expect(audit.map(\.operation) == ["shared"])
            // Two Court's manager sees it on My work; One House's manager cannot record it (not her service).
            let rm2 = try await Browser.signedIn(app, f.users["rm2"]!.email)
            #expect(try await rm2.get("/").body.string.contains("Learning to check (1)"))
            #expect(
                try await rm.send(
                    .POST, "/api/v1/learning/checks/\(checkID)", json: #"{"outcome": "changed", "version": 1}"#
                ).status == .notFound)
            let rmB = try await APIClient.make(app, for: f.users["rmB"]!)
            #expect(
                try await rmB.send(
                    .POST, "/api/v1/learning/checks/\(checkID)", json: #"{"outcome": "changed", "version": 1}"#
                ).status == .notFound)
            let staff2 = try await APIClient.make(app, for: f.users["staff2"]!)
            #expect(
                try await staff2.send(
                    .POST, "/api/v1/learning/checks/\(checkID)", json: #"{"outcome": "changed", "version": 1}"#
                ).status == .forbidden)
            // A claim that nothing needed doing says how they know; a stale version is refused; then recorded once.
            let noNote = try await rm2.post(
                "/learning/checks/\(checkID)", [("outcome", "already_in_place"), ("note", ""), ("version", "1")])
            #expect(noNote.status == .unprocessableEntity)
            #expect(noNote.body.string.contains("needs a short note of what you saw"))
            #expect(noNote.body.string.contains("href=\"#note-\(checkID)\""))
            let rm2API = try await APIClient.make(app, for: f.users["rm2"]!)
            #expect(
                try await rm2API.send(
                    .POST, "/api/v1/learning/checks/\(checkID)", json: #"{"outcome": "changed", "version": 4}"#
                ).status == .conflict)
            let done = try await rm2.post(
                "/learning/checks/\(checkID)",
                [
                    ("outcome", "already_in_place"), ("note", "All four PRN protocols seen in the MAR folder."),
                    ("version", "1")
                ])
            #expect(done.status == .seeOther)
            #expect(
                try await rm2API.send(
                    .POST, "/api/v1/learning/checks/\(checkID)", json: #"{"outcome": "changed", "version": 2}"#
                ).status == .conflict)
            // The log shows it to both services' people; commissioners do not read it.
            let log = try await rm.send(.GET, "/api/v1/learning")
            let items = try #require(log.json["items"] as? [[String: Any]])
            let check = try #require((items.first?["checks"] as? [[String: Any]])?.first)
            #expect(items.count == 1 && check["outcome"] as? String == "already_in_place")
            #expect((try await rm2.get("/learning")).body.string.contains("All four PRN protocols seen"))
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(try await commissioner.send(.GET, "/api/v1/learning").status == .forbidden)
            #expect(try await Browser(app).get("/learning").status == .seeOther)
            #expect((try await rmB.send(.GET, "/api/v1/learning").json["items"] as? [Any])?.isEmpty == true)
        }
    }
}
