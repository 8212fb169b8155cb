import Foundation

/// Reading a framework version from a file a provider admin loads: JSON (the whole framework) or CSV (one row per
/// item). Every problem is named by where it is — row and column, or the JSON path — and a file with any problem
/// gives no framework at all. The format is documented in the README ("Frameworks") with a sample in `samples/`.
public enum FrameworkFile {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The CSV row (the header is row 1); nil in a JSON file.
        public let row: Int?
        /// The CSV column's header, or the JSON path (`groups[2].items[0].id`).
        public let location: String
        public let message: String
        public init(row: Int? = nil, _ location: String, _ message: String) {
            self.row = row
            self.location = location
            self.message = message
        }
        public var description: String {
            if let row { return "row \(row)\(location.isEmpty ? "" : ", column \(location)"): \(message)" }
            return location.isEmpty ? message : "\(location): \(message)"
        }
    }

    public struct Failure: Error, Sendable, Equatable {
        public let problems: [Problem]
        public init(_ problems: [Problem]) { self.problems = problems }
    }

    public enum Limits {
        public static let bytes = 1_000_000
        public static let groups = 30
        public static let items = 500
        public static let prompts = 30
        public static let terms = 20
        public static let titleCharacters = 500
        public static let promptCharacters = 1_000
        public static let noteCharacters = 2_000
    }

    /// The CSV columns, in the order an export writes them. The framework's own values are given on the first
    /// row and may be repeated (identically) or left blank below it.
    public static let csvColumns = [
        "framework_id", "framework_title", "owner", "kind", "effective_from",
        "effective_to", "group_label", "item_label", "items_label", "group_id",
        "group_title", "item_id", "item_title", "prompts"
    ]
    static let requiredCSVColumns: Set<String> = [
        "framework_id", "framework_title", "owner", "kind", "effective_from",
        "group_id", "group_title", "item_id", "item_title"
    ]
    static let frameworkColumns = [
        "framework_id", "framework_title", "owner", "kind", "effective_from",
        "effective_to", "group_label", "item_label", "items_label"
    ]

    /// JSON when the file starts with `{` or `[`, otherwise CSV.
    public static func parse(_ data: Data) -> Result<Framework, Failure> {
        if data.count > Limits.bytes {
            return .failure(Failure([Problem("", "The file is larger than \(Limits.bytes / 1_000_000) MB.")]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Failure([Problem("", "The file is not UTF-8 text: save it as JSON or CSV (UTF-8).")]))
        }
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.first
        return start == "{" || start == "[" ? parseJSON(data) : parseCSV(text)
    }

    // MARK: JSON

    public static func parseJSON(_ data: Data) -> Result<Framework, Failure> {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            return .failure(Failure([Problem("", "The file is not valid JSON.")]))
        }
        guard let obj = root as? [String: Any] else {
            return .failure(Failure([Problem("", "The file must hold one JSON object: the framework.")]))
        }
        var r = JSONReader()
        var d = Draft()
        d.id = r.text(obj, "id"); d.title = r.text(obj, "title"); d.owner = r.text(obj, "owner")
        d.kind = r.text(obj, "kind"); d.effectiveFrom = r.text(obj, "effectiveFrom")
        d.effectiveTo = r.text(obj, "effectiveTo", optional: true)
        d.groupLabel = r.text(obj, "groupLabel", optional: true);
        d.itemLabel = r.text(obj, "itemLabel", optional: true)
        d.itemsLabel = r.text(obj, "itemsLabel", optional: true)
        d.note = r.text(obj, "note", optional: true)
        for (g, group) in r.objects(obj, "groups", optional: false).enumerated() {
            let path = "groups[\(g)]"
            var dg = DraftGroup(id: r.text(group, "id", in: path), title: r.text(group, "title", in: path))
            for (i, item) in r.objects(group, "items", in: path, optional: false).enumerated() {
                let ipath = "\(path).items[\(i)]"
                dg.items.append(
                    DraftItem(
                        id: r.text(item, "id", in: ipath), title: r.text(item, "title", in: ipath),
                        prompts: r.texts(item, "prompts", in: ipath)))
            }
            dg.itemsAt = Located(value: "", row: nil, location: "\(path).items")
            d.groups.append(dg)
        }
        d.groupsAt = Located(value: "", row: nil, location: "groups")
        for (key, keep) in [("evidenceCategories", \Draft.evidenceCategories), ("ratingScale", \Draft.ratingScale)] {
            for (t, term) in r.objects(obj, key, optional: true).enumerated() {
                d[keyPath: keep].append(
                    (r.text(term, "id", in: "\(key)[\(t)]"), r.text(term, "title", in: "\(key)[\(t)]")))
            }
        }
        return finish(d, readProblems: r.problems)
    }

    struct JSONReader {
        var problems: [Problem] = []

        mutating func text(
            _ obj: [String: Any], _ key: String, in path: String = "",
            optional: Bool = false
        ) -> Located {
            let at = path.isEmpty ? key : "\(path).\(key)"
            switch obj[key] {
            case nil, is NSNull:
                if !optional { problems.append(Problem(at, "Missing: give the \(FrameworkFile.words(key)).")) }
                return Located(value: "", row: nil, location: at)
            case let s as String:
                return Located(value: s.trimmingCharacters(in: .whitespacesAndNewlines), row: nil, location: at)
            default:
                problems.append(Problem(at, "Must be text in quotes."))
                return Located(value: "", row: nil, location: at)
            }
        }

        mutating func texts(_ obj: [String: Any], _ key: String, in path: String) -> [Located] {
            let at = "\(path).\(key)"
            guard let v = obj[key], !(v is NSNull) else { return [] }
            guard let list = v as? [Any] else { problems.append(Problem(at, "Must be a list of texts.")); return [] }
            return list.enumerated().map { i, e in
                guard let s = e as? String else {
                    problems.append(Problem("\(at)[\(i)]", "Must be text in quotes."))
                    return Located(value: "", row: nil, location: "\(at)[\(i)]")
                }
                return Located(
                    value: s.trimmingCharacters(in: .whitespacesAndNewlines), row: nil, location: "\(at)[\(i)]")
            }
        }

        mutating func objects(
            _ obj: [String: Any], _ key: String, in path: String = "",
            optional: Bool
        ) -> [[String: Any]] {
            let at = path.isEmpty ? key : "\(path).\(key)"
            guard let v = obj[key], !(v is NSNull) else {
                if !optional {
                    problems.append(Problem(at, "Missing: give the \(FrameworkFile.words(key)) as a list."))
                }
                return []
            }
            guard let list = v as? [Any] else { problems.append(Problem(at, "Must be a list.")); return [] }
            var out: [[String: Any]] = []
            for (i, e) in list.enumerated() {
                if let o = e as? [String: Any] {
                    out.append(o)
                } else {
                    problems.append(Problem("\(at)[\(i)]", "Must be an object with an id and a title."))
                }
            }
            return out
        }
    }

    static func words(_ key: String) -> String {
        switch key {
        case "id": "id"
        case "effectiveFrom": "day it takes effect (YYYY-MM-DD)"
        case "groups": "key questions or domains"
        case "items": "items (statements, lines of enquiry or standards)"
        default: key.reduce(into: "") { s, c in s += c.isUppercase ? " " + c.lowercased() : String(c) }
        }
    }

    // MARK: CSV

    public static func parseCSV(_ text: String) -> Result<Framework, Failure> {
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch {
            return .failure(Failure([Problem(row: error.line, "", "The CSV cannot be read: \(error.message).")]))
        }
        guard let header = records.first else {
            return .failure(Failure([Problem("", "The file is empty: it needs a header row and one row per item.")]))
        }
        var columns: [String: Int] = [:]
        for (i, h) in header.fields.enumerated() {
            let name = h.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
            if columns[name] == nil { columns[name] = i }
        }
        let missing = csvColumns.filter { requiredCSVColumns.contains($0) && columns[$0] == nil }
        if !missing.isEmpty {
            return .failure(
                Failure([
                    Problem(
                        row: 1, "",
                        "The header lacks the column\(missing.count == 1 ? "" : "s") "
                            + "\(missing.joined(separator: ", ")). Columns: \(csvColumns.joined(separator: ", ")).")
                ]))
        }
        let rows = records.dropFirst()
        if rows.isEmpty { return .failure(Failure([Problem(row: 2, "", "The file has no items below its header.")])) }
        var problems: [Problem] = []
        func cell(_ r: CSV.Record, _ column: String) -> Located {
            let v = columns[column].flatMap { $0 < r.fields.count ? r.fields[$0] : nil } ?? ""
            return Located(value: v.trimmingCharacters(in: .whitespacesAndNewlines), row: r.line, location: column)
        }
        var d = Draft()
        var frameworkValues: [String: Located] = [:]
        for r in rows {
            for c in frameworkColumns {
                let v = cell(r, c)
                if let first = frameworkValues[c] {
                    if !v.value.isEmpty && v.value != first.value {
                        problems.append(
                            Problem(
                                row: r.line, c,
                                "Differs from row \(first.row ?? 2) ('\(first.value)'): "
                                    + "a file holds one framework version, so leave it blank or repeat it."))
                    }
                } else if !v.value.isEmpty || r.line == rows.first?.line {
                    frameworkValues[c] = v
                }
            }
            let gid = cell(r, "group_id"), gtitle = cell(r, "group_title")
            let item = DraftItem(
                id: cell(r, "item_id"), title: cell(r, "item_title"),
                prompts: promptCells(cell(r, "prompts")))
            if let g = d.groups.lastIndex(where: { $0.id.value == gid.value }), !gid.value.isEmpty {
                if !gtitle.value.isEmpty && gtitle.value != d.groups[g].title.value {
                    problems.append(
                        Problem(
                            row: r.line, "group_title",
                            "Differs from row \(d.groups[g].title.row ?? 2) "
                                + "for group '\(gid.value)' ('\(d.groups[g].title.value)')."))
                }
                if g != d.groups.count - 1 {
                    problems.append(
                        Problem(
                            row: r.line, "group_id",
                            "Group '\(gid.value)' was already closed by a "
                                + "later group: keep each group's rows together."))
                }
                d.groups[g].items.append(item)
            } else {
                var g = DraftGroup(id: gid, title: gtitle)
                g.items = [item]
                g.itemsAt = Located(value: "", row: r.line, location: "item_id")
                d.groups.append(g)
            }
        }
        func fw(_ c: String) -> Located {
            frameworkValues[c] ?? Located(value: "", row: rows.first?.line, location: c)
        }
        d.id = fw("framework_id"); d.title = fw("framework_title"); d.owner = fw("owner"); d.kind = fw("kind")
        d.effectiveFrom = fw("effective_from"); d.effectiveTo = fw("effective_to")
        d.groupLabel = fw("group_label"); d.itemLabel = fw("item_label"); d.itemsLabel = fw("items_label")
        d.groupsAt = Located(value: "", row: rows.first?.line, location: "group_id")
        return finish(d, readProblems: problems)
    }

    /// Prompts in one cell are separated by " | ".
    static func promptCells(_ cell: Located) -> [Located] {
        guard !cell.value.isEmpty else { return [] }
        return cell.value.components(separatedBy: "|").map {
            Located(value: $0.trimmingCharacters(in: .whitespacesAndNewlines), row: cell.row, location: cell.location)
        }
    }

    // MARK: Checking

    struct Located {
        var value: String
        var row: Int?
        var location: String
        init(value: String = "", row: Int? = nil, location: String = "") {
            self.value = value
            self.row = row
            self.location = location
        }
        func problem(_ message: String) -> Problem { Problem(row: row, location, message) }
    }
    struct DraftItem {
        var id: Located
        var title: Located
        var prompts: [Located]
    }
    struct DraftGroup {
        var id: Located
        var title: Located
        var items: [DraftItem] = []
        var itemsAt = Located()
    }
    struct Draft {
        var id = Located(), title = Located(), owner = Located(), kind = Located()
        var effectiveFrom = Located(), effectiveTo = Located(), groupLabel = Located(), itemLabel = Located()
        var itemsLabel = Located()
        var note = Located()
        var groups: [DraftGroup] = []
        var groupsAt = Located()
        var evidenceCategories: [(Located, Located)] = []
        var ratingScale: [(Located, Located)] = []
    }

    static let frameworkIDPattern = #"^[a-z0-9][a-z0-9.-]{1,59}$"#
    static let itemIDPattern = #"^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$"#
    static let groupIDPattern = #"^[A-Za-z0-9][A-Za-z0-9.-]{0,39}$"#

    static func matches(_ s: String, _ pattern: String) -> Bool {
        s.range(of: pattern, options: .regularExpression) != nil
    }

    /// Whether a text can be a framework version's id: 2 to 60 lower-case letters, digits, dots or hyphens.
    public static func isValidID(_ s: String) -> Bool { matches(s, frameworkIDPattern) }

    static func finish(_ d: Draft, readProblems: [Problem]) -> Result<Framework, Failure> {
        var p = readProblems
        func required(_ l: Located, _ what: String, max: Int = Limits.titleCharacters) {
            if l.value.isEmpty {
                if !p.contains(where: { $0.row == l.row && $0.location == l.location }) {
                    p.append(l.problem("Missing: give the \(what)."))
                }
            } else if l.value.count > max {
                p.append(l.problem("Keep the \(what) to \(max) characters."))
            }
        }
        required(d.id, "framework version's id")
        if !d.id.value.isEmpty && !matches(d.id.value, frameworkIDPattern) {
            p.append(
                d.id.problem(
                    "'\(d.id.value)' is not a usable id: use 2 to 60 lower-case letters, digits, dots "
                        + "or hyphens, starting with a letter or digit (for example northshire-pamms-2025)."))
        }
        required(d.title, "framework's title")
        required(d.owner, "owner (for example Care Quality Commission or the council's name)", max: 200)
        let kind = Framework.Kind(rawValue: d.kind.value.lowercased())
        if d.kind.value.isEmpty {
            required(d.kind, "kind: regulator, commissioner or internal")
        } else if kind == nil {
            p.append(d.kind.problem("'\(d.kind.value)' is not a kind: use regulator, commissioner or internal."))
        }
        let from = Day(iso: d.effectiveFrom.value)
        if d.effectiveFrom.value.isEmpty {
            required(d.effectiveFrom, "day it takes effect (YYYY-MM-DD)")
        } else if from == nil {
            p.append(d.effectiveFrom.problem("'\(d.effectiveFrom.value)' is not a day: write it as YYYY-MM-DD."))
        }
        var to: Day?
        if !d.effectiveTo.value.isEmpty {
            to = Day(iso: d.effectiveTo.value)
            if to == nil {
                p.append(d.effectiveTo.problem("'\(d.effectiveTo.value)' is not a day: write it as YYYY-MM-DD."))
            }
            if let f = from, let t = to, t < f {
                p.append(d.effectiveTo.problem("Ends on \(t.ukFormat), before it takes effect on \(f.ukFormat)."))
            }
        }
        for label in [d.groupLabel, d.itemLabel, d.itemsLabel] where label.value.count > 40 {
            p.append(label.problem("Keep the label to 40 characters."))
        }
        if d.note.value.count > Limits.noteCharacters {
            p.append(d.note.problem("Keep the note to \(Limits.noteCharacters) characters."))
        }
        if d.groups.isEmpty && !p.contains(where: { $0.location == d.groupsAt.location }) {
            p.append(
                d.groupsAt.problem("The framework has no key questions or domains: give at least one, with its items.")
            )
        }
        if d.groups.count > Limits.groups {
            p.append(d.groupsAt.problem("A framework can have at most \(Limits.groups) key questions or domains."))
        }
        var groupRows: [String: Located] = [:]
        var itemRows: [String: Located] = [:]
        var itemCount = 0
        for g in d.groups {
            required(g.id, "id of the key question or domain", max: 40)
            if !g.id.value.isEmpty {
                if !matches(g.id.value, groupIDPattern) {
                    p.append(
                        g.id.problem(
                            "'\(g.id.value)' is not a usable id: use up to 40 letters, digits, dots or hyphens."))
                } else if let first = groupRows[g.id.value] {
                    p.append(
                        g.id.problem(
                            "The id '\(g.id.value)' is used twice (also at \(first.location)): ids must be unique."))
                }
                if groupRows[g.id.value] == nil { groupRows[g.id.value] = g.id }
            }
            required(g.title, "title of the key question or domain")
            if g.items.isEmpty { p.append(g.itemsAt.problem("'\(g.id.value)' has no items: give at least one.")) }
            for item in g.items {
                itemCount += 1
                required(item.id, "item's id", max: 20)
                if !item.id.value.isEmpty {
                    if !matches(item.id.value, itemIDPattern) {
                        p.append(
                            item.id.problem(
                                "'\(item.id.value)' is not a usable id: use up to 20 letters, digits, "
                                    + "dots or hyphens (for example S3 or 2.1)."))
                    } else if let first = itemRows[item.id.value] {
                        p.append(
                            item.id.problem(
                                "The id '\(item.id.value)' is used twice (also at "
                                    + "\(first.row.map { "row \($0)" } ?? first.location)): each item needs its own id."
                            ))
                    }
                    if itemRows[item.id.value] == nil { itemRows[item.id.value] = item.id }
                }
                required(item.title, "item's title")
                if item.prompts.count > Limits.prompts {
                    p.append(item.id.problem("An item can have at most \(Limits.prompts) prompts."))
                }
                for prompt in item.prompts {
                    if prompt.value.isEmpty { p.append(prompt.problem("A prompt is empty: remove it or write it.")) }
                    if prompt.value.count > Limits.promptCharacters {
                        p.append(prompt.problem("Keep each prompt to \(Limits.promptCharacters) characters."))
                    }
                }
            }
        }
        if itemCount > Limits.items {
            p.append(
                d.groupsAt.problem("A framework can have at most \(Limits.items) items; this one has \(itemCount)."))
        }
        func terms(_ list: [(Located, Located)], _ what: String) -> [Framework.Term] {
            if list.count > Limits.terms { p.append(list[0].0.problem("At most \(Limits.terms) \(what).")) }
            var seen = Set<String>()
            return list.map { id, title in
                required(id, "id", max: 40)
                required(title, "title", max: 200)
                if !id.value.isEmpty && !seen.insert(id.value).inserted {
                    p.append(id.problem("The id '\(id.value)' is used twice among the \(what)."))
                }
                return Framework.Term(id: id.value, title: title.value)
            }
        }
        let categories = terms(d.evidenceCategories, "evidence categories")
        let scale = terms(d.ratingScale, "rating levels")
        guard p.isEmpty, let kind, let from else { return .failure(Failure(p)) }
        let groups = d.groups.map { g in
            Framework.Group(
                id: g.id.value, title: g.title.value,
                items: g.items.map {
                    Framework.Item(id: $0.id.value, title: $0.title.value, prompts: $0.prompts.map(\.value))
                })
        }
        return .success(
            Framework(
                id: d.id.value, title: d.title.value, owner: d.owner.value, kind: kind,
                effectiveFrom: from, effectiveTo: to,
                groupLabel: d.groupLabel.value.isEmpty ? nil : d.groupLabel.value,
                itemLabel: d.itemLabel.value.isEmpty ? nil : d.itemLabel.value,
                itemsLabel: d.itemsLabel.value.isEmpty ? nil : d.itemsLabel.value,
                note: d.note.value, groups: groups, evidenceCategories: categories,
                ratingScale: scale))
    }

    // MARK: Writing

    /// The framework as this format's JSON, keys sorted: what Grip stores, and what an export gives back.
    public static func json(_ fw: Framework) -> Data {
        var obj: [String: Any] = [
            "id": fw.id, "title": fw.title, "owner": fw.owner, "kind": fw.kind.rawValue,
            "effectiveFrom": fw.effectiveFrom.iso, "groupLabel": fw.groupLabel, "itemLabel": fw.itemLabel,
            "itemsLabel": fw.itemsLabel,
            "groups": fw.groups.map { g in
                [
                    "id": g.id, "title": g.title,
                    "items": g.items.map { i -> [String: Any] in
                        var o: [String: Any] = ["id": i.id, "title": i.title]
                        if !i.prompts.isEmpty { o["prompts"] = i.prompts }
                        return o
                    }
                ] as [String: Any]
            }
        ]
        if let to = fw.effectiveTo { obj["effectiveTo"] = to.iso }
        if !fw.note.isEmpty { obj["note"] = fw.note }
        if !fw.evidenceCategories.isEmpty {
            obj["evidenceCategories"] = fw.evidenceCategories.map { ["id": $0.id, "title": $0.title] }
        }
        if !fw.ratingScale.isEmpty { obj["ratingScale"] = fw.ratingScale.map { ["id": $0.id, "title": $0.title] } }
        return
            (try? JSONSerialization.data(
                withJSONObject: obj,
                options: [
                    .sortedKeys, .prettyPrinted,
                    .withoutEscapingSlashes
                ])) ?? Data()
    }

    /// The framework as this format's CSV (evidence categories and rating scale are JSON only).
    public static func csv(_ fw: Framework) -> String {
        var lines = [csvColumns.joined(separator: ",")]
        var first = true
        for g in fw.groups {
            for i in g.items {
                let head =
                    first
                    ? [
                        fw.id, fw.title, fw.owner, fw.kind.rawValue, fw.effectiveFrom.iso,
                        fw.effectiveTo?.iso ?? "", fw.groupLabel, fw.itemLabel, fw.itemsLabel
                    ]
                    : Array(repeating: "", count: 9)
                first = false
                let cells = head + [g.id, g.title, i.id, i.title, i.prompts.joined(separator: " | ")]
                lines.append(cells.map(CSV.escape).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
