import Fluent
import GripCore
import Vapor

/// The action pages: list with filters, create, edit, the action page and its forms.
struct ActionsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let actions = routes.grouped("actions")
        actions.get(use: list)
        actions.get("new", use: newForm)
        actions.post(use: create)
        actions.get(":id", use: show)
        actions.get(":id", "edit", use: editForm)
        actions.post(":id", "edit", use: update)
        actions.post(":id", "transition", use: transition)
        actions.post(":id", "due-day", use: changeDueDay)
        actions.post(":id", "steps", use: addStep)
        actions.post(":id", "steps", ":step", "done", use: completeStep)
    }

    static func today() -> Day { Day.today(now: Date()) }

    func id(_ req: Request, _ name: String = "id") throws -> UUID {
        guard let s = req.parameters.get(name), let id = UUID(uuidString: s) else { throw AppError.notFound("action") }
        return id
    }

    // MARK: list

    @Sendable func list(req: Request) async throws -> View {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        var (filter, errors) = ActionFilter.parse(raw)
        if !errors.isEmpty { filter = ActionFilter() }
        let today = Self.today()
        let page = try await ActionQueries.list(filter, actor: actor, today: today, on: req.db)
        let services = try await Service.query(on: req.db).visible(to: actor).sort(\.$name).all()
        let people = try await User.query(on: req.db).filter(\.$organisation.$id == actor.organisationID)
            .filter(\.$role != .commissioner).sort(\.$name).all()
        let pages = max(1, (page.metadata.total + filter.per - 1) / filter.per)
        func href(_ p: Int) -> String {
            var items = filter.queryItems
            items["page"] = String(p)
            return Paths.actions + "?" + items.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        }
        let ctx = ActionListPage(
            layout: Layout(req, title: "Actions", section: "actions"),
            table: RowsTable(rows: page.items.map { ActionRow($0, today: today) }),
            total: page.metadata.total, page: filter.page, pages: pages,
            previousHref: filter.page > 1 ? href(filter.page - 1) : nil,
            nextHref: filter.page < pages ? href(filter.page + 1) : nil,
            statusOptions: ActionStatus.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: filter.status == $0) },
            serviceOptions: services.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: filter.serviceID == $0.id) },
            bandOptions: RiskBand.allCases.reversed().map { Choice(value: $0.rawValue, label: $0.label, selected: filter.band == $0) },
            leadOptions: people.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: filter.leadID == $0.id) },
            statementOptions: Framework.bundled.statements.map { Choice(value: $0.id, label: "\($0.id) \($0.name)", selected: filter.statement == $0.id) },
            overdue: filter.overdue, canCreate: Permission.createActions.allows(actor.role), errors: errors)
        return try await req.view.render("actions/list", ctx)
    }

    // MARK: create and edit

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
        var interim_controls: String?
        var due_day: String?
        var status: String?
        var version: String?

        var values: [String: String] {
            var d: [String: String] = [:]
            let pairs: [(String, String?)] = [
                ("title", title), ("theme", theme), ("service", service), ("source", source), ("baseline", baseline),
                ("baseline_day", baseline_day), ("metric", metric), ("direction", direction), ("baseline_value", baseline_value),
                ("target_value", target_value), ("target_day", target_day), ("harm", harm), ("people_affected", people_affected),
                ("recurrence", recurrence), ("regulatory_impact", regulatory_impact), ("control_weakness", control_weakness),
                ("lead", lead), ("reviewer", reviewer), ("route", route), ("interim_controls", interim_controls),
                ("due_day", due_day), ("status", status),
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
                if let v = TargetDirection(rawValue: d) { i.direction = v } else { e.append(FieldError("direction", "Choose higher or lower.")) }
            }
            i.baselineValue = FormParse.number(baseline_value, "baseline_value", "Baseline value", into: &e)
            i.targetValue = FormParse.number(target_value, "target_value", "Target value", into: &e)
            i.targetDay = FormParse.day(target_day, "target_day", "Target day", into: &e)
            i.harm = FormParse.int(harm, "harm", "Potential harm", into: &e)
            i.peopleAffected = FormParse.int(people_affected, "people_affected", "People affected", into: &e)
            i.recurrence = FormParse.int(recurrence, "recurrence", "Likelihood of recurrence", into: &e)
            i.regulatoryImpact = FormParse.int(regulatory_impact, "regulatory_impact", "Regulatory impact", into: &e)
            i.controlWeakness = FormParse.int(control_weakness, "control_weakness", "Weakness of current controls", into: &e)
            i.leadID = FormParse.uuid(lead, "lead", "a lead", into: &e)
            i.reviewerID = FormParse.uuid(reviewer, "reviewer", "a senior reviewer", into: &e)
            i.routeID = FormParse.uuid(route, "route", "a review route", into: &e)
            i.interimControls = text(interim_controls)
            if creating { i.dueDay = FormParse.day(due_day, "due_day", "Due day", into: &e) }
            if let s = status, !s.isEmpty { i.initialStatus = ActionStatus(rawValue: s) }
            return (i, e)
        }
    }

    func formPage(_ req: Request, actor: Actor, heading: String, action: String, isEdit: Bool, version: Int,
                  values: [String: String], statements: Set<String>, errors: [FieldError], cancel: String) async throws -> ActionFormPage {
        let services = try await Service.query(on: req.db).visible(to: actor).sort(\.$name).all()
        let sources = try await Source.query(on: req.db).visible(to: actor).with(\.$service).sort(\.$raisedOn, .descending).all()
        let people = try await User.query(on: req.db).filter(\.$organisation.$id == actor.organisationID)
            .filter(\.$active == true).filter(\.$role != .commissioner).sort(\.$name).all()
        let routes = try await ReviewRoute.query(on: req.db).filter(\.$organisation.$id == actor.organisationID).sort(\.$name).all()
        let state = FormState(values: values, errors: errors)
        func opt(_ id: UUID?, _ label: String, _ key: String) -> Choice {
            Choice(value: id?.uuidString ?? "", label: label, selected: values[key] == id?.uuidString)
        }
        let factors = RiskFactors.fieldNames.map { f in
            FactorField(key: f.key, label: f.label, hint: Self.factorHints[f.key] ?? "",
                        options: (1...5).map { Choice(value: String($0), label: "\($0) – \(Self.scaleWords[$0 - 1])", selected: values[f.key] == String($0)) },
                        error: state.errors[f.key])
        }
        return ActionFormPage(
            layout: Layout(req, title: heading, section: "actions"), heading: heading, formAction: action, isEdit: isEdit,
            version: version, form: state,
            services: services.map { opt($0.id, $0.name, "service") },
            sources: sources.map { opt($0.id, "\($0.service.name): \($0.kind.label) – \($0.title) (\(Day(iso: $0.raisedOn)?.ukFormat ?? $0.raisedOn))", "source") },
            leads: people.filter { $0.role.canLeadActions }.map { opt($0.id, "\($0.name) (\($0.role.label))", "lead") },
            reviewers: people.filter { $0.role.isManagerOrAbove }.map { opt($0.id, "\($0.name) (\($0.role.label))", "reviewer") },
            routes: routes.map { opt($0.id, "\($0.name) (\($0.kind.label), every \($0.cadenceDays) days)", "route") },
            directions: TargetDirection.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: values["direction"] == $0.rawValue) },
            factors: factors,
            statementGroups: Framework.bundled.keyQuestions.map { kq in
                StatementGroup(name: kq.name, statements: kq.statements.map { Choice(value: $0.id, label: "\($0.id) \($0.name)", selected: statements.contains($0.id)) })
            },
            statuses: [Choice(value: "open", label: "Open now", selected: values["status"] != "draft"),
                       Choice(value: "draft", label: "Save as a draft", selected: values["status"] == "draft")],
            cancelHref: cancel)
    }

    static let scaleWords = ["very low", "low", "moderate", "high", "very high"]
    static let factorHints = [
        "harm": "How badly could people be hurt if this goes wrong?",
        "people_affected": "How many people who use the service could be affected?",
        "recurrence": "How likely is it to happen again without action?",
        "regulatory_impact": "How serious is this for the CQC or the commissioner?",
        "control_weakness": "How weak are the controls in place today?",
    ]

    @Sendable func newForm(req: Request) async throws -> View {
        let actor = try req.actor
        try actor.require(.createActions)
        var values: [String: String] = ["baseline_day": Self.today().iso, "direction": "higher", "status": "open"]
        if let s = try? req.query.get(String.self, at: "service") { values["service"] = s }
        let page = try await formPage(req, actor: actor, heading: "New recovery action", action: Paths.actions, isEdit: false, version: 0,
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
            let a = try await ActionService(db: req.db, actor: actor, today: Self.today()).create(input)
            req.flash("Action \(a.reference) created.")
            return req.redirect(to: Paths.action(a.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            let page = try await formPage(req, actor: actor, heading: "New recovery action", action: Paths.actions, isEdit: false, version: 0,
                                          values: form.values, statements: Set(form.statements ?? []), errors: e.fieldErrors, cancel: Paths.actions)
            let res = try await req.view.render("actions/form", page).encodeResponse(for: req)
            res.status = .unprocessableEntity
            return res
        }
    }

    static func values(of a: RecoveryAction) -> [String: String] {
        ["title": a.title, "theme": a.theme, "service": a.$service.id.uuidString, "source": a.$source.id?.uuidString ?? "",
         "baseline": a.baseline, "baseline_day": a.baselineDay, "metric": a.metric, "direction": a.direction.rawValue,
         "baseline_value": ActionRules.display(a.baselineValue), "target_value": ActionRules.display(a.targetValue),
         "target_day": a.targetDay, "harm": String(a.riskHarm), "people_affected": String(a.riskPeople),
         "recurrence": String(a.riskRecurrence), "regulatory_impact": String(a.riskRegulatory), "control_weakness": String(a.riskControls),
         "lead": a.$lead.id.uuidString, "reviewer": a.$reviewer.id.uuidString, "route": a.$route.id.uuidString,
         "interim_controls": a.interimControls, "due_day": a.dueDay]
    }

    @Sendable func editForm(req: Request) async throws -> View {
        let actor = try req.actor
        try actor.require(.editActions)
        let a = try await Access.action(try id(req), for: actor, on: req.db)
        let statements = try await a.$statements.query(on: req.db).all().map(\.statementID)
        let page = try await formPage(req, actor: actor, heading: "Edit \(a.reference)", action: Paths.editAction(a.id!), isEdit: true,
                                      version: a.version, values: Self.values(of: a), statements: Set(statements), errors: [],
                                      cancel: Paths.action(a.id!))
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
            let a = try await ActionService(db: req.db, actor: actor, today: Self.today()).update(actionID, input, version: version)
            req.flash("Changes to \(a.reference) saved.")
            return req.redirect(to: Paths.action(actionID))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            var values = form.values
            values["due_day"] = current.dueDay
            let page = try await formPage(req, actor: actor, heading: "Edit \(current.reference)", action: Paths.editAction(actionID), isEdit: true,
                                          version: e.status == .conflict ? current.version : (version ?? current.version),
                                          values: values, statements: Set(form.statements ?? []),
                                          errors: e.status == .conflict ? [FieldError("version", e.reason)] : e.fieldErrors,
                                          cancel: Paths.action(actionID))
            let res = try await req.view.render("actions/form", page).encodeResponse(for: req)
            res.status = e.status
            return res
        }
    }

    // MARK: the action page

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("actions/show", try await actionPage(req, form: FormState()))
    }

    func actionPage(_ req: Request, form: FormState, tab forcedTab: String? = nil) async throws -> ActionPage {
        let actor = try req.actor
        let actionID = try id(req)
        let a = try await Access.action(actionID, for: actor, on: req.db)
        try await a.$service.load(on: req.db)
        try await a.$lead.load(on: req.db)
        try await a.$reviewer.load(on: req.db)
        try await a.$route.load(on: req.db)
        try await a.$source.load(on: req.db)
        let statements = try await a.$statements.query(on: req.db).all().map(\.statementID).sorted()
        let steps = try await a.$steps.query(on: req.db).with(\.$owner).sort(\.$position).all()
        let changes = try await DueDayChange.query(on: req.db).filter(\.$action.$id == actionID).with(\.$changedBy).sort(\.$createdAt).all()
        let tab = forcedTab ?? (try? req.query.get(String.self, at: "tab")).flatMap { ["overview", "steps", "history"].contains($0) ? $0 : nil } ?? "overview"
        var history: [ActionPage.History] = []
        if tab == "history" {
            let entries = try await AuditEntry.query(on: req.db).filter(\.$organisation.$id == actor.organisationID)
                .filter(\.$entityID == actionID).sort(\.$seq, .descending).limit(500).all()
            history = entries.map { e in
                let changes = (try? JSONDecoder().decode([AuditChange].self, from: Data(e.changes.utf8))) ?? []
                return .init(at: UKTime.format(e.at), actor: e.actorName, operation: e.operation.replacingOccurrences(of: "_", with: " "),
                             changes: changes.map { .init(field: $0.field.replacingOccurrences(of: "_", with: " "), before: $0.before ?? "—", after: $0.after ?? "—") })
            }
        }
        let today = Self.today()
        let due = Day(iso: a.dueDay)!
        let nextReview = Day(iso: a.nextReviewDay)
        let rating = try? RiskMatrix.version(a.riskMatrixVersion)?.rate(a.factors)
        let fw = Framework.bundled
        let canEdit = Permission.editActions.allows(actor.role)
        let canMove = actor.role.isManagerOrAbove || a.$lead.id == actor.id
        let overdue = ActionRules.isOverdue(status: a.status, dueDay: due, today: today)
        let people = canEdit ? try await User.query(on: req.db).filter(\.$organisation.$id == actor.organisationID)
            .filter(\.$active == true).filter(\.$role != .commissioner).sort(\.$name).all() : []
        let f = a.factors
        return ActionPage(
            layout: Layout(req, title: "\(a.reference) \(a.title)", section: "actions"),
            id: actionID.uuidString, tab: tab,
            tabs: [("overview", "Overview"), ("steps", "Steps (\(steps.count))"), ("history", "History")].map {
                Choice(value: Paths.action(actionID, tab: $0.0), label: $0.1, selected: tab == $0.0)
            },
            reference: a.reference, title: a.title, theme: a.theme, service: a.service.name, status: a.status.label,
            statusReason: a.statusReason, band: a.riskBand.label, bandClass: "band-" + a.riskBand.rawValue, score: a.riskScore,
            severity: rating?.severity ?? 0, likelihood: rating?.likelihood ?? 0,
            factors: zip(RiskFactors.fieldNames, [f.harm, f.peopleAffected, f.recurrence, f.regulatoryImpact, f.controlWeakness]).map {
                Choice(value: String($0.1), label: $0.0.label, selected: false)
            },
            matrixVersion: a.riskMatrixVersion, lead: a.lead.name, reviewer: a.reviewer.name,
            route: "\(a.route.name) (\(a.route.kind.label))",
            source: a.source.map { "\($0.kind.label): \($0.title)" + ($0.regulation.map { " — Regulation \($0)" } ?? "") },
            baseline: a.baseline, baselineDay: Day(iso: a.baselineDay)?.ukFormat ?? a.baselineDay, metric: a.metric,
            direction: a.direction.label, baselineValue: ActionRules.display(a.baselineValue), targetValue: ActionRules.display(a.targetValue),
            targetDay: Day(iso: a.targetDay)?.ukFormat ?? a.targetDay, interimControls: a.interimControls,
            due: due.ukFormat, overdue: overdue, nextReview: nextReview?.ukFormat ?? "",
            reviewOverdue: a.status.isLive && ReviewPolicy.isReviewOverdue(nextReview: nextReview, today: today),
            reviewPolicy: a.reviewPolicyVersion,
            statements: statements.map { .init(id: $0, name: fw.statement($0)?.name ?? "", keyQuestion: fw.keyQuestion(ofStatement: $0)?.name ?? "") },
            steps: steps.map { s in
                let sd = Day(iso: s.dueDay)
                return .init(position: s.position, what: s.what,
                             owner: [s.owner?.name, s.ownerRole.isEmpty ? nil : s.ownerRole].compactMap { $0 }.joined(separator: ", "),
                             whereRecorded: s.whereRecorded, due: sd?.ukFormat ?? s.dueDay,
                             done: s.doneOn.flatMap { Day(iso: $0)?.ukFormat }, overdue: s.doneOn == nil && (sd.map { $0 < today } ?? false),
                             doneHref: Paths.actionStepDone(actionID, s.id!),
                             canComplete: s.doneOn == nil && (actor.role.isManagerOrAbove || a.$lead.id == actor.id || s.$owner.id == actor.id))
            },
            dueChanges: changes.map { .init(at: UKTime.format($0.createdAt ?? Date()), from: Day(iso: $0.fromDay)?.ukFormat ?? $0.fromDay,
                                            to: Day(iso: $0.toDay)?.ukFormat ?? $0.toDay, reason: $0.reason, controlChange: $0.controlChange,
                                            by: $0.changedBy.name) },
            history: history, version: a.version, canEdit: canEdit, canMove: canMove,
            transitions: a.status.plainTargets.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            editHref: Paths.editAction(actionID), transitionHref: Paths.actionTransition(actionID),
            dueDayHref: Paths.actionDueDay(actionID), stepsHref: Paths.actionSteps(actionID), dueDayISO: a.dueDay,
            stepOwners: people.map { Choice(value: $0.id!.uuidString, label: "\($0.name) (\($0.role.label))", selected: false) },
            form: form, needsControlChange: overdue && a.riskBand.isHighOrExtreme)
    }

    func rerender(_ req: Request, _ e: AppError, values: [String: String], tab: String? = nil) async throws -> Response {
        let errors = e.fieldErrors.isEmpty ? [FieldError("form", e.reason)] : e.fieldErrors
        let page = try await actionPage(req, form: FormState(values: values, errors: errors), tab: tab)
        let res = try await req.view.render("actions/show", page).encodeResponse(for: req)
        res.status = e.status
        return res
    }

    struct TransitionForm: Content { var to: String?; var reason: String?; var version: String? }

    @Sendable func transition(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let form = try req.content.decode(TransitionForm.self)
        do {
            guard let to = form.to.flatMap(ActionStatus.init(rawValue:)) else { throw AppError.invalid("to", "Choose the status to move to.") }
            let a = try await ActionService(db: req.db, actor: actor, today: Self.today())
                .transition(actionID, to: to, reason: form.reason, version: form.version.flatMap { Int($0) })
            req.flash("\(a.reference) is now \(a.status.label.lowercased()).")
            return req.redirect(to: Paths.action(actionID))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            return try await rerender(req, e, values: ["to": form.to ?? "", "reason": form.reason ?? ""])
        }
    }

    struct DueDayForm: Content { var due_day: String?; var reason: String?; var control_change: String?; var version: String? }

    @Sendable func changeDueDay(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let form = try req.content.decode(DueDayForm.self)
        var parse: [FieldError] = []
        let day = FormParse.day(form.due_day, "due_day", "The new due day", into: &parse)
        do {
            if !parse.isEmpty { throw AppError.invalid(parse) }
            let a = try await ActionService(db: req.db, actor: actor, today: Self.today())
                .changeDueDay(actionID, to: day, reason: form.reason ?? "", controlChange: form.control_change ?? "",
                              version: form.version.flatMap { Int($0) })
            req.flash("\(a.reference) is now due \(Day(iso: a.dueDay)!.ukFormat).")
            return req.redirect(to: Paths.action(actionID))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            return try await rerender(req, e, values: ["due_day": form.due_day ?? "", "reason": form.reason ?? "", "control_change": form.control_change ?? ""])
        }
    }

    struct StepForm: Content { var what: String?; var owner_role: String?; var owner: String?; var where_recorded: String?; var due_day: String? }

    @Sendable func addStep(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let form = try req.content.decode(StepForm.self)
        var parse: [FieldError] = []
        let due = FormParse.day(form.due_day, "due_day", "The step's due day", into: &parse)
        let owner = FormParse.uuid(form.owner, "owner", "a person", into: &parse)
        do {
            if !parse.isEmpty { throw AppError.invalid(parse) }
            _ = try await ActionService(db: req.db, actor: actor, today: Self.today())
                .addStep(actionID, .init(what: form.what ?? "", ownerRole: form.owner_role ?? "", ownerID: owner,
                                         whereRecorded: form.where_recorded ?? "", dueDay: due))
            req.flash("Step added.")
            return req.redirect(to: Paths.action(actionID, tab: "steps"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(req, e, values: ["what": form.what ?? "", "owner_role": form.owner_role ?? "",
                                                       "where_recorded": form.where_recorded ?? "", "step_due_day": form.due_day ?? ""], tab: "steps")
        }
    }

    @Sendable func completeStep(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let stepID = try id(req, "step")
        try await ActionService(db: req.db, actor: actor, today: Self.today()).completeStep(actionID, stepID)
        req.flash("Step marked done.")
        return req.redirect(to: Paths.action(actionID, tab: "steps"))
    }
}
