import Foundation

/// The closure gate's conditions (DESIGN §2), with their API codes.
public enum ClosureCondition: String, CaseIterable, Sendable, Codable {
    case evidenceCategories = "evidence_categories"
    case directEvidence = "direct_evidence"
    case targetMet = "target_met"
    case reviewer
    case connected

    /// Whether the senior reviewer may override this condition, with a written reason, on an
    /// action of `band`: only on low and moderate actions, and never the reviewer condition.
    public func canBeOverridden(on band: RiskBand) -> Bool { self != .reviewer && !band.isHighOrExtreme }
}

public struct UnmetCondition: Sendable, Hashable, Codable {
    public let code: ClosureCondition
    public let message: String
}

/// Everything the gate looks at, as plain values.
public struct ClosureFacts: Sendable {
    public var band: RiskBand
    public var baselineDay: Day
    public var direction: TargetDirection
    public var targetValue: Double
    public var metric: String
    public var evidence: [EvidenceFact]
    /// The measure value of the latest assurance review (nil when none recorded a value). The
    /// lead's progress updates never count.
    public var latestMeasure: Double?
    /// The action's linked outcome indicator has values for periods on or after the baseline day.
    public var indicatorValuesSinceBaseline: Bool
    public var reviewerID: UUID
    public var reviewerName: String
    public var signerID: UUID
    public var categoryNames: [String: String]

    public init(
        band: RiskBand, baselineDay: Day, direction: TargetDirection, targetValue: Double, metric: String,
        evidence: [EvidenceFact], latestMeasure: Double?, indicatorValuesSinceBaseline: Bool = false, reviewerID: UUID,
        reviewerName: String, signerID: UUID,
        categoryNames: [String: String] = [:]
    ) {
        self.band = band
        self.baselineDay = baselineDay
        self.direction = direction
        self.targetValue = targetValue
        self.metric = metric
        self.evidence = evidence
        self.latestMeasure = latestMeasure
        self.indicatorValuesSinceBaseline = indicatorValuesSinceBaseline
        self.reviewerID = reviewerID
        self.reviewerName = reviewerName
        self.signerID = signerID
        self.categoryNames = categoryNames
    }
}
