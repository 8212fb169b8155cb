import Foundation

/// How the items of one framework version correspond to another's, many to many, each row with its basis. A
/// crosswalk only proposes: a quality lead confirms a re-map before any action's mappings change. A row may leave
/// one side blank to record that an item has no equivalent (with the reason as its basis).
public struct Crosswalk: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public let fromItem: String?
        public let toItem: String?
        public let basis: String
        public init(fromItem: String?, toItem: String?, basis: String) {
            self.fromItem = fromItem
            self.toItem = toItem
            self.basis = basis
        }
    }

    public let from: String
    public let to: String
    public let rows: [Row]

    public init(from: String, to: String, rows: [Row]) {
        self.from = from
        self.to = to
        self.rows = rows
    }

    /// The same correspondences read the other way: a crosswalk serves both directions.
    public func inverted() -> Crosswalk {
        Crosswalk(
            from: to, to: from, rows: rows.map { Row(fromItem: $0.toItem, toItem: $0.fromItem, basis: $0.basis) })
    }

    /// Whether it joins these two versions, in either direction.
    public func joins(_ a: String, _ b: String) -> Bool { (from == a && to == b) || (from == b && to == a) }

    /// This crosswalk read from `a` to `b`, or nil when it does not join them.
    public func reading(from a: String, to b: String) -> Crosswalk? {
        if from == a && to == b { return self }
        if from == b && to == a { return inverted() }
        return nil
    }

    /// The items `item` corresponds to, with the basis of each.
    public func targets(of item: String) -> [Row] { rows.filter { $0.fromItem == item && $0.toItem != nil } }

    /// The basis recorded for an item that has no equivalent, if the crosswalk says so.
    public func noEquivalent(_ item: String) -> String? {
        rows.first { $0.fromItem == item && $0.toItem == nil }?.basis
    }

    /// What re-mapping one action (or source, or item of evidence) would do.
    public struct Proposal: Sendable, Equatable {
        public struct Target: Sendable, Equatable {
            public let item: String
            /// The items mapped under the old version that lead here, and why.
            public let via: [String]
            public let bases: [String]
        }
        public enum Outcome: String, Sendable, Equatable {
            /// Mapped under the new version already: nothing to do.
            case alreadyMapped = "already-mapped"
            /// The crosswalk proposes items under the new version.
            case proposed
            /// Mapped under the old version, but the crosswalk gives nothing: a person must choose.
            case needsChoice = "needs-choice"
            /// Not mapped under either version.
            case notMapped = "not-mapped"
        }
        public let fromItems: [String]
        public let existing: [String]
        public let targets: [Target]
        /// Old items with no equivalent in the new version, with the crosswalk's reason when it gives one.
        public let unmapped: [(item: String, reason: String?)]
        public var outcome: Outcome {
            if !existing.isEmpty { return .alreadyMapped }
            if !targets.isEmpty { return .proposed }
            return fromItems.isEmpty ? .notMapped : .needsChoice
        }
        public var proposedItems: [String] { targets.map(\.item) }

        public static func == (a: Proposal, b: Proposal) -> Bool {
            a.fromItems == b.fromItems && a.existing == b.existing && a.targets == b.targets
                && a.unmapped.map(\.item) == b.unmapped.map(\.item)
                && a.unmapped.map(\.reason) == b.unmapped.map(\.reason)
        }
    }

    /// What this crosswalk proposes for something mapped to `fromItems` under `from` and `existing` under `to`.
    /// Targets are in the new version's order (`order`), each listed once however many old items lead to it.
    public func propose(fromItems: [String], existing: [String] = [], order: [String] = []) -> Proposal {
        var found: [String: (via: [String], bases: [String])] = [:]
        var unmapped: [(item: String, reason: String?)] = []
        for item in fromItems.sorted() {
            let rows = targets(of: item)
            if rows.isEmpty { unmapped.append((item, noEquivalent(item))) }
            for r in rows {
                guard let t = r.toItem else { continue }
                var entry = found[t] ?? ([], [])
                if !entry.via.contains(item) { entry.via.append(item) }
                if !entry.bases.contains(r.basis) { entry.bases.append(r.basis) }
                found[t] = entry
            }
        }
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let sorted = found.keys.sorted { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }
        return Proposal(
            fromItems: fromItems.sorted(), existing: existing.sorted(),
            targets: sorted.map { Proposal.Target(item: $0, via: found[$0]!.via, bases: found[$0]!.bases) },
            unmapped: unmapped)
    }

    // MARK: Files

    public static let csvColumns = ["from_framework", "from_item", "to_framework", "to_item", "basis"]
    public static let maxRows = 5_000
    public static let basisCharacters = 500

    /// Reads a crosswalk from CSV, checking each row against the two framework versions it names.
    public static func parseCSV(
        _ text: String,
        frameworks: (String) -> Framework?
    ) -> Result<Crosswalk, FrameworkFile.Failure> {
        typealias Problem = FrameworkFile.Problem
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch {
            return .failure(.init([Problem(row: error.line, "", "The CSV cannot be read: \(error.message).")]))
        }
        guard let header = records.first else {
            return .failure(
                .init([Problem("", "The file is empty: it needs a header row and one row per correspondence.")]))
        }
        var columns: [String: Int] = [:]
        for (i, h) in header.fields.enumerated() {
            let name = h.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
            if columns[name] == nil { columns[name] = i }
        }
        let missing = csvColumns.filter { columns[$0] == nil }
        if !missing.isEmpty {
            return .failure(
                .init([
                    Problem(
                        row: 1, "",
                        "The header lacks the column\(missing.count == 1 ? "" : "s") "
                            + "\(missing.joined(separator: ", ")). Columns: \(csvColumns.joined(separator: ", ")).")
                ]))
        }
        let body = records.dropFirst()
        if body.isEmpty { return .failure(.init([Problem(row: 2, "", "The file has no rows below its header.")])) }
        if body.count > maxRows {
            return .failure(.init([Problem("", "A crosswalk can have at most \(maxRows) rows.")]))
        }
        var p: [Problem] = []
        var fromID: String?, toID: String?
        var fromFW: Framework?, toFW: Framework?
        var seen: [String: Int] = [:]
        var rows: [Row] = []
        for r in body {
            func cell(_ c: String) -> String {
                let v = columns[c].flatMap { $0 < r.fields.count ? r.fields[$0] : nil } ?? ""
                return v.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            for (column, side) in [("from_framework", 0), ("to_framework", 1)] {
                let v = cell(column)
                let chosen = side == 0 ? fromID : toID
                if v.isEmpty {
                    p.append(Problem(row: r.line, column, "Missing: name the framework version by its id.")); continue
                }
                if let chosen {
                    if v != chosen {
                        p.append(
                            Problem(
                                row: r.line, column,
                                "'\(v)' differs from the rows above ('\(chosen)'): "
                                    + "a crosswalk joins one pair of versions."))
                    }
                    continue
                }
                guard let fw = frameworks(v) else {
                    p.append(Problem(row: r.line, column, "No framework version '\(v)' is loaded: load it first."))
                    if side == 0 { fromID = v } else { toID = v }
                    continue
                }
                if side == 0 { fromID = v; fromFW = fw } else { toID = v; toFW = fw }
            }
            if let f = fromID, let t = toID, f == t, r.line == body.first?.line {
                p.append(Problem(row: r.line, "to_framework", "A crosswalk joins two different versions."))
            }
            let fromItem = cell("from_item"), toItem = cell("to_item"), basis = cell("basis")
            if fromItem.isEmpty && toItem.isEmpty {
                p.append(Problem(row: r.line, "from_item", "Give the item on at least one side."))
            }
            if !fromItem.isEmpty, let fw = fromFW, !fw.contains(fromItem) {
                p.append(Problem(row: r.line, "from_item", "'\(fromItem)' is not an item of \(fw.id)."))
            }
            if !toItem.isEmpty, let fw = toFW, !fw.contains(toItem) {
                p.append(Problem(row: r.line, "to_item", "'\(toItem)' is not an item of \(fw.id)."))
            }
            if basis.isEmpty {
                p.append(
                    Problem(
                        row: r.line, "basis", "Missing: say why the items correspond (or why there is no equivalent).")
                )
            } else if basis.count > basisCharacters {
                p.append(Problem(row: r.line, "basis", "Keep the basis to \(basisCharacters) characters."))
            }
            let key = "\(fromItem)→\(toItem)"
            if let first = seen[key] {
                p.append(
                    Problem(
                        row: r.line, "to_item",
                        "Repeats row \(first) (\(fromItem.isEmpty ? "–" : fromItem) to "
                            + "\(toItem.isEmpty ? "–" : toItem))."))
            } else {
                seen[key] = r.line
            }
            rows.append(
                Row(fromItem: fromItem.isEmpty ? nil : fromItem, toItem: toItem.isEmpty ? nil : toItem, basis: basis))
        }
        guard p.isEmpty, let fromID, let toID else { return .failure(.init(p)) }
        return .success(Crosswalk(from: fromID, to: toID, rows: rows))
    }

    public var csv: String {
        var lines = [Crosswalk.csvColumns.joined(separator: ",")]
        for r in rows {
            lines.append([from, r.fromItem ?? "", to, r.toItem ?? "", r.basis].map(CSV.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The crosswalk shipped with Grip: the 2017 key lines of enquiry to the 2023 quality statements.
    public static let kloe2017ToQS2023: Crosswalk = {
        guard
            let url = Bundle.module.url(
                forResource: "cqc-kloe-2017_cqc-qs-2023", withExtension: "csv",
                subdirectory: "crosswalks"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            fatalError("The bundled crosswalk is missing from Grip's resources")
        }
        switch parseCSV(text, frameworks: Framework.bundled) {
        case .success(let c): return c
        case .failure(let f): fatalError("The bundled crosswalk is invalid: \(f.problems)")
        }
    }()

    public static let bundled: [Crosswalk] = [kloe2017ToQS2023]
}
