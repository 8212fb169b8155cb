import Fluent
import GripCore
import Vapor

/// Provider escalations: list, raise, read, respond, move through their statuses.
struct EscalationsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.escalations, use: list)
        routes.get(.escalationsNew, use: newForm)
        routes.post(.escalations, use: create)
        routes.get(.escalation, use: show)
        routes.post(.escalationTransition, use: transition)
        routes.post(.escalationResponses, use: respond)
        routes.post(.escalationLinks, use: link)
    }

    struct Row: Encodable {
        let reference: String; let href: String; let service: String; let category: String; let status: String;
        let respondBy: String; let overdue: Bool
    }
    struct ListPage: Encodable { let layout: Layout; let rows: [Row]; let canRaise: Bool }

    @Sendable func list(req: Request) async throws -> View {
        let actor = try req.actor
        let service = EscalationService(db: req.db, actor: actor, today: req.today)
        let all = try await service.visible().with(\.$service).sort(\.$createdAt, .descending).limit(200).all()
        let today = req.today
        return try await req.view.render(
            "escalations/list",
            ListPage(
                layout: Layout(req, title: "Escalations", section: "escalations"),
                rows: all.map { e in
                    let d = Day(iso: e.respondBy)
                    return Row(
                        reference: e.reference, href: Paths.escalation(e.id!), service: e.service.name,
                        category: e.category.label,
                        status: e.status.label, respondBy: d?.ukFormat ?? e.respondBy,
                        overdue: e.status.isOpen && (d.map { $0 < today } ?? false))
                },
                canRaise: service.party == .provider))
    }

    struct FormPage: Encodable {
        let layout: Layout; let form: FormState; let services: [Choice]; let categories: [Choice]; let people: [Choice]
    }

    func formPage(_ req: Request, form: FormState) async throws -> FormPage {
        let actor = try req.actor
        let services = try await EscalationsQuery(db: req.db, actor: actor).services()
        let people = try await PeopleService(db: req.db, actor: actor, today: req.today).visible().with(\.$service)
            .sort(\.$reference).limit(2000).all()
        return FormPage(
            layout: Layout(req, title: "Raise an escalation", section: "escalations"), form: form,
            services: services.map {
                Choice(value: $0.id!.uuidString, label: $0.name, selected: form.values["service"] == $0.id!.uuidString)
            },
            categories: EscalationCategory.allCases.map {
                Choice(
                    value: $0.rawValue, label: $0.label,
                    selected: form.values["category"] == $0.rawValue)
            },
            people: people.map {
                Choice(
                    value: $0.id!.uuidString, label: "\($0.reference) — \($0.service.name)",
                    selected: form.values["person"] == $0.id!.uuidString)
            })
    }

    @Sendable func newForm(req: Request) async throws -> View {
        guard EscalationService(db: req.db, actor: try req.actor, today: req.today).party == .provider else {
            throw AppError.forbidden("Escalations are raised by a registered manager or above of the provider.")
        }
        var values = ["respond_by": req.today.adding(days: 5).iso]
        // Begun from an escalation due (issue 36): its service and evidence, and the link to it.
        if let raw = req.query[String.self, at: "firing"] {
            let f = try await FiringService(db: req.db, actor: try req.actor, now: req.now)
                .find(UUID(uuidString: raw))
            values["firing"] = try f.requireID().uuidString
            values["service"] = f.$service.id.uuidString
            values["facts"] = "\(f.trigger.label) (threshold fired \(UKTime.format(f.firedAt))): \(f.evidence)"
            if f.subjectKind == "person" { values["person"] = f.subjectID.uuidString }
        }
        return try await req.view.render("escalations/form", try await formPage(req, form: FormState(values: values)))
    }

    struct Form: Content {
        var service: String?; var category: String?; var facts: String?; var safeguards: String?;
        var actions_taken: String?
        var support_needed: String?; var respond_by: String?; var joint_review_day: String?; var raise: String?
        var person: String?
        var firing: String?
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let f = try req.content.decode(Form.self)
        var errors: [FieldError] = []
        let service = FormParse.uuid(f.service, "service", "a service", into: &errors)
        let respondBy = FormParse.day(f.respond_by, "respond_by", "The respond-by day", into: &errors)
        let joint = FormParse.day(f.joint_review_day, "joint_review_day", "The joint review day", into: &errors)
        let person = FormParse.uuid(f.person, "person", "a person", into: &errors)
        let firing = FormParse.uuid(f.firing, "firing", "an escalation due", into: &errors)
        var category: EscalationCategory?
        if let c = f.category, !c.isEmpty {
            category = EscalationCategory(rawValue: c);
            if category == nil { errors.append(FieldError("category", "Choose a category from the list.")) }
        }
        let input = EscalationService.Input(
            serviceID: service, category: category, facts: f.facts ?? "", safeguards: f.safeguards ?? "",
            actionsTaken: f.actions_taken ?? "", supportNeeded: f.support_needed ?? "", respondBy: respondBy,
            jointReviewDay: joint, raiseNow: f.raise == "raise", personID: person, firingID: firing)
        do {
            if !errors.isEmpty {
                // Say everything at once: unreadable values and missing ones.
                throw AppError.invalid(
                    errors
                        + EscalationService.problems(input, today: req.today).filter { p in
                            !errors.contains { $0.field == p.field }
                        })
            }
            let e = try await EscalationService(db: req.db, actor: actor, today: req.today).create(input)
            req.flash(
                e.status == .raised
                    ? "\(e.reference) raised: the commissioner can see it now." : "\(e.reference) saved as a draft.")
            return req.redirect(to: Paths.escalation(e.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            let values = [
                "service": f.service ?? "", "category": f.category ?? "", "facts": f.facts ?? "",
                "safeguards": f.safeguards ?? "",
                "actions_taken": f.actions_taken ?? "", "support_needed": f.support_needed ?? "",
                "respond_by": f.respond_by ?? "",
                "joint_review_day": f.joint_review_day ?? "", "person": f.person ?? "",
                "firing": f.firing ?? ""
            ]
            return try await req.render(
                "escalations/form", try await formPage(req, form: FormState(values: values, errors: e.fieldErrors)),
                status: e.status)
        }
    }

    struct Response2: Encodable {
        let who: String; let party: String; let at: String; let text: String; let moved: String?
    }
    struct EvidenceChoice: Encodable { let id: String; let label: String }

    struct ShowPage: Encodable {
        let layout: Layout
        let id: String
        let reference: String
        let service: String
        let category: String
        let status: String
        let raisedOn: String?
        let respondBy: String
        let jointReview: String?
        let facts: String
        let safeguards: String
        let actionsTaken: String
        let supportNeeded: String
        let responses: [Response2]
        let linked: [String]
        let moves: [Choice]
        let evidence: [EvidenceChoice]
        let canAct: Bool
        let form: FormState
        let version: Int
        let sight: Sight
        /// The pattern of the person it cites (issue 23): shown to both sides with the escalation.
        let cited: Cited?
        /// Share what the escalation taught with other services (issue 36): for the group's oversight.
        let learningHref: String?
    }

    struct Cited: Encodable { let reference: String; let href: String?; let pattern: PatternView }

    /// Concern → safeguards → actions and decisions → outcome, as one line of sight.
    struct Sight: Encodable {
        struct Step: Encodable { let text: String; let href: String?; let detail: String }
        let actions: [Step]
        let decisions: [Step]
        let indicators: [Step]
        let outcome: String
        let resolved: Bool
        let canLink: Bool
        let actionChoices: [Choice]
        let decisionChoices: [Choice]
        let indicatorChoices: [Choice]
    }

    func sight(
        _ req: Request, _ e: Escalation, service: EscalationService, actor: Actor,
        outcomeEvidence: Int
    ) async throws -> Sight {
        let los = try await service.lineOfSight(e)
        let raised = e.raisedOn.flatMap(Day.init(iso:))
        let canLink = actor.may(.raiseEscalations) && e.status != .resolved
        let indicators = los.indicators.map { li -> Sight.Step in
            let improved = raised.map { li.improvedSince($0) } ?? false
            let latest = li.series.flatMap { s in s.result.points.last.map { ($0, s.periods.last!) } }
            let verdict =
                latest.map { p, day in
                    "\(li.indicator.period.display(day)): \(ActionRules.display(p.value)) \(li.indicator.unit), "
                        + ChartWords.variation(p.variation).lowercased()
                } ?? "no values yet"
            return Sight.Step(
                text: li.indicator.name, href: Paths.series(li.indicator.id!, e.$service.id),
                detail: (improved
                    ? "Improved since the escalation was raised. "
                    : "No improvement since it was raised. ")
                    + "Latest " + verdict + ".")
        }
        let improved = raised.map { r in los.indicators.contains { $0.improvedSince(r) } } ?? false
        var shown: [String] = []
        if outcomeEvidence > 0 { shown.append("outcome evidence dated after it was raised") }
        if improved { shown.append("an improvement on a linked indicator since then") }
        let outcome: String
        if e.status == .resolved {
            outcome = shown.isEmpty ? "Resolved." : "Resolved on " + shown.joined(separator: " and ") + "."
        } else if !shown.isEmpty {
            outcome = "An outcome is shown (" + shown.joined(separator: " and ") + "): it may be resolved."
        } else {
            outcome =
                "No outcome yet: neither outcome evidence dated after it was raised nor an improvement on a "
                + "linked indicator."
        }
        var actionChoices: [Choice] = [], decisionChoices: [Choice] = [], indicatorChoices: [Choice] = []
        if canLink {
            let linkedActions = Set(los.actions.compactMap(\.id)), linkedDecisions = Set(los.decisions.compactMap(\.id))
            let choices = try await EscalationsQuery(db: req.db, actor: actor).linkChoices(for: e)
            actionChoices = choices.actions.filter { !linkedActions.contains($0.id!) }
                .map { Choice(value: $0.id!.uuidString, label: "\($0.reference) \($0.title)", selected: false) }
            decisionChoices = choices.decisions.filter { !linkedDecisions.contains($0.id!) }
                .map { Choice(value: $0.id!.uuidString, label: $0.text, selected: false) }
            indicatorChoices = choices.indicators
                .map { Choice(value: $0.id!.uuidString, label: $0.name, selected: $0.id == e.$indicator.id) }
        }
        return Sight(
            actions: los.actions.map { a in
                Sight.Step(
                    text: "\(a.reference) \(a.title)", href: Paths.action(a.id!),
                    detail: "\(a.status.label) · lead \(a.lead.name) · due \(Day(iso: a.dueDay)?.ukFormat ?? a.dueDay)")
            },
            decisions: los.decisions.map { d in
                Sight.Step(
                    text: d.text,
                    href: actor.may(.readMeetings)
                        ? Paths.meetingItem(
                            d.$meeting.id,
                            d.$item.id) : nil,
                    detail:
                        "\(d.status.label) · owner \(d.owner.name) · due \(Day(iso: d.dueDay)?.ukFormat ?? d.dueDay)")
            },
            indicators: indicators, outcome: outcome, resolved: e.status == .resolved, canLink: canLink,
            actionChoices: actionChoices, decisionChoices: decisionChoices, indicatorChoices: indicatorChoices)
    }

    func showPage(_ req: Request, form: FormState) async throws -> ShowPage {
        let actor = try req.actor
        let service = EscalationService(db: req.db, actor: actor, today: req.today)
        let e = try await service.find(req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        try await e.$service.load(on: req.db)
        // Its responses, linked evidence, and evidence that could show the outcome.
        let (responses, linked, candidates) = try await EscalationsQuery(db: req.db, actor: actor).record(e)
        let names = Reference.evidenceCategoryTitles
        let moves: [EscalationStatus] =
            switch (e.status, service.party) {
            case (.draft, .provider): [.raised]
            case (.raised, .commissioner): [.acknowledged, .jointReview, .resolved]
            case (.raised, .provider), (.acknowledged, _): [.jointReview, .resolved]
            case (.jointReview, _): [.resolved]
            default: []
            }
        var seen = Set<UUID>()
        let outcomes = linked.filter { ev in
            Day(iso: ev.day).map { ResolutionEvidence(date: $0, kind: ev.kind, category: ev.category) }.map { r in
                r.isOutcome && (e.raisedOn.flatMap(Day.init(iso:)).map { r.date > $0 } ?? false)
            } ?? false
        }.count
        let sight = try await sight(req, e, service: service, actor: actor, outcomeEvidence: outcomes)
        return ShowPage(
            layout: Layout(req, title: "\(e.reference) escalation", section: "escalations"), id: e.id!.uuidString,
            reference: e.reference,
            service: e.service.name, category: e.category.label, status: e.status.label,
            raisedOn: e.raisedOn.flatMap { Day(iso: $0)?.ukFormat },
            respondBy: Day(iso: e.respondBy)?.ukFormat ?? e.respondBy,
            jointReview: e.jointReviewDay.flatMap { Day(iso: $0)?.ukFormat }, facts: e.facts, safeguards: e.safeguards,
            actionsTaken: e.actionsTaken, supportNeeded: e.supportNeeded,
            responses: responses.map { r in
                Response2(
                    who: r.author.name, party: r.party == .commissioner ? "Commissioner" : "Provider",
                    at: r.createdAt.map(UKTime.format) ?? "", text: r.text, moved: r.movedTo?.label)
            },
            linked: linked.map {
                """
                \(Day(iso: $0.day)?.ukFormat ?? $0.day) – \(names[$0.category] ?? $0.category), \($0.kind.label): \
                \($0.summary)
                """
            },
            moves: moves.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            evidence: candidates.compactMap { ev in
                guard seen.insert(ev.id!).inserted else { return nil }
                return EvidenceChoice(
                    id: ev.id!.uuidString,
                    label: "\(Day(iso: ev.day)?.ukFormat ?? ev.day) – \(ev.kind.label): \(ev.summary)")
            },
            canAct: service.party != nil, form: form, version: e.version, sight: sight,
            cited: try await Self.cited(e, actor: actor, on: req.db),
            learningHref: actor.may(.shareLearning)
                ? SiteRoute.learning.pattern + "?escalation=\(e.id!.uuidString)#share" : nil)
    }

    static func cited(_ e: Escalation, actor: Actor, on db: any Database) async throws -> Cited? {
        guard let pid = e.$person.id, let person = try await Person.find(pid, on: db) else { return nil }
        return Cited(
            reference: person.reference, href: actor.may(.viewPeople) ? Paths.person(pid) : nil,
            pattern: try await PatternView.load(person: person, today: Clock.current.today(), on: db))
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("escalations/show", try await showPage(req, form: FormState()))
    }

    struct MoveForm: Content { var to: String?; var reason: String?; var evidence: [String]?; var version: Int? }

    @Sendable func transition(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        _ = try await EscalationService(db: req.db, actor: actor, today: req.today).find(id)
        try actor.require(.moveEscalations)
        let f = try req.content.decode(MoveForm.self)
        var errors: [FieldError] = []
        let evidence = FormParse.uuids(f.evidence, "evidence", into: &errors)
        do {
            guard let to = f.to.flatMap(EscalationStatus.init(rawValue:)) else {
                throw AppError.invalid("to", "Choose what happens next.")
            }
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let e = try await EscalationService(db: req.db, actor: actor, today: req.today)
                .transition(id, to: to, reason: f.reason ?? "", evidenceIDs: evidence, version: f.version)
            req.flash("\(e.reference) is now \(e.status.label.lowercased()).")
            return req.redirect(to: Paths.escalation(e.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "escalations/show",
                try await showPage(req, form: FormState(values: ["reason": f.reason ?? ""], errors: e.fieldErrors)),
                status: e.status)
        }
    }

    struct RespondForm: Content { var text: String? }

    @Sendable func respond(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        let f = try req.content.decode(RespondForm.self)
        do {
            _ = try await EscalationService(db: req.db, actor: actor, today: req.today).respond(
                id, text: f.text ?? "")
            req.flash("Response added.")
            return req.redirect(to: Paths.escalation(id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "escalations/show",
                try await showPage(req, form: FormState(values: ["text": f.text ?? ""], errors: e.fieldErrors)),
                status: e.status)
        }
    }

    struct LinkForm: Content { var action: String?; var decision: String?; var indicator: String?; var version: Int? }

    /// Links an action, a decision or the outcome indicator to the escalation (its line of sight).
    @Sendable func link(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        let service = EscalationService(db: req.db, actor: actor, today: req.today)
        _ = try await service.find(id)
        try actor.require(.raiseEscalations)
        let f = try req.content.decode(LinkForm.self)
        var errors: [FieldError] = []
        func uuid(_ raw: String?, _ field: String) -> UUID? {
            guard let raw, !raw.isEmpty else { return nil }
            guard let u = UUID(uuidString: raw) else {
                errors.append(
                    FieldError(
                        field,
                        "Choose from the list."));
                return nil
            }
            return u
        }
        let action = uuid(f.action, "action"), decision = uuid(f.decision, "decision"),
            indicator = uuid(
                f.indicator,
                "indicator")
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let e = try await service.link(
                id, version: f.version, actionID: action, decisionID: decision,
                indicatorID: indicator)
            req.flash("Linked to \(e.reference).")
            return req.redirect(to: Paths.escalation(e.id!) + "#line-of-sight")
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "escalations/show",
                try await showPage(
                    req,
                    form: FormState(
                        values: [:],
                        errors: e.fieldErrors)),
                status: e.status)
        }
    }
}
