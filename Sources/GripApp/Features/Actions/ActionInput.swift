import Foundation
import GripCore

/// What a person or integration sends to create or change an action. For a change,
/// nil means "keep as it is"; for a creation, nil is "missing".
struct ActionInput: Sendable {
    var title: String?
    var theme: String?
    var serviceID: UUID?
    var sourceID: UUID??
    var statementIDs: [String]?
    var baseline: String?
    var baselineDay: Day?
    var metric: String?
    var direction: TargetDirection?
    var baselineValue: Double?
    var targetValue: Double?
    var targetDay: Day?
    var harm: Int?
    var peopleAffected: Int?
    var recurrence: Int?
    var regulatoryImpact: Int?
    var controlWeakness: Int?
    var leadID: UUID?
    var reviewerID: UUID?
    var routeID: UUID?
    /// The outcome indicator (`.some(nil)` clears it).
    var indicatorID: UUID??
    var interimControls: String?
    var dueDay: Day?
    /// Only on creation: `draft` or `open` (default open).
    var initialStatus: ActionStatus?
    /// Why a change that weakens oversight is needed (it then waits for a second person).
    var changeReason: String?
}

/// The complete, checked values of an action, ready to store.
struct ActionValues: Sendable, Codable, Equatable {
    var title: String
    var theme: String
    var serviceID: UUID
    var sourceID: UUID?
    var statementIDs: [String]
    var baseline: String
    var baselineDay: Day
    var metric: String
    var direction: TargetDirection
    var baselineValue: Double
    var targetValue: Double
    var targetDay: Day
    var factors: RiskFactors
    var leadID: UUID
    var reviewerID: UUID
    var routeID: UUID
    var indicatorID: UUID?
    var interimControls: String
    var dueDay: Day
}

extension ActionInput {
    /// Fills unset fields from an existing action (for changes) and reports missing ones (for creation).
    func merged(
        over existing: RecoveryAction?, statements existingStatements: [String]
    ) -> (ActionValues?, [FieldError]) {
        var errors: [FieldError] = []
        func need<T>(_ value: T?, _ old: T?, _ field: String, _ label: String) -> T? {
            if let value { return value }
            if let old { return old }
            errors.append(FieldError(field, "\(label) is required."))
            return nil
        }
        func text(
            _ value: String?, _ old: String?, _ field: String, _ label: String, max: Int, required: Bool = true
        ) -> String? {
            let v = (value ?? old ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if required && v.isEmpty { errors.append(FieldError(field, "\(label) is required.")); return nil }
            if v.count > max {
                errors.append(FieldError(field, "\(label) must be at most \(max) characters (has \(v.count))."));
                return nil
            }
            return v
        }
        let e = existing
        let title = text(self.title, e?.title, "title", "Title", max: InputLimits.titleCharacters)
        let theme = text(self.theme, e?.theme, "theme", "Theme", max: InputLimits.labelCharacters)
        let service = need(serviceID, e?.$service.id, "service", "Service")
        let source: UUID? = sourceID ?? e?.$source.id
        let indicator: UUID? = indicatorID ?? e?.$indicator.id
        let statements = statementIDs ?? existingStatements
        let baseline = text(
            self.baseline, e?.baseline, "baseline", "Baseline (what the evidence showed)",
            max: InputLimits.narrativeCharacters)
        let baselineDay = need(self.baselineDay, e.flatMap { Day(iso: $0.baselineDay) }, "baseline_day", "Baseline day")
        let metric = text(self.metric, e?.metric, "metric", "Metric", max: InputLimits.metricCharacters)
        let direction = need(self.direction, e?.direction, "direction", "Direction")
        let baselineValue = need(self.baselineValue, e?.baselineValue, "baseline_value", "Baseline value")
        let targetValue = need(self.targetValue, e?.targetValue, "target_value", "Target value")
        let targetDay = need(self.targetDay, e.flatMap { Day(iso: $0.targetDay) }, "target_day", "Target day")
        let harm = need(self.harm, e?.riskHarm, "harm", "Potential harm")
        let people = need(self.peopleAffected, e?.riskPeople, "people_affected", "People affected")
        let recurrence = need(self.recurrence, e?.riskRecurrence, "recurrence", "Likelihood of recurrence")
        let regulatory = need(self.regulatoryImpact, e?.riskRegulatory, "regulatory_impact", "Regulatory impact")
        let controls = need(self.controlWeakness, e?.riskControls, "control_weakness", "Weakness of current controls")
        let lead = need(leadID, e?.$lead.id, "lead", "Lead")
        let reviewer = need(reviewerID, e?.$reviewer.id, "reviewer", "Senior reviewer")
        let route = need(routeID, e?.$route.id, "route", "Review route")
        let interim = text(
            interimControls, e?.interimControls, "interim_controls", "Interim controls",
            max: InputLimits.narrativeCharacters, required: false)
        let due = need(dueDay, e.flatMap { Day(iso: $0.dueDay) }, "due_day", "Due day")
        for value in [baselineValue, targetValue] where value.map({ !$0.isFinite }) ?? false {
            errors.append(FieldError("target_value", "Values must be ordinary numbers."))
        }
        guard errors.isEmpty, let title, let theme, let service, let baseline, let baselineDay, let metric,
            let direction, let baselineValue, let targetValue, let targetDay, let harm, let people,
            let recurrence, let regulatory, let controls, let lead, let reviewer, let route, let interim, let due
        else {
            return (nil, errors)
        }
        let values = ActionValues(
            title: title, theme: theme, serviceID: service, sourceID: source, statementIDs: statements,
            baseline: baseline, baselineDay: baselineDay, metric: metric, direction: direction,
            baselineValue: baselineValue, targetValue: targetValue, targetDay: targetDay,
            factors: RiskFactors(
                harm: harm, peopleAffected: people, recurrence: recurrence,
                regulatoryImpact: regulatory, controlWeakness: controls),
            leadID: lead, reviewerID: reviewer, routeID: route, indicatorID: indicator, interimControls: interim,
            dueDay: due)
        return (values, [])
    }
}

extension ActionValues {
    /// A three-way merge for a proposed change approved later: each field the proposal changed
    /// (from `base`, the action when proposed) takes the proposed value; every other field keeps
    /// the action's current value, so work recorded meanwhile (a due-day or control change) stays.
    func merged(proposed p: ActionValues, base b: ActionValues) -> ActionValues {
        func pick<T: Equatable>(_ current: T, _ proposed: T, _ base: T) -> T { proposed != base ? proposed : current }
        var v = self
        v.title = pick(title, p.title, b.title)
        v.theme = pick(theme, p.theme, b.theme)
        v.serviceID = pick(serviceID, p.serviceID, b.serviceID)
        v.sourceID = pick(sourceID, p.sourceID, b.sourceID)
        v.statementIDs = pick(statementIDs, p.statementIDs, b.statementIDs)
        v.baseline = pick(baseline, p.baseline, b.baseline)
        v.baselineDay = pick(baselineDay, p.baselineDay, b.baselineDay)
        v.metric = pick(metric, p.metric, b.metric)
        v.direction = pick(direction, p.direction, b.direction)
        v.baselineValue = pick(baselineValue, p.baselineValue, b.baselineValue)
        v.targetValue = pick(targetValue, p.targetValue, b.targetValue)
        v.targetDay = pick(targetDay, p.targetDay, b.targetDay)
        v.factors = pick(factors, p.factors, b.factors)
        v.leadID = pick(leadID, p.leadID, b.leadID)
        v.reviewerID = pick(reviewerID, p.reviewerID, b.reviewerID)
        v.routeID = pick(routeID, p.routeID, b.routeID)
        v.indicatorID = pick(indicatorID, p.indicatorID, b.indicatorID)
        v.interimControls = pick(interimControls, p.interimControls, b.interimControls)
        return v
    }
}

extension RecoveryAction {
    /// The action's values as they stand.
    func values(statements: [String]) throws -> ActionValues {
        guard let baseline = Day(iso: baselineDay), let target = Day(iso: targetDay), let due = Day(iso: dueDay) else {
            throw AppError(.internalServerError, "The action's stored days are not valid.")
        }
        return ActionValues(
            title: title, theme: theme, serviceID: $service.id, sourceID: $source.id, statementIDs: statements.sorted(),
            baseline: self.baseline, baselineDay: baseline, metric: metric, direction: direction,
            baselineValue: baselineValue, targetValue: targetValue, targetDay: target, factors: factors,
            leadID: $lead.id, reviewerID: $reviewer.id, routeID: $route.id, indicatorID: $indicator.id,
            interimControls: interimControls, dueDay: due)
    }
}
