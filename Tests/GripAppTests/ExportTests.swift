import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import GripApp

@Suite struct TableTests {
    func entries(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var out: [String: String] = [:]
        for e in archive {
            var bytes = Data()
            _ = try archive.extract(e) { bytes.append($0) }
            out[e.path] = String(decoding: bytes, as: UTF8.self)
        }
        return out
    }

    @Test func xlsxIsAWorkbookWithTypedCellsAndEscapedText() throws {
        let t = Table(
            name: "Actions", header: ["Ref", "Title", "Score", "Due"],
            rows: [
                [
                    .text("A-0001"), .text("Tom & Jerry <night> \"shift\"\u{0007}"), .number(12),
                    .day(Day(iso: "2026-03-01")!)
                ],
                [.text("A-0002"), .empty, .number(2.5), .empty]
            ])
        let files = try entries(try t.xlsx())
        #expect(
            Set(files.keys) == [
                "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                "xl/worksheets/sheet1.xml"
            ])
        let sheet = try #require(files["xl/worksheets/sheet1.xml"])
        #expect(
            sheet.contains(
                """
                <c r=\"B2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">Tom &amp; Jerry &lt;night&gt; \
                &quot;shift&quot;</t></is></c>
                """
            ))
        #expect(sheet.contains("<c r=\"C2\"><v>12</v></c>") && sheet.contains("<c r=\"C3\"><v>2.5</v></c>"))
        #expect(sheet.contains("<c r=\"D2\" s=\"2\"><v>46082</v></c>"))  // 1 March 2026 in Excel's day numbers
        #expect(sheet.contains("<c r=\"A1\" t=\"inlineStr\" s=\"1\">"))
        #expect(!sheet.contains("B3"))
        #expect(files["xl/workbook.xml"]?.contains("name=\"Actions\"") == true)
    }

    @Test func columnLettersSerialsAndCSVInjection() {
        #expect([0, 25, 26, 27, 51, 52, 701, 702].map(Table.column) == ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
        #expect(Table.serial(Day(iso: "1900-03-01")!) == 61)
        let t = Table(
            name: "x", header: ["a", "b"],
            rows: [[.text("=HYPERLINK(\"http://evil\")"), .text("plain, with comma")], [.text("-2+3"), .number(-2)]])
        let csv = t.csv()
        #expect(csv == "a,b\r\n\"'=HYPERLINK(\"\"http://evil\"\")\",\"plain, with comma\"\r\n'-2+3,-2\r\n")
    }
}

@Suite struct ExportWebTests {
    @Test func actionListAndMapDownloadWithTheirFilters() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            var other = f.input(service: "two", lead: "staff2", reviewer: "rm2")
            other.title = "Two Court's own action"
            _ = try await f.createAction(app, by: "rm2", other)
            _ = try await f.createActionB(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let csv = try await rm.get("/actions/export.csv")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            let rows = try CSV.parse(csv.body.string)
            #expect(rows.count == 2 && rows[1].fields[0] == a.reference)  // only what Rita can see
            let xlsx = try await rm.get("/actions/export.xlsx?band=extreme")
            #expect(
                xlsx.status == .ok
                    && xlsx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let files = try TableTests().entries(Data(buffer: xlsx.body))
            // the filter holds: no extreme actions
            #expect(files["xl/worksheets/sheet1.xml"]?.contains(a.reference) == false)
            let ql = try await Browser.signedIn(app, "ql@alpha.example")
            let all = try CSV.parse(try await ql.get("/actions/export.csv").body.string)
            #expect(all.count == 3 && !all.contains { $0.fields.contains("Beta Home") })
            #expect(try await rm.get("/actions/export.csv?band=purple").status == .badRequest)
            let map = try await ql.get("/map.xlsx")
            let mapSheet = try TableTests().entries(Data(buffer: map.body))["xl/worksheets/sheet1.xml"]
            #expect(map.status == .ok && mapSheet?.contains("Two Court") == true)
            #expect(try await Browser(app).get("/actions/export.xlsx").status == .seeOther)
        }
    }
}

@Suite struct ReportsAPITests {
    @Test func packsAndExportsOverTheAPI() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            a.dueDay = Day.today(now: Date()).adding(days: -2).iso
            try await a.update(on: app.db)
            let api = try await APIClient.make(app, for: f.users["ql"]!)
            let today = Day.today(now: Date())
            let pack = try await api.send(
                .GET,
                "/api/v1/reports/commissioner?services=\(f.sid("one"))"
                    + "&from=\(today.adding(days: -30).iso)&to=\(today.iso)")
            #expect(pack.status == .ok && pack.json["kind"] as? String == "commissioner")
            let sections = pack.json["sections"] as? [[String: Any]] ?? []
            let overdue = sections.first { $0["id"] as? String == "overdue" }
            #expect((overdue?["lines"] as? [[String: Any]])?.first?["label"] as? String == a.reference)
            #expect((pack.json["services"] as? [String]) == ["One House"])
            let csv = try await api.send(.GET, "/api/v1/reports/oversight?format=csv")
            #expect(csv.status == .ok && csv.body.string.hasPrefix("section,"))
            let html = try await api.send(.GET, "/api/v1/reports/cqc?format=html&from=1/8/2026&to=31/10/2026")
            #expect(html.status == .ok && html.body.string.contains("<style>"))
            #expect(try await api.send(.GET, "/api/v1/reports/weekly").status == .notFound)
            #expect(try await api.send(.GET, "/api/v1/reports/cqc?format=docx").problemFields == ["format"])
            #expect(try await api.send(.GET, "/api/v1/reports/cqc?services=one,two").problemFields == ["services"])
            #expect(
                try await api.send(.GET, "/api/v1/reports/cqc?from=2026-02-30&to=2026-03-01").problemFields == ["from"])
            #expect(
                try await api.send(.GET, "/api/v1/reports/cqc?services=\(f.sid("b"))").status == .unprocessableEntity)
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(try await staff.send(.GET, "/api/v1/reports/commissioner").status == .forbidden)
            #expect(
                try await APIClient(app: app, token: nil).send(.GET, "/api/v1/reports/commissioner").status
                    == .unauthorized)
            let xlsx = try await api.send(.GET, "/api/v1/exports/actions?overdue=true")
            #expect(
                xlsx.status == .ok
                    && xlsx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(
                try TableTests().entries(Data(buffer: xlsx.body))["xl/worksheets/sheet1.xml"]?.contains(a.reference)
                    == true)
            #expect(try await api.send(.GET, "/api/v1/exports/actions?format=ods").problemFields == ["format"])
            #expect(
                try await api.send(.GET, "/api/v1/exports/map?format=csv").body.string.hasPrefix(
                    "Service,Theme,Reference"))
            #expect(try await api.send(.GET, "/api/v1/exports/map?band=purple").problemFields == ["band"])
        }
    }
}
