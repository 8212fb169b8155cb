import Foundation
import Testing
@testable import GripCore

/// Re-audit as a dated duty: the day by band, where a closed action stands, and the overdue flag.
@Suite struct ReAuditPolicyTests {
    let closed = Day(iso: "2026-06-01")!

    @Test func dueDaysByBand() {
        let p = ReAuditPolicy.current
        #expect(p.version == "reaudit-policy-v1")
        #expect(p.dueDay(closedOn: closed, band: .extreme) == Day(iso: "2026-06-29"))
        #expect(p.dueDay(closedOn: closed, band: .high) == Day(iso: "2026-06-29"))
        #expect(p.dueDay(closedOn: closed, band: .moderate) == Day(iso: "2026-07-27"))
        #expect(p.dueDay(closedOn: closed, band: .low) == Day(iso: "2026-08-24"))
        #expect(ReAuditPolicy.version("reaudit-policy-v1") == p && ReAuditPolicy.version("v0") == nil)
    }

    @Test func whereAClosedActionStands() {
        let due = closed.adding(days: 28)
        #expect(
            AfterClosure.of(status: .monitoring, closedOn: closed, reAuditDue: due, today: due) == .awaitingReAudit,
            "due today is not late")
        #expect(
            AfterClosure.of(status: .monitoring, closedOn: closed, reAuditDue: due, today: due.adding(days: 1))
                == .reAuditOverdue)
        #expect(
            AfterClosure.of(status: .sustained, closedOn: closed, reAuditDue: due, today: due.adding(days: 90))
                == .sustained)
        #expect(AfterClosure.of(status: .reopened, closedOn: closed, reAuditDue: due, today: due) == .reopened)
        #expect(AfterClosure.of(status: .inProgress, closedOn: nil, reAuditDue: nil, today: due) == nil, "never closed")
        #expect(AfterClosure.of(status: .cancelled, closedOn: closed, reAuditDue: nil, today: due) == nil)
    }

    @Test func theReviewerAndQualityLeadsAreReminded() {
        #expect(AfterClosure.remindsOfReAudit(role: .qualityLead, isReviewer: false))
        #expect(AfterClosure.remindsOfReAudit(role: .registeredManager, isReviewer: true))
        #expect(!AfterClosure.remindsOfReAudit(role: .registeredManager, isReviewer: false))
        #expect(!AfterClosure.remindsOfReAudit(role: .providerAdmin, isReviewer: false))
    }

    @Test func reAuditOverdueFlagsFromTheDayAfterOnlyInMonitoring() {
        let today = Day(iso: "2026-07-10")!
        func flags(_ status: ActionStatus, due: Int) -> [AttentionFlag] {
            Attention.flags(
                AttentionFacts(
                    status: status, band: .low, dueDay: today.adding(days: 30), nextReviewDay: today.adding(days: 5),
                    baselineDay: today.adding(days: -10), direction: .higher, baselineValue: 1, measures: [],
                    lastEvidenceDay: today, hasOutcomeEvidence: true, hasLinkedIndicator: false,
                    reAuditDue: today.adding(days: due)), policy: .current, today: today
            ).map(\.flag)
        }
        #expect(flags(.monitoring, due: -1) == [.reAuditOverdue])
        #expect(flags(.monitoring, due: 0).isEmpty)
        #expect(flags(.sustained, due: -30).isEmpty)
    }
}
