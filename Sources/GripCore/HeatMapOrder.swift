import Foundation

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
