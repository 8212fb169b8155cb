import Foundation
import GripCore
import ZIPFoundation

/// A table to export: a header and rows of typed cells, written as CSV or XLSX.
struct Table: Sendable {
    enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        case day(Day)
        case empty

        var csv: String {
            switch self {
            case .text(let s): CSV.escape(Table.defused(s))
            case .number(let n): ActionRules.display(n)
            case .day(let d): d.iso
            case .empty: ""
            }
        }
    }

    let name: String
    let header: [String]
    var rows: [[Cell]]

    /// Text that a spreadsheet would run as a formula is written as text (CSV injection).
    static func defused(_ s: String) -> String {
        guard let first = s.first, "=+-@\t\r".contains(first) else { return s }
        return "'" + s
    }

    func csv() -> String {
        ([header.map(CSV.escape).joined(separator: ",")] + rows.map { $0.map(\.csv).joined(separator: ",") })
            .joined(separator: "\r\n") + "\r\n"
    }

    // MARK: XLSX (Office Open XML SpreadsheetML, written as plain XML in a ZIP)

    static func xml(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                // XML 1.0 has no place for other control characters.
                if u.value >= 0x20 && !(0xFFFE...0xFFFF).contains(u.value) { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// A1-style column letters: 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(65 + r)!) + s; n = (n - 1) / 26 }
        return s
    }

    /// Excel's day number (1900 date system): days since 30 December 1899.
    static func serial(_ d: Day) -> Int { d.days(since: Day(year: 1899, month: 12, day: 30)!) }

    func sheetXML() -> String {
        var s =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet "#
            + #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView "#
            + #"workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            + #"</sheetView></sheetViews><sheetData>"#
        func row(_ r: Int, _ cells: [Cell], style: Int? = nil) {
            s += "<row r=\"\(r)\">"
            for (c, cell) in cells.enumerated() {
                let ref = Self.column(c) + String(r)
                switch cell {
                case .text(let t):
                    s +=
                        """
                        <c r=\"\(ref)\" t=\"inlineStr\"\(style.map { " s=\"\($0)\"" } ?? "")><is><t \
                        xml:space=\"preserve\">\(Self.xml(t))</t></is></c>
                        """
                case .number(let n): s += "<c r=\"\(ref)\"><v>\(n.isFinite ? ActionRules.display(n) : "0")</v></c>"
                case .day(let d): s += "<c r=\"\(ref)\" s=\"2\"><v>\(Self.serial(d))</v></c>"
                case .empty: break
                }
            }
            s += "</row>"
        }
        row(1, header.map { .text($0) }, style: 1)
        for (i, r) in rows.enumerated() { row(i + 2, r) }
        s += "</sheetData>"
        if !rows.isEmpty { s += "<autoFilter ref=\"A1:\(Self.column(max(0, header.count - 1)))\(rows.count + 1)\"/>" }
        return s + "</worksheet>"
    }

    /// The workbook: one sheet, a bold header row, real dates (shown as dd/mm/yyyy).
    func xlsx() throws -> Data {
        let sheetName = Self.xml(String(name.prefix(31)).replacingOccurrences(of: "/", with: "-"))
        let files: [(String, String)] = [
            (
                "[Content_Types].xml",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types "#
                    + #"xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default "#
                    + #"Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
                    + #"<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" "#
                    + #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
                    + #"<Override PartName="/xl/worksheets/sheet1.xml" "#
                    + #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
                    + #"<Override PartName="/xl/styles.xml" "#
                    + #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#
            ),
            (
                "_rels/.rels",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships "#
                    + #"xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" "#
                    + #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" "#
                    + #"Target="xl/workbook.xml"/></Relationships>"#
            ),
            (
                "xl/workbook.xml",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook "#
                    + #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
                    + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet "#
                    + #"name=""#
                    + sheetName + #"" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
            (
                "xl/_rels/workbook.xml.rels",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships "#
                    + #"xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" "#
                    + #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" "#
                    + #"Target="worksheets/sheet1.xml"/><Relationship Id="rId2" "#
                    + #"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" "#
                    + #"Target="styles.xml"/></Relationships>"#
            ),
            (
                "xl/styles.xml",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet "#
                    + #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt "#
                    + #"numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="2"><font><sz val="11"/><name "#
                    + #"val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills "#
                    + #"count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill "#
                    + #"patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>"#
                    + #"<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" "#
                    + #"fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" "#
                    + #"fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" "#
                    + #"xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" "#
                    + #"applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" "#
                    + #"builtinId="0"/></cellStyles></styleSheet>"#
            ),
            ("xl/worksheets/sheet1.xml", sheetXML())
        ]
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in files {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else {
            throw AppError(.internalServerError, "The spreadsheet could not be written.")
        }
        return data
    }
}
