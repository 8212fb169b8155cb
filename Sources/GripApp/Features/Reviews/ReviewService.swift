import Fluent
import Foundation
import GripCore

/// Reviews, closure sign-off and re-audits of actions.
struct ReviewService {
    let db: any Database
    let actor: Actor
    let today: Day

    struct ReviewInput: Sendable {
        var day: Day?
        var rag: RAG?
        var measureValue: Double?
        var commentary: String
        var decision: String
        var controlChange: String = ""
        var escalation: String = ""
    }

    /// The assured measures of an action so far, oldest first.
    static func assuredMeasures(_ actionID: UUID, on db: any Database) async throws -> [Double] {
        try await Review.query(on: db).filter(\.$action.$id == actionID).filter(\.$measureValue != nil)
            .sort(\.$day).sort(\.$createdAt).all().compactMap(\.measureValue)
    }

    static func ruleFacts(_ a: RecoveryAction, measures: [Double]) -> ReviewRules.ActionFacts {
        ReviewRules.ActionFacts(
            status: a.status, baselineDay: Day(iso: a.baselineDay)!, baselineValue: a.baselineValue,
            direction: a.direction, assuredMeasures: measures)
    }

    /// Records an assurance review — the RAG and the measure the closure gate reads — by someone
    /// other than the lead, and moves the next review day by the review policy. Red progress, or
    /// progress that stays weak, needs a change of control or an escalation with it.
    func record(actionID: UUID, _ input: ReviewInput) async throws -> Review {
        let action = try await Access.action(actionID, for: actor, on: db)
        try actor.require(.recordAssuranceReview, actor.relation(to: action))
        let day = input.day ?? today
        let review = ReviewRules.Review(
            day: day, rag: input.rag, measureValue: input.measureValue, commentary: input.commentary,
            decision: input.decision, controlChange: input.controlChange, escalation: input.escalation)
        let measures = try await Self.assuredMeasures(actionID, on: db)
        let errors = ReviewRules.problems(review, action: Self.ruleFacts(action, measures: measures), today: today)
        guard errors.isEmpty, let rag = input.rag else { throw AppError.invalid(errors) }
        let commentary = input.commentary.trimmingCharacters(in: .whitespacesAndNewlines)
        let decision = input.decision.trimmingCharacters(in: .whitespacesAndNewlines)
        let control = input.controlChange.trimmingCharacters(in: .whitespacesAndNewlines)
        let escalation = input.escalation.trimmingCharacters(in: .whitespacesAndNewlines)
        let actor = self.actor
        let today = self.today
        let policy = ReviewPolicy.current
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let a = try await RecoveryAction.find(actionID, on: rec.db) else { throw AppError.notFound("action") }
            let r = Review()
            r.$action.id = actionID
            r.$reviewer.id = actor.id
            r.day = day.iso
            r.rag = rag
            r.measureValue = input.measureValue
            r.commentary = commentary
            r.decision = decision
            r.controlChange = control.isEmpty ? nil : control
            r.escalation = escalation.isEmpty ? nil : escalation
            try await r.create(on: rec.db)
            let before = a.nextReviewDay
            let latest = try await Review.query(on: rec.db).filter(\.$action.$id == actionID).sort(\.$day, .descending)
                .first()
            let last = latest.flatMap { Day(iso: $0.day) } ?? day
            a.nextReviewDay = policy.nextReview(after: max(last, day), band: a.riskBand).iso
            a.reviewPolicyVersion = policy.version
            var changes = [
                AuditChange(
                    field: "review", before: nil,
                    after: "\(day.iso) \(rag.rawValue)"
                        + (input.measureValue.map { ", measure \(ActionRules.display($0))" } ?? "") + ": \(commentary)"
                ),
                AuditChange(field: "decision", before: nil, after: decision.isEmpty ? nil : decision),
                AuditChange(field: "next_review_day", before: before, after: a.nextReviewDay)
            ]
            if !control.isEmpty {
                let old = a.interimControls
                a.interimControls = (old.isEmpty ? "" : old + "\n\n") + "Control changed \(today.ukFormat): \(control)"
                changes.append(AuditChange(field: "interim_controls", before: old, after: a.interimControls))
            }
            if !escalation.isEmpty {
                changes.append(AuditChange(field: "escalation", before: a.escalation, after: escalation))
                a.escalatedOn = today.iso
                a.escalation = escalation
            } else if rag != .red, a.escalatedOn != nil {
                // A later review that is no longer red and escalates nothing ends the escalation.
                changes.append(AuditChange(field: "escalation", before: a.escalation, after: nil))
                a.escalatedOn = nil
                a.escalation = nil
            }
            a.version += 1
            try await a.update(on: rec.db)
            try await rec.record("action", actionID, "reviewed", changes)
            return r
        }
    }

    /// Records a progress update: delivery's own account, with a reported measure that the gate never reads.
    func recordProgress(actionID: UUID, day: Day?, measure: Double?, commentary: String) async throws -> ProgressUpdate
    {
        let action = try await Access.action(actionID, for: actor, on: db)
        try actor.require(.recordProgress, actor.relation(to: action))
        let day = day ?? today
        let errors = ReviewRules.progressProblems(
            day: day, measure: measure, commentary: commentary,
            action: Self.ruleFacts(action, measures: []), today: today)
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let text = commentary.trimmingCharacters(in: .whitespacesAndNewlines)
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let u = ProgressUpdate()
            u.$action.id = actionID
            u.$author.id = actor.id
            u.day = day.iso
            u.reportedMeasure = measure
            u.commentary = text
            try await u.create(on: rec.db)
            try await rec.record(
                "action", actionID, "progress_updated",
                [
                    AuditChange(
                        field: "progress", before: nil,
                        after:
                            """
                            \(day.iso)\(measure.map { ", reported measure \(ActionRules.display($0))" } ?? ""): \
                            \(text)
                            """
                    )
                ])
            return u
        }
    }

    // MARK: closure

    /// What the gate sees for an action, with `signer` as the person asking to sign.
    /// What the closure gate judges. A page that has already read the action's evidence and its reviews
    /// (newest first) passes them as `known`, and its reviewer if loaded is used: none is read twice.
    func facts(
        for a: RecoveryAction, signer: UUID, known: (evidence: [Evidence], reviews: [Review])? = nil
    ) async throws -> ClosureFacts {
        let id = try a.requireID()
        let evidence: [Evidence]
        let latest: Review?
        if let known {
            (evidence, latest) = (known.evidence, known.reviews.first)
        } else {
            evidence = try await Evidence.query(on: db)
                .join(EvidenceAction.self, on: \Evidence.$id == \EvidenceAction.$evidence.$id)
                .filter(EvidenceAction.self, \.$action.$id == id)
                .field(\.$id).field(\.$category).field(\.$day).all()
            latest = try await Review.query(on: db).filter(\.$action.$id == id)
                .sort(\.$day, .descending).sort(\.$createdAt, .descending).first()
        }
        var reviewer = a.$reviewer.value.flatMap { $0.id == a.$reviewer.id ? $0 : nil }
        if reviewer == nil { reviewer = try await User.find(a.$reviewer.id, on: db) }
        let baseline = Day(iso: a.baselineDay)!
        var indicatorValues = false
        if let indicatorID = a.$indicator.id, let indicator = try await Indicator.find(indicatorID, on: db) {
            let from = indicator.period.parse(baseline.iso) ?? baseline
            indicatorValues =
                try await IndicatorValue.query(on: db).filter(\.$indicator.$id == indicatorID)
                .filter(\.$service.$id == a.$service.id).filter(\.$period >= from.iso).first() != nil
        }
        return ClosureFacts(
            band: a.riskBand, baselineDay: baseline, direction: a.direction, targetValue: a.targetValue,
            metric: a.metric,
            evidence: evidence.compactMap { e in Day(iso: e.day).map { EvidenceFact(category: e.category, date: $0) } },
            latestMeasure: latest?.measureValue, indicatorValuesSinceBaseline: indicatorValues,
            reviewerID: a.$reviewer.id, reviewerName: reviewer?.name ?? "the senior reviewer",
            signerID: signer, categoryNames: Reference.evidenceCategoryTitles)
    }

    /// The gate's answer for the actor, at any time.
    func gate(actionID: UUID) async throws -> [UnmetCondition] {
        let a = try await Access.action(actionID, for: actor, on: db)
        return ClosureGate.unmet(try await facts(for: a, signer: actor.id))
    }

    /// The senior reviewer signs the closure off; the action enters monitoring.
    func close(actionID: UUID, override: (condition: ClosureCondition, reason: String)?) async throws -> RecoveryAction
    {
        let a = try await Access.action(actionID, for: actor, on: db)
        if let why = Permission.signOffClosure.refusal(for: actor.role, actor.relation(to: a)) {
            let name = try await User.find(a.$reviewer.id, on: db)?.name ?? "the senior reviewer"
            throw AppError.forbidden(why + " For this action that is \(name).")
        }
        guard a.status.isLive else {
            throw AppError.invalid(
                "status", "Only a live action can be closed; this one is \(a.status.label.lowercased()).")
        }
        let facts = try await facts(for: a, signer: actor.id)
        let remaining: [UnmetCondition]
        do {
            remaining = try ClosureGate.decide(facts, override: override)
        } catch let e {
            let field = {
                if case .reasonRequired = e { return "override.reason" } else { return "override.condition" }
            }()
            throw AppError.invalid(field, e.message)
        }
        guard remaining.isEmpty else {
            throw AppError(
                .unprocessableEntity, "The closure gate is not met: " + remaining.map(\.message).joined(separator: " "),
                fields: remaining.map { FieldError($0.code.rawValue, $0.message) })
        }
        let actor = self.actor
        let today = self.today
        // The sign-off's row of the change policy is free (the gate is its check): applied through the door.
        return try await ChangeDoor.applying(actor: actor, on: db) { rec in
            guard let fresh = try await RecoveryAction.find(actionID, on: rec.db) else {
                throw AppError.notFound("action")
            }
            let from = fresh.status
            do throws(TransitionError) { fresh.status = try ActionLifecycle.signOff(from: from) } catch {
                throw AppError.invalid("status", error.message)
            }
            fresh.closedOn = today.iso
            fresh.$closedBy.id = actor.id
            let reAudit = ReAuditPolicy.current
            fresh.reAuditDueDay = reAudit.dueDay(closedOn: today, band: fresh.riskBand).iso
            fresh.reAuditPolicyVersion = reAudit.version
            fresh.overrideCondition = override?.condition.rawValue
            fresh.overrideReason = override.map { $0.reason.trimmingCharacters(in: .whitespacesAndNewlines) }
            fresh.statusReason = nil
            fresh.version += 1
            try await fresh.update(on: rec.db)
            var changes = [
                AuditChange(field: "status", before: from.rawValue, after: ActionStatus.monitoring.rawValue),
                AuditChange(field: "closed_on", before: nil, after: today.iso),
                AuditChange(field: "reaudit_due_day", before: nil, after: fresh.reAuditDueDay)
            ]
            if let override {
                changes.append(
                    AuditChange(
                        field: "override", before: nil, after: "\(override.condition.rawValue): \(override.reason)"))
            }
            try await rec.record("action", actionID, "closed", changes)
            return fresh
        }
    }

    /// A re-audit of an action in monitoring: a pass sustains it; a fail reopens it with the finding.
    func reAudit(
        actionID: UUID, passed: Bool?, finding: String, sample: String, method: String,
        controlChange: String = "", evidenceID: UUID? = nil, day: Day?
    ) async throws -> RecoveryAction {
        let a = try await Access.action(actionID, for: actor, on: db)
        try actor.require(.reAudit, actor.relation(to: a))
        guard let passed else { throw AppError.invalid("passed", "Say whether the re-audit passed or failed.") }
        let outcome: Monitoring.ReAuditOutcome
        do {
            outcome = try Monitoring.reAudit(
                status: a.status, passed: passed, finding: finding, sample: sample, method: method,
                controlChange: controlChange)
        } catch { throw error.appError }
        var evidenceDay: Day?
        if let evidenceID {
            guard
                let link = try await EvidenceAction.query(on: db).filter(\.$action.$id == actionID)
                    .filter(\.$evidence.$id == evidenceID).first()
            else {
                throw AppError.invalid("evidence", "Choose one of this action's items of evidence.")
            }
            evidenceDay = Day(iso: link.day)
        }
        let control = controlChange.trimmingCharacters(in: .whitespacesAndNewlines)
        let when = day ?? today
        // Dated on or after the earliest day (half the interval after closure), resting on evidence after closure.
        let timing = Monitoring.reAuditTimingProblems(
            day: when, closedOn: a.closedOn.flatMap(Day.init(iso:)), band: a.riskBand,
            policy: ReAuditPolicy.version(a.reAuditPolicyVersion ?? "") ?? .current, evidenceDay: evidenceDay,
            today: today)
        if !timing.isEmpty { throw AppError.invalid(timing) }
        let edits = [
            PolicyEdit(
                "passed", meetsCondition: false,
                message: passed ? "Re-audit passed." : "Re-audit failed.")
        ]
        let actor = self.actor
        let finding = finding.trimmingCharacters(in: .whitespacesAndNewlines)
        guard
            case .applied(let result) = try await ChangeDoor.pass(
                .reAudit, edits: edits, reason: nil, actor: actor, on: db,
                hold: { throw AppError(.internalServerError, "A re-audit is never held.") },
                apply: { rec in
                    guard let fresh = try await RecoveryAction.find(actionID, on: rec.db) else {
                        throw AppError.notFound("action")
                    }
                    let r = ReAudit()
                    r.$action.id = actionID
                    r.$recordedBy.id = actor.id
                    r.day = when.iso
                    r.passed = passed
                    r.finding = finding
                    r.sample = sample.trimmingCharacters(in: .whitespacesAndNewlines)
                    r.method = method.trimmingCharacters(in: .whitespacesAndNewlines)
                    r.controlChange = passed ? nil : control
                    r.$evidence.id = evidenceID
                    try await r.create(on: rec.db)
                    let from = fresh.status
                    do throws(TransitionError) {
                        fresh.status = try ActionLifecycle.reAudited(from: from, passed: outcome == .sustained)
                    } catch { throw AppError.invalid("status", error.message) }
                    fresh.statusReason =
                        outcome == .sustained
                        ? nil
                        : "Re-audit on \(when.ukFormat) failed: \(finding) — control to change: \(control)"
                    fresh.version += 1
                    try await fresh.update(on: rec.db)
                    try await rec.record(
                        "action", actionID, passed ? "reaudit_passed" : "reaudit_failed",
                        [
                            AuditChange(field: "status", before: from.rawValue, after: fresh.status.rawValue),
                            AuditChange(field: "tested", before: nil, after: "\(r.sample ?? "") (\(r.method ?? ""))"),
                            AuditChange(field: "finding", before: nil, after: finding),
                            AuditChange(field: "control_change", before: nil, after: r.controlChange),
                            AuditChange(field: "evidence", before: nil, after: evidenceID?.uuidString)
                        ])
                    return fresh
                })
        else { throw AppError(.internalServerError, "A re-audit is never held.") }
        return result
    }
}
