import Foundation

/// The provider heat map (issue 24): services down the side, signals across, each cell a count shaded
/// in four steps. The shading repeats what the number says, so nothing is said by colour alone.
public enum Heat: Int, Sendable, CaseIterable, Comparable {
    case none = 0
    case some, several, many

    /// 0 is none, 1 some, 2 to 4 several, 5 or more many.
    public static func of(_ count: Int) -> Heat {
        switch count {
        case ...0: .none
        case 1: .some
        case 2...4: .several
        default: .many
        }
    }

    /// Commissioner oversight shades by its level: routine none, enhanced monitoring some, a formal improvement
    /// plan several, admissions suspended many.
    public static func of(_ level: OversightLevel) -> Heat { Heat(rawValue: min(level.rank, 3)) ?? .many }

    /// The legend's words.
    public var label: String {
        switch self {
        case .none: "None"
        case .some: "1"
        case .several: "2 to 4"
        case .many: "5 or more"
        }
    }

    public static func < (a: Heat, b: Heat) -> Bool { a.rawValue < b.rawValue }
}

/// The heat map's columns: what can go wrong in a recovery, per service.
public enum ProviderSignal: String, CaseIterable, Sendable {
    case oversight
    case overdue
    case reviewOverdue = "review_overdue"
    case stalled
    case weakProgress = "weak_progress"
    case disconnected
    case warnings
    case drift
    case escalations

    public var label: String {
        switch self {
        case .oversight: "Commissioner oversight"
        case .overdue: "Overdue"
        case .reviewOverdue: "Review overdue"
        case .stalled: "Stalled"
        case .weakProgress: "Weak progress"
        case .disconnected: "Disconnected"
        case .warnings: "Early warnings"
        case .drift: "Drift"
        case .escalations: "Open escalations"
        }
    }

    /// What one of the count means, for the words a screen reader hears with the number.
    public var noun: String {
        switch self {
        case .oversight: "oversight level"
        case .overdue: "actions overdue"
        case .reviewOverdue: "reviews overdue"
        case .stalled: "actions stalled"
        case .weakProgress: "actions with weak progress"
        case .disconnected: "actions disconnected from their evidence"
        case .warnings: "early warnings"
        case .drift: "drift signals"
        case .escalations: "open escalations"
        }
    }
}

/// The order of the heat map's rows.
public enum HeatMapOrder: Sendable, Equatable {
    /// The most fragile first (the default): `Fragility.score`.
    case fragility
    case name
    /// The most of one signal first, then the most fragile.
    case signal(ProviderSignal)

    /// The `sort` parameter: empty is by fragility; anything unknown is a problem that names the choices.
    public static func parse(_ raw: String?) -> Result<HeatMapOrder, HeatMapSortProblem> {
        guard let raw, !raw.isEmpty else { return .success(.fragility) }
        switch raw {
        case "fragility": return .success(.fragility)
        case "name": return .success(.name)
        default:
            if let s = ProviderSignal(rawValue: raw) { return .success(.signal(s)) }
            return .failure(HeatMapSortProblem(value: raw))
        }
    }

    public var parameter: String {
        switch self {
        case .fragility: "fragility"
        case .name: "name"
        case .signal(let s): s.rawValue
        }
    }

    public struct Row: Sendable, Equatable {
        public let name: String
        public let fragility: Int
        /// Oversight counts by its level's rank (routine 0).
        public let counts: [ProviderSignal: Int]
        public init(name: String, fragility: Int, counts: [ProviderSignal: Int]) {
            self.name = name
            self.fragility = fragility
            self.counts = counts
        }
    }

    /// Sorts rows: ties fall back to fragility, then to the name (so the order never depends on the input's).
    public func sorted<T>(_ items: [T], by row: (T) -> Row) -> [T] {
        let keyed = items.map { (row($0), $0) }
        return keyed.sorted { a, b in
            let x = a.0
            let y = b.0
            switch self {
            case .name:
                if x.name != y.name { return x.name.localizedStandardCompare(y.name) == .orderedAscending }
            case .signal(let s):
                let cx = x.counts[s] ?? 0
                let cy = y.counts[s] ?? 0
                if cx != cy { return cx > cy }
            case .fragility:
                break
            }
            if x.fragility != y.fragility { return x.fragility > y.fragility }
            return x.name.localizedStandardCompare(y.name) == .orderedAscending
        }.map(\.1)
    }
}

public struct HeatMapSortProblem: Error, Sendable, Equatable {
    public let value: String
    public var message: String {
        "Unknown sort '\(value)': use fragility, name or one of "
            + ProviderSignal.allCases.map(\.rawValue).joined(separator: ", ") + "."
    }
}
