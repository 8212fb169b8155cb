import Fluent
import Foundation
import GripCore
import NIOCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 22 over the API: versions, the choice in force, crosswalks, re-mapping, and actions' mappings.
@Suite struct FrameworkAPITests {
    func post(_ api: APIClient, _ path: String, _ body: String, type: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token = api.token { headers.add(name: .authorization, value: "Bearer \(token)") }
        headers.add(name: .contentType, value: type)
        return try await api.app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func versionsAreListedLoadedAndReadAsTheirDocument() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try await APIClient.make(app, for: f.users["admin"]!)
            let list = try await admin.send(.GET, "/api/v1/frameworks")
            #expect(list.status == .ok)
            #expect((list.json["in_force"] as? [String: Any])?["framework"] as? String == "cqc-qs-2023")
            let ids = (list.json["versions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == ["cqc-qs-2023", "cqc-kloe-2017"])
            // A bad CSV names its rows; nothing is stored.
            let bad = try await post(admin, "/api/v1/frameworks", "framework_id,title\nx,y\n", type: "text/csv")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.problemFields == ["file"])
            #expect(try await count(FrameworkVersion.self, app) == 0)
            // Every body gets the checks all bodies get: a control character in JSON, a multipart body without a
            // boundary.
            let nul = try await post(admin, "/api/v1/frameworks", #"{"id": "a\u0000b"}"#, type: "application/json")
            #expect(nul.status == .unprocessableEntity)
            #expect(nul.body.string.lowercased().contains("control character"))
            let noBoundary = try await post(
                admin, "/api/v1/crosswalks", "--b\r\n--b--\r\n", type: "multipart/form-data")
            #expect(noBoundary.status == .badRequest)
            #expect(noBoundary.body.string.contains("boundary"))
            #expect(try await count(FrameworkVersion.self, app) == 0)
            // A multipart upload is read like the body.
            let upload = try await admin.multipart("/api/v1/crosswalks", [], file: ("c.csv", Array("x\n".utf8)))
            #expect(upload.status == .unprocessableEntity)
            #expect(upload.body.string.contains("lacks the columns"))
            let created = try await post(
                admin, "/api/v1/frameworks", FrameworkFixtures.councilJSON, type: "application/json")
            #expect(created.status == .created)
            #expect(created.headers.first(name: .location) == "/api/v1/frameworks/test-pamms-2026")
            #expect(created.json["items"] as? Int == 3)
            let doc = try await admin.send(.GET, "/api/v1/frameworks/test-pamms-2026")
            #expect(doc.status == .ok)
            #expect(doc.json["effectiveFrom"] as? String == "2026-04-01")
            #expect(try FrameworkFile.parseJSON(Data(doc.body.string.utf8)).get().items.count == 3)
            // Not an admin: 403; another organisation: 404; no token: 401.
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            #expect(
                try await post(rm, "/api/v1/frameworks", FrameworkFixtures.councilJSON, type: "application/json")
                    .status
                    == .forbidden)
            let beta = try await APIClient.make(app, for: f.users["adminB"]!)
            #expect(try await beta.send(.GET, "/api/v1/frameworks/test-pamms-2026").status == .notFound)
            #expect(try await APIClient(app: app, token: nil).send(.GET, "/api/v1/frameworks").status == .unauthorized)
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(try await commissioner.send(.GET, "/api/v1/frameworks").status == .forbidden)
        }
    }

    @Test func theChoiceInForceAndActionsCarryTheirMappingsWithTheVersion() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let admin = try await APIClient.make(app, for: f.users["admin"]!)
            let bad = try await admin.json(.PUT, "/api/v1/frameworks/in-force", ["framework": "nowhere"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.problemFields == ["framework"])
            let stale = try await admin.json(
                .PUT, "/api/v1/frameworks/in-force",
                [
                    "framework": "cqc-kloe-2017",
                    "expected": "cqc-kloe-2017"
                ])
            #expect(stale.status == .conflict)
            let chosen = try await admin.json(
                .PUT, "/api/v1/frameworks/in-force",
                [
                    "framework": "cqc-kloe-2017",
                    "expected": "cqc-qs-2023",
                    "effective_on": "2026-11-01"
                ])
            #expect(chosen.status == .ok)
            #expect(chosen.json["since"] as? String == "2026-11-01")
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let got = try await rm.send(.GET, "/api/v1/actions/\(a.id!)")
            #expect(got.json["framework"] as? String == "cqc-kloe-2017")
            #expect(got.json["statements"] as? [String] == [])
            let mappings = got.json["mappings"] as? [[String: Any]] ?? []
            #expect(mappings.map { "\($0["framework"] ?? ""):\($0["item"] ?? "")" } == ["cqc-qs-2023:S8"])
            // The list filter follows the version in force.
            #expect(try await rm.send(.GET, "/api/v1/actions?statement=S8").status == .badRequest)
            #expect(try await rm.send(.GET, "/api/v1/actions?statement=S4").status == .ok)
        }
    }

    @Test func crosswalksAndReMappingOverTheAPI() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let admin = try await APIClient.make(app, for: f.users["admin"]!)
            _ = try await post(admin, "/api/v1/frameworks", FrameworkFixtures.councilJSON, type: "application/json")
            let bad = try await post(
                admin, "/api/v1/crosswalks",
                "from_framework,from_item,to_framework,to_item,basis\ncqc-qs-2023,S8,test-pamms-2026,9.9,x\n",
                type: "text/csv")
            #expect(bad.status == .unprocessableEntity)
            #expect(
                (bad.json["errors"] as? [[String: Any]])?.first?["message"] as? String
                    == "row 2, column to_item: '9.9' is not an item of test-pamms-2026.")
            let loaded = try await post(
                admin, "/api/v1/crosswalks", FrameworkFixtures.councilCrosswalk, type: "text/csv")
            #expect(loaded.status == .created)
            let shipped = try await admin.send(.GET, "/api/v1/crosswalks/cqc-kloe-2017/cqc-qs-2023")
            #expect((shipped.json["rows"] as? [Any])?.count == Crosswalk.kloe2017ToQS2023.rows.count)
            let ql = try await APIClient.make(app, for: f.users["ql"]!)
            let plan = try await ql.send(.GET, "/api/v1/remap?to=test-pamms-2026")
            #expect(plan.status == .ok)
            let line = (plan.json["lines"] as? [[String: Any]] ?? []).first {
                $0["action_id"] as? String == a.id!.uuidString
            }
            #expect(line?["outcome"] as? String == "proposed")
            let digest = try #require(plan.json["digest"] as? String)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            #expect(
                try await rm.json(
                    .POST, "/api/v1/remap",
                    [
                        "to": "test-pamms-2026", "digest": digest,
                        "actions": [a.id!.uuidString]
                    ]
                ).status == .forbidden)
            let done = try await ql.json(
                .POST, "/api/v1/remap",
                [
                    "to": "test-pamms-2026", "digest": digest,
                    "actions": [a.id!.uuidString]
                ])
            #expect(done.status == .ok)
            #expect(done.json["remapped"] as? Int == 1)
            let again = try await ql.json(
                .POST, "/api/v1/remap",
                [
                    "to": "test-pamms-2026", "digest": digest,
                    "actions": [a.id!.uuidString]
                ])
            #expect(again.status == .conflict)
            #expect(
                try await ActionMapping.query(on: app.db).filter(\.$framework == "test-pamms-2026").all().map(\.itemID)
                    == ["1.2"])
        }
    }
}
