import Fluent
import Foundation
import GripCore

/// What the provider dashboard reads: the services' stored summaries and warnings, their oversight and open
/// escalations, and one indicator's values across the services. A fixed number of queries whatever the number of
/// services (`DashboardTests`).
struct ProviderDashboardQuery {
    let db: any Database
    let actor: Actor
    let today: Day

    struct Content {
        let rows: [ProviderDashboardPage.Row]
        let order: HeatMapOrder
        let indicators: [Choice]
        let trends: ProviderDashboardPage.Trends?
        let indicatorID: UUID?
        /// The page of small multiples shown, of how many (`perPage` services a page, in the heat map's order).
        let page: Int
        let pages: Int
    }

    /// Small multiples a page: a group of 2,000 services reads its charts a page at a time.
    static let perPage = 48

    /// `sort`, `indicator` and `page` from the query string; a bad one is a 400 naming it, another organisation's
    /// indicator a 404.
    func load(sort: String?, indicator: String?, page rawPage: String? = nil) async throws -> Content {
        var page = 1
        if let rawPage, !rawPage.isEmpty {
            guard let p = Int(rawPage), p >= 1, p <= 100_000 else {
                let message = "page must be a whole number from 1."
                throw AppError(.badRequest, message, fields: [FieldError("page", message)])
            }
            page = p
        }
        let order: HeatMapOrder
        switch HeatMapOrder.parse(sort) {
        case .success(let o): order = o
        case .failure(let problem):
            throw AppError(.badRequest, problem.message, fields: [FieldError("sort", problem.message)])
        }
        var chosen: UUID?
        if let indicator, !indicator.isEmpty {
            guard let id = UUID(uuidString: indicator) else {
                let message = "indicator must be an indicator id: choose one from the list."
                throw AppError(.badRequest, message, fields: [FieldError("indicator", message)])
            }
            chosen = id
        }
        let services = try await Service.query(on: db).visible(to: actor).sort(\.$name).all()
        let signals = try await ServiceSignals.summarised(services, actor: actor, today: today, on: db)
        let positions = try await OversightService.positions(services.compactMap(\.id), on: db)
        let open = try await EscalationService(db: db, actor: actor, today: today).visible()
            .filter(\.$status ~~ EscalationStatus.allCases.filter(\.isOpen)).all()
        let openBy = Dictionary(grouping: open, by: { $0.$service.id }).mapValues(\.count)
        let lateBy = try await DriftQueries.lateEscalations(
            serviceIDs: services.compactMap(\.id), now: Clock.current.now(), on: db)
        let rows = order.sorted(
            signals.map { s in
                let id = s.service.id!
                let position = positions[id]
                return ProviderDashboardPage.Row(
                    id: id, name: s.service.name, worstRating: s.service.worstRating,
                    live: s.liveCount, extremeHigh: s.extremeHigh, fragility: s.fragility,
                    oversight: position?.current?.level ?? .routine, updateDue: position?.nextUpdateDue?.ukFormat,
                    updateOverdue: position?.nextUpdateDue.map { $0 < today } ?? false,
                    counts: [
                        .overdue: s.count(.overdue), .reviewOverdue: s.count(.reviewOverdue),
                        .stalled: s.count(.stalled), .weakProgress: s.count(.weakProgress),
                        .disconnected: s.count(.disconnected), .warnings: s.warnings.count, .drift: s.drift.count,
                        .escalations: openBy[id] ?? 0, .lateEscalations: lateBy[id] ?? 0
                    ],
                    warnings: s.warnings.map { w in
                        .init(
                            indicator: w.indicator.name, href: Paths.series(w.indicator.id!, id),
                            period: w.indicator.period.display(w.period),
                            value: "\(ActionRules.display(w.value)) \(w.indicator.unit)")
                    },
                    drift: s.drift.map { .init(label: $0.kind.label, reason: $0.reason) })
            }, by: \.order)
        let indicators = try await Scoped.query(Indicator.self, for: actor, on: db)
            .sort(\.$name).all()
        // The chosen indicator, else the one with the most early warnings, else the first.
        let warned = Dictionary(grouping: signals.flatMap(\.warnings), by: { $0.indicator.id! }).mapValues(\.count)
        let indicator: Indicator?
        if let chosen {
            guard let found = indicators.first(where: { $0.id == chosen }) else {
                throw AppError.notFound("indicator")
            }
            indicator = found
        } else {
            indicator = indicators.max { (warned[$0.id!] ?? 0, $1.name) < (warned[$1.id!] ?? 0, $0.name) }
        }
        var trends: ProviderDashboardPage.Trends?
        let pages = max(1, (rows.count + Self.perPage - 1) / Self.perPage)
        page = min(page, pages)
        if let indicator {
            let shown = rows.dropFirst((page - 1) * Self.perPage).prefix(Self.perPage)
            let byID = Dictionary(services.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
            let sparks = try await SeriesSpark.query(on: db).filter(\.$indicator.$id == indicator.requireID())
                .filter(\.$service.$id ~~ shown.map(\.id)).all()
            let sparkBy = Dictionary(sparks.map { ($0.$service.id, $0) }, uniquingKeysWith: { a, _ in a })
            let concerns = signals.filter { $0.warnings.contains { $0.indicator.id == indicator.id } }.count
            trends = .init(
                indicator: indicator.name, unit: indicator.unit, href: Paths.indicator(indicator.id!),
                multiples: shown.compactMap { row in
                    byID[row.id].map { Self.multiple(indicator, $0, sparkBy[row.id]) }
                }, concerns: concerns,
                services: rows.count)
        }
        return Content(
            rows: rows, order: order,
            indicators: indicators.map {
                Choice(
                    value: $0.id!.uuidString, label: $0.name,
                    selected: $0.id == indicator?.id)
            },
            trends: trends, indicatorID: chosen, page: page, pages: pages)
    }

    /// A service's small XmR chart as stored (`SeriesSpark`), with its latest value and what the chart says as
    /// text; an empty one when the service has no completed period of the indicator.
    static func multiple(
        _ indicator: Indicator, _ service: Service, _ spark: SeriesSpark?
    ) -> ProviderDashboardPage.Multiple {
        let href = Paths.series(indicator.id!, service.id!)
        guard let spark, let period = spark.period.flatMap(Day.init(iso:)) else {
            return .init(service: service.name, href: href, svg: nil, latest: "", verdict: "", concern: false)
        }
        let svg = HTML(
            drawnAndStored: spark.chart, renaming: SeriesSparks.storedID, to: "m-\(service.id!.uuidString.prefix(8))")
        return .init(
            service: service.name, href: href, svg: svg,
            latest: "\(spark.latest) (\(indicator.period.display(period)))", verdict: spark.verdict,
            concern: spark.concern)
    }
}
