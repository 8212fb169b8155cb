import Fluent
import GripCore
import Vapor

/// The indicator catalogue, each indicator across services, and a series' chart, data and settings.
struct IndicatorsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.indicators, use: catalogue)
        routes.post(.indicators, use: create)
        routes.post(.indicatorsImport, maxBytes: 64 * 1_048_576, use: importValues)
        routes.get(.indicator, use: indicator)
        routes.get(.indicatorService, use: series)
        routes.post(.indicatorServiceValues, use: recordValue)
        routes.post(.indicatorServiceSettings, use: settings)
    }

    struct Row: Encodable {
        let name: String; let href: String; let unit: String; let period: String; let direction: String;
        let target: String; let statements: String
    }

    struct CataloguePage: Encodable {
        let layout: Layout
        let rows: [Row]
        let form: FormState
        let canEditCatalogue: Bool
        let canImport: Bool
        let periods: [Choice]
        let directions: [Choice]
        let problems: [IndicatorService.ImportProblem]
        let importText: String
    }

    static func directionLabel(_ d: SPC.Direction) -> String {
        switch d {
        case .up: "Higher is better"
        case .down: "Lower is better"
        case .neutral: "Neutral"
        }
    }

    func cataloguePage(
        _ req: Request, form: FormState = FormState(), problems: [IndicatorService.ImportProblem] = [],
        importText: String = ""
    ) async throws -> CataloguePage {
        let actor = try req.actor
        let all = try await IndicatorService(db: req.db, actor: actor).catalogue()
        return CataloguePage(
            layout: Layout(req, title: "Indicators", section: "indicators"),
            rows: all.map { i in
                Row(
                    name: i.name, href: Paths.indicator(i.id!), unit: i.unit, period: i.period.rawValue.capitalized,
                    direction: Self.directionLabel(i.direction) + (i.warnOn.map { ", " + $0.label } ?? ""),
                    target: i.target.map(ActionRules.display) ?? "–",
                    statements: i.statementIDs.joined(separator: ", "))
            },
            form: form, canEditCatalogue: actor.may(.keepIndicators), canImport: actor.may(.enterIndicatorValues),
            periods: IndicatorPeriodKind.allCases.map {
                Choice(
                    value: $0.rawValue, label: $0.rawValue.capitalized,
                    selected: (form.values["period"] ?? "month") == $0.rawValue)
            },
            directions: SPC.Direction.allCases.map {
                Choice(
                    value: $0.rawValue, label: Self.directionLabel($0),
                    selected: form.values["direction"] == $0.rawValue)
            },
            problems: problems, importText: importText)
    }

    @Sendable func catalogue(req: Request) async throws -> View {
        try await req.view.render("indicators/catalogue", try await cataloguePage(req))
    }

    struct IndicatorForm: Content {
        var name: String?; var unit: String?; var period: String?; var direction: String?; var target: String?;
        var statements: String?
        var warn_on: String?
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let f = try req.content.decode(IndicatorForm.self)
        var errors: [FieldError] = []
        let target = FormParse.number(f.target, "target", "The target", into: &errors)
        let statements = (f.statements ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.uppercased() }
        var warnOn: SPC.WarnOn?
        if let w = f.warn_on, !w.isEmpty {
            warnOn = SPC.WarnOn(rawValue: w)
            if warnOn == nil { errors.append(FieldError("warn_on", "Choose rise, fall or neither.")) }
        }
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let i = try await IndicatorService(db: req.db, actor: actor).createIndicator(
                .init(
                    name: f.name ?? "", unit: f.unit ?? "",
                    period: f.period.flatMap(IndicatorPeriodKind.init(rawValue:)),
                    direction: f.direction.flatMap(SPC.Direction.init(rawValue:)), target: target,
                    statementIDs: statements,
                    warnOn: warnOn))
            req.flash("Indicator \(i.name) added.")
            return req.redirect(to: Paths.indicators)
        } catch let e as AppError where e.status == .unprocessableEntity {
            let values = [
                "name": f.name ?? "", "unit": f.unit ?? "", "period": f.period ?? "", "direction": f.direction ?? "",
                "target": f.target ?? "", "statements": f.statements ?? "", "warn_on": f.warn_on ?? ""
            ]
            return try await req.render(
                "indicators/catalogue",
                try await cataloguePage(req, form: FormState(values: values, errors: e.fieldErrors)), status: e.status)
        }
    }

    struct ImportForm: Content { var csv: String?; var file: File? }

    @Sendable func importValues(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.enterIndicatorValues)
        let f = try req.content.decode(ImportForm.self)
        var text = f.csv ?? ""
        if let file = f.file, file.data.readableBytes > 0 {
            guard
                let s = file.data.getString(at: file.data.readerIndex, length: file.data.readableBytes, encoding: .utf8)
            else {
                return try await req.render(
                    "indicators/catalogue",
                    try await cataloguePage(
                        req,
                        problems: [
                            .init(row: 1, column: "", message: "The file is not UTF-8 text (save it as CSV UTF-8).")
                        ]), status: .unprocessableEntity)
            }
            text = s
        }
        let service = IndicatorService(db: req.db, actor: actor)
        do {
            let entries = try await service.parseImport(text)
            let summary = try await service.save(entries)
            req.flash(
                """
                Imported \(entries.count) value(s): \(summary.created) new, \(summary.updated) updated, \
                \(summary.unchanged) unchanged.
                """
            )
            return req.redirect(to: Paths.indicators)
        } catch let failure as IndicatorService.ImportFailure {
            return try await req.render(
                "indicators/catalogue",
                try await cataloguePage(req, problems: failure.problems, importText: f.file == nil ? text : ""),
                status: .unprocessableEntity)
        }
    }

    struct ServiceCard: Encodable {
        let service: String; let href: String; let chart: HTML; let latest: String; let verdict: String;
        let assurance: String?
    }

    struct IndicatorPage: Encodable {
        let layout: Layout
        let name: String
        let unit: String
        let direction: String
        let target: String?
        let cards: [ServiceCard]
        /// "Computed from the safeguarding log": no typed values.
        let computedFrom: String?
    }

    func indicatorID(_ req: Request) throws -> UUID {
        guard let s = req.parameters.get("id"), let id = UUID(uuidString: s) else {
            throw AppError.notFound("indicator")
        }
        return id
    }

    @Sendable func indicator(req: Request) async throws -> View {
        let actor = try req.actor
        let i = try await IndicatorService(db: req.db, actor: actor).indicator(try indicatorID(req))
        let services = try await Scoped.services(for: actor, on: req.db)
        let series = try await IndicatorService.series(
            i, services: services, today: req.today,
            on: req.db)
        let cards = services.compactMap { s -> ServiceCard? in
            guard let ser = series[s.id!] else { return nil }
            let labels = ser.periods.map { i.period.label($0) }
            let chart = XmRChart(
                id: "c-\(s.id!.uuidString.prefix(8))", title: "\(i.name), \(s.name)", labels: labels,
                result: ser.result,
                target: i.target, unit: i.unit, small: true)
            return ServiceCard(
                service: s.name, href: Paths.series(i.id!, s.id!), chart: chart.svg,
                latest: ser.values.last.map {
                    "\(ActionRules.display($0)) \(i.unit) in \(i.period.display(ser.periods.last!))"
                } ?? "No data yet",
                verdict: ser.result.points.last.map { ChartWords.variation($0.variation) } ?? "",
                assurance: ChartWords.assurance(ser.result.assurance))
        }
        return try await req.view.render(
            "indicators/indicator",
            IndicatorPage(
                layout: Layout(req, title: i.name, section: "indicators"), name: i.name, unit: i.unit,
                direction: Self.directionLabel(i.direction),
                target: i.target.map(ActionRules.display), cards: cards,
                computedFrom: i.feed.map { "Computed from the \($0.log)" }))
    }

    struct DataRow: Encodable {
        let period: String; let value: String; let mean: String; let lower: String; let upper: String;
        let variation: String; let special: Bool
        let rebase: Bool; let inBaseline: Bool
    }

    struct SeriesPage: Encodable {
        let layout: Layout
        let indicator: String
        let service: String
        let unit: String
        let direction: String
        let target: String?
        let chart: HTML
        let verdict: String
        let assurance: String?
        let notes: [String]
        let rows: [DataRow]
        let form: FormState
        let canEdit: Bool
        let canEnterValues: Bool
        let computedFrom: String?
        let periodHint: String
        let valuesHref: String
        let settingsHref: String
        let indicatorHref: String
        let baselinePoints: String
        let rebases: String
        let version: Int
        let newActionHref: String?
        /// Why the limits were last changed ("Rebased on 3 March 2026: …").
        let settingsNote: String?
        /// A computed series' period in progress: shown, not judged.
        let soFar: String?
        let pending: PendingPanel?
    }

    func seriesPage(_ req: Request, form: FormState = FormState()) async throws -> SeriesPage {
        let actor = try req.actor
        let ser = try await IndicatorService(db: req.db, actor: actor)
            .series(
                indicatorID: try indicatorID(req),
                serviceID: req.parameters.get("service").flatMap(UUID.init(uuidString:)))
        let i = ser.indicator
        let labels = ser.periods.map { i.period.label($0) }
        let chart = XmRChart(
            id: "chart", title: "\(i.name) at \(ser.service.name): XmR chart", labels: labels, result: ser.result,
            target: i.target, unit: i.unit)
        var notes = ser.result.periods.compactMap { p in
            p.noLimitsReason.map { "Points \(p.start + 1) to \(p.start + p.count): no limits. \($0)" }
        }
        if let n = ser.result.assuranceNote { notes.append(n) }
        let rebases = ser.setting?.rebasePeriods ?? []
        let concernNow = ser.result.points.suffix(3).contains { $0.variation == .concern }
        let settingsNote = ser.setting.flatMap { s -> String? in
            guard let reason = s.reason else { return nil }
            let when = s.changedOn.flatMap(Day.init(iso:)).map { " on \($0.ukFormat)" } ?? ""
            return "Limits last changed\(when): \(reason)"
        }
        let soFar = ser.soFar.map { p in
            "\(i.period.display(p.period)) so far (to \(req.today.ukFormat)): "
                + "\(ActionRules.display(p.value)) \(i.unit). The period is still running, so no SPC rule, early "
                + "warning or escalation reads it until it ends."
        }
        let held = try await Scoped.pendingChange(
            on: i.requireID(), service: ser.service.requireID(), for: actor, on: req.db)
        let pending = try held.map { c in
            try PendingPanel(
                c, actor: actor, relation: PendingChanges.relation(of: actor, to: c, action: nil),
                href: Paths.change(try c.requireID()))
        }

        return SeriesPage(
            layout: Layout(req, title: "\(i.name), \(ser.service.name)", section: "indicators"),
            indicator: i.name, service: ser.service.name, unit: i.unit, direction: Self.directionLabel(i.direction),
            target: i.target.map(ActionRules.display), chart: chart.svg,
            verdict: ser.result.points.last.map { "Latest: \(ChartWords.variation($0.variation).lowercased())." }
                ?? "No data yet.",
            assurance: ChartWords.assurance(ser.result.assurance), notes: notes,
            rows: ser.result.points.enumerated().map { k, p in
                DataRow(
                    period: i.period.display(ser.periods[k]), value: ActionRules.display(p.value),
                    mean: ser.result.periods[p.period].median.map { String(format: "%.2f (median)", $0) }
                        ?? p.mean.map { String(format: "%.2f", $0) } ?? "",
                    lower: p.limits.map { String(format: "%.2f", $0.lower) } ?? "",
                    upper: p.limits.map { String(format: "%.2f", $0.upper) } ?? "",
                    variation: ChartWords.variation(p.variation) + (p.rule.map { ": \($0.label)" } ?? ""),
                    special: p.variation.isSpecialCause, rebase: rebases.contains(ser.periods[k].iso),
                    inBaseline: p.inBaseline)
            }.reversed(),
            form: form, canEdit: actor.may(.enterIndicatorValues),
            canEnterValues: actor.may(.enterIndicatorValues) && i.feed == nil,
            computedFrom: i.feed.map { "Computed from the \($0.log), so values are not typed in." },
            periodHint: i.period == .month ? "A month, such as 2026-03" : "A week, such as 2026-W10, or any day in it",
            valuesHref: Paths.series(i.id!, ser.service.id!) + "/values",
            settingsHref: Paths.series(i.id!, ser.service.id!) + "/settings",
            indicatorHref: Paths.indicator(i.id!),
            baselinePoints: form.values["baseline_points"] ?? ser.setting?.baselinePoints.map(String.init) ?? "",
            rebases: form.values["rebases"]
                ?? (ser.setting?.rebasePeriods.sorted().compactMap { Day(iso: $0).map { i.period.label($0) } }.joined(
                    separator: ", ") ?? ""),
            version: ser.setting?.version ?? 0,
            newActionHref: concernNow && actor.may(.createActions)
                ? Paths.newAction + "?service=\(ser.service.id!.uuidString)&indicator=\(i.id!.uuidString)" : nil,
            settingsNote: settingsNote, soFar: soFar, pending: pending)
    }

    @Sendable func series(req: Request) async throws -> View {
        try await req.view.render("indicators/series", try await seriesPage(req))
    }

    struct ValueForm: Content { var period: String?; var value: String? }

    @Sendable func recordValue(req: Request) async throws -> Response {
        let actor = try req.actor
        let service = IndicatorService(db: req.db, actor: actor)
        let i = try await service.indicator(try indicatorID(req))
        let s = try await Access.service(
            req.parameters.get("service").flatMap(UUID.init(uuidString:)), for: actor, on: req.db)
        try actor.require(.enterIndicatorValues)
        let f = try req.content.decode(ValueForm.self)
        var errors: [FieldError] = []
        let period = i.period.parse(f.period ?? "")
        if period == nil {
            errors.append(
                FieldError(
                    "period",
                    "Enter the period: \(i.period == .month ? "a month such as 2026-03" : "a week such as 2026-W10")."))
        }
        let value = FormParse.number(f.value, "value", "The value", into: &errors)
        if value == nil && !errors.contains(where: { $0.field == "value" }) {
            errors.append(FieldError("value", "Enter the value."))
        }
        do {
            guard errors.isEmpty, let period, let value else { throw AppError.invalid(errors) }
            _ = try await service.save([.init(indicatorID: i.id!, serviceID: s.id!, period: period, value: value)])
            req.flash("\(i.name) for \(i.period.display(period)) recorded.")
            return req.redirect(to: Paths.series(i.id!, s.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "indicators/series",
                try await seriesPage(
                    req,
                    form: FormState(values: ["period": f.period ?? "", "value": f.value ?? ""], errors: e.fieldErrors)),
                status: e.status)
        }
    }

    struct SettingsForm: Content {
        var baseline_points: String?; var rebases: String?; var reason: String?; var version: String?
    }

    @Sendable func settings(req: Request) async throws -> Response {
        let actor = try req.actor
        let service = IndicatorService(db: req.db, actor: actor)
        let i = try await service.indicator(try indicatorID(req))
        let sid = req.parameters.get("service").flatMap(UUID.init(uuidString:))
        let f = try req.content.decode(SettingsForm.self)
        var errors: [FieldError] = []
        let baseline = FormParse.int(f.baseline_points, "baseline_points", "The number of points", into: &errors)
        var rebases: [Day] = []
        for raw in (f.rebases ?? "").split(whereSeparator: { $0 == "," || $0 == ";" }).map({
            $0.trimmingCharacters(in: .whitespaces)
        }) where !raw.isEmpty {
            if let d = i.period.parse(raw) {
                rebases.append(d)
            } else {
                errors.append(FieldError("rebases", "'\(raw)' is not a \(i.period.rawValue)."))
            }
        }
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            switch try await service.setSeries(
                indicatorID: i.id, serviceID: sid, baselinePoints: baseline,
                rebases: rebases, reason: f.reason,
                version: f.version.flatMap { Int($0) })
            {
            case .applied: req.flash("Chart settings saved.")
            case .proposed:
                req.flash(
                    "This series is watched, so the change waits for a quality lead or the nominated "
                        + "individual to approve it.")
            }
            return req.redirect(to: Paths.series(i.id!, sid!))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let errs = e.fieldErrors.isEmpty ? [FieldError("version", e.reason)] : e.fieldErrors
            let values = [
                "baseline_points": f.baseline_points ?? "", "rebases": f.rebases ?? "",
                "reason": f.reason ?? ""
            ]
            return try await req.render(
                "indicators/series",
                try await seriesPage(req, form: FormState(values: values, errors: errs)),
                status: e.status)
        }
    }
}
