import Foundation

/// Reading an existing action plan spreadsheet into actions: the columns mapped to Grip's
/// fields, each row checked, every problem named by row and column. Pure: the app resolves
/// names and e-mail addresses against the database and imports all or nothing.
public enum ActionImport {
    public struct Field: Sendable, Equatable {
        public let id: String
        public let label: String
        public let required: Bool
        /// Header texts recognised for the field (lower case, spaces normalised).
        public let aliases: [String]
    }

    public static let fields: [Field] = [
        Field(id: "title", label: "Title", required: true, aliases: ["title", "action", "action title", "what"]),
        Field(id: "theme", label: "Theme", required: true, aliases: ["theme", "area", "category", "domain"]),
        Field(
            id: "service", label: "Service", required: true, aliases: ["service", "location", "home", "service name"]),
        Field(
            id: "lead", label: "Lead (e-mail)", required: true,
            aliases: ["lead", "lead email", "lead e-mail", "owner", "owner email", "responsible"]),
        Field(
            id: "reviewer", label: "Senior reviewer (e-mail)", required: true,
            aliases: ["reviewer", "reviewer email", "senior reviewer", "assurance by"]),
        Field(
            id: "due_day", label: "Due day", required: true,
            aliases: ["due", "due day", "due date", "deadline", "by when"]),
        Field(
            id: "baseline", label: "Baseline (what the evidence showed)", required: true,
            aliases: ["baseline", "finding", "issue", "concern", "evidence"]),
        Field(
            id: "baseline_day", label: "Baseline day", required: false,
            aliases: ["baseline day", "baseline date", "date raised", "raised"]),
        Field(id: "metric", label: "Measure", required: true, aliases: ["metric", "measure", "kpi", "how measured"]),
        Field(
            id: "direction", label: "Better when (higher or lower)", required: true,
            aliases: ["direction", "better when", "higher or lower"]),
        Field(
            id: "baseline_value", label: "Baseline value", required: true,
            aliases: ["baseline value", "current", "current value", "now"]),
        Field(id: "target_value", label: "Target value", required: true, aliases: ["target value", "target"]),
        Field(id: "target_day", label: "Target day", required: false, aliases: ["target day", "target date"]),
        Field(
            id: "harm", label: "Potential harm (1–5)", required: true, aliases: ["harm", "potential harm", "severity"]),
        Field(
            id: "people_affected", label: "People affected (1–5)", required: true,
            aliases: ["people affected", "people", "reach"]),
        Field(
            id: "recurrence", label: "Likelihood of recurrence (1–5)", required: true,
            aliases: ["recurrence", "likelihood", "likelihood of recurrence"]),
        Field(
            id: "regulatory_impact", label: "Regulatory impact (1–5)", required: true,
            aliases: ["regulatory impact", "regulatory"]),
        Field(
            id: "control_weakness", label: "Weakness of current controls (1–5)", required: true,
            aliases: ["control weakness", "controls", "weakness of controls"]),
        Field(
            id: "interim_controls", label: "Interim controls", required: false,
            aliases: ["interim controls", "interim", "mitigation", "what keeps people safe"]),
        Field(
            id: "route", label: "Review route", required: false,
            aliases: ["route", "review route", "meeting", "governance"]),
        Field(
            id: "statements", label: "Quality statements", required: false,
            aliases: ["statements", "quality statements", "cqc statements", "kloe"])
    ]

    public static func field(_ id: String) -> Field? { fields.first { $0.id == id } }

    static func normalised(_ s: String) -> String {
        s.lowercased().replacingOccurrences(of: "_", with: " ").split(whereSeparator: { $0.isWhitespace }).joined(
            separator: " ")
    }

    /// Maps header cells to fields by their ids, labels and usual names; each column at most once.
    public static func autoMap(header: [String]) -> [String: Int] {
        var out: [String: Int] = [:]
        var used = Set<Int>()
        for f in fields {
            let names = Set([normalised(f.id), normalised(f.label)] + f.aliases)
            if let i = header.indices.first(where: { !used.contains($0) && names.contains(normalised(header[$0])) }) {
                out[f.id] = i
                used.insert(i)
            }
        }
        return out
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The spreadsheet's row number (the header is row 1).
        public let row: Int
        /// The column's header text, or the field's label when no column holds it.
        public let column: String
        public let message: String
        public init(row: Int, column: String, message: String) {
            self.row = row
            self.column = column
            self.message = message
        }
        public var description: String { "row \(row)\(column.isEmpty ? "" : ", column \(column)"): \(message)" }
    }

    public struct Row: Sendable, Equatable {
        public let line: Int
        public var title = "", theme = "", service = "", leadEmail = "", reviewerEmail = "", baseline = "", metric = "",
            interimControls = ""
        public var route: String?
        public var statements: [String] = []
        public var dueDay = Day(year: 2000, month: 1, day: 1)!
        public var baselineDay = Day(year: 2000, month: 1, day: 1)!
        public var targetDay = Day(year: 2000, month: 1, day: 1)!
        public var direction = TargetDirection.higher
        public var baselineValue = 0.0, targetValue = 0.0
        public var factors = RiskFactors(
            harm: 1, peopleAffected: 1, recurrence: 1, regulatoryImpact: 1, controlWeakness: 1)

        /// The row's values as the action form's text, by field id (days in ISO form, numbers plain), for the
        /// app to read with the form's own field list. The service, people and route are matched by the app.
        public var texts: [String: String] {
            [
                "title": title, "theme": theme, "baseline": baseline, "baseline_day": baselineDay.iso,
                "metric": metric, "direction": direction.rawValue, "baseline_value": String(baselineValue),
                "target_value": String(targetValue), "target_day": targetDay.iso, "harm": String(factors.harm),
                "people_affected": String(factors.peopleAffected), "recurrence": String(factors.recurrence),
                "regulatory_impact": String(factors.regulatoryImpact),
                "control_weakness": String(factors.controlWeakness), "interim_controls": interimControls,
                "due_day": dueDay.iso
            ]
        }
    }

    /// ISO (`2026-03-01`), UK (`1/3/2026`) or an Excel day number from an XLSX date cell.
    public static func day(_ s: String) -> Day? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if let d = ReportPeriod.day(t) { return d }
        if let serial = Double(t), serial.rounded() == serial, (20_000...80_000).contains(serial) {
            return Day(year: 1899, month: 12, day: 30)!.adding(days: Int(serial))
        }
        return nil
    }

    /// Reads the rows with a mapping (field id → column index). Blank rows are skipped.
    public static func read(
        header: [String], rows: [[String]], mapping: [String: Int], today: Day
    ) -> (rows: [Row], problems: [Problem]) {
        var problems: [Problem] = []
        for f in fields where f.required && mapping[f.id] == nil {
            problems.append(
                Problem(row: 1, column: f.label, message: "No column is mapped to \(f.label.lowercased())."))
        }
        for (id, i) in mapping where !header.indices.contains(i) || field(id) == nil {
            problems.append(
                Problem(
                    row: 1, column: field(id)?.label ?? id,
                    message: "The mapping names a column that is not in the file."))
        }
        let twice = Dictionary(grouping: mapping, by: \.value).filter { $0.value.count > 1 }
        for (i, fs) in twice where header.indices.contains(i) {
            problems.append(
                Problem(
                    row: 1, column: header[i],
                    message:
                        """
                        One column is mapped to \(fs.count) fields \
                        (\(fs.map { field($0.key)?.label ?? $0.key }.sorted().joined(separator: ", "))).
                        """
                ))
        }
        guard problems.isEmpty else { return ([], problems) }
        var out: [Row] = []
        var seen: [String: Int] = [:]
        for (n, cells) in rows.enumerated() {
            let line = n + 2
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
            var row = Row(line: line)
            func cell(_ id: String) -> String {
                guard let i = mapping[id], cells.indices.contains(i) else { return "" }
                return cells[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            func column(_ id: String) -> String { mapping[id].map { header[$0] } ?? (field(id)?.label ?? id) }
            func problem(_ id: String, _ message: String) {
                problems.append(Problem(row: line, column: column(id), message: message))
            }
            func text(_ id: String, max: Int) -> String {
                let v = cell(id)
                if v.isEmpty && field(id)?.required == true { problem(id, "\(field(id)!.label) is empty.") }
                if v.count > max { problem(id, "Keep it to \(max) characters (this has \(v.count)).") }
                return v
            }
            func dayValue(_ id: String, default fallback: Day?) -> Day? {
                let v = cell(id)
                if v.isEmpty {
                    if let fallback { return fallback }
                    problem(id, "\(field(id)!.label) is empty.")
                    return nil
                }
                guard let d = day(v) else {
                    problem(id, "'\(v)' is not a date: use 2026-03-01 or 1/3/2026."); return nil
                }
                return d
            }
            func number(_ id: String) -> Double? {
                let v = cell(id).replacingOccurrences(of: "%", with: "").replacingOccurrences(of: ",", with: "")
                if v.isEmpty { problem(id, "\(field(id)!.label) is empty."); return nil }
                guard let d = Double(v), d.isFinite else { problem(id, "'\(cell(id))' is not a number."); return nil }
                return d
            }
            func score(_ id: String) -> Int {
                let v = cell(id)
                guard let i = Int(v), (1...5).contains(i) else {
                    problem(id, v.isEmpty ? "\(field(id)!.label) is empty." : "'\(v)' is not a score from 1 to 5.");
                    return 1
                }
                return i
            }
            row.title = text("title", max: 200)
            row.theme = text("theme", max: 120)
            row.service = text("service", max: 200)
            row.leadEmail = text("lead", max: 320).lowercased()
            row.reviewerEmail = text("reviewer", max: 320).lowercased()
            for (id, value) in [("lead", row.leadEmail), ("reviewer", row.reviewerEmail)]
            where !value.isEmpty && !value.contains("@") {
                problem(id, "'\(value)' is not an e-mail address: people are matched by e-mail.")
            }
            row.baseline = text("baseline", max: 4000)
            row.metric = text("metric", max: 300)
            row.interimControls = text("interim_controls", max: 4000)
            let due = dayValue("due_day", default: nil)
            row.dueDay = due ?? row.dueDay
            row.baselineDay = dayValue("baseline_day", default: today) ?? row.baselineDay
            row.targetDay = dayValue("target_day", default: due ?? today) ?? row.targetDay
            switch normalised(cell("direction")) {
            case "higher", "up", "higher is better", "increase": row.direction = .higher
            case "lower", "down", "lower is better", "decrease", "reduce": row.direction = .lower
            case "": problem("direction", "Say whether higher or lower is better.")
            default: problem("direction", "'\(cell("direction"))' is not higher or lower.")
            }
            row.baselineValue = number("baseline_value") ?? 0
            row.targetValue = number("target_value") ?? 0
            row.factors = RiskFactors(
                harm: score("harm"), peopleAffected: score("people_affected"), recurrence: score("recurrence"),
                regulatoryImpact: score("regulatory_impact"), controlWeakness: score("control_weakness"))
            let route = cell("route")
            row.route = route.isEmpty ? nil : route
            row.statements = cell("statements").split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }).map {
                $0.uppercased()
            }
            let key = normalised(row.service) + "|" + normalised(row.title)
            if !row.title.isEmpty, let first = seen[key] {
                problem("title", "The same action for the same service is on row \(first): each action once.")
            } else if !row.title.isEmpty {
                seen[key] = line
            }
            out.append(row)
        }
        if out.isEmpty && problems.isEmpty {
            problems.append(Problem(row: 2, column: "", message: "The file has no actions under its header row."))
        }
        return (out, problems)
    }
}
