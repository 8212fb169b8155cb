import Fluent
import Foundation
import GripCore

/// Use cases on recovery actions: each one transaction with its audit entry; rules from GripCore.
struct ActionService {
    let db: any Database
    let actor: Actor
    let today: Day
    /// The framework version the action's statements are chosen under (nil: the one in force, read when needed).
    var framework: Framework? = nil

    /// The framework the values' `statementIDs` belong to.
    func frameworkInForce() async throws -> Framework {
        if let framework { return framework }
        return try await FrameworkCatalogue(db: db, organisationID: actor.organisationID).inForce().framework
    }

    // MARK: checks that need the database

    /// Loads what the rules need and returns every problem with the values, field by field.
    /// `stored`: the action's values and band as they stand, when editing. A reference the edit leaves
    /// as it was (service, source, indicator, people on an unchanged band, route) is not read again:
    /// an audited update makes few statements (issue 21).
    /// `framework`: the version the statements are checked against (nil when they are left as they were).
    func check(
        _ v: ActionValues, rating: RiskRating, framework: Framework?,
        stored: (values: ActionValues, band: RiskBand)? = nil
    ) async throws -> [FieldError] {
        var errors: [FieldError] = []
        let org = actor.organisationID
        let sameService = stored?.values.serviceID == v.serviceID
        let service =
            sameService ? nil : try await Service.query(on: db).visible(to: actor).filter(\.$id == v.serviceID).first()
        if service == nil && !sameService { errors.append(FieldError("service", "Choose one of your services.")) }
        if let sourceID = v.sourceID, !(sameService && stored?.values.sourceID == sourceID) {
            let source = try await Scoped.query(Source.self, organisation: org, on: db).filter(\.$id == sourceID)
                .first()
            if source == nil {
                errors.append(FieldError("source", "No such source of concern in this organisation."))
            } else if source?.$service.id != v.serviceID {
                errors.append(FieldError("source", "The source of concern is about a different service."))
            }
        }
        if let indicatorID = v.indicatorID, stored?.values.indicatorID != indicatorID,
            try await Scoped.query(Indicator.self, organisation: org, on: db).filter(\.$id == indicatorID).first()
                == nil
        {
            errors.append(FieldError("indicator", "No such indicator in this organisation."))
        }
        if let framework { errors += FrameworkRules.itemProblems(v.statementIDs, in: framework) }
        errors += ActionRules.targetProblems(
            direction: v.direction, baselineValue: v.baselineValue, targetValue: v.targetValue,
            baselineDay: v.baselineDay, targetDay: v.targetDay)
        if let p = ActionRules.interimControlsProblem(band: rating.band, interimControls: v.interimControls) {
            errors.append(FieldError("interim_controls", p))
        }
        if let stored, sameService, stored.band == rating.band, stored.values.leadID == v.leadID,
            stored.values.reviewerID == v.reviewerID, stored.values.routeID == v.routeID
        {
            return errors
        }
        let people = try await candidates([v.leadID, v.reviewerID], serviceID: v.serviceID)
        if let lead = people[v.leadID] {
            if let p = ActionRules.leadProblem(lead) { errors.append(FieldError("lead", p)) }
        } else {
            errors.append(FieldError("lead", "No such person in this organisation."))
        }
        if let reviewer = people[v.reviewerID] {
            if let p = ActionRules.reviewerProblem(reviewer, leadID: v.leadID, band: rating.band) {
                errors.append(FieldError("reviewer", p))
            }
        } else {
            errors.append(FieldError("reviewer", "No such person in this organisation."))
        }
        if let route = try await Scoped.query(ReviewRoute.self, organisation: org, on: db).filter(\.$id == v.routeID)
            .first()
        {
            let covers =
                try await RouteService.query(on: db).filter(\.$route.$id == v.routeID)
                .filter(\.$service.$id == v.serviceID).count() > 0
            if !covers {
                var name = service?.name
                if name == nil { name = try await Service.find(v.serviceID, on: db)?.name }
                errors.append(
                    FieldError("route", "The review route \(route.name) does not cover \(name ?? "this service")."))
            }
        } else {
            errors.append(FieldError("route", "No such review route in this organisation."))
        }
        return errors
    }

    /// The people named, as the rules see them (two queries, whatever the count).
    func candidates(_ ids: [UUID], serviceID: UUID) async throws -> [UUID: Candidate] {
        let users = try await Scoped.query(User.self, for: actor, on: db)
            .filter(\.$id ~~ ids).all()
        let withAccess = Set(
            try await ServiceAccess.query(on: db).filter(\.$user.$id ~~ ids)
                .filter(\.$service.$id == serviceID).all().map { $0.$user.id })
        var out: [UUID: Candidate] = [:]
        for u in users {
            let id = try u.requireID()
            out[id] = Candidate(
                id: id, name: u.name, role: u.role, active: u.active,
                hasServiceAccess: u.role.isOrganisationScoped || withAccess.contains(id))
        }
        return out
    }

    func rate(_ factors: RiskFactors) throws -> RiskRating {
        do { return try RiskMatrix.current.rate(factors) } catch { throw error.appError }
    }

    // MARK: use cases

    /// Creates an action; `within` runs in the same transaction (a meeting links its follow-up there).
    func create(
        _ input: ActionInput, within: (@Sendable (AuditRecorder, RecoveryAction) async throws -> Void)? = nil
    ) async throws -> RecoveryAction {
        try actor.require(.createActions)
        let (merged, missing) = input.merged(over: nil, statements: [])
        guard let v = merged else { throw AppError.invalid(missing) }
        let rating = try rate(v.factors)
        let status = input.initialStatus ?? .open
        guard status == .draft || status == .open else {
            throw AppError.invalid("status", "A new action starts as draft or open.")
        }
        let fw = try await frameworkInForce()
        let problems = try await check(v, rating: rating, framework: fw)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let policy = ReviewPolicy.current
        let today = self.today
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let a = RecoveryAction()
            a.$organisation.id = rec.organisation.id!
            a.reference = String(format: "A-%04d", rec.organisation.nextActionNumber)
            rec.organisation.nextActionNumber += 1
            apply(v, rating: rating, to: a)
            a.status = status
            a.nextReviewDay = policy.nextReview(after: today, band: rating.band).iso
            a.reviewPolicyVersion = policy.version
            a.version = 1
            try await a.create(on: rec.db)
            let id = try a.requireID()
            for s in v.statementIDs {
                try await ActionMapping(
                    actionID: id, framework: fw.id,
                    itemID: s
                ).create(on: rec.db)
            }
            try await rec.record(
                "action", id, "created",
                ActionService.diff([:], try ActionService.snapshot(a, statements: v.statementIDs)))
            try await within?(rec, a)
            return a
        }
    }

    /// What an update did: applied at once, or — when it weakens a live action's oversight — kept
    /// as a proposed change until a second person approves it.
    enum UpdateOutcome: Sendable {
        case applied(RecoveryAction)
        case proposed(PendingChange)
    }

    func update(_ id: UUID, _ input: ActionInput, version: Int?) async throws -> UpdateOutcome {
        try actor.require(.editActions)
        return try await update(try await Access.action(id, for: actor, on: db), input, version: version)
    }

    /// `existing` was found with `Access.action` for this actor (a handler that has already
    /// checked access passes what it found rather than reading it again).
    func update(_ existing: RecoveryAction, _ input: ActionInput, version: Int?) async throws -> UpdateOutcome {
        try actor.require(.editActions)
        guard let version else { throw AppError.invalid("version", "Send the version of the action you are changing.") }
        // The statements under the version in force, in one statement; the version itself is read only when the
        // statements are being changed (its items check them).
        let current = try await ActionQueries.itemsInForce(
            of: existing.requireID(),
            organisationID: actor.organisationID,
            on: db)
        let fw: Framework? = input.statementIDs == nil ? nil : try await frameworkInForce()
        let frameworkID = fw?.id ?? current.framework
        let oldStatements =
            fw == nil || fw?.id == current.framework
            ? current.items
            : try await existing.$mappings.query(on: db).filter(\.$framework == frameworkID).all()
                .map(\.itemID).sorted()
        let (merged, missing) = input.merged(over: existing, statements: oldStatements)
        guard var sorted = merged else { throw AppError.invalid(missing) }
        sorted.statementIDs = sorted.statementIDs.sorted()
        let v = sorted
        if let newDue = input.dueDay, newDue.iso != existing.dueDay {
            throw AppError.invalid("due_day", "Change the due day with a due-day change, which records the reason.")
        }
        if v.serviceID != existing.$service.id, input.serviceID != nil {
            _ = try await Access.service(v.serviceID, for: actor, on: db)
        }
        let rating = try rate(v.factors)
        let problems = try await check(
            v, rating: rating, framework: fw,
            stored: (try existing.values(statements: oldStatements), existing.riskBand))
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        guard existing.version == version else { throw AppError.stale("action", current: existing.version) }
        let base = try existing.values(statements: oldStatements)
        let weakenings = try await weakenings(
            of: v, band: rating.band, over: existing, statements: oldStatements,
            statementNames: fw?.itemTitles ?? [:])
        let before = Self.snapshot(values: base), after = Self.snapshot(values: v)
        let id = try existing.requireID()
        let outcome = try await ChangeDoor.pass(
            .action, edits: Self.edits(before: before, after: after, weakenings: weakenings),
            reason: input.changeReason,
            actor: actor, on: db,
            hold: {
                ChangeDoor.Hold(
                    recordType: .action, recordID: id, serviceID: existing.$service.id, actionID: id,
                    operation: .actionUpdate,
                    payload: try ChangeDoor.json(ProposedValues(base: base, proposed: v)),
                    weakenings: weakenings, band: max(existing.riskBand, rating.band),
                    recordVersion: existing.version, subject: existing.reference, title: existing.title,
                    path: Paths.action(id), details: Self.diff(before, after))
            },
            apply: { rec in
                // Not read again under the lock: the write itself applies only while the row still has this
                // version (`VersionedUpdate`), so a change that committed meanwhile is refused with a 409.
                try await write(
                    v, rating: rating, to: existing, framework: frameworkID, oldStatements: oldStatements,
                    rec: rec, operation: "updated")
                return existing
            })
        switch outcome {
        case .applied(let a): return .applied(a)
        case .held(let c): return .proposed(c)
        }
    }

    /// Writes checked values over an action, with the new band's cadence, its statements and the audit entry.
    /// Only the mappings under `framework` change: those under other versions are kept.
    func write(
        _ v: ActionValues, rating: RiskRating, to a: RecoveryAction, framework: String, oldStatements: [String],
        rec: AuditRecorder,
        operation: String, extra: [AuditChange] = []
    ) async throws {
        let id = try a.requireID()
        let policy = ReviewPolicy.current
        let before = try ActionService.snapshot(a, statements: oldStatements)
        let oldBand = a.riskBand
        apply(v, rating: rating, to: a)
        if rating.band != oldBand {
            // A new band brings a new cadence: review no later than the new cadence allows.
            let sooner = policy.nextReview(after: today, band: rating.band)
            if let current = Day(iso: a.nextReviewDay), sooner < current { a.nextReviewDay = sooner.iso }
            a.reviewPolicyVersion = policy.version
        }
        a.updatedAt = Clock.current.now()
        try await VersionedUpdate.save(a, version: \.version, what: "action", on: rec.db)
        if v.statementIDs != oldStatements {
            try await ActionMapping.query(on: rec.db).filter(\.$action.$id == id).filter(\.$framework == framework)
                .delete()
            for s in v.statementIDs {
                try await ActionMapping(
                    actionID: id, framework: framework,
                    itemID: s
                ).create(on: rec.db)
            }
        }
        let changes = ActionService.diff(before, try ActionService.snapshot(a, statements: v.statementIDs))
        if !changes.isEmpty || !extra.isEmpty { try await rec.record("action", id, operation, changes + extra) }
    }

    static func terms(_ a: RecoveryAction, statements: [String]) -> OversightTerms {
        OversightTerms(
            band: a.riskBand, direction: a.direction, targetValue: a.targetValue,
            targetDay: Day(iso: a.targetDay)!, statementIDs: Set(statements), indicatorID: a.$indicator.id,
            leadID: a.$lead.id, reviewerID: a.$reviewer.id, baselineDay: Day(iso: a.baselineDay),
            baselineValue: a.baselineValue, metric: a.metric, interimControls: a.interimControls)
    }

    static func terms(_ v: ActionValues, band: RiskBand) -> OversightTerms {
        OversightTerms(
            band: band, direction: v.direction, targetValue: v.targetValue, targetDay: v.targetDay,
            statementIDs: Set(v.statementIDs), indicatorID: v.indicatorID, leadID: v.leadID,
            reviewerID: v.reviewerID, baselineDay: v.baselineDay, baselineValue: v.baselineValue,
            metric: v.metric, interimControls: v.interimControls)
    }

    func transition(
        _ id: UUID, to target: ActionStatus, reason: String?, version: Int?
    ) async throws
        -> UpdateOutcome
    {
        try await transition(
            try await Access.action(id, for: actor, on: db), to: target, reason: reason, version: version)
    }

    /// `existing` was found with `Access.action` for this actor (as for `update`). Cancelling a live high or
    /// extreme action is held for a second person (the change policy); until approved it counts everywhere.
    func transition(
        _ existing: RecoveryAction, to target: ActionStatus, reason: String?, version: Int?
    ) async throws
        -> UpdateOutcome
    {
        let id = try existing.requireID()
        try requireCanMove(existing)
        if let version, existing.version != version { throw AppError.stale("action", current: existing.version) }
        do throws(TransitionError) {
            _ = try ActionLifecycle.transition(from: existing.status, to: target, reason: reason)
        } catch {
            let field = { if case .reasonRequired = error { return "reason" } else { return "to" } }()
            throw AppError.invalid(field, error.message)
        }
        let edit =
            target == .cancelled
            ? OversightChange.cancellation(band: existing.riskBand, status: existing.status)
            : PolicyEdit(
                "status:\(target.rawValue)", meetsCondition: existing.status == .awaitingAssurance,
                message: "The action moves to \(target.label.lowercased()).")
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let actor = self.actor
        let outcome = try await ChangeDoor.pass(
            .action, edits: [edit], reason: reason, reasonField: "reason", actor: actor, on: db,
            hold: {
                ChangeDoor.Hold(
                    recordType: .action, recordID: id, serviceID: existing.$service.id, actionID: id,
                    operation: .actionCancel, payload: try ChangeDoor.json(CancelPayload(reason: trimmed)),
                    weakenings: [Weakening(code: .cancelled, message: edit.message)],
                    band: existing.riskBand, recordVersion: existing.version,
                    subject: existing.reference, title: existing.title, path: Paths.action(id))
            },
            apply: { rec in
                guard let a = try await RecoveryAction.find(id, on: rec.db) else { throw AppError.notFound("action") }
                if let version, a.version != version { throw AppError.stale("action", current: a.version) }
                if target == .cancelled {
                    try await self.cancel(a, reason: trimmed, rec: rec, operation: "status_changed")
                    return a
                }
                let from = a.status
                do throws(TransitionError) {
                    a.status = try ActionLifecycle.transition(from: from, to: target, reason: reason)
                } catch {
                    throw AppError.invalid("to", error.message)
                }
                a.statusReason = trimmed.isEmpty ? nil : trimmed
                a.version += 1
                try await a.update(on: rec.db)
                var changes = [AuditChange(field: "status", before: from.rawValue, after: target.rawValue)]
                if !trimmed.isEmpty { changes.append(AuditChange(field: "reason", before: nil, after: trimmed)) }
                try await rec.record("action", id, "status_changed", changes)
                if a.status == .awaitingAssurance {
                    // The senior reviewer's sign-off waits: a message at once, if they asked for one (issue 24).
                    let reviewer = try await MailRecipients.immediate(
                        organisationID: a.$organisation.id,
                        serviceID: a.$service.id, on: rec.db
                    )
                    .filter { $0.id == a.$reviewer.id && $0.id != actor.id }
                    try await MailOutbox.queue(
                        .approval, to: reviewer, subject: "\(a.reference) waits for your sign-off",
                        lines: ["\(actor.name) asks you, as senior reviewer, to sign off \(a.reference) \(a.title)."],
                        path: Paths.action(id), now: Clock.current.now(), on: rec.db)
                }
                return a
            })
        switch outcome {
        case .applied(let a): return .applied(a)
        case .held(let c): return .proposed(c)
        }
    }

    /// Managers move any action they can see; the lead moves their own action's status.
    func requireCanMove(_ a: RecoveryAction) throws {
        try actor.require(.changeActionStatus, actor.relation(to: a))
    }

    func changeDueDay(
        _ id: UUID, to newDue: Day?, reason: String, controlChange: String, escalation: String = "",
        version: Int?
    ) async throws -> RecoveryAction {
        try actor.require(.editActions)
        _ = try await Access.action(id, for: actor, on: db)
        guard let newDue else { throw AppError.invalid("due_day", "Enter the new due day as a real date.") }
        let today = self.today
        // The due day's row of the change policy needs a reason (its rules check it): applied through the door.
        return try await ChangeDoor.applying(actor: actor, on: db) { rec in
            guard let a = try await RecoveryAction.find(id, on: rec.db) else { throw AppError.notFound("action") }
            if let version, a.version != version { throw AppError.stale("action", current: a.version) }
            let current = Day(iso: a.dueDay)!
            let problems = ActionRules.dueDayChangeProblems(
                band: a.riskBand, status: a.status, currentDue: current, newDue: newDue,
                today: today, reason: reason, controlChange: controlChange,
                escalation: escalation)
            guard problems.isEmpty else { throw AppError.invalid(problems) }
            let change = DueDayChange()
            change.$action.id = id
            change.$changedBy.id = actor.id
            change.fromDay = current.iso
            change.toDay = newDue.iso
            change.reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            change.controlChange = controlChange.trimmingCharacters(in: .whitespacesAndNewlines)
            let escalated = escalation.trimmingCharacters(in: .whitespacesAndNewlines)
            change.escalation = escalated.isEmpty ? nil : escalated
            try await change.create(on: rec.db)
            if !escalated.isEmpty {
                a.escalatedOn = today.iso
                a.escalation = escalated
            }
            let oldControls = a.interimControls
            if !change.controlChange.isEmpty {
                a.interimControls =
                    (oldControls.isEmpty ? "" : oldControls + "\n\n")
                    + "Control changed \(today.ukFormat): \(change.controlChange)"
            }
            a.dueDay = newDue.iso
            a.version += 1
            try await a.update(on: rec.db)
            var changes = [
                AuditChange(field: "due_day", before: current.iso, after: newDue.iso),
                AuditChange(field: "reason", before: nil, after: change.reason)
            ]
            if !change.controlChange.isEmpty {
                changes.append(AuditChange(field: "interim_controls", before: oldControls, after: a.interimControls))
            }
            if !escalated.isEmpty { changes.append(AuditChange(field: "escalation", before: nil, after: escalated)) }
            try await rec.record("action", id, "due_day_changed", changes)
            return a
        }
    }
}
