/// A versioned review cadence by risk band (DESIGN §2): the next review day of an action.
public struct ReviewPolicy: Sendable, Hashable {
    public let version: String
    public let cadenceDays: [RiskBand: Int]

    public init(version: String, cadenceDays: [RiskBand: Int]) {
        self.version = version
        self.cadenceDays = cadenceDays
    }

    public static let default2024 = ReviewPolicy(
        version: "review-policy-v1",
        cadenceDays: [.extreme: 7, .high: 7, .moderate: 14, .low: 28])

    public static let versions: [ReviewPolicy] = [.default2024]
    public static let current = default2024

    public static func version(_ v: String) -> ReviewPolicy? { versions.first { $0.version == v } }

    public func cadence(for band: RiskBand) -> Int { cadenceDays[band] ?? 28 }

    /// The next review falls one cadence after the last review (or the day the action was opened).
    public func nextReview(after last: Day, band: RiskBand) -> Day {
        last.adding(days: cadence(for: band))
    }

    /// A review is overdue once its day has passed.
    public static func isReviewOverdue(nextReview: Day?, today: Day) -> Bool {
        guard let nextReview else { return false }
        return nextReview < today
    }
}
