import Fluent
import GripCore
import Vapor

extension ActionsWebController {
    /// The action form as posted: each field's text by its name (`ActionFields.all`), the statements ticked,
    /// and the form's own fields.
    struct ActionForm: Decodable {
        var texts: [String: String] = [:]
        var statements: [String]?
        var status: String?
        var version: String?
        var change_reason: String?

        init(from decoder: any Decoder) throws {
            let t = try FormText(decoder)
            for f in ActionFields.all where f.name != "statements" { texts[f.name] = try t.text(f.name) }
            statements = try t.container.decodeIfPresent([String].self, forKey: FormText.Key("statements"))
            status = try t.text("status")
            version = try t.text("version")
            change_reason = try t.text("change_reason")
        }

        var values: [String: String] {
            var all = Dictionary(uniqueKeysWithValues: ActionFields.all.map { ($0.name, texts[$0.name] ?? "") })
            all["status"] = status ?? ""
            all["change_reason"] = change_reason ?? ""
            return all
        }

        /// Form text → typed input; unreadable values become field errors. When editing, a field the form
        /// does not send is kept, and the due day is changed only by a due-day change.
        func input(creating: Bool) -> (ActionInput, [FieldError]) {
            var e: [FieldError] = []
            var i = ActionInput()
            for f in ActionFields.all where creating || f.editable {
                if let raw = texts[f.name] ?? (creating ? "" : nil) { f.read(raw, &i, &e) }
            }
            i.statementIDs = statements ?? []
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

    static func values(of a: RecoveryAction, statements: [String]) throws -> [String: String] {
        let v = try a.values(statements: statements)
        return Dictionary(uniqueKeysWithValues: ActionFields.all.map { ($0.name, $0.text(v)) })
    }

    @Sendable func editForm(req: Request) async throws -> View {
        let actor = try req.actor
        try actor.require(.editActions)
        let a = try await Access.action(try id(req), for: actor, on: req.db)
        let fw = try await FrameworkCatalogue(db: req.db, organisationID: actor.organisationID).inForce().framework
        let statements = try await ActionQueries.items(of: a, framework: fw.id, on: req.db)
        let page = try await formPage(
            req, actor: actor, heading: "Edit \(a.reference)", action: Paths.editAction(a.id!), isEdit: true,
            version: a.version, values: try Self.values(of: a, statements: statements), statements: Set(statements),
            errors: [],
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
