import Fluent
import Foundation
import GripCore

extension ActionService {
    func apply(_ v: ActionValues, rating: RiskRating, to a: RecoveryAction) {
        a.title = v.title
        a.theme = v.theme
        a.$service.id = v.serviceID
        a.$source.id = v.sourceID
        a.baseline = v.baseline
        a.baselineDay = v.baselineDay.iso
        a.metric = v.metric
        a.direction = v.direction
        a.baselineValue = v.baselineValue
        a.targetValue = v.targetValue
        a.targetDay = v.targetDay.iso
        a.riskHarm = v.factors.harm
        a.riskPeople = v.factors.peopleAffected
        a.riskRecurrence = v.factors.recurrence
        a.riskRegulatory = v.factors.regulatoryImpact
        a.riskControls = v.factors.controlWeakness
        a.riskScore = rating.score
        a.riskBand = rating.band
        a.riskMatrixVersion = rating.matrixVersion
        a.$lead.id = v.leadID
        a.$reviewer.id = v.reviewerID
        a.$route.id = v.routeID
        a.$indicator.id = v.indicatorID
        a.interimControls = v.interimControls
        a.dueDay = v.dueDay.iso
    }

    static func snapshot(_ a: RecoveryAction, statements: [String]) -> [String: String] {
        [
            "title": a.title, "theme": a.theme, "service_id": a.$service.id.uuidString,
            "source_id": a.$source.id?.uuidString ?? "", "statements": statements.sorted().joined(separator: ", "),
            "baseline": a.baseline, "baseline_day": a.baselineDay, "metric": a.metric,
            "direction": a.direction.rawValue,
            "baseline_value": ActionRules.display(a.baselineValue), "target_value": ActionRules.display(a.targetValue),
            "target_day": a.targetDay,
            "risk_factors": "\(a.riskHarm)/\(a.riskPeople)/\(a.riskRecurrence)/\(a.riskRegulatory)/\(a.riskControls)",
            "risk_score": "\(a.riskScore) (\(a.riskBand.rawValue), \(a.riskMatrixVersion))",
            "lead_id": a.$lead.id.uuidString, "reviewer_id": a.$reviewer.id.uuidString,
            "route_id": a.$route.id.uuidString, "indicator_id": a.$indicator.id?.uuidString ?? "",
            "interim_controls": a.interimControls, "status": a.status.rawValue, "due_day": a.dueDay,
            "next_review_day": a.nextReviewDay
        ]
    }

    static func diff(_ before: [String: String], _ after: [String: String]) -> [AuditChange] {
        Set(before.keys).union(after.keys).sorted().compactMap { key in
            let b = before[key], a = after[key]
            return b == a ? nil : AuditChange(field: key, before: b, after: a)
        }
    }
}
