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
    struct Chart: Encodable, Sendable { let title: String; let href: String; let narrative: String; let svg: String }
    struct Section: Encodable, Sendable {
        let id: String
        let title: String
        var intro: String = ""
        var figures: [Figure] = []
        var lines: [Line] = []
        var charts: [Chart] = []
        var subsections: [Section] = []
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

    /// The CSV data appendix: one row per line and figure, with the record's link (written as a `Table`,
    /// so formula-like text is defused as in every other export).
    func csv() -> String {
        var table = Table(name: title, header: ["section", "subsection", "kind", "label", "text", "detail", "link"], rows: [])
        func walk(_ s: Section, parent: String?) {
            let sec = parent ?? s.title, sub = parent == nil ? "" : s.title
            func row(_ cells: [String]) { table.rows.append(cells.map { .text($0) }) }
            for f in s.figures { row([sec, sub, "figure", f.label, String(f.value), "", f.href]) }
            for l in s.lines { row([sec, sub, "record", l.label, l.text, l.detail, l.href ?? ""]) }
            for c in s.charts { row([sec, sub, "chart", c.title, c.narrative, "", c.href]) }
            for child in s.subsections { walk(child, parent: sec) }
        }
        for s in sections { walk(s, parent: nil) }
        return table.csv()
    }
}
