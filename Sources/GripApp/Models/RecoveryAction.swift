import Fluent
import Foundation
import GripCore

/// A recovery action: the heart of Grip (DESIGN §2).
final class RecoveryAction: Model, @unchecked Sendable {
    static let schema = "actions"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "reference") var reference: String
    @Field(key: "title") var title: String
    @Field(key: "theme") var theme: String
    @Field(key: "baseline") var baseline: String
    @Field(key: "baseline_day") var baselineDay: String
    @Field(key: "metric") var metric: String
    @Field(key: "direction") var direction: TargetDirection
    @Field(key: "baseline_value") var baselineValue: Double
    @Field(key: "target_value") var targetValue: Double
    @Field(key: "target_day") var targetDay: String
    @Field(key: "risk_harm") var riskHarm: Int
    @Field(key: "risk_people") var riskPeople: Int
    @Field(key: "risk_recurrence") var riskRecurrence: Int
    @Field(key: "risk_regulatory") var riskRegulatory: Int
    @Field(key: "risk_controls") var riskControls: Int
    @Field(key: "risk_score") var riskScore: Int
    @Field(key: "risk_band") var riskBand: RiskBand
    @Field(key: "risk_matrix_version") var riskMatrixVersion: String
    @Field(key: "interim_controls") var interimControls: String
    @Field(key: "status") var status: ActionStatus
    @OptionalField(key: "status_reason") var statusReason: String?
    @Field(key: "due_day") var dueDay: String
    @Field(key: "next_review_day") var nextReviewDay: String
    @Field(key: "review_policy_version") var reviewPolicyVersion: String
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "override_condition") var overrideCondition: String?
    @OptionalField(key: "override_reason") var overrideReason: String?
    /// The day a review or due-day change escalated the action to its route's oversight, and to whom.
    @OptionalField(key: "escalated_on") var escalatedOn: String?
    @OptionalField(key: "escalation") var escalation: String?
    /// The day a closed action's re-audit is due, by the re-audit policy of its closure.
    @OptionalField(key: "reaudit_due_day") var reAuditDueDay: String?
    @OptionalField(key: "reaudit_policy_version") var reAuditPolicyVersion: String?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @OptionalParent(key: "source_id") var source: Source?
    @Parent(key: "lead_id") var lead: User
    @Parent(key: "reviewer_id") var reviewer: User
    @Parent(key: "route_id") var route: ReviewRoute
    @Children(for: \.$action) var mappings: [ActionMapping]
    @Children(for: \.$action) var steps: [ActionStep]
    @OptionalParent(key: "closed_by_id") var closedBy: User?
    @OptionalParent(key: "indicator_id") var indicator: Indicator?

    init() {}

    var factors: RiskFactors {
        RiskFactors(
            harm: riskHarm, peopleAffected: riskPeople, recurrence: riskRecurrence,
            regulatoryImpact: riskRegulatory, controlWeakness: riskControls)
    }
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension RecoveryAction {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _updatedAt, _reference, _title, _theme, _baseline, _baselineDay, _metric,
            _direction, _baselineValue, _targetValue, _targetDay, _riskHarm, _riskPeople, _riskRecurrence,
            _riskRegulatory, _riskControls, _riskScore, _riskBand, _riskMatrixVersion, _interimControls, _status,
            _statusReason, _dueDay, _nextReviewDay, _reviewPolicyVersion, _closedOn, _overrideCondition,
            _overrideReason, _escalatedOn, _escalation, _reAuditDueDay, _reAuditPolicyVersion, _organisation, _service,
            _source, _lead, _reviewer, _route, _mappings, _steps, _closedBy, _indicator
        ]
    }
}
