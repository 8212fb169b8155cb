import Foundation

/// How high one area's risk is rated.
public enum PersonRiskLevel: String, CaseIterable, Sendable, Codable, Comparable {
    case low, medium, high

    public var label: String { rawValue.capitalized }
    public var rank: Int { PersonRiskLevel.allCases.firstIndex(of: self)! + 1 }
    public static func < (a: PersonRiskLevel, b: PersonRiskLevel) -> Bool { a.rank < b.rank }
}

/// A person's current risk profile: a few rated areas. Stored as `area=level;…` (areas in catalogue order).
public struct RiskProfile: Sendable, Equatable {
    public var ratings: [PersonRiskArea: PersonRiskLevel]

    public init(_ ratings: [PersonRiskArea: PersonRiskLevel] = [:]) { self.ratings = ratings }

    /// The highest rating, nil when nothing is rated.
    public var highest: PersonRiskLevel? { ratings.values.max() }

    /// Rated areas, highest first, then in catalogue order.
    public var ordered: [(area: PersonRiskArea, level: PersonRiskLevel)] {
        PersonRiskArea.allCases.compactMap { a in ratings[a].map { (a, $0) } }
            .enumerated().sorted { ($1.element.1.rank, $0.offset) < ($0.element.1.rank, $1.offset) }.map(\.element)
    }

    public var encoded: String {
        PersonRiskArea.allCases.compactMap { a in ratings[a].map { "\(a.rawValue)=\($0.rawValue)" } }
            .joined(separator: ";")
    }

    /// Reads the stored form; unknown parts are skipped (stored values were checked when written).
    public init(encoded: String) {
        var r: [PersonRiskArea: PersonRiskLevel] = [:]
        for part in encoded.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2, let a = PersonRiskArea(rawValue: kv[0]), let l = PersonRiskLevel(rawValue: kv[1]) {
                r[a] = l
            }
        }
        self.ratings = r
    }

    /// "High: behaviour, going missing · Medium: falls": one line for lists.
    public var summary: String {
        guard !ratings.isEmpty else { return "Not rated" }
        return PersonRiskLevel.allCases.reversed().compactMap { level -> String? in
            let areas = PersonRiskArea.allCases.filter { ratings[$0] == level }.map(\.label)
            return areas.isEmpty ? nil : "\(level.label): " + areas.joined(separator: ", ").lowercased()
        }.joined(separator: " · ")
    }
}
