import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct ActionsAPITests {
    func body(
        _ f: Fixture, band: (Int, Int, Int, Int, Int) = (4, 3, 3, 4, 3), reviewer: String = "rm",
        interim: String = "Daily check"
    ) -> [String: Any] {
        let today = Day.today(now: Date())
        return [
            "title": "Safeguarding concerns reviewed the same day", "theme": "Safeguarding",
            "service_id": f.sid("one").uuidString,
            "statements": ["S3"], "baseline": "40% reviewed same day", "baseline_day": today.adding(days: -5).iso,
            "metric": "% reviewed same day", "direction": "higher", "baseline_value": 40, "target_value": 100,
            "target_day": today.adding(days: 40).iso,
            "risk": [
                "harm": band.0, "people_affected": band.1, "recurrence": band.2, "regulatory_impact": band.3,
                "control_weakness": band.4
            ],
            "lead_id": f.id("staff").uuidString, "reviewer_id": f.id(reviewer).uuidString,
            "route_id": f.rid("a").uuidString,
            "interim_controls": interim, "due_day": today.adding(days: 30).iso
        ]
    }

    @Test func createsAnActionWithComputedRiskAndReview() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let res = try await api.json(.POST, "/api/v1/actions", body(f))
            #expect(res.status == .created)
            let j = res.json
            #expect(j["status"] as? String == "open")
            let risk = j["risk"] as? [String: Any]
            #expect(risk?["score"] as? Int == 12)
            #expect(risk?["band"] as? String == "high")
            #expect(risk?["matrix_version"] as? String == "npsa-5x5-v1")
            #expect((j["lead"] as? [String: Any])?["email"] as? String == "staff@alpha.example")
            #expect((j["reviewer"] as? [String: Any])?["name"] as? String == "Rita Manager")
            #expect(j["next_review_day"] as? String == Day.today(now: Date()).adding(days: 7).iso)
            #expect(j["version"] as? Int == 1)
            #expect(j["statements"] as? [String] == ["S3"])
            #expect(res.headers.first(name: .location)?.hasPrefix("/api/v1/actions/") == true)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == "action").count() == 1)
        }
    }

    /// The action as the API shows it is one flat object: the fields a client sends, by the names it sends them
    /// (the service, the people and the risk shown as records, not echoed as ids), and a client can read it back.
    @Test func theActionShownIsTheActionSentAndReadsBack() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let sent = body(f)
            let res = try await api.json(.POST, "/api/v1/actions", sent)
            #expect(res.status == .created)
            let j = res.json
            for key in ["title", "theme", "baseline", "baseline_day", "metric", "direction", "target_day"] {
                #expect(j[key] as? String == sent[key] as? String, "\(key)")
            }
            #expect(j["baseline_value"] as? Double == 40 && j["target_value"] as? Double == 100)
            #expect(
                j["route_id"] as? String == f.rid("a").uuidString
                    && j["due_day"] as? String == sent["due_day"] as? String)
            #expect(j["source_id"] == nil && j["indicator_id"] == nil, "an action without a source leaves it out")
            for echoed in ["service_id", "lead_id", "reviewer_id"] { #expect(j[echoed] == nil, "\(echoed)") }
            #expect((j["service"] as? [String: Any])?["id"] as? String == f.sid("one").uuidString)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            let read = try decoder.decode(ActionDTO.self, from: Data(buffer: res.body))
            let stored = try #require(try await RecoveryAction.find(read.record.id, on: app.db))
            #expect(read.values == (try stored.values(statements: ["S3"])))
            #expect(
                read.values.factors
                    == RiskFactors(
                        harm: 4, peopleAffected: 3, recurrence: 3, regulatoryImpact: 4, controlWeakness: 3))
        }
    }

    /// A page number so large that (page - 1) × per overflows crashed the server (found by schemathesis).
    @Test func hugePageNumbersAre400NotACrash() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            for path in [
                "/api/v1/actions", "/api/v1/routes", "/api/v1/meetings", "/api/v1/indicators", "/api/v1/services",
                "/api/v1/escalations", "/api/v1/decisions"
            ] {
                let res = try await api.send(.GET, "\(path)?page=1000000000000000001&per=200")
                #expect(res.status == .badRequest, "\(path): \(res.status)")
                #expect(res.problemFields == ["page"], "\(path): \(res.body.string)")
            }
            let last = try await api.send(.GET, "/api/v1/routes?page=\(ActionFilter.maxPage)&per=200")
            #expect(last.status == .ok)
            #expect((last.json["items"] as? [Any])?.isEmpty == true)
            let browser = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await browser.get("/decisions?page=1000000000000000001").status == .badRequest)
            #expect(try await browser.get("/actions?page=1000000000000000001").status == .ok)
        }
    }

    /// A multipart body whose parts do not match its boundary was a 500 (found by schemathesis).
    @Test func malformedMultipartIs400AndWritesNothing() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(api.token!)")
            headers.add(name: .contentType, value: "multipart/form-data; boundary=abc")
            let res = try await app.testing().sendRequest(
                .POST, "/api/v1/actions/\(a.id!)/evidence", headers: headers,
                body: ByteBuffer(string: "--abc\r\n[True]--abc--\r\n"))
            #expect(res.status == .badRequest)
            #expect(res.problemFields == ["body"])
            #expect(try await count(Evidence.self, app) == 0)
            let browser = try await Browser.signedIn(app, "rm@alpha.example")
            try await browser.get("/actions/\(a.id!)")
            var web = HTTPHeaders()
            web.add(name: .contentType, value: "multipart/form-data; boundary=abc")
            web.add(name: .cookie, value: browser.cookie!)
            let page = try await app.testing().sendRequest(
                .POST, "/actions/\(a.id!)/evidence", headers: web,
                body: ByteBuffer(
                    string:
                        """
                        --abc\r\nContent-Disposition: form-data; \
                        name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n[True]--abc--\r\n
                        """
                ))
            // On the page, the CSRF check cannot find its token in a form it cannot read, and refuses it.
            #expect(page.status == .forbidden, "\(page.status)")
            #expect(!page.body.string.contains("Something went wrong on our side"))
            #expect(try await count(Evidence.self, app) == 0)
        }
    }

    @Test func malformedJSONIs400NamingTheField() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            var b = body(f)
            b["baseline_value"] = "forty"
            let res = try await api.json(.POST, "/api/v1/actions", b)
            #expect(res.status == .badRequest)
            #expect(res.headers.contentType?.description.contains("problem+json") == true)
            #expect(res.problemFields == ["baseline_value"])
            b = body(f)
            b["due_day"] = "2026-02-30"
            #expect(try await api.json(.POST, "/api/v1/actions", b).problemFields == ["due_day"])
            b = body(f)
            b.removeValue(forKey: "title")
            #expect(try await api.json(.POST, "/api/v1/actions", b).problemFields == ["title"])
            #expect(try await api.send(.POST, "/api/v1/actions", json: "{not json").status == .badRequest)
            #expect(try await count(RecoveryAction.self, app) == 0)
        }
    }

    @Test func brokenRulesAre422WithEveryFieldNamedAndNothingWritten() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            // Extreme risk, reviewed by a registered manager, without interim controls.
            let res = try await api.json(
                .POST, "/api/v1/actions", body(f, band: (5, 3, 4, 5, 4), reviewer: "rm", interim: ""))
            #expect(res.status == .unprocessableEntity)
            #expect(Set(res.problemFields) == ["reviewer", "interim_controls"])
            // The lead cannot review their own action.
            let own = try await api.json(.POST, "/api/v1/actions", body(f, reviewer: "staff"))
            #expect(own.problemFields.contains("reviewer"))
            // A target that is not an improvement, and a factor out of range.
            var b = body(f)
            b["target_value"] = 30
            b["risk"] = [
                "harm": 9, "people_affected": 1, "recurrence": 1, "regulatory_impact": 1, "control_weakness": 1
            ]
            let bad = try await api.json(.POST, "/api/v1/actions", b)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.problemFields.contains("harm"))
            #expect(try await count(RecoveryAction.self, app) == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == "action").count() == 0)
        }
    }

    @Test func notSignedInIs401() async throws {
        try await withGrip { app in
            let anon = APIClient(app: app, token: nil)
            let res = try await anon.send(.GET, "/api/v1/actions")
            #expect(res.status == .unauthorized)
            #expect(res.headers.first(name: .wwwAuthenticate) == "Bearer")
            let bogus = APIClient(app: app, token: "grip_not-a-real-token")
            #expect(try await bogus.send(.GET, "/api/v1/services").status == .unauthorized)
        }
    }

    @Test func revokedTokenStopsWorking() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let (token, secret) = try await TokenService.create(
                name: "crm", for: f.users["rm"]!, actor: AuditActor(id: nil, name: "t"), on: app.db)
            let api = APIClient(app: app, token: secret)
            #expect(try await api.send(.GET, "/api/v1/actions").status == .ok)
            try await AdminService(db: app.db, actor: try f.actor("admin")).revokeToken(token.id!)
            #expect(try await api.send(.GET, "/api/v1/actions").status == .unauthorized)
            #expect(token.tokenHash != secret)
        }
    }

    @Test func wrongRoleIs403() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(try await staff.json(.POST, "/api/v1/actions", body(f)).status == .forbidden)
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(try await commissioner.json(.POST, "/api/v1/actions", body(f)).status == .forbidden)
            let a = try await f.createAction(app)
            #expect(
                try await commissioner.json(.PATCH, "/api/v1/actions/\(a.id!)", ["version": 1, "title": "x"]).status
                    == .forbidden)
            #expect(
                try await commissioner.json(.POST, "/api/v1/actions/\(a.id!)/transitions", ["to": "in_progress"]).status
                    == .forbidden)
            #expect(
                try await staff.json(.POST, "/api/v1/services", ["name": "New", "service_type": "residential"]).status
                    == .forbidden)
            #expect(try await count(RecoveryAction.self, app) == 1)
        }
    }

    @Test func anotherOrganisationsRecordIs404() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let b = try await f.createActionB(app)
            let api = try await APIClient.make(app, for: f.users["admin"]!)
            let get = try await api.send(.GET, "/api/v1/actions/\(b.id!)")
            #expect(get.status == .notFound)
            #expect(!get.body.string.contains("Beta"))
            #expect(
                try await api.json(.PATCH, "/api/v1/actions/\(b.id!)", ["version": 1, "title": "hijack"]).status
                    == .notFound)
            #expect(
                try await api.json(.POST, "/api/v1/actions/\(b.id!)/transitions", ["to": "in_progress"]).status
                    == .notFound)
            // Creating in another organisation's service is refused, naming the field.
            var bad = body(f)
            bad["service_id"] = f.sid("b").uuidString
            let res = try await api.json(.POST, "/api/v1/actions", bad)
            #expect(res.status == .unprocessableEntity)
            #expect(res.problemFields.contains("service"))
            // Lists never include it.
            let list = try await api.send(.GET, "/api/v1/actions")
            #expect((list.json["metadata"] as? [String: Any])?["total"] as? Int == 0)
            #expect(try await RecoveryAction.find(b.id!, on: app.db)?.title == "Every MAR chart complete")
        }
    }

    @Test func serviceScopedUsersSeeOnlyTheirServices() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let one = try await f.createAction(app)
            var i = f.input(service: "two", lead: "staff2", reviewer: "rm2")
            i.title = "Two's action"
            let two = try await f.createAction(app, by: "rm2", i)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let list = try await rm.send(.GET, "/api/v1/actions")
            let items = list.json["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["id"] as? String } == [one.id!.uuidString])
            #expect(try await rm.send(.GET, "/api/v1/actions/\(two.id!)").status == .notFound)
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(try await commissioner.send(.GET, "/api/v1/actions/\(one.id!)").status == .ok)
            #expect(try await commissioner.send(.GET, "/api/v1/actions/\(two.id!)").status == .notFound)
            let services = try await commissioner.send(.GET, "/api/v1/services")
            #expect((services.json["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["One House"])
            let ql = try await APIClient.make(app, for: f.users["ql"]!)
            #expect(
                (try await ql.send(.GET, "/api/v1/actions").json["metadata"] as? [String: Any])?["total"] as? Int == 2)
        }
    }

    @Test func listFiltersAndPaginates() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            for n in 0..<5 {
                var i = f.input(factors: n < 2 ? (5, 3, 4, 5, 4) : (2, 1, 1, 1, 1), due: today.adding(days: 10 + n))
                i.title = "Action \(n)"
                i.reviewerID = n < 2 ? f.id("ql") : f.id("rm")
                i.statementIDs = n == 4 ? ["S6"] : ["S8"]
                _ = try await f.createAction(app, i)
            }
            // An overdue one, created with a past due day (as when importing an existing plan).
            var late = f.input(due: today.adding(days: -3))
            late.targetDay = today.adding(days: 5)
            late.title = "Late"
            _ = try await f.createAction(app, late)
            let api = try await APIClient.make(app, for: f.users["ql"]!)
            func total(_ q: String) async throws -> Int {
                let r = try await api.send(.GET, "/api/v1/actions?\(q)")
                #expect(r.status == .ok, "query \(q)")
                return (r.json["metadata"] as? [String: Any])?["total"] as? Int ?? -1
            }
            #expect(try await total("band=extreme") == 2)
            #expect(try await total("band=low") == 3)
            #expect(try await total("statement=S6") == 1)
            #expect(try await total("overdue=true") == 1)
            #expect(try await total("status=open&service=\(f.sid("one"))") == 6)
            #expect(try await total("service=\(f.sid("two"))") == 0)
            #expect(try await total("lead=\(f.id("staff"))") == 6)
            let page = try await api.send(.GET, "/api/v1/actions?per=2&page=2")
            #expect((page.json["items"] as? [Any])?.count == 2)
            let meta = page.json["metadata"] as? [String: Any]
            #expect(meta?["page"] as? Int == 2)
            #expect(meta?["per"] as? Int == 2)
            #expect(meta?["total"] as? Int == 6)
            let bad = try await api.send(.GET, "/api/v1/actions?band=huge&per=0")
            #expect(bad.status == .badRequest)
            #expect(Set(bad.problemFields) == ["band", "per"])
        }
    }

    @Test func patchNeedsTheCurrentVersion() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let ok = try await api.json(
                .PATCH, "/api/v1/actions/\(a.id!)", ["version": 1, "title": "Every MAR chart complete and checked"])
            #expect(ok.status == .ok)
            #expect(ok.json["version"] as? Int == 2)
            #expect(ok.json["title"] as? String == "Every MAR chart complete and checked")
            let stale = try await api.json(.PATCH, "/api/v1/actions/\(a.id!)", ["version": 1, "title": "Overwritten"])
            #expect(stale.status == .conflict)
            #expect(stale.problemFields == ["version"])
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.title == "Every MAR chart complete and checked")
            let missing = try await api.json(.PATCH, "/api/v1/actions/\(a.id!)", ["title": "No version"])
            #expect(missing.status == .unprocessableEntity)
            // Raising the risk to extreme needs an extreme-capable reviewer.
            let extreme = try await api.json(
                .PATCH, "/api/v1/actions/\(a.id!)",
                [
                    "version": 2,
                    "risk": [
                        "harm": 5, "people_affected": 5, "recurrence": 5, "regulatory_impact": 5, "control_weakness": 5
                    ]
                ])
            #expect(extreme.status == .unprocessableEntity)
            #expect(extreme.problemFields == ["reviewer"])
            let moved = try await api.json(.PATCH, "/api/v1/actions/\(a.id!)", ["version": 2, "due_day": "2030-01-01"])
            #expect(moved.problemFields == ["due_day"])
            let history = try await AuditEntry.query(on: app.db).filter(\.$entityID == a.id!).sort(\.$seq).all()
            #expect(history.map(\.operation) == ["created", "updated"])
            #expect(history[1].changes.contains("Every MAR chart complete and checked"))
        }
    }

    @Test func transitionsFollowTheStateMachine() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let path = "/api/v1/actions/\(a.id!)/transitions"
            let go = try await api.json(.POST, path, ["to": "in_progress", "version": 1])
            #expect(go.status == .ok)
            #expect(go.json["status"] as? String == "in_progress")
            let illegal = try await api.json(.POST, path, ["to": "draft"])
            #expect(illegal.status == .unprocessableEntity)
            #expect(illegal.problemFields == ["to"])
            let gated = try await api.json(.POST, path, ["to": "monitoring"])
            #expect(gated.status == .unprocessableEntity)
            #expect((gated.json["detail"] as? String)?.contains("senior reviewer") == true)
            let noReason = try await api.json(.POST, path, ["to": "cancelled"])
            #expect(noReason.problemFields == ["reason"])
            let stale = try await api.json(.POST, path, ["to": "awaiting_assurance", "version": 1])
            #expect(stale.status == .conflict)
            let unknown = try await api.json(.POST, path, ["to": "closed"])
            #expect(unknown.status == .badRequest)
            #expect(unknown.problemFields == ["to"])
            // The lead may move their own action; other staff of the same service may not.
            let other = try await APIClient.make(app, for: f.users["staff3"]!)
            let refused = try await other.json(.POST, path, ["to": "awaiting_assurance"])
            #expect(refused.status == .forbidden)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .inProgress)
            let lead = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(try await lead.json(.POST, path, ["to": "awaiting_assurance"]).status == .ok)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .awaitingAssurance)
        }
    }

    @Test func servicesAPI() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try await APIClient.make(app, for: f.users["admin"]!)
            let created = try await admin.json(
                .POST, "/api/v1/services",
                [
                    "name": "Three Lodge", "service_type": "nursing", "cqc_location_id": "1-999",
                    "ratings": ["safe": "inadequate"]
                ])
            #expect(created.status == .created)
            #expect(created.json["service_type"] as? String == "nursing")
            #expect((created.json["ratings"] as? [String: String])?["safe"] == "inadequate")
            let dup = try await admin.json(
                .POST, "/api/v1/services", ["name": "Three Lodge", "service_type": "nursing"])
            #expect(dup.status == .unprocessableEntity)
            #expect(dup.problemFields == ["name"])
            let badType = try await admin.json(.POST, "/api/v1/services", ["name": "Four", "service_type": "castle"])
            #expect(badType.status == .badRequest)
            #expect(badType.problemFields == ["service_type"])
            let list = try await admin.send(.GET, "/api/v1/services")
            #expect((list.json["metadata"] as? [String: Any])?["total"] as? Int == 3)
        }
    }
}
