import Foundation
import Testing
@testable import GripCore

@Suite struct ActionImportTests {
    let today = Day(iso: "2026-11-23")!
    let header = [
        "Action", "Theme", "Service", "Owner email", "Reviewer", "Due date", "Finding", "Measure", "Better when",
        "Current", "Target",
        "Harm", "People affected", "Likelihood", "Regulatory impact", "Controls", "Interim controls", "Statements"
    ]

    func row(
        _ title: String = "MAR charts complete", due: String = "1/12/2026", current: String = "57%", harm: String = "4",
        lead: String = "Tom.Evans@riverside.example", direction: String = "Higher"
    ) -> [String] {
        [
            title, "Medicines", "Oakwood House", lead, "helen.marsh@riverside.example", due,
            "6 of 14 MAR charts had gaps", "% MAR complete",
            direction, current, "100", harm, "3", "3", "4", "3", "Daily MAR check", "S8; w5"
        ]
    }

    @Test func headersMapByTheirUsualNames() {
        let m = ActionImport.autoMap(header: header)
        #expect(m["title"] == 0 && m["lead"] == 3 && m["reviewer"] == 4 && m["due_day"] == 5 && m["baseline"] == 6)
        #expect(
            m["direction"] == 8 && m["baseline_value"] == 9 && m["target_value"] == 10 && m["control_weakness"] == 15)
        #expect(m["route"] == nil && m["target_day"] == nil)
        #expect(ActionImport.autoMap(header: ["due_day", "DUE DAY"]) == ["due_day": 0])
    }

    @Test func aGoodRowReadsIntoTypedValues() {
        let (rows, problems) = ActionImport.read(
            header: header, rows: [row(), Array(repeating: " ", count: header.count)],
            mapping: ActionImport.autoMap(header: header), today: today)
        #expect(problems.isEmpty)
        let r = rows[0]
        #expect(rows.count == 1 && r.line == 2)
        #expect(
            r.leadEmail == "tom.evans@riverside.example" && r.dueDay == Day(iso: "2026-12-01")
                && r.targetDay == r.dueDay && r.baselineDay == today)
        #expect(
            r.baselineValue == 57 && r.targetValue == 100 && r.direction == .higher && r.factors.harm == 4
                && r.statements == ["S8", "W5"])
    }

    @Test func everyBadCellIsNamedByRowAndColumn() {
        let rows = [
            row(due: "31/02/2026"), row("Second", current: "lots", harm: "9", lead: "tom", direction: "sideways"),
            row(), row()
        ]
        let (_, problems) = ActionImport.read(
            header: header, rows: rows, mapping: ActionImport.autoMap(header: header), today: today)
        #expect(
            problems.contains(
                .init(row: 2, column: "Due date", message: "'31/02/2026' is not a date: use 2026-03-01 or 1/3/2026.")))
        #expect(problems.contains(.init(row: 3, column: "Current", message: "'lots' is not a number.")))
        #expect(problems.contains(.init(row: 3, column: "Harm", message: "'9' is not a score from 1 to 5.")))
        #expect(
            problems.contains(
                .init(
                    row: 3, column: "Owner email",
                    message: "'tom' is not an e-mail address: people are matched by e-mail.")))
        #expect(problems.contains(.init(row: 3, column: "Better when", message: "'sideways' is not higher or lower.")))
        // Rows 4 and 5 repeat row 2's action for the same service.
        #expect(problems.filter { $0.message.contains("on row 2") }.map(\.row) == [4, 5])
        #expect(problems.first { $0.row == 3 }?.description.hasPrefix("row 3, column ") == true)
    }

    @Test func missingColumnsAndBadMappingsAreReportedBeforeAnyRow() {
        let (rows, problems) = ActionImport.read(
            header: ["Action", "Service"], rows: [["x", "y"]], mapping: ["title": 0, "service": 1], today: today)
        #expect(rows.isEmpty && problems.allSatisfy { $0.row == 1 })
        #expect(problems.contains { $0.column == "Due day" && $0.message.contains("No column") })
        let (_, twice) = ActionImport.read(
            header: header, rows: [row()],
            mapping: ActionImport.autoMap(header: header).merging(["theme": 0]) { _, b in b }, today: today)
        #expect(twice.contains { $0.column == "Action" && $0.message.contains("mapped to 2 fields") })
        let (_, outside) = ActionImport.read(
            header: header, rows: [row()],
            mapping: ActionImport.autoMap(header: header).merging(["route": 40]) { _, b in b }, today: today)
        #expect(outside.contains { $0.message.contains("not in the file") })
        let (_, empty) = ActionImport.read(
            header: header, rows: [], mapping: ActionImport.autoMap(header: header), today: today)
        #expect(empty == [.init(row: 2, column: "", message: "The file has no actions under its header row.")])
    }

    @Test func daysInISOUKAndExcelNumbers() {
        #expect(ActionImport.day("2026-03-01") == Day(iso: "2026-03-01"))
        #expect(ActionImport.day("01/03/2026") == Day(iso: "2026-03-01"))
        #expect(ActionImport.day("46082") == Day(iso: "2026-03-01"))
        #expect(
            ActionImport.day("46082.5") == nil && ActionImport.day("12") == nil && ActionImport.day("3/1/26") == nil)
    }
}
