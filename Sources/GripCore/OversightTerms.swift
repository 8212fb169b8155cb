import Foundation

/// The parts of an action that oversight rests on (DESIGN §1): a change that weakens any of
/// them on a live action needs a second person.
public struct OversightTerms: Sendable, Equatable {
    public var band: RiskBand
    public var direction: TargetDirection
    public var targetValue: Double
    public var targetDay: Day
    public var statementIDs: Set<String>
    public var indicatorID: UUID?
    public var leadID: UUID
    public var reviewerID: UUID
    /// Evidence dated on or after this day counts at the closure gate.
    public var baselineDay: Day?
    public var baselineValue: Double?
    public var metric: String?
    public var interimControls: String?
    /// The review route's kind (its seniority).
    public var routeKind: RouteKind?

    public init(
        band: RiskBand, direction: TargetDirection, targetValue: Double, targetDay: Day,
        statementIDs: Set<String>, indicatorID: UUID?, leadID: UUID, reviewerID: UUID,
        baselineDay: Day? = nil, baselineValue: Double? = nil, metric: String? = nil,
        interimControls: String? = nil, routeKind: RouteKind? = nil
    ) {
        self.band = band
        self.direction = direction
        self.targetValue = targetValue
        self.targetDay = targetDay
        self.statementIDs = statementIDs
        self.indicatorID = indicatorID
        self.leadID = leadID
        self.reviewerID = reviewerID
        self.baselineDay = baselineDay
        self.baselineValue = baselineValue
        self.metric = metric
        self.interimControls = interimControls
        self.routeKind = routeKind
    }
}
