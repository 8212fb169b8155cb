import Fluent
import Foundation
import GripCore

extension ActionService {
    func apply(_ v: ActionValues, rating: RiskRating, to a: RecoveryAction) {
        for f in ActionFields.all { f.store(v, a) }
        a.riskScore = rating.score
        a.riskBand = rating.band
        a.riskMatrixVersion = rating.matrixVersion
    }

    /// The audit snapshot of an action as stored.
    static func snapshot(_ a: RecoveryAction, statements: [String]) throws -> [String: String] {
        var s = snapshot(values: try a.values(statements: statements))
        s["risk_score"] = "\(a.riskScore) (\(a.riskBand.rawValue), \(a.riskMatrixVersion))"
        s["status"] = a.status.rawValue
        s["next_review_day"] = a.nextReviewDay
        return s
    }

    /// The audit snapshot of values (also of a proposal, not yet written): each field's text by its audit key.
    static func snapshot(values v: ActionValues) -> [String: String] {
        var s: [String: String] = [:]
        for f in ActionFields.all { if let key = f.audit { s[key] = f.text(v) } }
        let r = v.factors
        s["risk_factors"] = "\(r.harm)/\(r.peopleAffected)/\(r.recurrence)/\(r.regulatoryImpact)/\(r.controlWeakness)"
        return s
    }

    static func diff(_ before: [String: String], _ after: [String: String]) -> [AuditChange] {
        Set(before.keys).union(after.keys).sorted().compactMap { key in
            let b = before[key], a = after[key]
            return b == a ? nil : AuditChange(field: key, before: b, after: a)
        }
    }
}
