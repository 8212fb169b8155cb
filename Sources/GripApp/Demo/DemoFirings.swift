import Fluent
import Foundation
import GripCore
import SQLKit

/// The escalation thresholds at work on the demo (issue 36): the organisation has watched for five weeks; what fired
/// more than five days ago was answered in time — an internal threshold taken up by the registered manager, a
/// concern for the commissioner not escalated (referred to the local authority, approved by the quality lead) —
/// except the first, answered two days after its time: a late escalation. What fired since waits on My work as
/// *Escalation due*.
enum DemoFirings {
    static let watchingDays = 35
    static let answeredAfterDays = 5

    static func seed(
        db: any Database, organisationID: UUID, users: [String: User], now: Date, holidays: BankHolidays
    ) async throws {
        let since = now.addingTimeInterval(-Double(watchingDays) * 86_400)
        try await (db as! any SQLDatabase).update(EscalationThresholdVersion.schema).set("created_at", to: since)
            .where("organisation_id", .equal, organisationID).where("version", .equal, 1).run()
        try await EscalationSweep.all(now: now, holidays: holidays, on: db)
        let fired = try await Scoped.query(EscalationFiring.self, organisation: organisationID, on: db)
            .sort(\.$firedAt).all()
        let old = fired.filter { $0.firedAt < now.addingTimeInterval(-Double(answeredAfterDays) * 86_400) }
        let rm = try Actor(users["rm"]!)
        try await AuditLog.transaction(on: db, organisationID: organisationID, actor: rm.audit) { rec in
            for (n, f) in old.enumerated() {
                let late = n == 0
                let at = late ? f.deadline.addingTimeInterval(2 * 86_400) : f.firedAt.addingTimeInterval(3 * 3600)
                let isInternal = f.level == .internal
                let note =
                    isInternal
                    ? "Reviewed with the shift leads the same day; controls tightened and checked."
                    : "Referred to the local authority safeguarding team the same day; the commissioner's "
                        + "safeguarding lead is copied on the referral."
                try await FiringService.answer(
                    f, isInternal ? .internalTakenUp : .notEscalating,
                    note: late ? "Answered late: the manager was on leave and the cover did not see it. " + note : note,
                    by: rm.userID, escalation: nil, at: at, rec: rec)
            }
        }
    }
}
