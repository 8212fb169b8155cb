import Fluent
import GripCore
import Vapor

struct IndicatorDTO: Content {
    let id: UUID
    let name: String
    let unit: String
    let period: IndicatorPeriodKind
    let direction: SPC.Direction
    let target: Double?
    let statements: [String]
    let warnOn: SPC.WarnOn?
    let version: Int
    init(_ i: Indicator) {
        id = i.id!; name = i.name; unit = i.unit; period = i.period; direction = i.direction; target = i.target
        statements = i.statementIDs; warnOn = i.warnOn; version = i.version
    }
}

struct IndicatorCreateDTO: Content {
    var name: String
    var unit: String
    var period: IndicatorPeriodKind
    var direction: SPC.Direction
    var target: Double?
    var statements: [String]?
    var warnOn: SPC.WarnOn?
}

struct ValuesUpsertDTO: Content {
    struct Item: Content { var serviceId: UUID; var indicatorId: UUID; var period: String; var value: Double }
    var values: [Item]
}

struct ValuesResultDTO: Content { let created: Int; let updated: Int; let unchanged: Int }

struct SeriesDTO: Content {
    struct Point: Content {
        let period: String; let value: Double; let mean: Double?; let lowerLimit: Double?; let upperLimit: Double?
        let variation: SPC.Variation; let rule: Int?; let inBaseline: Bool
    }
    struct Period: Content {
        let start: String; let points: Int; let baselinePoints: Int; let hasLimits: Bool; let reason: String?
        let runChartMedian: Double?
    }
    let indicator: IndicatorDTO
    let service: RefDTO
    let points: [Point]
    let periods: [Period]
    let assurance: SPC.Assurance?
    /// A computed series' period in progress: shown, read by no SPC rule until it ends (issue 33).
    var soFar: SoFar? = nil
    /// Why the limits were last changed, and when.
    var settingsReason: String? = nil

    struct SoFar: Content { let period: String; let value: Double }
}

struct DashboardDTO: Content {
    struct Warning: Content { let indicatorId: UUID; let indicator: String; let period: String; let value: Double }
    struct ServiceFigures: Content {
        let service: RefDTO
        let liveActions: Int
        let extremeOrHigh: Int
        let flags: [String: Int]
        let earlyWarnings: [Warning]
        let drift: [Drift]
        let afterClosure: [String: Int]
    }
    struct Drift: Content { let kind: GripCore.Drift.Kind; let reason: String }
    let services: [ServiceFigures]
}

struct MapRowDTO: Content {
    let service: RefDTO
    let theme: String
    let actionId: UUID
    let reference: String
    let title: String
    let band: RiskBand
    let status: ActionStatus
    let evidenceSources: [String]
    let owner: PersonDTO
    let reviewRoute: String
    let rag: RAG?
    let nextReviewDay: Day
}

/// Indicators, values (bulk upsert), a series' SPC, the dashboards' figures and the recovery map.
struct IndicatorsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiIndicators, use: list)
        routes.post(.apiIndicators, use: create)
        routes.post(.apiIndicatorsValues, use: upsert)
        routes.get(.apiIndicatorServiceSpc, use: spc)
        routes.put(.apiIndicatorServiceSettings, use: settings)
        let heavy = routes.grouped(HeavyWorkMiddleware())
        heavy.get(.apiDashboard, use: dashboard)
        heavy.get(.apiMap, use: map)
    }

    @Sendable func list(req: Request) async throws -> ListDTO<IndicatorDTO> {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (f, errors) = ActionFilter.parse(["page": raw["page"] ?? "", "per": raw["per"] ?? ""])
        guard errors.isEmpty else {
            throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors)
        }
        let page = try await IndicatorService(db: req.db, actor: actor).catalogue(PageRequest(page: f.page, per: f.per))
        return ListDTO(
            items: page.items.map(IndicatorDTO.init),
            metadata: ListMetadata(page: f.page, per: f.per, total: page.metadata.total))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.keepIndicators)
        let b = try req.content.decode(IndicatorCreateDTO.self)
        let i = try await IndicatorService(db: req.db, actor: actor).createIndicator(
            .init(
                name: b.name, unit: b.unit, period: b.period, direction: b.direction, target: b.target,
                statementIDs: b.statements ?? [],
                warnOn: b.warnOn))
        return try await IndicatorDTO(i).encodeResponse(status: .created, for: req)
    }

    @Sendable func upsert(req: Request) async throws -> ValuesResultDTO {
        let actor = try req.actor
        try actor.require(.enterIndicatorValues)
        let body = try req.content.decode(ValuesUpsertDTO.self)
        guard !body.values.isEmpty, body.values.count <= 100_000 else {
            throw AppError.invalid("values", "Send from 1 to 100,000 values.")
        }
        let service = IndicatorService(db: req.db, actor: actor)
        let indicators = try await service.indicators(Set(body.values.map(\.indicatorId)))
        let byID = Dictionary(indicators.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let visible = try await service.visibleServiceIDs(Set(body.values.map(\.serviceId)))
        var errors: [FieldError] = []
        var entries: [IndicatorService.Entry] = []
        var seen: Set<String> = []
        for (n, v) in body.values.enumerated() {
            guard let indicator = byID[v.indicatorId] else {
                errors.append(FieldError("values.\(n).indicator_id", "No such indicator.")); continue
            }
            guard visible.contains(v.serviceId) else {
                errors.append(FieldError("values.\(n).service_id", "No such service that you can see.")); continue
            }
            guard let period = indicator.period.parse(v.period) else {
                errors.append(FieldError("values.\(n).period", "'\(v.period)' is not a \(indicator.period.rawValue)."))
                continue
            }
            guard v.value.isFinite else {
                errors.append(FieldError("values.\(n).value", "The value must be a number.")); continue
            }
            let key = "\(v.serviceId)|\(v.indicatorId)|\(period.iso)"
            guard seen.insert(key).inserted else {
                errors.append(
                    FieldError("values.\(n).period", "The same service, indicator and period is sent twice."));
                continue
            }
            entries.append(.init(indicatorID: v.indicatorId, serviceID: v.serviceId, period: period, value: v.value))
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let s = try await service.save(entries)
        return ValuesResultDTO(created: s.created, updated: s.updated, unchanged: s.unchanged)
    }

    @Sendable func spc(req: Request) async throws -> SeriesDTO {
        let actor = try req.actor
        let s = try await IndicatorService(db: req.db, actor: actor).series(
            indicatorID: req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            serviceID: req.parameters.get("service").flatMap(UUID.init(uuidString:)))
        let kind = s.indicator.period
        return SeriesDTO(
            indicator: IndicatorDTO(s.indicator), service: RefDTO(id: s.service.id!, name: s.service.name),
            points: s.result.points.enumerated().map { k, p in
                .init(
                    period: kind.label(s.periods[k]), value: p.value, mean: p.mean, lowerLimit: p.limits?.lower,
                    upperLimit: p.limits?.upper,
                    variation: p.variation, rule: p.rule?.rawValue, inBaseline: p.inBaseline)
            },
            periods: s.result.periods.map { p in
                .init(
                    start: s.periods.isEmpty ? "" : kind.label(s.periods[p.start]), points: p.count,
                    baselinePoints: p.baselineCount,
                    hasLimits: p.limits != nil, reason: p.noLimitsReason, runChartMedian: p.median)
            },
            assurance: s.result.assurance,
            soFar: s.soFar.map { .init(period: kind.label($0.period), value: $0.value) },
            settingsReason: s.setting?.reason)
    }

    struct SettingsDTO: Content {
        var baselinePoints: Int?
        var rebases: [String]?
        var reason: String?
        var version: Int?
    }

    /// A series' rebase points and fixed baseline, through the change policy: 200 with the series, or 202 with
    /// the held change when the series is watched and waits for a quality lead or the nominated individual.
    @Sendable func settings(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.changeSeriesSettings)
        let service = IndicatorService(db: req.db, actor: actor, today: req.today)
        let indicator = try await service.indicator(req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        let sid = req.parameters.get("service").flatMap(UUID.init(uuidString:))
        _ = try await Access.service(sid, for: actor, on: req.db)
        let body = try req.content.decode(SettingsDTO.self)
        var errors: [FieldError] = []
        var rebases: [Day] = []
        for (n, raw) in (body.rebases ?? []).enumerated() {
            if let d = indicator.period.parse(raw) {
                rebases.append(d)
            } else {
                errors.append(FieldError("rebases.\(n)", "'\(raw)' is not a \(indicator.period.rawValue)."))
            }
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        switch try await service.setSeries(
            indicatorID: indicator.id, serviceID: sid,
            baselinePoints: body.baselinePoints, rebases: rebases, reason: body.reason,
            version: body.version)
        {
        case .applied: return try await spc(req: req).encodeResponse(for: req)
        case .proposed(let c): return try await ChangesAPIController.accepted(c, req, location: Paths.apiChange(c.id!))
        }
    }

    @Sendable func dashboard(req: Request) async throws -> DashboardDTO {
        let actor = try req.actor
        let services = try await Scoped.services(for: actor, on: req.db)
        let signals = try await ServiceSignals.summarised(
            services, actor: actor, today: req.today,
            on: req.db
        )
        .sorted { ($0.fragility, $1.service.name) > ($1.fragility, $0.service.name) }
        return DashboardDTO(
            services: signals.map { s in
                .init(
                    service: RefDTO(id: s.service.id!, name: s.service.name), liveActions: s.liveCount,
                    extremeOrHigh: s.extremeHigh,
                    flags: Dictionary(uniqueKeysWithValues: AttentionFlag.allCases.map { ($0.rawValue, s.count($0)) }),
                    earlyWarnings: s.warnings.map {
                        .init(
                            indicatorId: $0.indicator.id!, indicator: $0.indicator.name,
                            period: $0.indicator.period.label($0.period),
                            value: $0.value)
                    },
                    drift: s.drift.map { .init(kind: $0.kind, reason: $0.reason) },
                    afterClosure: Dictionary(
                        uniqueKeysWithValues: AfterClosure.allCases.map { ($0.rawValue, s.afterClosure[$0] ?? 0) }))
            })
    }

    /// The recovery map, a page at a time (`page`, `per`: default 50, at most 200).
    @Sendable func map(req: Request) async throws -> ListDTO<MapRowDTO> {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let (paging, errors) = ActionFilter.parse(["page": raw["page"] ?? "", "per": raw["per"] ?? ""])
        guard errors.isEmpty else {
            throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors)
        }
        let (rows, total) = try await RecoveryMap.rows(
            try RecoveryMap.Filter.parse(raw), actor: actor,
            page: PageRequest(page: paging.page, per: paging.per), on: req.db)
        let items = rows.map { r in
            MapRowDTO(
                service: RefDTO(id: r.service.id, name: r.service.name), theme: r.theme, actionId: r.action.id,
                reference: r.action.reference, title: r.action.title, band: r.action.riskBand, status: r.action.status,
                evidenceSources: r.categories, owner: r.action.lead, reviewRoute: r.action.routeName,
                rag: r.rag, nextReviewDay: Day(iso: r.action.nextReviewDay)!)
        }
        return ListDTO(items: items, metadata: ListMetadata(page: paging.page, per: paging.per, total: total))
    }
}
