import Foundation
import Testing
@testable import GripCore

/// The RFC 4180 reader every import uses, at its edges.
@Suite struct CSVTests {
    func fields(_ text: String) throws -> [[String]] { try CSV.parse(text).map(\.fields) }

    /// Issue 35: the native trim is Foundation's, for the spaces a spreadsheet leaves.
    @Test func trimmedIsFoundationsTrimOfSpacesAndTabs() {
        let samples = [
            "", " ", "\t\t", "a", " a", "a ", "  Oakwood House\t", "\u{00A0}Falls\u{00A0}", "\u{2003}x y\u{3000}",
            "a\n", "\na", " \n ", "é ", " 12.5%", "two  words", "\u{FEFF}a"
        ]
        for s in samples {
            #expect(CSV.trimmed(s) == s.trimmingCharacters(in: .whitespaces), "\(Array(s.unicodeScalars))")
        }
        #expect(CSV.trimmed("  Oakwood House\t") == "Oakwood House")
        #expect(CSV.trimmed("a\n") == "a\n", "a newline is not a space")
    }

    @Test func plainQuotedAndDoubledQuotes() throws {
        #expect(try fields("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(try fields("\"x, y\",\"say \"\"hi\"\"\",z") == [["x, y", "say \"hi\"", "z"]])
        #expect(try fields("a,,c\n,,\n") == [["a", "", "c"], ["", "", ""]])
    }

    @Test func lineEndingsBOMAndBlankLines() throws {
        #expect(try fields("\u{FEFF}a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try fields("a\rb\n\nc") == [["a"], ["b"], ["c"]], "CR alone ends a record; an empty line is skipped")
        #expect(try fields("last,line") == [["last", "line"]], "no newline at the end")
        #expect(try fields("") == [])
    }

    @Test func aQuotedFieldMaySpanLinesAndLineNumbersFollow() throws {
        let records = try CSV.parse("h1,h2\n\"two\nlines\",x\nnext,y\n")
        #expect(records.map(\.fields) == [["h1", "h2"], ["two\nlines", "x"], ["next", "y"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func malformedInputNamesItsLine() {
        #expect(throws: CSV.ParseError(line: 2, message: "a quote inside an unquoted field")) {
            try CSV.parse("a\nb\"c\n")
        }
        #expect(throws: CSV.ParseError(line: 3, message: "a quoted field is never closed")) {
            try CSV.parse("a\nb\n\"open,\n")
        }
    }

    @Test func escapeRoundTrips() throws {
        let values = ["plain", "with, comma", "with \"quote\"", "two\nlines", "cr\rhere", ""]
        #expect(CSV.escape("plain") == "plain")
        #expect(CSV.escape("a,b") == "\"a,b\"")
        let line = values.map(CSV.escape).joined(separator: ",")
        #expect(try fields(line) == [values])
    }

    @Test func quotedFieldsLineEndingsAndBOM() throws {
        let r = try CSV.parse("\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",2\n\n")
        #expect(r.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["multi\nline", "2"]])
        #expect(r.map(\.line) == [1, 2, 3])
    }

    @Test func unclosedQuotesAreAnErrorWithTheLine() {
        #expect(throws: CSV.ParseError(line: 2, message: "a quoted field is never closed")) {
            try CSV.parse("a\n\"open,1\n")
        }
    }

    @Test func escapeQuotesOnlyWhenNeeded() {
        #expect(CSV.escape("plain") == "plain")
        #expect(CSV.escape("a,b") == "\"a,b\"")
        #expect(CSV.escape("say \"x\"") == "\"say \"\"x\"\"\"")
    }
}
