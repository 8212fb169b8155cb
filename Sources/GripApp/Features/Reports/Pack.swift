import Foundation
import GripCore

/// A report pack as values, ready to render as HTML, PDF or CSV. Every line that comes from a
/// record links back to it; every figure links to the lines it counts.
struct Pack: Encodable, Sendable {
    struct Figure: Encodable, Sendable { let label: String; let value: Int; let href: String }
    struct Line: Encodable, Sendable {
        let label: String
        let text: String
        let detail: String
        let href: String?
    }
    struct Chart: Encodable, Sendable { let title: String; let href: String; let narrative: String; let svg: HTML }
    /// A compact table (the summary's position, the indicator tables with their sparklines).
    struct Table: Encodable, Sendable {
        struct Cell: Encodable, Sendable {
            let text: String
            var href: String?
            /// A small chart drawn before the text (whose words are its alternative).
            var svg: HTML?
            var numeric = false
            /// Kept on one line (days, short values).
            var nowrap = false
        }
        let caption: String
        let header: [String]
        var rows: [[Cell]]
    }
    struct Section: Encodable, Sendable {
        let id: String
        let title: String
        var intro: String = ""
        var figures: [Figure] = []
        var lines: [Line] = []
        var charts: [Chart] = []
        var tables: [Table] = []
        var subsections: [Section] = []
        /// Lines as a bulleted list rather than a table (the summary's changes and decisions).
        var list = false
        var empty: String = "Nothing recorded in the period."
    }

    enum Kind: String, CaseIterable, Sendable {
        case commissioner, cqc, oversight

        var title: String {
            switch self {
            case .commissioner: "Commissioner reporting pack"
            case .cqc: "CQC re-inspection evidence pack"
            case .oversight: "Provider oversight report"
            }
        }
    }

    let kind: String
    let title: String
    let organisation: String
    let period: String
    let from: String
    let to: String
    let generated: String
    let services: [String]
    /// The framework version the pack was made under: "… (cqc-qs-2023)".
    let framework: String
    let frameworkID: String
    var sections: [Section]
    /// Detail after the body, from a new page (issue 24: the commissioner pack's body reads in ten minutes).
    var appendices: [Section] = []

    /// The running line at the foot of every printed page (organisation, title, period), as a CSS string for the
    /// page's bottom-left margin box: quotes, backslashes and angle brackets escaped, so it cannot end the style.
    var runningCSS: String {
        let text = "\(organisation) – \(title) – \(period)"
        var escaped = ""
        for ch in text.unicodeScalars {
            switch ch {
            case "\\", "\"", "<", ">", "&", "\n", "\r":
                escaped += "\\" + String(ch.value, radix: 16, uppercase: true) + " "
            default: escaped.unicodeScalars.append(ch)
            }
        }
        return "@page { @bottom-left { content: \"\(escaped)\"; font-size: 8pt; color: #505a5f; } }"
    }

    /// The CSV data appendix: one row per line and figure, with the record's link (written as a `Table`,
    /// so formula-like text is defused as in every other export).
    func csv() -> String {
        let header = ["section", "subsection", "kind", "label", "text", "detail", "link"]
        var table = GripApp.Table(name: title, header: header, rows: [])
        func walk(_ s: Section, parent: String?) {
            let sec = parent ?? s.title, sub = parent == nil ? "" : s.title
            func row(_ cells: [String]) { table.rows.append(cells.map { .text($0) }) }
            for f in s.figures { row([sec, sub, "figure", f.label, String(f.value), "", f.href]) }
            for l in s.lines { row([sec, sub, "record", l.label, l.text, l.detail, l.href ?? ""]) }
            for c in s.charts { row([sec, sub, "chart", c.title, c.narrative, "", c.href]) }
            for t in s.tables {
                for cells in t.rows {
                    row([
                        sec, sub, "table", cells.first?.text ?? "",
                        zip(t.header.dropFirst(), cells.dropFirst()).map { "\($0): \($1.text)" }
                            .joined(separator: "; "), t.caption, cells.compactMap(\.href).first ?? ""
                    ])
                }
            }
            for child in s.subsections { walk(child, parent: sec) }
        }
        for s in sections + appendices { walk(s, parent: nil) }
        return table.csv()
    }
}
