import Fluent
import GripCore
import Vapor

/// The provider dashboard, each service's dashboard, and the recovery map (with its CSV export).
struct DashboardWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let heavy = routes.grouped(HeavyWorkMiddleware())
        heavy.get(.dashboard, use: provider)
        routes.get(.serviceDashboard, use: service)
        heavy.get(.map, use: map)
        heavy.get(.mapCsv, use: mapCSV)
        heavy.get(.mapXlsx, use: mapXLSX)
        routes.post(.serviceOversight, use: setOversight)
        routes.post(.serviceOversightUpdates, use: recordOversightUpdate)
    }

    struct Warning: Encodable { let indicator: String; let href: String; let period: String; let value: String }
    struct FlagCount: Encodable { let label: String; let count: Int }
    struct DriftRow: Encodable { let label: String; let reason: String }

    static func drift(_ s: ServiceSignals) -> [DriftRow] {
        s.drift.map {
            DriftRow(
                label: $0.kind.label,
                reason: $0.reason)
        }
    }

    static func warnings(_ s: ServiceSignals) -> [Warning] {
        s.warnings.map { w in
            Warning(
                indicator: w.indicator.name, href: Paths.series(w.indicator.id!, s.service.id!),
                period: w.indicator.period.display(w.period),
                value: "\(ActionRules.display(w.value)) \(w.indicator.unit)")
        }
    }

    @Sendable func provider(req: Request) async throws -> View {
        let content = try await ProviderDashboardQuery(db: req.db, actor: try req.actor, today: req.today)
            .load(
                sort: req.query[String.self, at: "sort"], indicator: req.query[String.self, at: "indicator"],
                page: req.query[String.self, at: "page"])
        return try await req.view.render(
            "dashboard/provider",
            ProviderDashboardPage(
                layout: Layout(req, title: "Dashboard", section: "dashboard"), content: content))
    }

    struct Cell: Encodable { let count: Int; let href: String }
    struct BandRow: Encodable { let band: String; let bandClass: String; let cells: [Cell] }
    struct Spark: Encodable {
        let name: String; let href: String; let chart: HTML; let latest: String; let verdict: String
    }
    struct DueRow: Encodable { let what: String; let href: String; let due: String; let kind: String; let day: String }

    struct ServicePage: Encodable {
        let layout: Layout
        let name: String
        let type: String
        let ratings: [Choice]
        let statuses: [String]
        let bands: [BandRow]
        let flags: [FlagCount]
        let flagged: RowsTable
        let warnings: [Warning]
        let drift: [DriftRow]
        let afterClosure: [FlagCount]
        let sparks: [Spark]
        let due: [DueRow]
        let oversight: OversightView
        let form: FormState
        let escalations: [EscalationRow]
        let people: ServicePeople
        /// A step-down of oversight waiting for a commissioner's confirmation.
        let pending: PendingPanel?
        /// The service's senior visits (issue 36), for the provider's people.
        var visitsHref: String? = nil
        /// Its safety-critical operating models (issue 36), for the provider's people.
        var safetyModelsHref: String? = nil
    }

    /// The risk profile across every placement of the service, highest first (issue 23): counts for everyone, and
    /// the people themselves for those who may open their records (a commissioner: only shared cases).
    struct ServicePeople: Encodable {
        let total: Int, high: Int, medium: Int, low: Int, notRated: Int, reviewOverdue: Int
        let rows: [PeopleListPage.Row]
        let more: Bool
        let href: String

        static func load(_ req: Request, service svc: Service, actor: Actor, today: Day) async throws -> ServicePeople {
            let service = try svc.requireID()
            let people = PeopleService(db: req.db, actor: actor, today: today)
            let a =
                try await people.aggregates(services: [service])[service]
                ?? PeopleAggregate.compute([], today: today)
            let shown = 25
            let rows = try await people.visible().filter(\.$service.$id == service)
                .sort(\.$highestRisk, .descending).sort(\.$reference).limit(shown + 1).all()
            // Every row is this service's, already read: not read again for each page.
            for p in rows { p.$service.value = svc }
            return ServicePeople(
                total: a.people, high: a.byHighest[.high] ?? 0, medium: a.byHighest[.medium] ?? 0,
                low: a.byHighest[.low] ?? 0, notRated: a.notRated, reviewOverdue: a.reviewOverdue,
                rows: rows.prefix(shown).map { PeopleListPage.row($0, today: today) }, more: rows.count > shown,
                href: Paths.people + "?service=\(service.uuidString)")
        }
    }

    struct EscalationRow: Encodable { let label: String; let href: String; let status: String; let respondBy: String }

    struct OversightView: Encodable {
        struct Entry: Encodable {
            let level: String; let since: String; let cadence: Int; let note: String; let by: String
        }
        struct Update: Encodable { let day: String; let summary: String; let by: String }
        let level: String
        let since: String?
        let cadence: Int?
        let nextDue: String?
        let overdue: Bool
        let history: [Entry]
        let updates: [Update]
        let levels: [Choice]
        let canSetLevel: Bool
        let canRecordUpdate: Bool
        let levelHref: String
        let updateHref: String
    }

    static func oversightView(
        _ req: Request, service: Service, actor: Actor, today: Day, form: FormState
    ) async throws -> OversightView {
        let id = try service.requireID()
        let (history, updates) = try await OversightService.record(of: service, on: req.db)
        let position = OversightService.Position(
            current: history.first, lastUpdate: updates.first.flatMap { Day(iso: $0.day) })
        return OversightView(
            level: position.current?.level.label ?? OversightLevel.routine.label,
            since: position.current.flatMap { Day(iso: $0.since)?.ukFormat }, cadence: position.current?.cadenceDays,
            nextDue: position.nextUpdateDue?.ukFormat, overdue: position.nextUpdateDue.map { $0 < today } ?? false,
            history: history.map {
                .init(
                    level: $0.level.label, since: Day(iso: $0.since)?.ukFormat ?? $0.since, cadence: $0.cadenceDays,
                    note: $0.note, by: $0.recordedBy.name)
            },
            updates: updates.map {
                .init(day: Day(iso: $0.day)?.ukFormat ?? $0.day, summary: $0.summary, by: $0.recordedBy.name)
            },
            levels: OversightLevel.allCases.map {
                Choice(
                    value: $0.rawValue, label: $0.label,
                    selected: (form.values["level"] ?? position.current?.level.rawValue) == $0.rawValue)
            },
            canSetLevel: actor.may(.recordOversight), canRecordUpdate: actor.may(.updateCommissioner),
            levelHref: SiteRoute.serviceOversight(id),
            updateHref: SiteRoute.serviceOversightUpdates(id))
    }

    @Sendable func service(req: Request) async throws -> View {
        try await req.view.render("dashboard/service", try await servicePage(req, form: FormState()))
    }

    func servicePage(_ req: Request, form: FormState) async throws -> ServicePage {
        let actor = try req.actor
        let today = req.today
        let svc = try await Access.service(
            req.parameters.get("id").flatMap(UUID.init(uuidString:)), for: actor, on: req.db)
        guard var s = try await ServiceSignals.load([svc], actor: actor, today: today, series: true, on: req.db).first
        else { throw AppError.notFound("service") }
        // Drift and after-closure as the service's summary holds them, as on the provider dashboard (one statement
        // where working them out took six).
        let summaries = try await ServiceSummaries.current(
            [svc], organisationID: actor.organisationID, today: today, part: .heat, on: req.db)
        s.take(summaries[svc.id!] ?? ServiceSummary())
        let statuses = ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring }
        let bands = RiskBand.allCases.reversed().map { band in
            BandRow(
                band: band.label, bandClass: "band-" + band.rawValue,
                cells: statuses.map { st in
                    Cell(
                        count: s.facts.filter { $0.riskBand == band && $0.status == st }.count,
                        href: Paths.actions
                            + "?service=\(svc.id!.uuidString)&band=\(band.rawValue)&status=\(st.rawValue)")
                })
        }
        let flagged = s.actions.filter { !(s.flags[$0.facts.id] ?? []).isEmpty }
            .sorted { ($0.facts.riskScore, $1.facts.dueDay) > ($1.facts.riskScore, $0.facts.dueDay) }
        let weekEnd = today.adding(days: 7)
        var due: [DueRow] = []
        for a in s.live {
            if let d = Day(iso: a.facts.dueDay), d <= weekEnd {
                due.append(
                    DueRow(
                        what: "\(a.reference) \(a.title)", href: Paths.action(a.facts.id), due: d.ukFormat,
                        kind: d < today ? "Overdue" : "Due", day: d.iso))
            }
            if let r = Day(iso: a.facts.nextReviewDay), r <= weekEnd {
                due.append(
                    DueRow(
                        what: "\(a.reference) \(a.title)", href: Paths.action(a.facts.id, tab: "reviews"),
                        due: r.ukFormat, kind: r < today ? "Review overdue" : "Review due", day: r.iso))
            }
        }
        let sparks = s.sparks.map { i, spark in
            Spark(
                name: i.name, href: Paths.series(i.id!, svc.id!),
                chart: HTML(
                    drawnAndStored: spark.chart, renaming: SeriesSparks.storedID,
                    to: "s-\(i.id!.uuidString.prefix(8))"),
                latest: spark.latest, verdict: spark.verdict)
        }
        let oversight = try await Self.oversightView(req, service: svc, actor: actor, today: today, form: form)
        let escalations = try await EscalationService(db: req.db, actor: actor, today: today).visible()
            .filter(\.$service.$id == svc.id!).filter(\.$status ~~ EscalationStatus.allCases.filter(\.isOpen)).sort(
                \.$respondBy
            ).all()
        var page = ServicePage(
            layout: Layout(req, title: "\(svc.name): dashboard", section: "dashboard"), name: svc.name,
            type: svc.serviceType.label,
            ratings: Reference.keyQuestions.map {
                Choice(value: $0.title, label: svc.ratings[$0.id]?.label ?? "Not rated", selected: false)
            },
            statuses: statuses.map(\.label), bands: bands,
            flags: AttentionFlag.allCases.map { FlagCount(label: $0.label, count: s.count($0)) },
            flagged: RowsTable(
                rows: flagged.prefix(15).map { ActionRow($0, today: today, flags: s.flags[$0.facts.id] ?? []) }),
            warnings: Self.warnings(s), drift: Self.drift(s),
            afterClosure: AfterClosure.allCases.map { FlagCount(label: $0.label, count: s.afterClosure[$0] ?? 0) },
            sparks: sparks,
            due: due.sorted {
                (
                    $0.day,
                    $0.what
                ) < ($1.day, $1.what)
            },
            oversight: oversight, form: form,
            escalations: escalations.map {
                EscalationRow(
                    label: "\($0.reference) \($0.category.label)", href: Paths.escalation($0.id!),
                    status: $0.status.label,
                    respondBy: Day(iso: $0.respondBy)?.ukFormat ?? $0.respondBy)
            },
            people: try await ServicePeople.load(req, service: svc, actor: actor, today: today),
            pending: try await Self.pendingStepDown(req, service: svc, actor: actor))
        if actor.may(.readProviderWork) {
            page.visitsHref = SiteRoute.serviceVisits(svc.id!)
            page.safetyModelsHref = SiteRoute.serviceSafetyModels(svc.id!)
        }
        return page
    }

    static func pendingStepDown(_ req: Request, service: Service, actor: Actor) async throws -> PendingPanel? {
        let held = try await Scoped.pendingChange(on: service.requireID(), for: actor, on: req.db)
        return try held.map { c in
            try PendingPanel(
                c, actor: actor, relation: PendingChanges.relation(of: actor, to: c, action: nil),
                href: Paths.change(try c.requireID()))
        }
    }

    struct OversightForm: Content {
        var level: String?; var since: String?; var cadence_days: String?; var note: String?
    }

    @Sendable func setOversight(req: Request) async throws -> Response {
        let actor = try req.actor
        let sid = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        let f = try req.content.decode(OversightForm.self)
        var errors: [FieldError] = []
        let since = FormParse.day(f.since, "since", "The start day", into: &errors)
        let cadence = FormParse.int(f.cadence_days, "cadence_days", "The reporting cadence", into: &errors)
        var level: OversightLevel?
        if let l = f.level, !l.isEmpty {
            level = OversightLevel(rawValue: l);
            if level == nil { errors.append(FieldError("level", "Choose a level from the list.")) }
        }
        do {
            if !errors.isEmpty {
                if (f.level ?? "").isEmpty { errors.insert(FieldError("level", "Choose the oversight level."), at: 0) }
                throw AppError.invalid(errors)
            }
            switch try await OversightService(db: req.db, actor: actor, today: req.today)
                .setLevel(serviceID: sid, level: level, since: since, cadenceDays: cadence, note: f.note ?? "")
            {
            case .applied: req.flash("Commissioner oversight recorded.")
            case .proposed:
                req.flash(
                    "A step-down belongs to the commissioner: it is proposed, and takes effect when a "
                        + "commissioner of the service confirms it.")
            }
            return req.redirect(to: Paths.serviceDashboard(sid!) + "#oversight")
        } catch let e as AppError where e.status == .unprocessableEntity {
            let values = [
                "level": f.level ?? "", "since": f.since ?? "", "cadence_days": f.cadence_days ?? "",
                "note": f.note ?? ""
            ]
            return try await req.render(
                "dashboard/service", try await servicePage(req, form: FormState(values: values, errors: e.fieldErrors)),
                status: e.status)
        }
    }

    struct UpdateForm: Content { var day: String?; var summary: String? }

    @Sendable func recordOversightUpdate(req: Request) async throws -> Response {
        let actor = try req.actor
        let sid = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        let f = try req.content.decode(UpdateForm.self)
        var errors: [FieldError] = []
        let day = FormParse.day(f.day, "day", "The day sent", into: &errors)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            _ = try await OversightService(db: req.db, actor: actor, today: req.today).recordUpdate(
                serviceID: sid, day: day, summary: f.summary ?? "")
            req.flash("Update to the commissioner recorded.")
            return req.redirect(to: Paths.serviceDashboard(sid!) + "#oversight")
        } catch let e as AppError where e.status == .unprocessableEntity {
            let values = ["day": f.day ?? "", "summary": f.summary ?? ""]
            return try await req.render(
                "dashboard/service", try await servicePage(req, form: FormState(values: values, errors: e.fieldErrors)),
                status: e.status)
        }
    }

    // MARK: recovery map

    struct MapRow: Encodable {
        let service: String; let theme: String; let action: String; let href: String; let band: String;
        let bandClass: String
        let status: String; let sources: String; let owner: String; let route: String; let rag: String;
        let ragClass: String; let nextReview: String; let others: Int
    }

    /// Rows of the recovery map's page at a time.
    static let mapPerPage = 100

    struct MapPage: Encodable {
        let layout: Layout
        let rows: [MapRow]
        let services: [Choice]
        let bands: [Choice]
        let themes: [Choice]
        let csvHref: String
        let xlsxHref: String
        let total: Int
        let page: Int
        let pages: Int
        let previousHref: String?
        let nextHref: String?
    }

    func mapFilter(_ req: Request) throws -> RecoveryMap.Filter {
        try RecoveryMap.Filter.parse((try? req.query.decode([String: String].self)) ?? [:])
    }

    @Sendable func map(req: Request) async throws -> View {
        let actor = try req.actor
        let f = try mapFilter(req)
        // A page at a time (a provider group has a thousand priority risks); the downloads hold every row.
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (paging, errors) = ActionFilter.parse(["page": raw["page"] ?? "", "per": ""])
        guard errors.isEmpty else {
            throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors)
        }
        let per = Self.mapPerPage
        let services = try await Scoped.services(for: actor, on: req.db)
        let (rows, total) = try await RecoveryMap.rows(
            f, actor: actor, page: PageRequest(page: paging.page, per: per), services: services, on: req.db)
        let pages = max(1, (total + per - 1) / per)
        func href(_ page: Int) -> String {
            var items = raw.filter { ["service", "band", "theme"].contains($0.key) && !$0.value.isEmpty }
            items["page"] = String(page)
            return SiteRoute.map.pattern + "?"
                + items.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }
        let themes = try await RecoveryMap.themes(for: actor, on: req.db)
        let filters = raw.filter { ["service", "band", "theme"].contains($0.key) && !$0.value.isEmpty }
        let query =
            filters.isEmpty
            ? ""
            : "?"
                + filters.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        return try await req.view.render(
            "dashboard/map",
            MapPage(
                layout: Layout(req, title: "Recovery map", section: "map"),
                rows: rows.map { r in
                    MapRow(
                        service: r.service.name, theme: r.theme, action: "\(r.action.reference) \(r.action.title)",
                        href: Paths.action(r.action.id),
                        band: "\(r.action.riskBand.label) \(r.action.riskScore)",
                        bandClass: "band-" + r.action.riskBand.rawValue, status: r.action.status.label,
                        sources: r.categories.isEmpty ? "None yet" : r.categories.joined(separator: ", "),
                        owner: r.action.lead.name,
                        route: r.action.routeName, rag: r.rag?.label ?? "Not reviewed",
                        ragClass: r.rag.map { "rag-" + $0.rawValue } ?? "tag-muted",
                        nextReview: Day(iso: r.action.nextReviewDay)?.ukFormat ?? r.action.nextReviewDay,
                        others: r.others)
                },
                services: services.map {
                    Choice(value: $0.id!.uuidString, label: $0.name, selected: f.serviceID == $0.id)
                },
                bands: RiskBand.allCases.reversed().map {
                    Choice(value: $0.rawValue, label: $0.label, selected: f.band == $0)
                },
                themes: Set(themes).sorted().map { Choice(value: $0, label: $0, selected: f.theme == $0) },
                csvHref: SiteRoute.mapCsv.pattern + query, xlsxHref: SiteRoute.mapXlsx.pattern + query, total: total,
                page: paging.page,
                pages: pages,
                previousHref: paging.page > 1 ? href(paging.page - 1) : nil,
                nextHref: paging.page < pages ? href(paging.page + 1) : nil))
    }

    @Sendable func mapXLSX(req: Request) async throws -> Response {
        let table = try await Exports.map(try mapFilter(req), actor: try req.actor, on: req.db)
        return try FileResponse.table(table, .xlsx, fileName: "recovery-map-\(req.today.iso)")
    }

    @Sendable func mapCSV(req: Request) async throws -> Response {
        let actor = try req.actor
        let rows = try await RecoveryMap.rows(try mapFilter(req), actor: actor, on: req.db)
        var lines = [
            "service,theme,reference,action,risk_band,risk_score,status,evidence_sources,owner,review_route,rag,"
                + "next_review"
        ]
        for r in rows {
            lines.append(
                [
                    r.service.name, r.theme, r.action.reference, r.action.title, r.action.riskBand.rawValue,
                    String(r.action.riskScore),
                    r.action.status.rawValue, r.categories.joined(separator: "; "), r.action.lead.name,
                    r.action.routeName,
                    r.rag?.rawValue ?? "", r.action.nextReviewDay
                ].map(CSV.escape).joined(separator: ","))
        }
        let res = Response(status: .ok, body: .init(string: lines.joined(separator: "\r\n") + "\r\n"))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        res.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"recovery-map-\(req.today.iso).csv\"")
        return res
    }
}
