import Fluent
import GripCore
import Vapor

extension ActionsWebController {
    struct ActionForm: Content {
        var title: String?
        var theme: String?
        var service: String?
        var source: String?
        var statements: [String]?
        var baseline: String?
        var baseline_day: String?
        var metric: String?
        var direction: String?
        var baseline_value: String?
        var target_value: String?
        var target_day: String?
        var harm: String?
        var people_affected: String?
        var recurrence: String?
        var regulatory_impact: String?
        var control_weakness: String?
        var lead: String?
        var reviewer: String?
        var route: String?
        var indicator: String?
        var interim_controls: String?
        var due_day: String?
        var status: String?
        var version: String?
        var change_reason: String?

        var values: [String: String] {
            var d: [String: String] = [:]
            let pairs: [(String, String?)] = [
                ("title", title), ("theme", theme), ("service", service), ("source", source), ("baseline", baseline),
                ("baseline_day", baseline_day), ("metric", metric), ("direction", direction),
                ("baseline_value", baseline_value),
                ("target_value", target_value), ("target_day", target_day), ("harm", harm),
                ("people_affected", people_affected),
                ("recurrence", recurrence), ("regulatory_impact", regulatory_impact),
                ("control_weakness", control_weakness),
                ("lead", lead), ("reviewer", reviewer), ("route", route), ("indicator", indicator),
                ("interim_controls", interim_controls),
                ("due_day", due_day), ("status", status), ("change_reason", change_reason)
            ]
            for (k, v) in pairs { d[k] = v ?? "" }
            return d
        }

        /// Form text → typed input; unreadable values become field errors.
        func input(creating: Bool) -> (ActionInput, [FieldError]) {
            var e: [FieldError] = []
            var i = ActionInput()
            func text(_ s: String?) -> String? { creating ? (s ?? "") : s }
            i.title = text(title)
            i.theme = text(theme)
            i.serviceID = FormParse.uuid(service, "service", "a service", into: &e)
            if let source { i.sourceID = .some(FormParse.uuid(source, "source", "a source of concern", into: &e)) }
            i.statementIDs = statements ?? (creating ? [] : [])
            i.baseline = text(baseline)
            i.baselineDay = FormParse.day(baseline_day, "baseline_day", "Baseline day", into: &e)
            i.metric = text(metric)
            if let d = direction, !d.isEmpty {
                if let v = TargetDirection(rawValue: d) {
                    i.direction = v
                } else {
                    e.append(FieldError("direction", "Choose higher or lower."))
                }
            }
            i.baselineValue = FormParse.number(baseline_value, "baseline_value", "Baseline value", into: &e)
            i.targetValue = FormParse.number(target_value, "target_value", "Target value", into: &e)
            i.targetDay = FormParse.day(target_day, "target_day", "Target day", into: &e)
            i.harm = FormParse.int(harm, "harm", "Potential harm", into: &e)
            i.peopleAffected = FormParse.int(people_affected, "people_affected", "People affected", into: &e)
            i.recurrence = FormParse.int(recurrence, "recurrence", "Likelihood of recurrence", into: &e)
            i.regulatoryImpact = FormParse.int(regulatory_impact, "regulatory_impact", "Regulatory impact", into: &e)
            i.controlWeakness = FormParse.int(
                control_weakness, "control_weakness", "Weakness of current controls", into: &e)
            i.leadID = FormParse.uuid(lead, "lead", "a lead", into: &e)
            i.reviewerID = FormParse.uuid(reviewer, "reviewer", "a senior reviewer", into: &e)
            i.routeID = FormParse.uuid(route, "route", "a review route", into: &e)
            if let indicator { i.indicatorID = .some(FormParse.uuid(indicator, "indicator", "an indicator", into: &e)) }
            i.interimControls = text(interim_controls)
            if creating { i.dueDay = FormParse.day(due_day, "due_day", "Due day", into: &e) }
            if let s = status, !s.isEmpty { i.initialStatus = ActionStatus(rawValue: s) }
            return (i, e)
        }
    }

    func formPage(
        _ req: Request, actor: Actor, heading: String, action: String, isEdit: Bool, version: Int,
        values: [String: String], statements: Set<String>, errors: [FieldError], cancel: String,
        framework: Framework? = nil
    ) async throws -> ActionFormPage {
        var fw: Framework
        if let framework {
            fw = framework
        } else {
            fw = try await FrameworkCatalogue(db: req.db, organisationID: actor.organisationID).inForce().framework
        }
        let choices = try await ActionQueries.formChoices(for: actor, on: req.db)
        let (services, sources, people) = (choices.services, choices.sources, choices.people)
        let (routes, indicators) = (choices.routes, choices.indicators)
        let state = FormState(values: values, errors: errors)
        func opt(_ id: UUID?, _ label: String, _ key: String) -> Choice {
            Choice(value: id?.uuidString ?? "", label: label, selected: values[key] == id?.uuidString)
        }
        let factors = RiskFactors.fieldNames.map { f in
            FactorField(
                key: f.key, label: f.label, hint: Self.factorHints[f.key] ?? "",
                options: (1...5).map {
                    Choice(
                        value: String($0), label: "\($0) – \(Self.scaleWords[$0 - 1])",
                        selected: values[f.key] == String($0))
                },
                error: state.errors[f.key])
        }
        return ActionFormPage(
            layout: Layout(req, title: heading, section: "actions"), heading: heading, formAction: action,
            isEdit: isEdit,
            version: version, form: state,
            services: services.map { opt($0.id, $0.name, "service") },
            sources: sources.map {
                opt(
                    $0.id,
                    """
                    \($0.service.name): \($0.kind.label) – \($0.title) \
                    (\(Day(iso: $0.raisedOn)?.ukFormat ?? $0.raisedOn))
                    """,
                    "source")
            },
            leads: people.filter { ActionRules.mayLead($0.role) }.map {
                opt($0.id, "\($0.name) (\($0.role.label))", "lead")
            },
            reviewers: people.filter { ActionRules.mayReview($0.role) }.map {
                opt($0.id, "\($0.name) (\($0.role.label))", "reviewer")
            },
            routes: routes.map { opt($0.id, "\($0.name) (\($0.kind.label), every \($0.cadenceDays) days)", "route") },
            indicators: indicators.map { opt($0.id, "\($0.name) (\($0.unit))", "indicator") },
            directions: TargetDirection.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: values["direction"] == $0.rawValue)
            },
            factors: factors,
            statementsLegend: "\(fw.itemsLabel) it serves (\(fw.name))",
            statementGroups: fw.groups.map { g in
                StatementGroup(
                    name: g.title,
                    statements: g.items.map {
                        Choice(value: $0.id, label: "\($0.id) \($0.title)", selected: statements.contains($0.id))
                    })
            },
            statuses: [
                Choice(value: "open", label: "Open now", selected: values["status"] != "draft"),
                Choice(value: "draft", label: "Save as a draft", selected: values["status"] == "draft")
            ],
            cancelHref: cancel)
    }

    static let scaleWords = ["very low", "low", "moderate", "high", "very high"]
    static let factorHints = [
        "harm": "How badly could people be hurt if this goes wrong?",
        "people_affected": "How many people who use the service could be affected?",
        "recurrence": "How likely is it to happen again without action?",
        "regulatory_impact": "How serious is this for the CQC or the commissioner?",
        "control_weakness": "How weak are the controls in place today?"
    ]

    @Sendable func newForm(req: Request) async throws -> View {
        let actor = try req.actor
        try actor.require(.createActions)
        var values: [String: String] = ["baseline_day": req.today.iso, "direction": "higher", "status": "open"]
        if let s = try? req.query.get(String.self, at: "service") { values["service"] = s }
        // Raised from an early warning: the service, indicator and signal filled in.
        if let raw = try? req.query.get(String.self, at: "indicator"), let indicatorID = UUID(uuidString: raw),
            let serviceID = values["service"].flatMap(UUID.init(uuidString:))
        {
            let series = try await IndicatorService(db: req.db, actor: actor).series(
                indicatorID: indicatorID, serviceID: serviceID)
            values.merge(EarlyWarning.prefill(series), uniquingKeysWith: { _, new in new })
        }
        let page = try await formPage(
            req, actor: actor, heading: "New recovery action", action: Paths.actions, isEdit: false, version: 0,
            values: values, statements: [], errors: [], cancel: Paths.actions)
        return try await req.view.render("actions/form", page)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.createActions)
        let form = try req.content.decode(ActionForm.self)
        let (input, parseErrors) = form.input(creating: true)
        do {
            if !parseErrors.isEmpty { throw AppError.invalid(parseErrors) }
            let a = try await ActionService(db: req.db, actor: actor, today: req.today).create(input)
            req.flash("Action \(a.reference) created.")
            return req.redirect(to: Paths.action(a.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            let page = try await formPage(
                req, actor: actor, heading: "New recovery action", action: Paths.actions, isEdit: false, version: 0,
                values: form.values, statements: Set(form.statements ?? []), errors: e.fieldErrors,
                cancel: Paths.actions)
            return try await req.render("actions/form", page, status: .unprocessableEntity)
        }
    }

    static func values(of a: RecoveryAction) -> [String: String] {
        [
            "title": a.title, "theme": a.theme, "service": a.$service.id.uuidString,
            "source": a.$source.id?.uuidString ?? "",
            "baseline": a.baseline, "baseline_day": a.baselineDay, "metric": a.metric,
            "direction": a.direction.rawValue,
            "baseline_value": ActionRules.display(a.baselineValue), "target_value": ActionRules.display(a.targetValue),
            "target_day": a.targetDay, "harm": String(a.riskHarm), "people_affected": String(a.riskPeople),
            "recurrence": String(a.riskRecurrence), "regulatory_impact": String(a.riskRegulatory),
            "control_weakness": String(a.riskControls),
            "lead": a.$lead.id.uuidString, "reviewer": a.$reviewer.id.uuidString, "route": a.$route.id.uuidString,
            "indicator": a.$indicator.id?.uuidString ?? "",
            "interim_controls": a.interimControls, "due_day": a.dueDay
        ]
    }

    @Sendable func editForm(req: Request) async throws -> View {
        let actor = try req.actor
        try actor.require(.editActions)
        let a = try await Access.action(try id(req), for: actor, on: req.db)
        let fw = try await FrameworkCatalogue(db: req.db, organisationID: actor.organisationID).inForce().framework
        let statements = try await ActionQueries.items(of: a, framework: fw.id, on: req.db)
        let page = try await formPage(
            req, actor: actor, heading: "Edit \(a.reference)", action: Paths.editAction(a.id!), isEdit: true,
            version: a.version, values: Self.values(of: a), statements: Set(statements), errors: [],
            cancel: Paths.action(a.id!), framework: fw)
        return try await req.view.render("actions/form", page)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.editActions)
        let actionID = try id(req)
        let current = try await Access.action(actionID, for: actor, on: req.db)
        let form = try req.content.decode(ActionForm.self)
        var (input, parseErrors) = form.input(creating: false)
        input.statementIDs = form.statements ?? []
        if input.sourceID == nil { input.sourceID = .some(nil) }
        let version = form.version.flatMap { Int($0) }
        do {
            if !parseErrors.isEmpty { throw AppError.invalid(parseErrors) }
            input.changeReason = form.change_reason
            switch try await ActionService(db: req.db, actor: actor, today: req.today).update(
                current, input, version: version)
            {
            case .applied(let a):
                req.flash("Changes to \(a.reference) saved.")
            case .proposed:
                req.flash(
                    """
                    This change weakens oversight, so it waits for approval by someone else who may be the senior \
                    reviewer of \(current.reference).
                    """
                )
            }
            return req.redirect(to: Paths.action(actionID))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            var values = form.values
            values["due_day"] = current.dueDay
            let page = try await formPage(
                req, actor: actor, heading: "Edit \(current.reference)", action: Paths.editAction(actionID),
                isEdit: true,
                version: e.status == .conflict ? current.version : (version ?? current.version),
                values: values, statements: Set(form.statements ?? []),
                errors: e.status == .conflict ? [FieldError("version", e.reason)] : e.fieldErrors,
                cancel: Paths.action(actionID))
            return try await req.render("actions/form", page, status: e.status)
        }
    }
}
