import Fluent
import Foundation
import GripCore

/// The demo's evidence, reviews and closures: a closed action in monitoring, a sustained one,
/// one that failed its re-audit and reopened, and actions showing each attention flag.
enum DemoAssurance {
    struct E {
        let category: String; let kind: EvidenceKind; let offset: Int; let summary: String; let by: String;
        var file: String? = nil
    }
    /// An assurance review (never by the action's lead); red or weak progress carries a control change or escalation.
    struct R {
        let offset: Int; let rag: RAG; let measure: Double?; let commentary: String; let decision: String;
        let by: String
        var control = ""; var escalation = ""
    }
    /// A progress update: the lead's account of delivery.
    struct P { let offset: Int; let measure: Double?; let commentary: String; let by: String }

    static func seed(
        db: any Database, users: [String: User], actions: [String: RecoveryAction], today: Day
    ) async throws {
        func actor(_ k: String) throws -> Actor { try Actor(users[k]!) }
        func id(_ title: String) -> UUID { actions[title]!.id! }
        @discardableResult
        func evidence(_ title: String, _ items: [E]) async throws -> UUID? {
            var last: UUID?
            for e in items {
                var files: [EvidenceService.Upload] = []
                if let name = e.file { files.append(.init(filename: name, bytes: sampleFile(name, e.summary))) }
                last = try await EvidenceService(db: db, actor: try actor(e.by), today: today).record(
                    actionIDs: [id(title)],
                    .init(
                        category: e.category, kind: e.kind, day: today.adding(days: e.offset), summary: e.summary,
                        statementIDs: try await ActionMapping.query(on: db).filter(\.$action.$id == id(title))
                            .filter(\.$framework == Framework.cqc2023.id).all().map(\.itemID)),
                    files: files
                ).id
            }
            return last
        }
        func reviews(_ title: String, _ items: [R]) async throws {
            for r in items {
                _ = try await ReviewService(db: db, actor: try actor(r.by), today: today).record(
                    actionID: id(title),
                    .init(
                        day: today.adding(days: r.offset), rag: r.rag, measureValue: r.measure,
                        commentary: r.commentary, decision: r.decision, controlChange: r.control,
                        escalation: r.escalation))
            }
        }
        func progress(_ title: String, _ items: [P]) async throws {
            for p in items {
                _ = try await ReviewService(db: db, actor: try actor(p.by), today: today)
                    .recordProgress(
                        actionID: id(title), day: today.adding(days: p.offset), measure: p.measure,
                        commentary: p.commentary)
            }
        }

        // Every MAR chart: good evidence, measure not there yet; one older audit that does not count.
        let mar = "Every MAR chart complete and checked daily"
        try await evidence(
            mar,
            [
                E(
                    category: "processes", kind: .audit, offset: -75,
                    summary: "Pre-inspection medicines audit: 57% of MAR charts complete.", by: "rm",
                    file: "medicines-audit-august.csv"),
                E(
                    category: "processes", kind: .audit, offset: -12,
                    summary: "Weekly MAR audit: 12 of 14 charts complete (86%).", by: "rm", file: "mar-audit-week-6.csv"
                ),
                E(
                    category: "observation", kind: .observation, offset: -9,
                    summary: "Deputy observed the lunchtime round: checks done at handover for every chart.", by: "rm"),
                E(
                    category: "staff", kind: .supervision, offset: -5,
                    summary: "Supervision notes: 8 of 10 medicines-trained staff reassessed as competent.", by: "rm")
            ])
        try await reviews(
            mar,
            [
                R(
                    offset: -20, rag: .red, measure: 71, commentary: "Gaps on night shift persist.",
                    decision: "Add night senior to the handover check.", by: "ql",
                    control:
                        """
                        The night senior now checks every MAR chart at the 07:00 handover and signs the handover \
                        sheet.
                        """
                ),
                R(
                    offset: -6, rag: .amber, measure: 86, commentary: "Improving; two charts with gaps this week.",
                    decision: "Continue daily checks; re-audit in a week.", by: "ql")
            ])
        _ = try await EvidenceService(db: db, actor: try actor("rm"), today: today)
            .request(
                actionID: id(mar), of: users["staff"]!.id,
                what: "Photos of this week's completed MAR handover log pages (no names visible).",
                due: today.adding(days: 3))

        // Families told of medication changes: closed, in monitoring.
        let families = "Families told of medication changes within 48 hours"
        try await evidence(
            families,
            [
                E(
                    category: "processes", kind: .careRecord, offset: -8,
                    summary:
                        "Care record sample: 9 of 9 medication changes logged with family contact within 48 hours.",
                    by: "staff2"),
                E(
                    category: "people", kind: .feedback, offset: -4,
                    summary: "Three families (refs MC-02, MC-04, MC-05) said they are now told promptly.", by: "staff2")
            ])
        try await progress(
            families,
            [
                P(
                    offset: -4, measure: 100,
                    commentary: "Every medication change this month logged with the family call.", by: "staff2")
            ])
        try await reviews(
            families,
            [
                R(
                    offset: -3, rag: .green, measure: 100, commentary: "Every change communicated this month.",
                    decision: "Ask for closure.", by: "rm")
            ])
        _ = try await ReviewService(db: db, actor: try actor("rm"), today: today.adding(days: -2)).close(
            actionID: id(families), override: nil)

        // Agency induction: triangulated evidence and a review at the target: waiting for the senior reviewer's
        // sign-off.
        let agency = "Agency staff inducted before their first shift"
        try await evidence(
            agency,
            [
                E(
                    category: "processes", kind: .audit, offset: -6,
                    summary:
                        "Induction audit: 21 of 21 agency shifts this month had a signed induction before the shift.",
                    by: "staff", file: "agency-induction-audit.csv"),
                E(
                    category: "observation", kind: .observation, offset: -4,
                    summary:
                        """
                        Manager observed two agency carers' first night: both shown the fire exits, MAR process \
                        and on-call number.
                        """,
                    by: "rm"),
                E(
                    category: "outcomes", kind: .incidentData, offset: -3,
                    summary:
                        "Incident log: no incident involving an agency carer in four weeks (three the month before).",
                    by: "rm")
            ])
        try await progress(
            agency,
            [
                P(
                    offset: -3, measure: 100, commentary: "Every agency shift inducted; checklist signed each time.",
                    by: "staff")
            ])
        try await reviews(
            agency,
            [
                R(
                    offset: -2, rag: .green, measure: 100, commentary: "Every agency shift inducted for four weeks.",
                    decision: "Ask the senior reviewer to sign the closure off.", by: "ql")
            ])

        // PRN protocols: closed three and a half weeks ago and re-audited (not before half the re-audit interval,
        // on evidence from after the closure): sustained.
        let prn = "PRN protocols in place for everyone prescribed 'as required' medicines"
        try await evidence(
            prn,
            [
                E(
                    category: "processes", kind: .audit, offset: -40,
                    summary: "PRN protocol audit: 9 of 9 protocols in place and signed by the GP.",
                    by: "staff", file: "prn-protocol-audit.pdf"),
                E(
                    category: "observation", kind: .observation, offset: -36,
                    summary: "Observed two PRN administrations: protocol followed and recorded.",
                    by: "rm"),
                E(
                    category: "partners", kind: .feedback, offset: -33,
                    summary: "Community pharmacist's review: protocols clear and appropriate.",
                    by: "rm"),
                E(
                    category: "outcomes", kind: .incidentData, offset: -31,
                    summary: "Medicines incidents: no PRN error in six weeks (four in the six weeks before).",
                    by: "rm")
            ])
        try await reviews(
            prn,
            [
                R(
                    offset: -30, rag: .green, measure: 100, commentary: "All protocols in place.",
                    decision: "Recommend closure.", by: "ql")
            ])
        _ = try await ReviewService(db: db, actor: try actor("rm"), today: today.adding(days: -24))
            .close(actionID: id(prn), override: nil)
        let prnSample = try await evidence(
            prn,
            [
                E(
                    category: "processes", kind: .audit, offset: -2,
                    summary:
                        "Re-audit sample: 9 of 9 PRN protocols current; two administrations observed against them.",
                    by: "ql")
            ])
        _ = try await ReviewService(db: db, actor: try actor("ql"), today: today)
            .reAudit(
                actionID: id(prn), passed: true,
                finding: "Re-audit of all 9 PRN protocols: complete, current and followed.",
                sample: "All 9 people prescribed PRN medicines",
                method: "Protocol audit and two observed administrations",
                evidenceID: prnSample, day: today.adding(days: -1))

        // Time-critical medicines calls: closed, failed its re-audit, reopened.
        let calls = "Time-critical medicines calls never late"
        try await evidence(
            calls,
            [
                E(
                    category: "outcomes", kind: .incidentData, offset: -33,
                    summary: "Call monitoring: no late time-critical calls in 4 weeks.",
                    by: "rm2", file: "time-critical-calls.csv"),
                E(
                    category: "people", kind: .feedback, offset: -30,
                    summary: "Two people with Parkinson's (refs HC-11, HC-19) report calls on time.",
                    by: "rm2"),
                E(
                    category: "processes", kind: .rota, offset: -28,
                    summary: "Rota system flags every time-critical call; no manual moves without approval.",
                    by: "rm2")
            ])
        try await reviews(
            calls,
            [
                R(
                    offset: -27, rag: .green, measure: 0, commentary: "No late calls for a month.",
                    decision: "Ready for sign-off.", by: "ql")
            ])
        _ = try await ReviewService(db: db, actor: try actor("ni"), today: today.adding(days: -22))
            .close(actionID: id(calls), override: nil)
        let callsSample = try await evidence(
            calls,
            [
                E(
                    category: "processes", kind: .audit, offset: -3,
                    summary:
                        "Re-audit: call-monitoring log against the rota for four weeks; 2 time-critical calls late.",
                    by: "ql", file: "time-critical-calls-reaudit.csv")
            ])
        _ = try await ReviewService(db: db, actor: try actor("ql"), today: today)
            .reAudit(
                actionID: id(calls), passed: false,
                finding: "2 late time-critical calls on weekend rounds when the coordinator was off.",
                sample: "Every time-critical call over four weeks (112 calls)",
                method: "Call-monitoring log against the rota",
                controlChange: "A named senior carer covers the coordinator's weekend rounds and checks every "
                    + "time-critical call by 10:00.",
                evidenceID: callsSample, day: today.adding(days: -1))

        // Spot checks: closed ten weeks ago and never re-audited: its re-audit is overdue, and until one
        // passes it does not count as completed.
        let spot = "Spot checks on every carer each quarter"
        try await evidence(
            spot,
            [
                E(
                    category: "processes", kind: .audit, offset: -100,
                    summary: "Spot-check log: 41 of 41 carers checked this quarter.", by: "rm2"),
                E(
                    category: "people", kind: .feedback, offset: -90,
                    summary: "Four people (refs HC-03, HC-07, HC-12, HC-21) say carers follow their care plans.",
                    by: "rm2")
            ])
        try await reviews(
            spot,
            [
                R(
                    offset: -80, rag: .green, measure: 100, commentary: "Every carer spot-checked this quarter.",
                    decision: "Close; re-audit next quarter.", by: "ql")
            ])
        _ = try await ReviewService(db: db, actor: try actor("rm2"), today: today.adding(days: -70)).close(
            actionID: id(spot), override: nil)

        // Weak progress: three reviews, PRN use for distress no better than the baseline of 14.
        let distress = "Reduce PRN use for distress"
        try await reviews(
            distress,
            [
                R(
                    offset: -30, rag: .amber, measure: 15, commentary: "Two new tenants settling in.",
                    decision: "Behaviour specialist to review.", by: "rm"),
                R(
                    offset: -18, rag: .red, measure: 14, commentary: "No change yet.",
                    decision: "Panel to review each administration.", by: "rm",
                    control: "Each PRN administration for distress is now reviewed by the team leader the same day."),
                R(
                    offset: -6, rag: .red, measure: 16, commentary: "Use rose this month.",
                    decision: "Escalate to the restrictive practice panel.", by: "rm",
                    escalation:
                        """
                        Restrictive practice panel: use has not fallen after three reviews; behaviour specialist \
                        input needed.
                        """
                )
            ])

        // Review overdue: the last review of the night staffing action was three weeks ago.
        try await reviews(
            "Three staff on every night shift",
            [
                R(
                    offset: -21, rag: .amber, measure: 9, commentary: "Agency cover in place most nights.",
                    decision: "Recruit two permanent night carers.", by: "ql")
            ])

        // Missed calls: outcome evidence, measure improving.
        let missed = "No missed calls"
        try await evidence(
            missed,
            [
                E(
                    category: "outcomes", kind: .incidentData, offset: -3,
                    summary: "Call monitoring: 2 missed calls last month (down from 11).", by: "rm2"),
                E(
                    category: "partners", kind: .feedback, offset: -2,
                    summary: "Council contract officer's monitoring visit: improvement noted.", by: "rm2")
            ])
        try await progress(
            missed,
            [P(offset: -3, measure: 2, commentary: "Standby carer covered both sickness gaps this week.", by: "rm2")])
        try await reviews(
            missed,
            [
                R(
                    offset: -2, rag: .amber, measure: 2, commentary: "Standby carer working.",
                    decision: "Keep standby in place.", by: "ql")
            ])

        // Controlled drugs: triangulated evidence and the target met, but nothing shows whether outcomes changed:
        // the closure gate refuses it as disconnected until outcome evidence or a linked indicator with data arrives.
        let cd = "Controlled drugs stock checked twice daily"
        try await evidence(
            cd,
            [
                E(
                    category: "processes", kind: .audit, offset: -8,
                    summary: "CD register audit: 56 of 56 twice-daily checks signed by two staff.", by: "rm"),
                E(
                    category: "observation", kind: .observation, offset: -5,
                    summary: "Observed the evening CD check: two staff, count matched, register signed.", by: "rm"),
                E(
                    category: "staff", kind: .supervision, offset: -4,
                    summary: "Supervision: both senior carers explain the CD check and what to do on a discrepancy.",
                    by: "rm")
            ])
        try await progress(
            cd, [P(offset: -3, measure: 100, commentary: "Every check done for four weeks.", by: "staff")])
        try await reviews(
            cd,
            [
                R(
                    offset: -2, rag: .green, measure: 100, commentary: "Checks complete for four weeks.",
                    decision: "Link the medicines incidents indicator before closure.", by: "rm")
            ])

        // A change that weakens oversight, waiting for its approver: the lead of the care-plan action proposes a lower
        // band.
        let carePlans = "Care plans reviewed within 7 days of any change in need"
        var lower = ActionInput()
        (lower.harm, lower.peopleAffected, lower.recurrence, lower.regulatoryImpact, lower.controlWeakness) = (
            2, 2, 2, 2, 2
        )
        lower.changeReason =
            "Every care plan has been reviewed since the inspection; I think this is now a moderate risk."
        let current = try await RecoveryAction.find(id(carePlans), on: db)!
        _ = try await ActionService(db: db, actor: try actor("rm"), today: today).update(
            current, lower, version: current.version)
    }

    /// Small, real files of the accepted types for the demo's evidence.
    static func sampleFile(_ name: String, _ text: String) -> [UInt8] {
        if name.hasSuffix(".pdf") {
            return Array(
                "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% \(text)\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
        }
        return Array(
            "date,finding\n\(Clock.current.today().iso),\"\(text.replacingOccurrences(of: "\"", with: "'"))\"\n".utf8)
    }
}
