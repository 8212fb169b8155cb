import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Escalation thresholds as versioned data per organisation (issue 36): read by everyone in the organisation,
/// commissioners included; changed only by the provider admin, each save a new version, audited.
@Suite struct EscalationThresholdWebTests {
    static func body(_ set: EscalationThresholdSet) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(set), as: UTF8.self)
    }

    static func versions(_ app: Application, _ org: UUID) async throws -> [Int] {
        try await EscalationThresholdVersion.query(on: app.db).filter(\.$organisation.$id == org).sort(\.$version).all()
            .map(\.version)
    }

    /// The defaults with red reviews needing three in a row and the series threshold switched off.
    static var changed: EscalationThresholdSet {
        var set = EscalationThresholdSet.defaults
        set.thresholds[3].count = 3
        set.thresholds[1].active = false
        return set
    }

    @Test func everyoneReadsThemAndOnlyTheAdminSavesANewVersion() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            // A commissioner reads Grip's defaults (version 1, nobody has saved any).
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            let read = try await commissioner.send(.GET, "/api/v1/escalations/thresholds")
            #expect(read.status == .ok)
            #expect(read.json["version"] as? Int == 1)
            #expect((read.json["thresholds"] as? [[String: Any]])?.count == EscalationTrigger.allCases.count)
            #expect(read.json["bank_holiday_years"] as? [Int] == [2025, 2028])
            // The admin saves a change: version 2, audited with the set before and after.
            let admin = try await APIClient.make(app, for: f.users["admin"]!)
            let saved = try await admin.send(.PUT, "/api/v1/escalations/thresholds", json: try Self.body(Self.changed))
            #expect(saved.status == .ok, "\(saved.body.string)")
            #expect(saved.json["version"] as? Int == 2)
            #expect(saved.json["saved_by"] as? String == "Ada Admin")
            let after = try await commissioner.send(.GET, "/api/v1/escalations/thresholds")
            let red = (after.json["thresholds"] as? [[String: Any]])?.first {
                $0["trigger"] as? String == "red_reviews"
            }
            #expect(red?["count"] as? Int == 3)
            let audit = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$entityType == "escalation_thresholds").first())
            #expect(audit.operation == "saved" && audit.changes.contains("policy_version"))
            // The other organisation still works to the defaults (version 1, stored when it began watching), and its
            // admin's save is its own.
            #expect(try await Self.versions(app, f.orgB) == [1])
            let adminB = try await APIClient.make(app, for: f.users["adminB"]!)
            let b = try await adminB.send(.GET, "/api/v1/escalations/thresholds")
            #expect(b.json["version"] as? Int == 1)
            #expect(
                try await adminB.send(.PUT, "/api/v1/escalations/thresholds", json: try Self.body(.defaults)).status
                    == .ok)
            #expect(try await Self.versions(app, f.orgB) == [1, 2])
            #expect(try await Self.versions(app, f.orgA) == [1, 2])
            #expect(try await ThresholdsInForce.load(for: try f.actor("ql"), on: app.db).set.thresholds[3].count == 3)
        }
    }

    @Test func badSetsAreRefusedNamingTheFieldAndNothingIsWritten() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try await APIClient.make(app, for: f.users["admin"]!)
            var bad = EscalationThresholdSet.defaults
            bad.thresholds[3].count = 9
            let res = try await admin.send(.PUT, "/api/v1/escalations/thresholds", json: try Self.body(bad))
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("thresholds[3].count"))
            // A trigger Grip does not know, and a body that is not a set at all.
            let unknown = try Self.body(.defaults).replacingOccurrences(of: "\"red_reviews\"", with: "\"soon\"")
            let odd = try await admin.send(.PUT, "/api/v1/escalations/thresholds", json: unknown)
            #expect([400, 422].contains(odd.status.code))
            #expect(odd.body.string.contains("trigger"), "\(odd.body.string)")
            #expect(try await admin.send(.PUT, "/api/v1/escalations/thresholds", json: "[]").status.code == 400)
            // Without the version changed from: refused too.
            var object = try #require(
                try JSONSerialization.jsonObject(with: Data(try Self.body(.defaults).utf8)) as? [String: Any])
            #expect(object.removeValue(forKey: "version") != nil)
            let unversioned = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            let missing = try await admin.send(.PUT, "/api/v1/escalations/thresholds", json: unversioned)
            #expect([400, 422].contains(missing.status.code))
            #expect(try await Self.versions(app, f.orgA) == [1])
        }
    }

    @Test func otherRolesNobodyAndStaleVersionsAreRefused() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let body = try Self.body(Self.changed)
            #expect(
                try await APIClient(app: app, token: nil).send(.GET, "/api/v1/escalations/thresholds").status
                    == .unauthorized)
            #expect(
                try await APIClient(app: app, token: nil).send(.PUT, "/api/v1/escalations/thresholds", json: body)
                    .status == .unauthorized)
            for who in ["ni", "ql", "rm", "staff", "commissioner", "rmB"] {
                let client = try await APIClient.make(app, for: f.users[who]!)
                let res = try await client.send(.PUT, "/api/v1/escalations/thresholds", json: body)
                #expect(res.status == .forbidden, "\(who): \(res.status)")
            }
            let admin = try await APIClient.make(app, for: f.users["admin"]!)
            #expect(try await admin.send(.PUT, "/api/v1/escalations/thresholds", json: body).status == .ok)
            // Saved again from version 1 (someone else's save came first): 409, nothing written.
            let stale = try await admin.send(.PUT, "/api/v1/escalations/thresholds", json: body)
            #expect(stale.status == .conflict)
            #expect(try await Self.versions(app, f.orgA) == [1, 2])
        }
    }

    /// The web form's fields for a set, as a browser sends them.
    static func form(_ set: EscalationThresholdSet, version: Int) -> [(String, String)] {
        var fields: [(String, String)] = [("version", String(version))]
        for t in set.thresholds {
            let key = t.trigger.rawValue
            fields += [("level_\(key)", t.level.rawValue), ("time_\(key)", t.timeToAct.code)]
            if let n = t.count { fields.append(("count_\(key)", String(n))) }
            if t.active { fields.append(("active_\(key)", "yes")) }
        }
        fields += set.reportableCategories.map { ("reportable[]", $0.rawValue) }
        fields.append(("watched_series", set.watchedSeries.joined(separator: "\r\n")))
        return fields
    }

    @Test func thePageShowsThemToEveryoneAndTheAdminChangesThem() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            // Signed out: to the sign-in page.
            let nobody = Browser(app)
            let out = try await nobody.get("/escalations/thresholds")
            #expect(out.status == .seeOther || out.status == .found || out.status == .unauthorized)
            // A commissioner reads the table, with no form.
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            let page = try await commissioner.get("/escalations/thresholds")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("A high or extreme action with red reviews in a row"))
            #expect(!page.body.string.contains("Save as a new version"))
            #expect(
                try await commissioner.post("/escalations/thresholds", Self.form(.defaults, version: 1)).status
                    == .forbidden)
            // The admin's form saves version 2.
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            #expect(try await admin.get("/escalations/thresholds").body.string.contains("Save as a new version"))
            let saved = try await admin.post("/escalations/thresholds", Self.form(Self.changed, version: 1))
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(400))")
            #expect(
                try await ThresholdsInForce.load(for: try f.actor("admin"), on: app.db).set
                    == {
                        var s = Self.changed
                        s.version = 2
                        return s
                    }())
            // A count out of range: 422, the row's field named on the page, the typed values kept, nothing written.
            var bad = Self.form(Self.changed, version: 2)
            bad = bad.map { $0.0 == "count_person_pattern" ? ($0.0, "1") : $0 }
            let refused = try await admin.post("/escalations/thresholds", bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("href=\"#count_person_pattern\""))
            #expect(refused.body.string.contains("must be from 2 to 50 (not 1)"))
            #expect(refused.body.string.contains("value=\"1\""))
            let notANumber = Self.form(Self.changed, version: 2).map {
                $0.0 == "count_red_reviews" ? ($0.0, "three") : $0
            }
            #expect(try await admin.post("/escalations/thresholds", notANumber).status == .unprocessableEntity)
            #expect(try await Self.versions(app, f.orgA) == [1, 2])
            // From a stale page: 409 with the version named.
            let stale = try await admin.post("/escalations/thresholds", Self.form(Self.changed, version: 1))
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("now at version 2"))
            #expect(try await Self.versions(app, f.orgA) == [1, 2])
        }
    }

    /// A newer list from GOV.UK replaces the shipped one (`GRIP_BANK_HOLIDAYS`); a file that is not one stops the
    /// start, naming why.
    @Test func aReplacementBankHolidaysFileIsUsedAndABadOneNamed() async throws {
        let dir = NSTemporaryDirectory() + "grip-holidays-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = dir + "/bank-holidays.json", bad = dir + "/bad.json"
        try Data(
            #"{"england-and-wales": {"events": [{"title": "New Year’s Day", "date": "2029-01-01"}]}}"#.utf8
        ).write(to: URL(fileURLWithPath: good))
        try Data(#"{"scotland": {"events": []}}"#.utf8).write(to: URL(fileURLWithPath: bad))
        let list = try GripConfig.bankHolidays(from: good)
        #expect(list.years == 2029...2029)
        try await withGrip(bankHolidays: list) { app in
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(
                try await api.send(.GET, "/api/v1/escalations/thresholds").json["bank_holiday_years"] as? [Int] == [
                    2029, 2029
                ])
            let page = try await Browser.signedIn(app, "staff@alpha.example").get("/escalations/thresholds")
            #expect(page.body.string.contains("bank holidays (2029 to 2029)"))
        }
        #expect(throws: AppError.self) { try GripConfig.bankHolidays(from: dir + "/missing.json") }
        do {
            _ = try GripConfig.bankHolidays(from: bad)
            Issue.record("a file without the england-and-wales division was accepted")
        } catch let e as AppError {
            #expect(e.reason.contains("no \"england-and-wales\" division"), "\(e.reason)")
        }
    }
}
