import Fluent
import Foundation
import GripCore
import SQLKit

/// The dashboards' signals for a set of services, in a fixed number of queries however many
/// services, actions and periods there are.
struct ServiceSignals: Sendable {
    struct Warning: Sendable {
        let indicator: Indicator
        let period: Day
        let variation: SPC.Variation
        let value: Double
    }

    let service: Service
    /// Every live or monitoring action of the service: what the counts and flags read.
    var facts: [ActionFacts] = []
    /// The same actions as list rows (titles, service and lead names): only when loaded with `series` (a
    /// service's dashboard).
    var actions: [ActionListRow] = []
    var flags: [UUID: [RaisedFlag]] = [:]
    /// The stored sparklines of the service's series, by indicator name: only when loaded with `series`.
    var sparks: [(indicator: Indicator, spark: SeriesSpark)] = []
    var warnings: [Warning] = []
    /// Drift signals with their reasons: only when loaded with `drift` (dashboards, the oversight report).
    var drift: [Drift.Signal] = []
    /// Closed actions split after closure (awaiting re-audit, overdue, sustained, reopened): with `drift`.
    var afterClosure: [AfterClosure: Int] = [:]
    /// How many actions carry each flag, and the service's fragility: worked out once when loaded.
    private(set) var flagCounts: [AttentionFlag: Int] = [:]
    private(set) var fragility: Int = 0
    private(set) var liveCount = 0
    private(set) var extremeHigh = 0

    var live: [ActionListRow] { actions.filter { $0.facts.status.isLive } }
    func count(_ flag: AttentionFlag) -> Int { flagCounts[flag] ?? 0 }

    /// Counts each flag once (an action counts once per flag, however often it is raised) and
    /// works out the service's fragility from those counts; called once when the signals are loaded.
    mutating func settle() {
        var counts: [AttentionFlag: Int] = [:]
        for raised in flags.values { for flag in Set(raised.map(\.flag)) { counts[flag, default: 0] += 1 } }
        flagCounts = counts
        liveCount = facts.filter { $0.status.isLive }.count
        extremeHigh = facts.filter { $0.status.isLive && $0.riskBand.isHighOrExtreme }.count
        var c = Fragility.Counts()
        c.warnings = warnings.count
        c.overdue = count(.overdue)
        c.reviewOverdue = count(.reviewOverdue)
        c.stalled = count(.stalled)
        c.weakProgress = count(.weakProgress)
        c.disconnected = count(.disconnected)
        c.extremeLive = facts.filter { $0.status.isLive && $0.riskBand == .extreme }.count
        fragility = Fragility.score(c)
    }

    /// `services` are already visible to `actor`. `series`: also read the services' stored sparklines
    /// (`SeriesSpark`) and the actions in full with their leads (a service's dashboard shows both); the
    /// provider dashboard only counts. The warnings are the stored ones either way (`SeriesWarnings`).
    /// Nothing is analysed here.
    static func load(
        _ services: [Service], actor: Actor, today: Day, series withSeries: Bool = false,
        drift withDrift: Bool = false, on db: any Database
    ) async throws -> [ServiceSignals] {
        var loaded = try await loadSignals(services, actor: actor, today: today, series: withSeries, on: db)
        guard withDrift else { return loaded }
        let drift = try await DriftQueries.signals(loaded, organisationID: actor.organisationID, today: today, on: db)
        let sustained = try await DriftQueries.sustainedCounts(serviceIDs: loaded.map { $0.service.id! }, on: db)
        for k in loaded.indices {
            let id = loaded[k].service.id!
            loaded[k].drift = drift[id] ?? []
            var split: [AfterClosure: Int] = [.sustained: sustained[id] ?? 0]
            for f in loaded[k].facts {
                guard
                    let state = AfterClosure.of(
                        status: f.status, closedOn: f.closedOn.flatMap(Day.init(iso:)),
                        reAuditDue: f.reAuditDueDay.flatMap(Day.init(iso:)), today: today),
                    state != .sustained
                else { continue }
                split[state, default: 0] += 1
            }
            loaded[k].afterClosure = split
        }
        return loaded
    }

    private static func loadSignals(
        _ services: [Service], actor: Actor, today: Day, series withSeries: Bool,
        on db: any Database
    ) async throws -> [ServiceSignals] {
        let ids = services.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let statuses = ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring }
        // A service's dashboard shows its actions as rows: the facts are read with them, in one statement.
        var actionsBy: [UUID: [ActionListRow]] = [:]
        let facts: [ActionFacts]
        if withSeries {
            let rows = try await ActionQueries.rows(
                ActionSelection(
                    filter: ActionFilter(), actor: actor, today: today, serviceIDs: ids, statuses: statuses),
                on: db)
            actionsBy = Dictionary(grouping: rows, by: \.facts.serviceID)
            facts = rows.map(\.facts)
        } else {
            facts = try await ActionFacts.load(
                organisationID: actor.organisationID, serviceIDs: ids, statuses: statuses, on: db)
        }
        let flags = try await AttentionQueries.flags(for: facts, today: today, on: db)
        let indicators = try await Scoped.query(Indicator.self, for: actor, on: db).sort(
            \.$name
        ).all()
        let warningsBy = try await storedWarnings(serviceIDs: ids, indicators: indicators, on: db)
        var sparkBy: [String: SeriesSpark] = [:]
        if withSeries {
            let sparks = try await SeriesSpark.query(on: db).filter(\.$service.$id ~~ ids).all()
            sparkBy = Dictionary(
                sparks.map { ("\($0.$indicator.id)|\($0.$service.id)", $0) }, uniquingKeysWith: { a, _ in a })
        }
        let factsBy = Dictionary(grouping: facts, by: \.serviceID)
        return services.map { service in
            var s = ServiceSignals(service: service)
            s.facts = factsBy[service.id!] ?? []
            s.actions = actionsBy[service.id!] ?? []
            for f in s.facts { if let raised = flags[f.id] { s.flags[f.id] = raised } }
            s.warnings = warningsBy[service.id!] ?? []
            s.settle()
            guard withSeries else { return s }
            for indicator in indicators {
                if let spark = sparkBy["\(indicator.id!)|\(service.id!)"] { s.sparks.append((indicator, spark)) }
            }
            return s
        }
    }
}

extension ServiceSignals {
    /// The provider-wide view of many services from their summaries (`ServiceSummaries.current`) and
    /// stored warnings: counts, flags, fragility, drift and after-closure without the actions behind
    /// them (`facts`, `flags` and `actions` stay empty). Three queries when the summaries are current.
    static func summarised(
        _ services: [Service], actor: Actor, today: Day,
        on db: any Database
    ) async throws -> [ServiceSignals] {
        let summaries = try await ServiceSummaries.current(
            services, organisationID: actor.organisationID, today: today, part: .heat, on: db)
        let indicators = try await Scoped.query(Indicator.self, for: actor, on: db).all()
        let warnings = try await storedWarnings(serviceIDs: services.compactMap(\.id), indicators: indicators, on: db)
        return services.map { service in
            var s = ServiceSignals(service: service)
            let summary = summaries[service.id!] ?? ServiceSummary()
            s.warnings = warnings[service.id!] ?? []
            s.take(summary)
            s.flagCounts = Dictionary(
                summary.flags.compactMap { k, v in
                    AttentionFlag(rawValue: k).map { ($0, v) }
                }, uniquingKeysWith: +)
            s.fragility = summary.fragility
            s.liveCount = summary.live
            s.extremeHigh = summary.extremeHigh
            return s
        }
    }

    /// The drift signals and the after-closure split as a service's stored summary holds them (kept current by
    /// every write that changes them, in its transaction): nothing analysed on a read (issue 35).
    mutating func take(_ summary: ServiceSummary) {
        drift = summary.drift
        afterClosure = Dictionary(
            summary.afterClosure.compactMap { k, v in
                AfterClosure(rawValue: k).map { ($0, v) }
            }, uniquingKeysWith: +)
    }

    /// The stored early warnings (`SeriesWarnings`) of some services, by service, ordered by
    /// indicator name and period; `indicators` are the organisation's (one query for the warnings).
    static func storedWarnings(
        serviceIDs: [UUID], indicators: [Indicator], on db: any Database
    ) async throws -> [UUID: [Warning]] {
        guard !serviceIDs.isEmpty else { return [:] }
        let indicatorByID = Dictionary(indicators.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        // Plain rows, not models: a provider group holds thousands of warnings, and the provider
        // dashboard reads them all (a model decode per row was a seventh of its time).
        let sql = db as! any SQLDatabase
        var stored: [WarningRow] = []
        for chunk in Batches.chunks(serviceIDs) {
            stored += try await sql.select().columns("service_id", "indicator_id", "period", "value")
                .from(SeriesWarning.schema).where("service_id", .in, chunk).all(decoding: WarningRow.self)
        }
        return Dictionary(grouping: stored, by: \.service_id).mapValues { rows in
            rows.compactMap { w -> Warning? in
                guard let indicator = indicatorByID[w.indicator_id], let period = Day(iso: w.period) else { return nil }
                return Warning(indicator: indicator, period: period, variation: .concern, value: w.value)
            }.sorted { ($0.indicator.name, $0.period) < ($1.indicator.name, $1.period) }
        }
    }

    struct WarningRow: Decodable { let service_id: UUID; let indicator_id: UUID; let period: String; let value: Double }
}

/// The recovery map: one row per priority risk (service and theme) with its current action.
enum RecoveryMap {
    struct Row: Sendable {
        let service: ActionQueries.Named
        let theme: String
        let action: Action
        let others: Int
        let categories: [String]
        var rag: RAG? { action.rag }
    }

    /// A map row's action as the map shows it, with its service's, lead's and route's names and its latest
    /// review's RAG, read as a plain row in one statement with the rest of the page (issue 35).
    struct Action: Decodable, Sendable {
        let id: UUID
        let reference: String
        let title: String
        let riskBand: RiskBand
        let riskScore: Int
        let status: ActionStatus
        let nextReviewDay: String
        let serviceName: String
        let lead: PersonDTO
        let routeName: String
        let rag: RAG?

        enum CodingKeys: String, CodingKey {
            case id, reference, title, status, rag
            case riskBand = "risk_band", riskScore = "risk_score", nextReviewDay = "next_review_day"
            case serviceName = "service_name", leadID = "lead_id", leadName = "lead_name", leadEmail = "lead_email"
            case routeName = "route_name"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(UUID.self, forKey: .id)
            reference = try c.decode(String.self, forKey: .reference)
            title = try c.decode(String.self, forKey: .title)
            riskBand = try c.decode(RiskBand.self, forKey: .riskBand)
            riskScore = try c.decode(Int.self, forKey: .riskScore)
            status = try c.decode(ActionStatus.self, forKey: .status)
            nextReviewDay = try c.decode(String.self, forKey: .nextReviewDay)
            serviceName = try c.decode(String.self, forKey: .serviceName)
            lead = PersonDTO(
                id: try c.decode(UUID.self, forKey: .leadID), name: try c.decode(String.self, forKey: .leadName),
                email: try c.decode(String.self, forKey: .leadEmail))
            routeName = try c.decode(String.self, forKey: .routeName)
            rag = try c.decodeIfPresent(RAG.self, forKey: .rag)
        }

        /// The page's actions (already chosen from what the reader sees) with their parents' names and latest
        /// RAG: one statement.
        static func load(_ ids: [UUID], on db: any SQLDatabase) async throws -> [Action] {
            func a(_ name: String) -> SQLColumn { SQLColumn(name, table: "a") }
            func table(_ schema: String, _ alias: String) -> SQLAlias {
                SQLAlias(SQLIdentifier(schema), as: SQLIdentifier(alias))
            }
            let latestRAG = SQLSubquery.select { b in
                b.column(SQLColumn("rag", table: "v")).from(table(Review.schema, "v"))
                    .where(SQLColumn("action_id", table: "v"), .equal, a("id"))
                    .orderBy(SQLColumn("day", table: "v"), SQLDirection.descending)
                    .orderBy(SQLColumn("created_at", table: "v"), SQLDirection.descending).limit(1)
            }
            return try await db.select()
                .columns(["id", "reference", "title", "risk_band", "risk_score", "status", "next_review_day"].map(a))
                .column(SQLColumn("name", table: "s"), as: "service_name")
                .column(SQLColumn("id", table: "l"), as: "lead_id")
                .column(SQLColumn("name", table: "l"), as: "lead_name")
                .column(SQLColumn("email", table: "l"), as: "lead_email")
                .column(SQLColumn("name", table: "r"), as: "route_name")
                .column(latestRAG, as: "rag")
                .from(table(RecoveryAction.schema, "a"))
                .join(table(Service.schema, "s"), on: SQLColumn("id", table: "s"), .equal, a("service_id"))
                .join(table(User.schema, "l"), on: SQLColumn("id", table: "l"), .equal, a("lead_id"))
                .join(table(ReviewRoute.schema, "r"), on: SQLColumn("id", table: "r"), .equal, a("route_id"))
                .where(a("id"), .in, SQLBind.group(ids))
                .all(decoding: Action.self)
        }
    }

    struct Filter: Sendable {
        var serviceID: UUID?
        var band: RiskBand?
        var theme: String?

        /// Reads `service`, `band` and `theme` from a query string; a bad one is a 400 naming it.
        static func parse(_ q: [String: String]) throws -> Filter {
            var f = Filter()
            if let s = q["service"], !s.isEmpty {
                guard let id = UUID(uuidString: s) else {
                    throw AppError(
                        .badRequest, "service must be a service id.",
                        fields: [FieldError("service", "Choose a service from the list.")])
                }
                f.serviceID = id
            }
            if let b = q["band"], !b.isEmpty {
                guard let band = RiskBand(rawValue: b) else {
                    throw AppError(
                        .badRequest, "Unknown band '\(b)'.",
                        fields: [FieldError("band", "Use low, moderate, high or extreme.")])
                }
                f.band = band
            }
            if let t = q["theme"], !t.isEmpty { f.theme = t }
            return f
        }
    }

    struct CategoryRow: Decodable { let action_id: UUID; let category: String }

    /// Four statements whatever the size (five with `services` not given): the visible services, their
    /// summaries (or the candidates as plain rows, filtered), then the page's actions as plain rows with their
    /// parents' names and latest RAG, and their evidence categories.
    static func rows(
        _ f: Filter, actor: Actor, services: [Service]? = nil, on db: any Database
    ) async throws -> [Row] {
        try await rows(f, actor: actor, page: nil, services: services, on: db).rows
    }

    /// One page of the map (the order is the map's: service name, highest risk, theme), with the
    /// number of rows in all; only the page's actions are read in full. Unfiltered, or filtered by
    /// service, the rows come from the services' summaries (their cost grows with the services, not the
    /// actions); a band or theme filter chooses among the matching actions themselves. `services`, when given,
    /// are the services the actor sees (`Scoped.services`), already read for the page's filter.
    static func rows(
        _ f: Filter, actor: Actor, page: PageRequest?, services visible: [Service]? = nil,
        today: Day = Clock.current.today(), on db: any Database
    ) async throws -> (rows: [Row], total: Int) {
        var services: [Service]
        if let visible { services = visible } else { services = try await Scoped.services(for: actor, on: db) }
        if let s = f.serviceID { services = services.filter { $0.id == s } }
        var picks: [Pick] = []
        if f.band == nil && f.theme == nil {
            let summaries = try await ServiceSummaries.current(
                services, organisationID: actor.organisationID,
                today: today, on: db)
            picks = services.flatMap { s in
                (summaries[s.id!]?.current ?? []).map { c in
                    Pick(
                        id: c.actionID, serviceID: s.id!, service: s.name, riskScore: c.riskScore, theme: c.theme,
                        others: c.others)
                }
            }
        } else {
            picks = try await chosen(f, services: services, actor: actor, on: db)
        }
        picks.sort { $0.key < $1.key }
        let total = picks.count
        if let page {
            let start = min((max(page.page, 1) - 1) * page.per, picks.count)
            picks = Array(picks[start..<min(start + page.per, picks.count)])
        }
        guard !picks.isEmpty else { return ([], total) }
        var actions: [UUID: Action] = [:], evidence: [CategoryRow] = []
        let sql = db as! any SQLDatabase
        for chunk in Batches.chunks(picks.map(\.id)) {
            for a in try await Action.load(chunk, on: sql) { actions[a.id] = a }
            evidence += try await sql.raw(
                """
                SELECT DISTINCT action_id, category FROM evidence_actions WHERE action_id IN (\(binds: chunk))
                """
            ).all(decoding: CategoryRow.self)
        }
        var categories: [UUID: Set<String>] = [:]
        for e in evidence { categories[e.action_id, default: []].insert(e.category) }
        let names = Reference.evidenceCategoryTitles
        let rows = picks.compactMap { p in
            actions[p.id].map { a in
                Row(
                    service: .init(id: p.serviceID, name: a.serviceName), theme: p.theme, action: a, others: p.others,
                    categories: (categories[a.id] ?? []).map { names[$0] ?? $0 }.sorted())
            }
        }
        return (rows, total)
    }

    /// A map row before its action is loaded.
    struct Pick {
        let id: UUID
        let serviceID: UUID
        let service: String
        let riskScore: Int
        let theme: String
        let others: Int
        var key: (String, Int, String, String) { (service, -riskScore, theme, id.uuidString) }
    }

    /// The current action of each service and theme among the actions matching a band or theme filter
    /// (the same choice the summaries make, `ServiceSummary.currentActions`).
    static func chosen(
        _ f: Filter, services: [Service], actor: Actor,
        on db: any Database
    ) async throws -> [Pick] {
        let watched = ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring }
        let candidates = try await ActionFacts.load(
            organisationID: actor.organisationID,
            serviceIDs: services.compactMap(\.id), statuses: watched,
            band: f.band, theme: f.theme, on: db)
        let byService = Dictionary(grouping: candidates, by: \.serviceID)
        return services.flatMap { s in
            ServiceSummary.currentActions((byService[s.id!] ?? []).compactMap(\.mapCandidate)).map { c in
                Pick(
                    id: c.actionID, serviceID: s.id!, service: s.name, riskScore: c.riskScore, theme: c.theme,
                    others: c.others)
            }
        }
    }
}

extension RecoveryMap {
    /// The priority risks (themes) of the actions the actor sees, for the map's filter.
    static func themes(for actor: Actor, on db: any Database) async throws -> [String] {
        try await RecoveryAction.query(on: db).visible(to: actor).field(\.$theme).unique().all(\.$theme)
    }
}
