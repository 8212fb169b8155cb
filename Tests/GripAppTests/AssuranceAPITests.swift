import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct EvidenceAPITests {
    var today: Day { Day.today(now: Date()) }
    let pdf = Array("%PDF-1.4\nhello\n%%EOF\n".utf8)

    func evidence(_ category: String = "processes", date: Day? = nil) -> [String: Any] {
        [
            "category": category, "kind": "audit", "date": (date ?? Day.today(now: Date())).iso,
            "summary": "MAR audit: 14 of 14 complete", "statements": ["S8"]
        ]
    }

    @Test func recordsAndReadsEvidence() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let api = try await APIClient.make(app, for: f.users["staff"]!)
            let res = try await api.json(.POST, "/api/v1/actions/\(a.id!)/evidence", evidence())
            #expect(res.status == .created)
            let id = try #require(res.json["id"] as? String)
            #expect((res.json["recorded_by"] as? [String: Any])?["name"] as? String == "Sam Staff")
            #expect(res.json["action_ids"] as? [String] == [a.id!.uuidString])
            let get = try await api.send(.GET, "/api/v1/evidence/\(id)")
            #expect(get.status == .ok)
            #expect(get.json["summary"] as? String == "MAR audit: 14 of 14 complete")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$operation == "evidence_recorded").count() == 1)
        }
    }

    @Test func badEvidenceIsRefusedByFieldAndNothingIsWritten() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let unknown = try await api.json(.POST, "/api/v1/actions/\(a.id!)/evidence", evidence("gossip"))
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.problemFields == ["category"])
            let future = try await api.json(
                .POST, "/api/v1/actions/\(a.id!)/evidence", evidence(date: today.adding(days: 2)))
            #expect(future.problemFields == ["date"])
            var noSummary = evidence()
            noSummary["summary"] = "  "
            #expect(
                try await api.json(.POST, "/api/v1/actions/\(a.id!)/evidence", noSummary).problemFields == ["summary"])
            var badKind = evidence()
            badKind["kind"] = "hearsay"
            #expect(try await api.json(.POST, "/api/v1/actions/\(a.id!)/evidence", badKind).status == .badRequest)
            #expect(try await count(Evidence.self, app) == 0)
        }
    }

    @Test func filesAreCheckedFromTheirContentAndStoredOnce() async throws {
        try await withGrip(maxUploadBytes: 64 * 1024) { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let fields = [
                ("category", "processes"), ("kind", "audit"), ("date", today.iso), ("summary", "Signed audit")
            ]
            let ok = try await api.multipart("/api/v1/actions/\(a.id!)/evidence", fields, file: ("audit.pdf", pdf))
            #expect(ok.status == .created)
            let files = ok.json["files"] as? [[String: Any]] ?? []
            #expect(files.first?["content_type"] as? String == "application/pdf")
            let href = try #require(files.first?["href"] as? String)
            let download = try await api.send(.GET, href)
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
            #expect(download.headers.contentType?.description == "application/pdf")
            #expect(Array(download.body.readableBytesView) == pdf)
            // The same content again is stored once.
            #expect(
                try await api.multipart("/api/v1/actions/\(a.id!)/evidence", fields, file: ("copy.pdf", pdf)).status
                    == .created)
            #expect(try await count(StoredFile.self, app) == 1)
            #expect(try await count(EvidenceFile.self, app) == 2)
            // Refused: a renamed executable, an empty file, a mismatched name, one over the limit.
            let before = try await count(Evidence.self, app)
            let elf = try await api.multipart(
                "/api/v1/actions/\(a.id!)/evidence", fields, file: ("minutes.pdf", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0])
            )
            #expect(elf.status == .unprocessableEntity)
            #expect(elf.problemFields == ["file"])
            #expect((elf.json["detail"] as? String)?.contains("program or script") == true)
            #expect(
                try await api.multipart("/api/v1/actions/\(a.id!)/evidence", fields, file: ("empty.pdf", []))
                    .problemFields == ["file"])
            #expect(
                try await api.multipart(
                    "/api/v1/actions/\(a.id!)/evidence", fields,
                    file: ("photo.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
                ).problemFields == ["file"])
            let big = try await api.multipart(
                "/api/v1/actions/\(a.id!)/evidence", fields,
                file: ("big.pdf", Array("%PDF-".utf8) + [UInt8](repeating: 65, count: 70 * 1024)))
            #expect(big.status == .unprocessableEntity)
            #expect((big.json["detail"] as? String)?.contains("the limit is") == true)
            let huge = try await api.multipart(
                "/api/v1/actions/\(a.id!)/evidence", fields,
                file: ("huge.pdf", Array("%PDF-".utf8) + [UInt8](repeating: 65, count: 2 * 1024 * 1024)))
            #expect(huge.status == .payloadTooLarge)
            #expect(try await count(Evidence.self, app) == before)
            #expect(try await count(StoredFile.self, app) == 1)
        }
    }

    @Test func evidenceAndFilesAreOnlyForPeopleWhoCanSeeTheAction() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let res = try await rm.multipart(
                "/api/v1/actions/\(a.id!)/evidence",
                [("category", "processes"), ("kind", "audit"), ("date", today.iso), ("summary", "x")],
                file: ("a.pdf", pdf))
            let id = try #require(res.json["id"] as? String)
            let href = try #require((res.json["files"] as? [[String: Any]])?.first?["href"] as? String)
            for key in ["adminB", "rm2", "staff2"] {
                let other = try await APIClient.make(app, for: f.users[key]!)
                #expect(try await other.send(.GET, "/api/v1/evidence/\(id)").status == .notFound, "\(key)")
                #expect(try await other.send(.GET, href).status == .notFound, "\(key)")
                #expect(
                    try await other.json(.POST, "/api/v1/actions/\(a.id!)/evidence", evidence()).status == .notFound,
                    "\(key)")
            }
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(try await commissioner.send(.GET, "/api/v1/evidence/\(id)").status == .ok)
            #expect(
                try await commissioner.json(.POST, "/api/v1/actions/\(a.id!)/evidence", evidence()).status == .forbidden
            )
            #expect(try await APIClient(app: app, token: nil).send(.GET, href).status == .unauthorized)
        }
    }

    @Test func requestsAreFulfilledByEvidenceRecordedAgainstThem() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let bad = try await rm.json(
                .POST, "/api/v1/actions/\(a.id!)/evidence-requests",
                ["person_id": f.id("staff2").uuidString, "what": "x", "due_day": today.iso])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.problemFields == ["person"])
            let past = try await rm.json(
                .POST, "/api/v1/actions/\(a.id!)/evidence-requests",
                ["person_id": f.id("staff").uuidString, "what": "x", "due_day": today.adding(days: -1).iso])
            #expect(past.problemFields == ["due_day"])
            let res = try await rm.json(
                .POST, "/api/v1/actions/\(a.id!)/evidence-requests",
                [
                    "person_id": f.id("staff").uuidString, "what": "Photo of the handover log",
                    "due_day": today.adding(days: 3).iso
                ])
            #expect(res.status == .created)
            let rid = try #require(res.json["id"] as? String)
            let staffWeb = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(try await staffWeb.get("/").body.string.contains("Photo of the handover log"))
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            var body = evidence()
            body["request_id"] = rid
            #expect(try await staff.json(.POST, "/api/v1/actions/\(a.id!)/evidence", body).status == .created)
            #expect(try await EvidenceRequest.find(UUID(uuidString: rid)!, on: app.db)?.fulfilledAt != nil)
            #expect(try await staffWeb.get("/").body.string.contains("Photo of the handover log") == false)
            #expect(try await staff.json(.POST, "/api/v1/actions/\(a.id!)/evidence", body).problemFields == ["request"])
        }
    }
}

@Suite struct ReviewAndClosureAPITests {
    var today: Day { Day.today(now: Date()) }

    func review(_ measure: Double?, rag: String = "green") -> [String: Any] {
        var r: [String: Any] = ["rag": rag, "commentary": "On track", "decision": "Continue"]
        if let measure { r["measure_value"] = measure }
        return r
    }

    @Test func reviewsMoveTheNextReviewDay() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            // The senior reviewer records the assurance review (the lead, staff, may not: see LeadAssuranceTests).
            let staff = try await APIClient.make(app, for: f.users["rm"]!)
            var body = review(80)
            body["date"] = today.adding(days: -2).iso
            let res = try await staff.json(.POST, "/api/v1/actions/\(a.id!)/reviews", body)
            #expect(res.status == .created)
            #expect(res.json["next_review_day"] as? String == today.adding(days: 5).iso)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.nextReviewDay == today.adding(days: 5).iso)
            #expect(
                try await staff.json(.POST, "/api/v1/actions/\(a.id!)/reviews", ["rag": "purple", "commentary": "x"])
                    .status == .badRequest)
            #expect(
                try await staff.json(.POST, "/api/v1/actions/\(a.id!)/reviews", ["rag": "green", "commentary": " "])
                    .problemFields == ["commentary"])
            var future = review(1)
            future["date"] = today.adding(days: 1).iso
            #expect(try await staff.json(.POST, "/api/v1/actions/\(a.id!)/reviews", future).problemFields == ["date"])
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(
                try await commissioner.json(.POST, "/api/v1/actions/\(a.id!)/reviews", review(1)).status == .forbidden)
            #expect(try await count(Review.self, app) == 1)
        }
    }

    @Test func theGateNamesEveryUnmetConditionAndOnlyTheReviewerSigns() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)  // high risk, lead staff, reviewer rm
            let path = "/api/v1/actions/\(a.id!)"
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let gate = try await rm.send(.GET, path + "/closure")
            #expect(gate.status == .ok)
            #expect(gate.json["closable"] as? Bool == false)
            let codes = (gate.json["unmet"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["evidence_categories", "direct_evidence", "target_met", "connected"])
            // The lead and an admin who is not the reviewer cannot sign.
            let lead = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(
                try await lead.send(.GET, path + "/closure").json["unmet"].map {
                    ($0 as? [[String: Any]])?.contains { $0["code"] as? String == "reviewer" }
                } == true)
            #expect(try await lead.send(.POST, path + "/close").status == .forbidden)
            #expect(
                try await APIClient.make(app, for: f.users["admin"]!).send(.POST, path + "/close").status == .forbidden)
            let refused = try await rm.send(.POST, path + "/close")
            #expect(refused.status == .unprocessableEntity)
            #expect(Set(refused.problemFields) == ["evidence_categories", "direct_evidence", "target_met", "connected"])
            // Meet every condition: triangulated evidence, one item of it outcomes, and an assured measure at target.
            for c in ["processes", "staff", "observation", "outcomes"] {
                let e = try await lead.json(
                    .POST, path + "/evidence",
                    ["category": c, "kind": "audit", "date": today.iso, "summary": "Evidence \(c)"])
                #expect(e.status == .created)
            }
            // The lead's reported 100 does not count: only assured measures do.
            let reported = try await lead.json(
                .POST, path + "/progress-updates", ["reported_measure": 100, "commentary": "All done"])
            #expect(reported.status == .created)
            #expect(try await rm.send(.GET, path + "/closure").json["closable"] as? Bool == false)
            #expect(try await rm.json(.POST, path + "/reviews", review(100)).status == .created)
            #expect(try await rm.json(.POST, path + "/reviews", review(99)).status == .created)
            let almost = try await rm.send(.GET, path + "/closure")
            let message = (almost.json["unmet"] as? [[String: Any]])?.first?["message"] as? String
            #expect(
                message == "The latest measure 99% has not met the target 100% (higher is better).",
                "the latest measure counts, not the best")
            #expect(try await rm.json(.POST, path + "/reviews", review(100)).status == .created)
            #expect(try await rm.send(.GET, path + "/closure").json["closable"] as? Bool == true)
            let closed = try await rm.send(.POST, path + "/close")
            #expect(closed.status == .ok)
            #expect(closed.json["status"] as? String == "monitoring")
            #expect(try await rm.send(.POST, path + "/close").status == .unprocessableEntity)
            // Still on the lead's My work, in monitoring.
            let web = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(try await web.get("/").body.string.contains("Closed and in monitoring"))
        }
    }

    @Test func theReviewerMayOverrideOneConditionWithAReason() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            var i = f.input(factors: (2, 2, 2, 2, 2))
            i.interimControls = ""
            let a = try await f.createAction(app, i)  // moderate: two categories
            let path = "/api/v1/actions/\(a.id!)"
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            _ = try await rm.json(
                .POST, path + "/evidence",
                ["category": "processes", "kind": "audit", "date": today.iso, "summary": "Audit"])
            _ = try await rm.json(.POST, path + "/reviews", review(100))
            let short = try await rm.json(
                .POST, path + "/close", ["override": ["condition": "evidence_categories", "reason": "no"]])
            #expect(short.status == .unprocessableEntity)
            #expect(short.problemFields == ["override.reason"])
            let met = try await rm.json(
                .POST, path + "/close",
                ["override": ["condition": "target_met", "reason": "The target is met already, surely"]])
            #expect(met.status == .unprocessableEntity)
            let reviewerCode = try await rm.json(
                .POST, path + "/close", ["override": ["condition": "reviewer", "reason": "A long enough reason"]])
            #expect(reviewerCode.status == .unprocessableEntity)
            let ok = try await rm.json(
                .POST, path + "/close",
                [
                    "override": [
                        "condition": "evidence_categories",
                        "reason": "Only one source exists for a service of this size"
                    ]
                ])
            #expect(ok.status == .ok)
            let stored = try await RecoveryAction.find(a.id!, on: app.db)!
            #expect(stored.overrideCondition == "evidence_categories")
            #expect(stored.overrideReason == "Only one source exists for a service of this size")
            let page = try await Browser.signedIn(app, "rm@alpha.example").get("/actions/\(a.id!)?tab=closure")
            #expect(page.body.string.contains("Only one source exists for a service of this size"))
        }
    }

    @Test func reAuditsSustainOrReopen() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            var i = f.input(factors: (2, 2, 2, 2, 2))
            i.interimControls = ""
            var ids: [UUID] = []
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            for n in 0..<2 {
                i.title = "Action \(n)"
                let a = try await f.createAction(app, i)
                ids.append(a.id!)
                let path = "/api/v1/actions/\(a.id!)"
                #expect(
                    try await rm.json(
                        .POST, path + "/reaudits", ["passed": true, "finding": "x", "sample": "s", "method": "m"]
                    ).status == .unprocessableEntity)
                for c in ["processes", "people"] {
                    _ = try await rm.json(
                        .POST, path + "/evidence", ["category": c, "kind": "audit", "date": today.iso, "summary": c])
                }
                _ = try await rm.json(.POST, path + "/reviews", review(100))
                #expect(try await rm.send(.POST, path + "/close").status == .ok)
            }
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(
                try await staff.json(
                    .POST, "/api/v1/actions/\(ids[0])/reaudits",
                    ["passed": true, "finding": "All good", "sample": "14 charts", "method": "Audit"]
                ).status == .forbidden)
            #expect(
                try await rm.json(
                    .POST, "/api/v1/actions/\(ids[0])/reaudits",
                    ["passed": true, "finding": " ", "sample": "14 charts", "method": "Audit"]
                ).problemFields == ["finding"])
            // What was tested must be said: the sample and the method.
            #expect(
                try await rm.json(.POST, "/api/v1/actions/\(ids[0])/reaudits", ["passed": true, "finding": "Fine"])
                    .problemFields == ["sample", "method"])
            #expect(try await count(ReAudit.self, app) == 0)
            // Six weeks after closure (low: half of 84 days), on evidence recorded since.
            var samples: [UUID] = []
            for id in ids {
                try await f.closedAgo(app, id, days: 60)
                samples.append(try await f.reAuditEvidence(app, id, day: today.adding(days: -2)))
            }
            let pass = try await rm.json(
                .POST, "/api/v1/actions/\(ids[0])/reaudits",
                [
                    "passed": true, "finding": "All 14 charts complete", "sample": "All 14 MAR charts",
                    "method": "Chart audit", "evidence_id": samples[0].uuidString
                ])
            #expect(pass.status == .created)
            #expect(pass.json["status"] as? String == "sustained")
            let noControl = try await rm.json(
                .POST, "/api/v1/actions/\(ids[1])/reaudits",
                [
                    "passed": false, "finding": "3 gaps on nights", "sample": "Night MAR charts",
                    "method": "Chart audit"
                ])
            #expect(noControl.status == .unprocessableEntity && noControl.problemFields == ["control_change"])
            let foreignEvidence = try await rm.json(
                .POST, "/api/v1/actions/\(ids[1])/reaudits",
                [
                    "passed": false, "finding": "3 gaps on nights", "sample": "Night MAR charts",
                    "method": "Chart audit", "control_change": "Night senior checks every chart",
                    "evidence_id": UUID().uuidString
                ])
            #expect(foreignEvidence.status == .unprocessableEntity && foreignEvidence.problemFields == ["evidence"])
            #expect(try await count(ReAudit.self, app) == 1)
            let fail = try await rm.json(
                .POST, "/api/v1/actions/\(ids[1])/reaudits",
                [
                    "passed": false, "finding": "3 gaps on nights", "sample": "Night MAR charts",
                    "method": "Chart audit",
                    "control_change": "Night senior checks every chart", "evidence_id": samples[1].uuidString
                ])
            #expect(fail.json["status"] as? String == "reopened")
            #expect(
                (fail.json["status_reason"] as? String)?.contains("control to change: Night senior checks every chart")
                    == true)
            #expect((fail.json["status_reason"] as? String)?.contains("3 gaps on nights") == true)
            #expect(try await count(ReAudit.self, app) == 2)
            #expect(try await AuditLog.verify(on: app.db).allSatisfy { $0.firstBroken == nil })
        }
    }
}
