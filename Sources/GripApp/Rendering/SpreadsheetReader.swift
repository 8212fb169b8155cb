import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import GripCore
import ZIPFoundation

/// Reads the first sheet of an uploaded spreadsheet (CSV in UTF-8, or XLSX) into a header and rows of text.
enum SpreadsheetReader {
    struct Failure: Error, Sendable { let message: String }

    static func read(_ data: Data) throws(Failure) -> (header: [String], rows: [[String]]) {
        if data.isEmpty { throw Failure(message: "The file is empty.") }
        let table = data.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? try xlsx(data) : try csv(data)
        guard let header = table.first, header.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        else {
            throw Failure(message: "The first row should name the columns; it is empty.")
        }
        return (header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, Array(table.dropFirst()))
    }

    static func csv(_ data: Data) throws(Failure) -> [[String]] {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw Failure(
                message:
                    """
                    The file is not UTF-8 text. In Excel choose Save As, then \"CSV UTF-8 (comma delimited)\", or \
                    upload the .xlsx itself.
                    """
            )
        }
        do { return try CSV.parse(text).map(\.fields) } catch {
            throw Failure(message: "Line \(error.line): \(error.message).")
        }
    }

    static func xlsx(_ data: Data) throws(Failure) -> [[String]] {
        do {
            let archive = try Archive(data: data, accessMode: .read)
            func entry(_ path: String) throws -> Data? {
                guard let e = archive[path] else { return nil }
                var out = Data()
                _ = try archive.extract(e) { out.append($0) }
                return out
            }
            let shared = try entry("xl/sharedStrings.xml").map { SharedStrings.parse($0) } ?? []
            // The first sheet in the workbook's order.
            var sheetPath = "xl/worksheets/sheet1.xml"
            if let wb = try entry("xl/workbook.xml"), let rels = try entry("xl/_rels/workbook.xml.rels"),
                let rid = FirstSheet.relationID(wb), let target = FirstSheet.target(rels, id: rid)
            {
                sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
            guard let sheet = try entry(sheetPath) else { throw Failure(message: "The workbook has no worksheet.") }
            return SheetCells.parse(sheet, shared: shared)
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure(
                message:
                    """
                    The file looks like an .xlsx workbook but cannot be read: save it again from Excel, or as CSV \
                    UTF-8.
                    """
            )
        }
    }

    // MARK: small XML readers

    /// Runs one of the readers below over a part of the workbook.
    static func run<D: XMLParserDelegate>(_ data: Data, _ delegate: D) -> D {
        let p = XMLParser(data: data)
        p.delegate = delegate
        _ = p.parse()
        return delegate
    }

    final class SharedStrings: NSObject, XMLParserDelegate {
        var strings: [String] = []
        var current = ""
        var inSI = false, inT = false
        static func parse(_ data: Data) -> [String] { run(data, SharedStrings()).strings }
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            if name == "si" { inSI = true; current = "" } else if name == "t" && inSI { inT = true }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inT { current += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "t" { inT = false } else if name == "si" { strings.append(current); inSI = false }
        }
    }

    final class SheetCells: NSObject, XMLParserDelegate {
        var rows: [[String]] = []
        var row: [String] = []
        var column = 0
        var type = ""
        var value = ""
        var inValue = false
        var shared: [String] = []
        static func parse(_ data: Data, shared: [String]) -> [[String]] {
            let d = SheetCells()
            d.shared = shared
            return run(data, d).rows
        }
        /// "C12" → 2.
        static func columnIndex(_ ref: String) -> Int? {
            var n = 0
            for ch in ref.unicodeScalars {
                guard ch.value >= 65 && ch.value <= 90 else { break }
                n = n * 26 + Int(ch.value) - 64
            }
            return n > 0 ? n - 1 : nil
        }
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            switch name {
            case "row":
                let r = Int(attributes["r"] ?? "") ?? (rows.count + 1)
                while rows.count < r - 1 { rows.append([]) }  // rows left out of the file are empty
                row = []
                column = 0
            case "c":
                column = attributes["r"].flatMap(Self.columnIndex) ?? row.count
                type = attributes["t"] ?? ""
                value = ""
            case "v", "t": inValue = true
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { value += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t": inValue = false
            case "c":
                var text = value
                if type == "s", let i = Int(value), shared.indices.contains(i) { text = shared[i] }
                if type == "b" { text = value == "1" ? "TRUE" : "FALSE" }
                while row.count < column { row.append("") }
                if row.count == column { row.append(text) }
            case "row": rows.append(row)
            default: break
            }
        }
    }

    final class FirstSheet: NSObject, XMLParserDelegate {
        var found: String?
        var wanted: String?
        var target: String?
        static func relationID(_ data: Data) -> String? { run(data, FirstSheet()).found }
        static func target(_ data: Data, id: String) -> String? {
            let d = FirstSheet()
            d.wanted = id
            return run(data, d).target
        }
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            if name == "sheet", found == nil { found = attributes["r:id"] }
            if name == "Relationship", let wanted, attributes["Id"] == wanted { target = attributes["Target"] }
        }
    }
}
