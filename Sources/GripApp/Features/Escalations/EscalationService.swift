import Fluent
import Foundation
import GripCore

/// Provider escalations: the provider raises, the commissioner of the service acknowledges and
/// responds, both take part in the joint review; resolved only with outcome evidence.
struct EscalationService {
    let db: any Database
    let actor: Actor
    let today: Day

    var party: Party? { Party.of(actor.role) }

    /// Escalations the actor may see: their services, and for commissioners only once raised.
    func visible() -> QueryBuilder<Escalation> {
        var q = Scoped.query(Escalation.self, for: actor, on: db)
        if !actor.seesAllServices {
            q = q.join(ServiceAccess.self, on: \Escalation.$service.$id == \ServiceAccess.$service.$id)
                .filter(ServiceAccess.self, \.$user.$id == actor.id)
        }
        if !actor.may(.readProviderWork) { q = q.filter(\.$status != .draft) }
        return q
    }

    func find(_ id: UUID?) async throws -> Escalation {
        guard let id, let e = try await visible().filter(\.$id == id).first() else {
            throw AppError.notFound("escalation")
        }
        return e
    }

    struct Input: Sendable {
        var serviceID: UUID?
        var category: EscalationCategory?
        var facts: String
        var safeguards: String
        var actionsTaken: String
        var supportNeeded: String
        var respondBy: Day?
        var jointReviewDay: Day?
        var raiseNow: Bool
        /// The person whose pattern it cites (issue 23): someone the raiser may see, at the escalation's service.
        var personID: UUID? = nil
        /// The threshold that fired (issue 36) it answers: open, at the escalation's service.
        var firingID: UUID? = nil
    }

    /// Problems with an escalation's own values (the service is checked against the database).
    static func problems(_ input: Input, today: Day) -> [FieldError] {
        EscalationRules.problems(
            categoryChosen: input.category != nil, facts: input.facts, safeguards: input.safeguards,
            actionsTaken: input.actionsTaken, supportNeeded: input.supportNeeded,
            respondBy: input.respondBy, jointReviewDay: input.jointReviewDay, today: today)
    }

    func create(_ input: Input) async throws -> Escalation {
        try actor.require(.raiseEscalations)
        var errors = Self.problems(input, today: today)
        let service = try await Service.query(on: db).visible(to: actor).filter(\.$id == (input.serviceID ?? UUID()))
            .first()
        if service == nil { errors.insert(FieldError("service", "Choose one of your services."), at: 0) }
        var person: Person?
        if let pid = input.personID {
            person = try await PeopleService(db: db, actor: actor, today: today).visible().filter(\.$id == pid).first()
            if person == nil || person?.$service.id != service?.id {
                errors.append(FieldError("person", "Choose someone supported by the escalation's service."))
            }
        }
        var firing: EscalationFiring?
        if let fid = input.firingID {
            firing = try await EscalationFiring.query(on: db).visible(to: actor).filter(\.$id == fid).first()
            if firing == nil || firing?.$service.id != service?.id {
                errors.append(FieldError("firing", "The escalation due it answers is about another service."))
            } else if let answer = firing?.answer {
                errors.append(
                    FieldError("firing", "That escalation due was already answered (\(answer.label.lowercased()))."))
            }
        }
        let facts = input.facts.trimmingCharacters(in: .whitespacesAndNewlines)
        let safeguards = input.safeguards.trimmingCharacters(in: .whitespacesAndNewlines)
        let taken = input.actionsTaken.trimmingCharacters(in: .whitespacesAndNewlines)
        let support = input.supportNeeded.trimmingCharacters(in: .whitespacesAndNewlines)
        guard errors.isEmpty, let service, let category = input.category, let respondBy = input.respondBy else {
            throw AppError.invalid(errors)
        }
        let cited = person, answers = firing?.id
        let actor = self.actor
        let today = self.today
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let e = Escalation()
            e.$organisation.id = actor.organisationID
            e.$service.id = try service.requireID()
            e.$createdBy.id = actor.id
            e.reference = String(format: "E-%03d", rec.organisation.nextEscalationNumber)
            rec.organisation.nextEscalationNumber += 1
            e.category = category
            e.facts = facts
            e.safeguards = safeguards
            e.actionsTaken = taken
            e.supportNeeded = support
            e.respondBy = respondBy.iso
            e.jointReviewDay = input.jointReviewDay?.iso
            e.$person.id = try cited?.requireID()
            e.status = input.raiseNow ? .raised : .draft
            e.raisedOn = input.raiseNow ? today.iso : nil
            e.version = 1
            try await e.create(on: rec.db)
            if let answers, let f = try await EscalationFiring.find(answers, on: rec.db) {
                try FiringService.checkOpen(f)
                f.$escalation.id = try e.requireID()
                if input.raiseNow {
                    try await FiringService.answer(
                        f, .raised, note: nil, by: actor.userID, escalation: e.id, at: Clock.current.now(), rec: rec)
                } else {
                    try await f.update(on: rec.db)
                }
            }
            if input.raiseNow {
                try await Self.tellOtherSide(
                    e, party: .provider, by: actor.name, what: "raised \(e.reference)",
                    text: facts, on: rec.db)
            }
            try await rec.record(
                "escalation", e.requireID(), "created",
                [
                    AuditChange(field: "category", before: nil, after: category.rawValue),
                    AuditChange(field: "facts", before: nil, after: facts),
                    AuditChange(field: "status", before: nil, after: e.status.rawValue)
                ] + (cited.map { [AuditChange(field: "person", before: nil, after: $0.reference)] } ?? []))
            return e
        }
    }

    /// A status move, with an optional reason and evidence (linked, and needed to resolve unless a
    /// linked indicator improved since it was raised). `version`, when sent, must be the current one.
    func transition(
        _ id: UUID?, to: EscalationStatus, reason: String, evidenceIDs: [UUID],
        version: Int? = nil
    ) async throws -> Escalation {
        let e = try await find(id)
        try actor.require(.moveEscalations)
        guard let party else { throw AppError.forbidden() }
        if let version, version != e.version { throw AppError.stale("escalation", current: e.version) }
        // Evidence must be visible to the actor, and of this organisation.
        let offered = try await Scoped.query(Evidence.self, for: actor, on: db).filter(
            \.$id ~~ evidenceIDs
        ).all()
        guard offered.count == Set(evidenceIDs).count else {
            throw AppError.invalid("evidence", "One of the evidence items does not exist here.")
        }
        for ev in offered { _ = try await EvidenceService.visible(ev.id, for: actor, on: db) }
        let linked = try await Evidence.query(on: db)
            .join(EscalationEvidence.self, on: \Evidence.$id == \EscalationEvidence.$evidence.$id)
            .filter(EscalationEvidence.self, \.$escalation.$id == e.requireID()).all()
        let all = (linked + offered).compactMap { ev in
            Day(iso: ev.day).map { ResolutionEvidence(date: $0, kind: ev.kind, category: ev.category) }
        }
        let raisedOn = e.raisedOn.flatMap(Day.init(iso:))
        var improved = false
        if to == .resolved, let raisedOn {
            improved = try await lineOfSight(e).indicators.contains { $0.improvedSince(raisedOn) }
        }
        do {
            _ = try EscalationLifecycle.transition(
                from: e.status, to: to, by: party, raisedOn: raisedOn, evidence: all,
                indicatorImproved: improved)
        } catch {
            throw AppError.invalid(to == .resolved ? "evidence" : "to", error.message)
        }
        let actor = self.actor
        let today = self.today
        let alreadyLinked = Set(linked.compactMap(\.id))
        return try await ChangeDoor.applyingFree(.escalation, ["status:\(to.rawValue)"], actor: actor, on: db) { rec in
            guard let fresh = try await Escalation.find(e.id, on: rec.db) else { throw AppError.notFound("escalation") }
            if let version, version != fresh.version { throw AppError.stale("escalation", current: fresh.version) }
            let from = fresh.status
            fresh.status = to
            if to == .raised { fresh.raisedOn = today.iso }
            fresh.version += 1
            try await fresh.update(on: rec.db)
            if to == .raised {
                // A draft begun from an escalation due answers it when it is raised (issue 36).
                for f in try await EscalationFiring.query(on: rec.db).filter(\.$escalation.$id == fresh.requireID())
                    .filter(\.$answeredAt == nil).all()
                {
                    try await FiringService.answer(
                        f, .raised, note: nil, by: actor.userID, escalation: fresh.id, at: Clock.current.now(),
                        rec: rec)
                }
            }
            for ev in offered where !alreadyLinked.contains(ev.id!) {
                let link = EscalationEvidence()
                link.$escalation.id = try fresh.requireID()
                link.$evidence.id = try ev.requireID()
                try await link.create(on: rec.db)
            }
            let r = EscalationResponse()
            r.$escalation.id = try fresh.requireID()
            r.$author.id = actor.id
            r.party = party
            r.text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            r.movedTo = to
            try await r.create(on: rec.db)
            try await Self.tellOtherSide(
                fresh, party: party, by: actor.name,
                what: "moved \(fresh.reference) to \(to.label.lowercased())", text: r.text,
                on: rec.db)
            try await rec.record(
                "escalation", fresh.requireID(), "status_changed",
                [
                    AuditChange(field: "status", before: from.rawValue, after: to.rawValue),
                    AuditChange(field: "reason", before: nil, after: r.text.isEmpty ? nil : r.text),
                    AuditChange(
                        field: "evidence", before: nil,
                        after: offered.isEmpty ? nil : offered.map(\.summary).joined(separator: "; "))
                ])
            return fresh
        }
    }

    /// The other side's people who asked to hear at once (issue 24): a message in the same transaction. It says who
    /// did what and links to it; what they wrote stays in Grip (it may be about a person, and e-mail leaves
    /// Grip's protection).
    static func tellOtherSide(
        _ e: Escalation, party: Party, by name: String, what: String, text: String,
        on db: any Database
    ) async throws {
        let people = try await MailRecipients.otherSide(of: party, on: e, on: db)
        guard !people.isEmpty else { return }
        let service = try await Service.find(e.$service.id, on: db)?.name ?? "the service"
        try await MailOutbox.queue(
            .escalationResponse, to: people, subject: "\(name) \(what)",
            lines: [
                "\(name) \(what) (\(e.category.label), \(service))."
                    + (text.isEmpty ? "" : " Read what they wrote in Grip.")
            ],
            path: Paths.escalation(try e.requireID()), now: Clock.current.now(), on: db)
    }

    /// A response or comment from either side.
    func respond(_ id: UUID?, text raw: String) async throws -> EscalationResponse {
        let e = try await find(id)
        try actor.require(.moveEscalations)
        guard let party else { throw AppError.forbidden() }
        guard e.status != .draft || party == .provider else { throw AppError.notFound("escalation") }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 4000 else {
            throw AppError.invalid("text", "Write the response (at most 4000 characters).")
        }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let r = EscalationResponse()
            r.$escalation.id = try e.requireID()
            r.$author.id = actor.id
            r.party = party
            r.text = text
            try await r.create(on: rec.db)
            try await Self.tellOtherSide(
                e, party: party, by: actor.name, what: "responded on \(e.reference)",
                text: text, on: rec.db)
            try await rec.record(
                "escalation", e.requireID(), "responded", [AuditChange(field: party.rawValue, before: nil, after: text)]
            )
            return r
        }
    }

    // MARK: line of sight: concern → safeguards → actions and decisions → outcome

    /// An indicator linked to the escalation (its own, or a linked action's outcome indicator) as a series
    /// at the escalation's service.
    struct LinkedIndicator: Sendable {
        let indicator: Indicator
        let series: IndicatorService.Series?

        func improvedSince(_ raisedOn: Day) -> Bool {
            guard let series else { return false }
            return EscalationLifecycle.indicatorImproved(
                periods: series.periods, result: series.result,
                warnOn: indicator.direction == .neutral ? indicator.warnOn : nil,
                raisedOn: raisedOn)
        }
    }

    struct LineOfSight: Sendable {
        let actions: [RecoveryAction]
        let decisions: [Decision]
        let indicators: [LinkedIndicator]
    }

    /// What the escalation led to, and the indicators that show whether things improved (five queries).
    func lineOfSight(_ e: Escalation) async throws -> LineOfSight {
        let links = try await EscalationLink.query(on: db).filter(\.$escalation.$id == e.requireID()).all()
        let actionIDs = links.compactMap { $0.$action.id }, decisionIDs = links.compactMap { $0.$decision.id }
        let actions =
            actionIDs.isEmpty
            ? []
            : try await RecoveryAction.query(on: db).filter(\.$id ~~ actionIDs)
                .with(\.$lead).sort(\.$reference).all()
        let decisions =
            decisionIDs.isEmpty
            ? []
            : try await Decision.query(on: db).filter(\.$id ~~ decisionIDs)
                .with(\.$owner).sort(\.$dueDay).all()
        var indicatorIDs: [UUID] = []
        for id in [e.$indicator.id].compactMap({ $0 }) + actions.compactMap({ $0.$indicator.id })
        where !indicatorIDs.contains(id) { indicatorIDs.append(id) }
        guard !indicatorIDs.isEmpty else { return LineOfSight(actions: actions, decisions: decisions, indicators: []) }
        let indicators = try await Scoped.query(Indicator.self, for: actor, on: db)
            .filter(\.$id ~~ indicatorIDs).all()
        let service = try await e.$service.get(on: db)
        var linked: [LinkedIndicator] = []
        for indicator in indicators.sorted(by: { $0.name < $1.name }) {
            let series = try await IndicatorService.series(indicator, services: [service], today: today, on: db)[
                service.requireID()]
            linked.append(LinkedIndicator(indicator: indicator, series: series))
        }
        return LineOfSight(actions: actions, decisions: decisions, indicators: linked)
    }

    /// Links an action or a decision the escalation led to, and/or the indicator that shows its outcome.
    /// The provider's managers link; the action, decision and indicator must be of the escalation's service.
    func link(
        _ id: UUID?, version: Int?, actionID: UUID?, decisionID: UUID?,
        indicatorID: UUID?
    ) async throws -> Escalation {
        let e = try await find(id)
        try actor.require(.raiseEscalations)
        guard let version else {
            throw AppError.invalid(
                "version",
                "Send the version of the escalation you are changing.")
        }
        if version != e.version { throw AppError.stale("escalation", current: e.version) }
        guard actionID != nil || decisionID != nil || indicatorID != nil else {
            throw AppError.invalid("action", "Choose an action, a decision or an indicator to link.")
        }
        if e.status == .resolved {
            throw AppError.invalid(
                "action",
                "A resolved escalation's line of sight is closed.")
        }
        var errors: [FieldError] = []
        var action: RecoveryAction?, decision: Decision?, indicator: Indicator?
        if let actionID {
            action = try await Scoped.query(RecoveryAction.self, for: actor, on: db)
                .filter(\.$id == actionID).filter(\.$service.$id == e.$service.id).first()
            if action == nil { errors.append(FieldError("action", "Choose an action of this escalation's service.")) }
        }
        if let decisionID {
            decision = try await Scoped.query(Decision.self, for: actor, on: db)
                .filter(\.$id == decisionID).filter(\.$service.$id == e.$service.id).first()
            if decision == nil {
                errors.append(
                    FieldError(
                        "decision",
                        "Choose a decision about this escalation's service."))
            }
        }
        if let indicatorID {
            indicator = try await Scoped.query(Indicator.self, for: actor, on: db)
                .filter(\.$id == indicatorID).first()
            if indicator == nil {
                errors.append(
                    FieldError(
                        "indicator",
                        "Choose one of the organisation's indicators."))
            }
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let existing = try await EscalationLink.query(on: db).filter(\.$escalation.$id == e.requireID()).all()
        let newAction = action.flatMap { a in existing.contains { $0.$action.id == a.id } ? nil : a }
        let newDecision = decision.flatMap { d in existing.contains { $0.$decision.id == d.id } ? nil : d }
        if newAction == nil && newDecision == nil && (indicator == nil || indicator?.id == e.$indicator.id) {
            throw AppError.invalid(
                action != nil ? "action" : decision != nil ? "decision" : "indicator",
                "This is already linked.")
        }
        let actor = self.actor
        let newIndicator = indicator
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let fresh = try await Escalation.find(e.id, on: rec.db) else { throw AppError.notFound("escalation") }
            guard fresh.version == version else { throw AppError.stale("escalation", current: fresh.version) }
            var changes: [AuditChange] = []
            if let a = newAction {
                let l = EscalationLink()
                l.$escalation.id = try fresh.requireID()
                l.$action.id = try a.requireID()
                try await l.create(on: rec.db)
                changes.append(AuditChange(field: "action", before: nil, after: "\(a.reference) \(a.title)"))
            }
            if let d = newDecision {
                let l = EscalationLink()
                l.$escalation.id = try fresh.requireID()
                l.$decision.id = try d.requireID()
                try await l.create(on: rec.db)
                changes.append(AuditChange(field: "decision", before: nil, after: d.text))
            }
            if let i = newIndicator, fresh.$indicator.id != i.id {
                changes.append(AuditChange(field: "indicator", before: fresh.$indicator.id?.uuidString, after: i.name))
                fresh.$indicator.id = i.id
            }
            fresh.version += 1
            try await fresh.update(on: rec.db)
            try await rec.record("escalation", fresh.requireID(), "linked", changes)
            return fresh
        }
    }
}
