public enum RiskBand: String, CaseIterable, Sendable, Codable, Comparable {
    case low, moderate, high, extreme

    public var label: String { rawValue.capitalized }

    /// "a high-risk", "an extreme-risk": for sentences.
    public var withArticle: String { (self == .extreme ? "an " : "a ") + rawValue + "-risk" }
    public var withCapitalArticle: String { (self == .extreme ? "An " : "A ") + rawValue + "-risk" }

    var rank: Int { RiskBand.allCases.firstIndex(of: self)! }

    public static func < (a: RiskBand, b: RiskBand) -> Bool { a.rank < b.rank }

    /// High and extreme actions need interim controls, 3 evidence categories and a control change to extend when
    /// overdue.
    public var isHighOrExtreme: Bool { self == .high || self == .extreme }
}

public struct RiskRating: Hashable, Sendable, Codable {
    public let severity: Int
    public let likelihood: Int
    public let score: Int
    public let band: RiskBand
    public let matrixVersion: String
}

/// A versioned risk matrix. Each rating records the version it used, so a new matrix
/// never changes the meaning of past scores.
public struct RiskMatrix: Sendable, Hashable {
    public let version: String
    public let description: String
    /// Highest score in each band, in band order low, moderate, high (extreme is the rest).
    public let lowMax: Int
    public let moderateMax: Int
    public let highMax: Int

    public init(version: String, description: String, lowMax: Int, moderateMax: Int, highMax: Int) {
        self.version = version
        self.description = description
        self.lowMax = lowMax
        self.moderateMax = moderateMax
        self.highMax = highMax
    }

    /// DESIGN §2: severity = max(harm, people, regulatory), likelihood = max(recurrence,
    /// control weakness), score = severity × likelihood, NPSA 5×5 bands.
    public static let npsa2024 = RiskMatrix(
        version: "npsa-5x5-v1",
        description:
            """
            Severity = highest of potential harm, people affected and regulatory impact; likelihood = higher of \
            recurrence and control weakness; score = severity × likelihood (1–25); NPSA 5×5 bands: 1–3 low, 4–6 \
            moderate, 8–12 high, 15–25 extreme.
            """,
        lowMax: 3, moderateMax: 6, highMax: 12)

    public static let versions: [RiskMatrix] = [.npsa2024]
    public static let current = npsa2024

    public static func version(_ v: String) -> RiskMatrix? { versions.first { $0.version == v } }

    public func band(forScore score: Int) -> RiskBand {
        if score <= lowMax { return .low }
        if score <= moderateMax { return .moderate }
        if score <= highMax { return .high }
        return .extreme
    }

    public func rate(_ f: RiskFactors) throws(ValidationFailure) -> RiskRating {
        let problems = f.validate()
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        let severity = max(f.harm, f.peopleAffected, f.regulatoryImpact)
        let likelihood = max(f.recurrence, f.controlWeakness)
        let score = severity * likelihood
        return RiskRating(
            severity: severity, likelihood: likelihood, score: score,
            band: band(forScore: score), matrixVersion: version)
    }

    /// Rows of the matrix for display: the band of each severity × likelihood cell.
    public var grid: [[RiskBand]] {
        (1...5).reversed().map { s in (1...5).map { l in band(forScore: s * l) } }
    }
}
