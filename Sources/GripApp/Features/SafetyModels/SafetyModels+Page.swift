import Fluent
import GripCore
import Vapor

/// A service's safety-critical operating models (issue 36), and each model's page: today's checks recorded in one
/// tap each (a phone's plain form), verifications, the daily completion and verification rates as SPC charts, the
/// owner's re-signing, lapses, and the stand-down a second person approves.
struct SafetyModelsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.serviceSafetyModels, use: list)
        routes.post(.serviceSafetyModels, use: setUp)
        routes.get(.safetyModel, use: show)
        routes.post(.safetyModelChecks, use: check)
        routes.post(.safetyModelVerifications, use: verify)
        routes.post(.safetyModelReSign, use: reSign)
        routes.post(.safetyModelStandDown, use: standDown)
    }

    /// The most checks the set-up form offers (the API takes up to 12).
    static let formChecks = 6

    struct ModelRow: Encodable {
        let title: String; let href: String; let state: String; let lapsed: Bool; let since: String
        let plannedEnd: String; let today: String
    }

    struct CheckField: Encodable { let n: Int; let title: String; let frequencies: [Choice]; let error: String? }

    struct ListPage: Encodable {
        let layout: Layout
        let service: String
        let serviceID: String
        let dashboardHref: String
        let models: [ModelRow]
        let canSetUp: Bool
        let checks: [CheckField]
        let actions: [Choice]
        let form: FormState
    }

    static func stateTag(_ s: SafetyModel.State) -> Bool {
        if case .lapsed = s { return true }
        return false
    }

    static func frequencies(selected: String) -> [Choice] {
        [
            ("shift", "Every shift"), ("1", "Once a day"), ("2", "Twice a day"), ("3", "3 times a day"),
            ("4", "4 times a day"), ("6", "6 times a day"), ("12", "12 times a day"), ("24", "Every hour")
        ]
        .map { Choice(value: $0.0, label: $0.1, selected: $0.0 == selected) }
    }

    static func listPage(_ req: Request, form: FormState = FormState()) async throws -> ListPage {
        let actor = try req.actor
        let (service, models) = try await SafetyModelService(db: req.db, actor: actor, today: req.today)
            .list(serviceID: try req.uuid("id", notFound: "service"))
        let sid = try service.requireID()
        let canSetUp = actor.may(.keepSafetyModels)
        let actions =
            canSetUp
            ? try await RecoveryAction.query(on: req.db).visible(to: actor).filter(\.$service.$id == sid)
                .sort(\.$reference).limit(500).all().filter(\.status.isLive) : []
        let chosen = Set((form.values["protects"] ?? "").split(separator: ",").map(String.init))
        return ListPage(
            layout: Layout(req, title: "Safety-critical operating models: \(service.name)", section: "dashboard"),
            service: service.name, serviceID: sid.uuidString, dashboardHref: Paths.serviceDashboard(sid),
            models: try models.map { s in
                ModelRow(
                    title: s.model.title, href: Paths.safetyModel(try s.model.requireID()), state: s.state.label,
                    lapsed: stateTag(s.state), since: Day(iso: s.model.startDay)?.ukFormat ?? s.model.startDay,
                    plannedEnd: Day(iso: s.model.plannedEndDay)?.ukFormat ?? s.model.plannedEndDay,
                    today: s.today.map { "\($0.done) of \($0.due)" } ?? "—")
            },
            canSetUp: canSetUp,
            checks: (1...formChecks).map { n in
                CheckField(
                    n: n, title: form.values["check_\(n)_title"] ?? "",
                    frequencies: frequencies(selected: form.values["check_\(n)_frequency"] ?? "shift"),
                    error: form.errors["check_\(n)_title"] ?? form.errors["check_\(n)_frequency"])
            },
            actions: try actions.map { a in
                let id = try a.requireID().uuidString
                return Choice(value: id, label: "\(a.reference) \(a.title)", selected: chosen.contains(id))
            },
            form: form.values.isEmpty
                ? FormState(values: [
                    "start_day": req.today.iso, "planned_end_day": req.today.adding(days: 13).iso,
                    "re_sign_days": String(SafetyModel.defaultReSignDays), "shifts_per_day": "3"
                ]) : form)
    }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render("safety/service", try await Self.listPage(req))
    }

    struct SetUpForm: Content {
        var title: String?; var start_day: String?; var planned_end_day: String?; var re_sign_days: String?
        var shifts_per_day: String?; var completed_by: String?; var verified_by: String?; var protects: [String]?
        var check_1_title: String?; var check_1_frequency: String?; var check_2_title: String?
        var check_2_frequency: String?; var check_3_title: String?; var check_3_frequency: String?
        var check_4_title: String?; var check_4_frequency: String?; var check_5_title: String?
        var check_5_frequency: String?; var check_6_title: String?; var check_6_frequency: String?

        var checkFields: [(title: String?, frequency: String?)] {
            [
                (check_1_title, check_1_frequency), (check_2_title, check_2_frequency),
                (check_3_title, check_3_frequency), (check_4_title, check_4_frequency),
                (check_5_title, check_5_frequency), (check_6_title, check_6_frequency)
            ]
        }
    }

    @Sendable func setUp(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try req.uuid("id", notFound: "service")
        _ = try await Access.service(id, for: actor, on: req.db)
        try actor.require(.keepSafetyModels)
        let f = try req.content.decode(SetUpForm.self)
        var values = [
            "title": f.title ?? "", "start_day": f.start_day ?? "", "planned_end_day": f.planned_end_day ?? "",
            "re_sign_days": f.re_sign_days ?? "", "shifts_per_day": f.shifts_per_day ?? "",
            "completed_by": f.completed_by ?? "", "verified_by": f.verified_by ?? "",
            "protects": (f.protects ?? []).joined(separator: ",")
        ]
        var errors: [FieldError] = []
        let start = FormParse.day(f.start_day, "start_day", "The start", into: &errors)
        let end = FormParse.day(f.planned_end_day, "planned_end_day", "The planned end", into: &errors)
        let reSign = FormParse.int(f.re_sign_days, "re_sign_days", "Re-sign every", into: &errors)
        let shifts = FormParse.int(f.shifts_per_day, "shifts_per_day", "Shifts a day", into: &errors)
        // Filled rows only, remembering which row of the form each came from (for naming its errors).
        var rows: [Int] = []
        var checks: [(title: String, timesADay: Int?)] = []
        for (i, c) in f.checkFields.enumerated() {
            values["check_\(i + 1)_title"] = c.title ?? ""
            values["check_\(i + 1)_frequency"] = c.frequency ?? ""
            guard let title = c.title, !title.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let freq = c.frequency ?? "shift"
            if freq != "shift" && Int(freq) == nil {
                errors.append(FieldError("check_\(i + 1)_frequency", "Choose how often from the list."))
            }
            rows.append(i + 1)
            checks.append((title, freq == "shift" ? nil : Int(freq) ?? 1))
        }
        var protects: [UUID] = []
        for raw in f.protects ?? [] {
            if let u = UUID(uuidString: raw) {
                protects.append(u)
            } else {
                errors.append(FieldError("protects", "Choose actions from the list."))
            }
        }
        do {
            let input = SafetyModelService.Input(
                title: f.title ?? "", startDay: start, plannedEndDay: end, reSignDays: reSign, shiftsPerDay: shifts,
                completedBy: f.completed_by ?? "", verifiedBy: f.verified_by ?? "", checks: checks, protects: protects)
            if !errors.isEmpty {
                let more = SafetyModelService.problems(input, today: req.today).problems
                throw AppError.invalid(errors + more.filter { p in !errors.contains { $0.field == p.field } })
            }
            let m = try await SafetyModelService(db: req.db, actor: actor, today: req.today).setUp(
                serviceID: id, input)
            req.flash("Model set up: it is in force from \(Day(iso: m.startDay)?.ukFormat ?? m.startDay).")
            return req.redirect(to: Paths.safetyModel(try m.requireID()))
        } catch let e as AppError where e.status == .unprocessableEntity {
            // GripCore names a check `checks[i].x`, i among the filled rows: the form's row is `check_<n>_x`.
            let named = e.fieldErrors.map { err -> FieldError in
                guard err.field.hasPrefix("checks["),
                    let i = Int(err.field.dropFirst("checks[".count).prefix(while: \.isNumber)), i < rows.count
                else { return err.field == "checks" ? FieldError("check_1_title", err.message) : err }
                let part = err.field.hasSuffix("frequency") ? "frequency" : "title"
                return FieldError("check_\(rows[i])_\(part)", err.message)
            }
            return try await req.render(
                "safety/service", try await Self.listPage(req, form: FormState(values: values, errors: named)),
                status: e.status)
        }
    }

    // MARK: one model

    struct CheckRow: Encodable {
        let key: String; let title: String; let often: String; let done: Int; let due: Int; let complete: Bool
    }
    struct RateRow: Encodable { let day: String; let due: Int; let done: Int; let verified: Int }
    struct VerificationRow: Encodable {
        let day: String; let check: String; let method: String; let held: Bool; let found: String; let by: String
    }
    struct Link: Encodable { let label: String; let href: String }

    struct ModelPage: Encodable {
        let layout: Layout
        let id: String
        let version: Int
        let title: String
        let service: String
        let listHref: String
        let state: String
        let lapsed: Bool
        let live: Bool
        let since: String
        let plannedEnd: String
        let reSignEvery: Int
        let owner: String
        let completedBy: String
        let verifiedBy: String
        let protects: [Link]
        let today: String
        let todayISO: String
        let checks: [CheckRow]
        let canRecord: Bool
        let canVerify: Bool
        let canReSign: Bool
        let canStandDown: Bool
        let completionChart: HTML?
        let verificationChart: HTML?
        let warning: String?
        let rates: [RateRow]
        let lapses: [String]
        let signatures: [String]
        let verifications: [VerificationRow]
        let checkChoices: [Choice]
        let methods: [Choice]
        let stoodDown: String?
        let pending: PendingPanel?
        let form: FormState
    }

    static func modelPage(_ req: Request, form: FormState = FormState()) async throws -> ModelPage {
        let actor = try req.actor
        let p = try await SafetyModelService(db: req.db, actor: actor, today: req.today)
            .position(try req.uuid("model", notFound: "safety-critical operating model"))
        let m = p.model
        let id = try m.requireID()
        var live = false
        if case .inForce = p.state { live = true }
        if case .lapsed = p.state { live = true }
        let todayRates = p.rates.last { $0.day == req.today }
        let pending = try p.pending.map { c in
            var relation = RecordRelation()
            relation.isProposer = c.$proposedBy.id == actor.id
            return try PendingPanel(c, actor: actor, relation: relation, href: SiteRoute.change(c.id!))
        }
        // Whole days only: today's checks are still being done (they show under Today's checks).
        let days = p.rates.filter { $0.day < req.today }
        let labels = days.map { $0.day.ukShort }
        let completion = SPC.analyse(days.compactMap(\.completion).map { .init(value: $0) }, direction: .up)
        let verifiedDays = days.filter { $0.verification != nil }
        let verification = SPC.analyse(verifiedDays.compactMap(\.verification).map { .init(value: $0) }, direction: .up)
        let warning: String? =
            completion.latestConcern() != nil
            ? "Completion shows a special-cause concern in the last three days: look at what changed."
            : verification.latestConcern() != nil
                ? "Verification shows a special-cause concern in the last three days." : nil
        return ModelPage(
            layout: Layout(req, title: m.title, section: "dashboard"), id: id.uuidString, version: m.version,
            title: m.title, service: m.service.name, listHref: SiteRoute.serviceSafetyModels(m.$service.id),
            state: p.state.label, lapsed: stateTag(p.state), live: live, since: p.facts.startDay.ukFormat,
            plannedEnd: p.facts.plannedEndDay.ukFormat, reSignEvery: m.reSignDays, owner: m.owner.name,
            completedBy: m.completedBy, verifiedBy: m.verifiedBy,
            protects: try p.protects.map {
                Link(label: "\($0.reference) \($0.title)", href: Paths.action(try $0.requireID()))
            },
            today: todayRates.map { "\($0.done) of \($0.due) checks done today" } ?? "", todayISO: req.today.iso,
            checks: m.checks.map { c in
                let due = c.frequency.times(shiftsPerDay: m.shiftsPerDay), done = p.todayDone[c.key] ?? 0
                return CheckRow(
                    key: c.key, title: c.title, often: c.frequency.label, done: done, due: due, complete: done >= due)
            },
            canRecord: live && actor.may(.recordSafetyChecks), canVerify: live && actor.may(.verifySafetyChecks),
            canReSign: live && actor.may(.reSignSafetyModel, RecordRelation(isOwner: m.$owner.id == actor.id)),
            canStandDown: live && p.pending == nil && actor.may(.keepSafetyModels),
            completionChart: days.isEmpty
                ? nil
                : XmRChart(
                    id: "completion", title: "Checks completed, % of those due, by day", labels: labels,
                    result: completion, target: 100, unit: "%"
                ).svg,
            verificationChart: verifiedDays.isEmpty
                ? nil
                : XmRChart(
                    id: "verification", title: "Checks verified, % of those done, by day",
                    labels: verifiedDays.map { $0.day.ukShort }, result: verification, target: nil, unit: "%"
                ).svg,
            warning: warning,
            rates: days.suffix(14).reversed().map {
                RateRow(day: $0.day.ukFormat, due: $0.due, done: $0.done, verified: $0.verified)
            },
            lapses: p.lapses.map { l in
                l.to.map { "Lapsed \(l.from.ukFormat) to \($0.ukFormat)" } ?? "Lapsed since \(l.from.ukFormat)"
            },
            signatures: p.signatures.map { "\(Day(iso: $0.day)?.ukFormat ?? $0.day), \($0.signedBy.name)" },
            verifications: p.verifications.map { v in
                VerificationRow(
                    day: Day(iso: v.day)?.ukFormat ?? v.day,
                    check: m.checks.first { $0.key == v.checkKey }?.title ?? v.checkKey,
                    method: v.method.label, held: v.held, found: v.found, by: v.verifier.name)
            },
            checkChoices: m.checks.map {
                Choice(value: $0.key, label: $0.title, selected: form.values["check"] == $0.key)
            },
            methods: SafetyModel.VerificationMethod.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: form.values["method"] == $0.rawValue)
            },
            stoodDown: m.stoodDownOn.map { on in
                "Stood down \(Day(iso: on)?.ukFormat ?? on) on this evidence: \(m.standDownEvidence ?? "")"
            },
            pending: pending,
            form: form.values["day"] == nil
                ? FormState(values: form.values.merging(["day": req.today.iso]) { a, _ in a }, errors: form.summary)
                : form)
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("safety/model", try await Self.modelPage(req))
    }

    struct ModelForm: Content {
        var check: String?; var day: String?; var method: String?; var held: String?; var found: String?
        var evidence: String?; var version: String?
    }

    @Sendable func check(req: Request) async throws -> Response {
        try await Self.permitted(req, .recordSafetyChecks)
        let f = try req.content.decode(ModelForm.self)
        return try await acting(req, values: [:]) { service, id in
            var errors: [FieldError] = []
            let day = FormParse.day(f.day, "day", "The day", into: &errors)
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let r = try await service.recordCheck(id, check: f.check, day: day)
            let title = try await service.find(id).checks.first { $0.key == r.checkKey }?.title ?? ""
            return "Recorded: \(title), done."
        }
    }

    @Sendable func verify(req: Request) async throws -> Response {
        try await Self.permitted(req, .verifySafetyChecks)
        let f = try req.content.decode(ModelForm.self)
        let values = [
            "check": f.check ?? "", "day": f.day ?? "", "method": f.method ?? "", "held": f.held ?? "",
            "found": f.found ?? ""
        ]
        return try await acting(req, values: values) { service, id in
            var errors: [FieldError] = []
            let day = FormParse.day(f.day, "day", "The day verified", into: &errors)
            let held: Bool? = f.held == "yes" ? true : f.held == "no" ? false : nil
            let input = SafetyModelService.VerificationInput(
                method: f.method.flatMap(SafetyModel.VerificationMethod.init(rawValue:)), check: f.check, day: day,
                held: held, found: f.found ?? "")
            if !errors.isEmpty {
                let m = try await service.find(id)
                let more = SafetyModel.verificationProblems(
                    m.facts(signedOn: []), checks: m.checks, method: input.method, key: input.check, day: day,
                    held: held, found: input.found, today: service.today)
                throw AppError.invalid(errors + more.filter { p in !errors.contains { $0.field == p.field } })
            }
            _ = try await service.verify(id, input)
            return "Verification recorded."
        }
    }

    @Sendable func reSign(req: Request) async throws -> Response {
        try await Self.permitted(req, .reSignSafetyModel)
        let f = try req.content.decode(ModelForm.self)
        return try await acting(req, values: [:]) { service, id in
            let m = try await service.reSign(id, version: f.version.flatMap { Int($0) })
            let by = service.today.adding(days: m.reSignDays)
            return "Re-signed: in force until \(by.ukFormat) unless re-signed again."
        }
    }

    @Sendable func standDown(req: Request) async throws -> Response {
        try await Self.permitted(req, .keepSafetyModels)
        let f = try req.content.decode(ModelForm.self)
        return try await acting(req, values: ["evidence": f.evidence ?? ""]) { service, id in
            _ = try await service.proposeStandDown(
                id, evidence: f.evidence ?? "", version: f.version.flatMap { Int($0) })
            return
                "Stand-down proposed: a quality lead or the nominated individual who did not propose it approves it. "
                + "The model stays in force until they do."
        }
    }

    /// Asks the rulebook before the body is read: the model is visible to the person, and the permission theirs (the
    /// owner's relation for re-signing).
    static func permitted(_ req: Request, _ permission: Permission) async throws {
        let actor = try req.actor
        let m = try await SafetyModelService(db: req.db, actor: actor, today: req.today)
            .find(try req.uuid("model", notFound: "safety-critical operating model"))
        try actor.require(permission, RecordRelation(isOwner: m.$owner.id == actor.id))
    }

    /// Runs a write and returns to the model's page; a refusal shows the page again with the field named.
    func acting(
        _ req: Request, values: [String: String], _ body: (SafetyModelService, UUID) async throws -> String
    ) async throws -> Response {
        let actor = try req.actor
        let id = try req.uuid("model", notFound: "safety-critical operating model")
        return try await req.submitting(
            values: values, to: Paths.safetyModel(id), template: "safety/model",
            page: { try await Self.modelPage(req, form: $0) }
        ) { try await body(SafetyModelService(db: req.db, actor: actor, today: req.today), id) }
    }
}
