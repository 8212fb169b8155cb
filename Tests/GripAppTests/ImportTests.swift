import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Importing an action plan: preview with mapping, every problem by row and column, all or nothing.
@Suite struct ActionImportWebTests {
    static let header =
        """
        Action,Theme,Service,Owner email,Reviewer email,Due date,Finding,Measure,Better \
        when,Current,Target,Harm,People affected,Likelihood,Regulatory impact,Controls,Interim controls,Statements
        """

    func line(
        _ title: String, service: String = "One House", lead: String = "staff@alpha.example",
        due: String = "15/01/2027", harm: String = "3"
    ) -> String {
        """
        \(title),Communication,\(service),\(lead),rm@alpha.example,\(due),Handover audit: 5 of 14 had no sheet,% \
        with a sheet,higher,36,100,\(harm),3,3,3,3,Shift lead checks,S2
        """
    }

    func payload(_ body: String) -> String { body.split(separator: "\n").first.map(String.init) ?? "" }

    @Test func previewThenImportAllOrNothing() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await rm.get("/actions/import").status == .ok)
            let good = [
                Self.header, line("Handover sheet at every shift"),
                line("Fluid charts totalled nightly", due: "2027-01-31")
            ].joined(separator: "\n")
            let preview = try await rm.postMultipart(
                "/actions/import", [], file: (name: "plan.csv", bytes: Array(good.utf8)))
            #expect(preview.status == .ok)
            #expect(
                preview.body.string.contains("2 action(s) read from")
                    && preview.body.string.contains("Import 2 action(s)"))
            #expect(try await count(RecoveryAction.self, app) == 0)
            let encoded = Data(good.utf8).base64EncodedString()
            let mapping = ActionImport.autoMap(header: Self.header.components(separatedBy: ",")).map {
                ("map-\($0.key)", String($0.value))
            }
            let done = try await rm.post(
                "/actions/import/confirm",
                [("payload", encoded), ("file_name", "plan.csv"), ("action", "import")] + mapping)
            #expect(done.status == .seeOther)
            let created = try await RecoveryAction.query(on: app.db).sort(\.$reference).all()
            #expect(created.map(\.title) == ["Handover sheet at every shift", "Fluid charts totalled nightly"])
            #expect(
                created.allSatisfy {
                    $0.$lead.id == f.id("staff") && $0.$reviewer.id == f.id("rm") && $0.$route.id == f.rid("a")
                        && $0.status == .open
                })
            #expect(created[1].dueDay == "2027-01-31" && created[0].dueDay == "2027-01-15")
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$entityType == "action").filter(
                    \.$operation == "created"
                ).count() == 2)
            // The same plan again: refused as duplicates, nothing doubled.
            let again = try await rm.post(
                "/actions/import/confirm",
                [("payload", encoded), ("file_name", "plan.csv"), ("action", "import")] + mapping)
            #expect(again.status == .unprocessableEntity && again.body.string.contains("already has this title"))
            #expect(try await count(RecoveryAction.self, app) == 2)
        }
    }

    @Test func badFilesAreReportedRowByRowAndNothingIsWritten() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let bad = [
                Self.header, line("First"), line("Second", service: "Nowhere"),
                line("Third", lead: "nobody@alpha.example"),
                line("Fourth", due: "31/02/2027"), line("Fifth", harm: "7"), line("First"),
                line("Seventh", service: "Two Court")
            ].joined(separator: "\n")
            let res = try await rm.postMultipart(
                "/actions/import", [], file: (name: "plan.csv", bytes: Array(bad.utf8)))
            #expect(res.status == .unprocessableEntity)
            let body = res.body.string
            for expected in [
                "No service called &#39;Nowhere&#39; among yours", "No one with the e-mail nobody@alpha.example",
                "&#39;31/02/2027&#39; is not a date", "&#39;7&#39; is not a score from 1 to 5",
                "on row 2: each action once",
                "No service called &#39;Two Court&#39; among yours"
            ] {
                #expect(
                    body.contains(expected) || body.contains(expected.replacingOccurrences(of: "&#39;", with: "'")),
                    "\(expected)")
            }
            #expect(!body.contains("Import 7 action(s)"))
            #expect(try await count(RecoveryAction.self, app) == 0)
            // Missing columns, wrong encoding, an empty file, a broken workbook.
            let missing = try await rm.postMultipart(
                "/actions/import", [], file: (name: "plan.csv", bytes: Array("Action,Service\nx,One House\n".utf8)))
            #expect(
                missing.status == .unprocessableEntity && missing.body.string.contains("No column is mapped to due day")
            )
            let latin = try await rm.postMultipart(
                "/actions/import", [],
                file: (name: "plan.csv", bytes: Array("Action,Caf".utf8) + [0xE9] + Array("\n".utf8)))
            #expect(latin.status == .unprocessableEntity && latin.body.string.contains("not UTF-8"))
            #expect(
                try await rm.postMultipart("/actions/import", [], file: (name: "plan.csv", bytes: [])).status
                    == .unprocessableEntity)
            let broken = try await rm.postMultipart(
                "/actions/import", [], file: (name: "plan.xlsx", bytes: [0x50, 0x4B, 0x03, 0x04, 1, 2, 3]))
            #expect(broken.status == .unprocessableEntity && broken.body.string.contains("cannot be read"))
            #expect(try await count(RecoveryAction.self, app) == 0)
        }
    }

    @Test func xlsxImportsAndRolesAndScope() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let header = Self.header.components(separatedBy: ",")
            let cells = line("From a workbook").components(separatedBy: ",")
            var row: [Table.Cell] = cells.map { .text($0) }
            row[5] = .day(Day(iso: "2027-02-01")!)  // a real date cell
            row[9] = .number(36)
            let workbook = try Table(name: "Plan", header: header, rows: [row]).xlsx()
            let (h, rows) = try SpreadsheetReader.read(workbook)
            #expect(h == header && rows.count == 1)
            let created = try await ActionImportService(
                db: app.db, actor: try f.actor("rm"), today: Day.today(now: Date())
            )
            .run(header: h, rows: rows, mapping: ActionImport.autoMap(header: h))
            #expect(created.count == 1 && created[0].dueDay == "2027-02-01" && created[0].baselineValue == 36)
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(try await staff.get("/actions/import").status == .forbidden)
            let body = [Self.header, line("Staff import")].joined(separator: "\n")
            #expect(
                try await staff.postMultipart("/actions/import", [], file: (name: "p.csv", bytes: Array(body.utf8)))
                    .status == .forbidden)
            #expect(try await Browser(app).get("/actions/import").status == .seeOther)
            // Another organisation's people and services are unknown here.
            let other = try await Browser.signedIn(app, "rmb@beta.example")
            let theirs = try await other.postMultipart(
                "/actions/import", [], file: (name: "p.csv", bytes: Array(body.utf8)))
            #expect(theirs.status == .unprocessableEntity && theirs.body.string.contains("No service called"))
            #expect(try await count(RecoveryAction.self, app) == 1)
        }
    }
}

@Suite struct ActionImportAPITests {
    @Test func importOverTheAPIWithADryRun() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let web = ActionImportWebTests()
            let csv = [ActionImportWebTests.header, web.line("Handover sheet at every shift"), web.line("Fluid charts")]
                .joined(separator: "\n")
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            func post(_ path: String, _ body: String) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.add(name: .authorization, value: "Bearer \(api.token!)")
                headers.add(name: .contentType, value: "text/csv")
                return try await app.testing().sendRequest(
                    .POST, path, headers: headers, body: ByteBuffer(string: body))
            }
            let dry = try await post("/api/v1/imports/actions?dry_run=true", csv)
            #expect(dry.status == .ok && dry.json["checked"] as? Int == 2 && dry.json["imported"] as? Int == 0)
            #expect(try await count(RecoveryAction.self, app) == 0)
            let bad = try await post(
                "/api/v1/imports/actions",
                [ActionImportWebTests.header, web.line("X", due: "2027-13-01")].joined(separator: "\n"))
            #expect(bad.status == .unprocessableEntity && bad.problemFields == ["row 2, Due date"])
            #expect(try await post("/api/v1/imports/actions?dry_run=maybe", csv).problemFields == ["dry_run"])
            #expect(try await post("/api/v1/imports/actions", "").problemFields == ["file"])
            let done = try await post("/api/v1/imports/actions", csv)
            #expect(done.status == .created && done.json["imported"] as? Int == 2)
            #expect(try await count(RecoveryAction.self, app) == 2)
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(staff.token!)")
            #expect(
                try await app.testing().sendRequest(
                    .POST, "/api/v1/imports/actions", headers: headers, body: ByteBuffer(string: csv)
                ).status == .forbidden)
        }
    }
}
