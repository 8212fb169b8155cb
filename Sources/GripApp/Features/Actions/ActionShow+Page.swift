import Fluent
import GripCore
import Vapor

extension ActionsWebController {
    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("actions/show", try await actionPage(req, form: FormState()))
    }

    func actionPage(_ req: Request, form: FormState, tab forcedTab: String? = nil) async throws -> ActionPage {
        let actor = try req.actor
        let actionID = try id(req)
        let a = try await ActionQueries.withParents(actionID, for: actor, on: req.db)
        let catalogue = FrameworkCatalogue(db: req.db, organisationID: actor.organisationID)
        let fw = try await catalogue.inForceRemembered().framework
        let (mappings, steps, changes) = try await ActionQueries.parts(of: a, on: req.db)
        let statements = mappings.filter { $0.framework == fw.id }.map(\.itemID)
        let others = mappings.filter { $0.framework != fw.id }
        let otherVersions = others.isEmpty ? [:] : try await catalogue.byID(Set(others.map(\.framework)))
        let tab =
            forcedTab ?? (try? req.query.get(String.self, at: "tab")).flatMap {
                ["overview", "steps", "evidence", "reviews", "closure", "history"].contains($0) ? $0 : nil
            } ?? "overview"
        var history: [ActionPage.History] = []
        if tab == "history" {
            let entries = try await ActionQueries.history(of: actionID, for: actor, on: req.db)
            history = entries.map { e in
                let changes = (try? JSONDecoder().decode([AuditChange].self, from: Data(e.changes.utf8))) ?? []
                return .init(
                    at: UKTime.format(e.at), actor: e.actorName,
                    operation: e.operation.replacingOccurrences(of: "_", with: " "),
                    changes: changes.map {
                        .init(
                            field: $0.field.replacingOccurrences(of: "_", with: " "), before: $0.before ?? "—",
                            after: $0.after ?? "—")
                    })
            }
        }
        let today = req.today
        let due = Day(iso: a.dueDay)!
        let nextReview = Day(iso: a.nextReviewDay)
        let rating = try? RiskMatrix.version(a.riskMatrixVersion)?.rate(a.factors)
        let canEdit = actor.may(.editActions)
        let canMove = actor.may(.changeActionStatus, actor.relation(to: a))
        let overdue = ActionRules.isOverdue(status: a.status, dueDay: due, today: today)
        let people =
            canEdit || actor.may(.recordEvidence)
            ? try await People.choices(organisationID: actor.organisationID, serviceID: a.$service.id, on: req.db) : []
        let f = a.factors
        let extras = try await ActionExtras.build(
            req, action: a, actor: actor, framework: fw, statements: statements,
            people: people, tab: tab, today: today)
        let values = try a.values(statements: statements)
        let shown = Dictionary(uniqueKeysWithValues: ActionFields.all.map { ($0.name, $0.display(values)) })
        return ActionPage(
            layout: Layout(req, title: "\(a.reference) \(a.title)", section: "actions"),
            id: actionID.uuidString, tab: tab,
            tabs: [
                ("overview", "Overview"), ("steps", "Steps (\(steps.count))"),
                ("evidence", "Evidence (\(extras.evidence.count))"),
                ("reviews", "Reviews (\(extras.reviews.count))"), ("closure", "Closure"), ("history", "History")
            ].map {
                Choice(value: Paths.action(actionID, tab: $0.0), label: $0.1, selected: tab == $0.0)
            },
            reference: a.reference, shown: shown, service: a.service.name, status: a.status.label,
            statusReason: a.statusReason, band: a.riskBand.label, bandClass: "band-" + a.riskBand.rawValue,
            score: a.riskScore,
            severity: rating?.severity ?? 0, likelihood: rating?.likelihood ?? 0,
            factors: zip(
                RiskFactors.fieldNames, [f.harm, f.peopleAffected, f.recurrence, f.regulatoryImpact, f.controlWeakness]
            ).map {
                Choice(value: String($0.1), label: $0.0.label, selected: false)
            },
            matrixVersion: a.riskMatrixVersion, lead: a.lead.name, reviewer: a.reviewer.name,
            route: "\(a.route.name) (\(a.route.kind.label))",
            source: a.source.map {
                "\($0.kind.label): \($0.title)" + ($0.regulation.map { " — Regulation \($0)" } ?? "")
            },
            overdue: overdue, nextReview: nextReview?.ukFormat ?? "",
            reviewOverdue: a.status.isLive && ReviewPolicy.isReviewOverdue(nextReview: nextReview, today: today),
            reviewPolicy: a.reviewPolicyVersion,
            itemsLabel: fw.itemsLabel, frameworkName: fw.name,
            statements: statements.map {
                .init(
                    id: $0, name: fw.item($0)?.title ?? "",
                    keyQuestion: fw.group(ofItem: $0)?.title ?? "")
            },
            otherMappings: others.map { m in
                "\(m.framework): \(otherVersions[m.framework]?.label(ofItem: m.itemID) ?? m.itemID)"
            },
            steps: steps.map { s in
                let sd = Day(iso: s.dueDay)
                return .init(
                    position: s.position, what: s.what,
                    owner: [s.owner?.name, s.ownerRole.isEmpty ? nil : s.ownerRole].compactMap { $0 }.joined(
                        separator: ", "),
                    whereRecorded: s.whereRecorded, due: sd?.ukFormat ?? s.dueDay,
                    done: s.doneOn.flatMap { Day(iso: $0)?.ukFormat },
                    overdue: s.doneOn == nil && (sd.map { $0 < today } ?? false),
                    doneHref: Paths.actionStepDone(actionID, s.id!),
                    canComplete: s.doneOn == nil
                        && actor.may(.completeStep, actor.relation(to: a, isOwner: s.$owner.id == actor.id)))
            },
            dueChanges: changes.map {
                .init(
                    at: UKTime.format($0.createdAt ?? req.now), from: Day(iso: $0.fromDay)?.ukFormat ?? $0.fromDay,
                    to: Day(iso: $0.toDay)?.ukFormat ?? $0.toDay, reason: $0.reason,
                    controlChange: [$0.controlChange, $0.escalation.map { "Escalated: \($0)" } ?? ""]
                        .filter { !$0.isEmpty }.joined(separator: " "),
                    by: $0.changedBy.name)
            },
            history: history, version: a.version, canEdit: canEdit, canMove: canMove,
            transitions: a.status.plainTargets.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            editHref: Paths.editAction(actionID), transitionHref: Paths.actionTransition(actionID),
            dueDayHref: Paths.actionDueDay(actionID), stepsHref: Paths.actionSteps(actionID), dueDayISO: a.dueDay,
            stepOwners: (canEdit ? people : []).map {
                Choice(value: $0.id!.uuidString, label: "\($0.name) (\($0.role.label))", selected: false)
            },
            form: form, needsControlChange: a.riskBand.isHighOrExtreme, extras: extras, pending: extras.pending,
            learningHref: a.status.isGated && actor.may(.shareLearning)
                ? SiteRoute.learning.pattern + "?action=\(actionID.uuidString)#share" : nil)
    }

    func rerender(_ req: Request, _ e: AppError, values: [String: String], tab: String? = nil) async throws -> Response
    {
        let errors = e.fieldErrors.isEmpty ? [FieldError("form", e.reason)] : e.fieldErrors
        let page = try await actionPage(req, form: FormState(values: values, errors: errors), tab: tab)
        return try await req.render("actions/show", page, status: e.status)
    }

    struct TransitionForm: Content { var to: String?; var reason: String?; var version: String? }

    @Sendable func transition(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let service = ActionService(db: req.db, actor: actor, today: req.today)
        try service.requireCanMove(try await Access.action(actionID, for: actor, on: req.db))
        let form = try req.content.decode(TransitionForm.self)
        do {
            guard let to = form.to.flatMap(ActionStatus.init(rawValue:)) else {
                throw AppError.invalid("to", "Choose the status to move to.")
            }
            switch try await service
                .transition(actionID, to: to, reason: form.reason, version: form.version.flatMap { Int($0) })
            {
            case .applied(let a):
                req.flash("\(a.reference) is now \(a.status.label.lowercased()).")
            case .proposed:
                req.flash(
                    "Cancelling this action needs a second person: it is proposed, and counts everywhere "
                        + "until someone who may approve it does.")
            }
            return req.redirect(to: Paths.action(actionID))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            return try await rerender(req, e, values: ["to": form.to ?? "", "reason": form.reason ?? ""])
        }
    }

    struct DueDayForm: Content {
        var due_day: String?; var reason: String?; var control_change: String?; var escalation: String?;
        var version: String?
    }

    @Sendable func changeDueDay(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let form = try req.content.decode(DueDayForm.self)
        var parse: [FieldError] = []
        let day = FormParse.day(form.due_day, "due_day", "The new due day", into: &parse)
        do {
            if !parse.isEmpty { throw AppError.invalid(parse) }
            let a = try await ActionService(db: req.db, actor: actor, today: req.today)
                .changeDueDay(
                    actionID, to: day, reason: form.reason ?? "", controlChange: form.control_change ?? "",
                    escalation: form.escalation ?? "", version: form.version.flatMap { Int($0) })
            req.flash("\(a.reference) is now due \(Day(iso: a.dueDay)!.ukFormat).")
            return req.redirect(to: Paths.action(actionID))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            return try await rerender(
                req, e,
                values: [
                    "due_day": form.due_day ?? "", "reason": form.reason ?? "",
                    "control_change": form.control_change ?? "", "escalation": form.escalation ?? ""
                ])
        }
    }

    struct StepForm: Content {
        var what: String?; var owner_role: String?; var owner: String?; var where_recorded: String?;
        var due_day: String?
    }

    @Sendable func addStep(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let form = try req.content.decode(StepForm.self)
        var parse: [FieldError] = []
        let due = FormParse.day(form.due_day, "due_day", "The step's due day", into: &parse)
        let owner = FormParse.uuid(form.owner, "owner", "a person", into: &parse)
        do {
            if !parse.isEmpty { throw AppError.invalid(parse) }
            _ = try await ActionService(db: req.db, actor: actor, today: req.today)
                .addStep(
                    actionID,
                    .init(
                        what: form.what ?? "", ownerRole: form.owner_role ?? "", ownerID: owner,
                        whereRecorded: form.where_recorded ?? "", dueDay: due))
            req.flash("Step added.")
            return req.redirect(to: Paths.action(actionID, tab: "steps"))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(
                req, e,
                values: [
                    "what": form.what ?? "", "owner_role": form.owner_role ?? "",
                    "where_recorded": form.where_recorded ?? "", "step_due_day": form.due_day ?? ""
                ], tab: "steps")
        }
    }

    @Sendable func completeStep(req: Request) async throws -> Response {
        let actor = try req.actor
        let actionID = try id(req)
        let stepID = try id(req, "step")
        try await ActionService(db: req.db, actor: actor, today: req.today).completeStep(actionID, stepID)
        req.flash("Step marked done.")
        return req.redirect(to: Paths.action(actionID, tab: "steps"))
    }
}
