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
    }

    /// Problems with a review's own values (the rest needs the action).
    static func problems(_ input: ReviewInput) -> [FieldError] {
        var errors: [FieldError] = []
        if input.rag == nil { errors.append(FieldError("rag", "Choose the progress RAG: red, amber or green.")) }
        if let m = input.measureValue, !m.isFinite { errors.append(FieldError("measure_value", "The measure must be a number.")) }
        let commentary = input.commentary.trimmingCharacters(in: .whitespacesAndNewlines)
        if commentary.isEmpty { errors.append(FieldError("commentary", "Say how the action is progressing.")) }
        if commentary.count > 4000 { errors.append(FieldError("commentary", "Keep the commentary to 4000 characters.")) }
        if input.decision.trimmingCharacters(in: .whitespacesAndNewlines).count > 2000 {
            errors.append(FieldError("decision", "Keep the decision to 2000 characters."))
        }
        return errors
    }

    /// Records a review and moves the next review day by the review policy.
    func record(actionID: UUID, _ input: ReviewInput) async throws -> Review {
        try actor.require(.recordAssurance)
        let action = try await Access.action(actionID, for: actor, on: db)
        var errors: [FieldError] = []
        guard action.status.isLive || action.status == .monitoring else {
            throw AppError.invalid("status", "Reviews are recorded on live or monitored actions; this one is \(action.status.label.lowercased()).")
        }
        let day = input.day ?? today
        if day > today { errors.append(FieldError("date", "A review cannot be dated in the future.")) }
        if let baseline = Day(iso: action.baselineDay), day < baseline {
            errors.append(FieldError("date", "A review cannot be dated before the baseline day (\(baseline.ukFormat)).")) }
        errors += Self.problems(input)
        let commentary = input.commentary.trimmingCharacters(in: .whitespacesAndNewlines)
        let decision = input.decision.trimmingCharacters(in: .whitespacesAndNewlines)
        guard errors.isEmpty, let rag = input.rag else { throw AppError.invalid(errors) }
        let actor = self.actor
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
            try await r.create(on: rec.db)
            let before = a.nextReviewDay
            let latest = try await Review.query(on: rec.db).filter(\.$action.$id == actionID).sort(\.$day, .descending).first()
            let last = latest.flatMap { Day(iso: $0.day) } ?? day
            a.nextReviewDay = policy.nextReview(after: max(last, day), band: a.riskBand).iso
            a.reviewPolicyVersion = policy.version
            a.version += 1
            try await a.update(on: rec.db)
            try await rec.record("action", actionID, "reviewed", [
                AuditChange(field: "review", before: nil, after: "\(day.iso) \(rag.rawValue)\(input.measureValue.map { ", measure \(ActionRules.display($0))" } ?? ""): \(commentary)"),
                AuditChange(field: "decision", before: nil, after: decision.isEmpty ? nil : decision),
                AuditChange(field: "next_review_day", before: before, after: a.nextReviewDay),
            ])
            return r
        }
    }

    // MARK: closure

    /// What the gate sees for an action, with `signer` as the person asking to sign.
    func facts(for a: RecoveryAction, signer: UUID) async throws -> ClosureFacts {
        let id = try a.requireID()
        let evidence = try await Evidence.query(on: db)
            .join(EvidenceAction.self, on: \Evidence.$id == \EvidenceAction.$evidence.$id)
            .filter(EvidenceAction.self, \.$action.$id == id)
            .field(\.$id).field(\.$category).field(\.$day).all()
        let latest = try await Review.query(on: db).filter(\.$action.$id == id)
            .sort(\.$day, .descending).sort(\.$createdAt, .descending).first()
        let reviewer = try await User.find(a.$reviewer.id, on: db)
        let fw = Framework.bundled
        return ClosureFacts(
            band: a.riskBand, baselineDay: Day(iso: a.baselineDay)!, direction: a.direction, targetValue: a.targetValue, metric: a.metric,
            evidence: evidence.compactMap { e in Day(iso: e.day).map { EvidenceFact(category: e.category, date: $0) } },
            latestMeasure: latest?.measureValue, reviewerID: a.$reviewer.id, reviewerName: reviewer?.name ?? "the senior reviewer",
            signerID: signer, categoryNames: Dictionary(uniqueKeysWithValues: fw.evidenceCategories.map { ($0.id, $0.name) }))
    }

    /// The gate's answer for the actor, at any time.
    func gate(actionID: UUID) async throws -> [UnmetCondition] {
        let a = try await Access.action(actionID, for: actor, on: db)
        return ClosureGate.unmet(try await facts(for: a, signer: actor.id))
    }

    /// The senior reviewer signs the closure off; the action enters monitoring.
    func close(actionID: UUID, override: (condition: ClosureCondition, reason: String)?) async throws -> RecoveryAction {
        let a = try await Access.action(actionID, for: actor, on: db)
        guard a.$reviewer.id == actor.id else {
            let name = try await User.find(a.$reviewer.id, on: db)?.name ?? "the senior reviewer"
            throw AppError.forbidden("Only the action's senior reviewer, \(name), can sign the closure off.")
        }
        guard a.status.isLive else {
            throw AppError.invalid("status", "Only a live action can be closed; this one is \(a.status.label.lowercased()).")
        }
        let facts = try await facts(for: a, signer: actor.id)
        let remaining: [UnmetCondition]
        do {
            remaining = try ClosureGate.decide(facts, override: override)
        } catch let e {
            let field = { if case .reasonRequired = e { return "override.reason" } else { return "override.condition" } }()
            throw AppError.invalid(field, e.message)
        }
        guard remaining.isEmpty else {
            throw AppError(.unprocessableEntity, "The closure gate is not met: " + remaining.map(\.message).joined(separator: " "),
                           fields: remaining.map { FieldError($0.code.rawValue, $0.message) })
        }
        let actor = self.actor
        let today = self.today
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let fresh = try await RecoveryAction.find(actionID, on: rec.db) else { throw AppError.notFound("action") }
            let from = fresh.status
            fresh.status = .monitoring
            fresh.closedOn = today.iso
            fresh.$closedBy.id = actor.id
            fresh.overrideCondition = override?.condition.rawValue
            fresh.overrideReason = override.map { $0.reason.trimmingCharacters(in: .whitespacesAndNewlines) }
            fresh.statusReason = nil
            fresh.version += 1
            try await fresh.update(on: rec.db)
            var changes = [AuditChange(field: "status", before: from.rawValue, after: ActionStatus.monitoring.rawValue),
                           AuditChange(field: "closed_on", before: nil, after: today.iso)]
            if let override {
                changes.append(AuditChange(field: "override", before: nil, after: "\(override.condition.rawValue): \(override.reason)"))
            }
            try await rec.record("action", actionID, "closed", changes)
            return fresh
        }
    }

    /// A re-audit of an action in monitoring: a pass sustains it; a fail reopens it with the finding.
    func reAudit(actionID: UUID, passed: Bool?, finding: String, day: Day?) async throws -> RecoveryAction {
        let a = try await Access.action(actionID, for: actor, on: db)
        // Every senior reviewer is a registered manager or above (DESIGN §1), so the role says it all.
        try actor.require(.reAudit)
        guard let passed else { throw AppError.invalid("passed", "Say whether the re-audit passed or failed.") }
        let outcome: Monitoring.ReAuditOutcome
        do { outcome = try Monitoring.reAudit(status: a.status, passed: passed, finding: finding) } catch { throw error.appError }
        let when = day ?? today
        if when > today { throw AppError.invalid("date", "A re-audit cannot be dated in the future.") }
        let actor = self.actor
        let finding = finding.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let fresh = try await RecoveryAction.find(actionID, on: rec.db) else { throw AppError.notFound("action") }
            let r = ReAudit()
            r.$action.id = actionID
            r.$recordedBy.id = actor.id
            r.day = when.iso
            r.passed = passed
            r.finding = finding
            try await r.create(on: rec.db)
            let from = fresh.status
            fresh.status = outcome == .sustained ? .sustained : .reopened
            fresh.statusReason = outcome == .sustained ? nil : "Re-audit on \(when.ukFormat) failed: \(finding)"
            fresh.version += 1
            try await fresh.update(on: rec.db)
            try await rec.record("action", actionID, passed ? "reaudit_passed" : "reaudit_failed", [
                AuditChange(field: "status", before: from.rawValue, after: fresh.status.rawValue),
                AuditChange(field: "finding", before: nil, after: finding),
            ])
            return fresh
        }
    }
}
