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
    var actions: [RecoveryAction] = []
    var flags: [UUID: [RaisedFlag]] = [:]
    var series: [IndicatorService.Series] = []
    var warnings: [Warning] = []

    var live: [RecoveryAction] { actions.filter { $0.status.isLive } }
    func count(_ flag: AttentionFlag) -> Int { flags.values.filter { $0.contains { $0.flag == flag } }.count }
    var extremeHigh: Int { live.filter { $0.riskBand.isHighOrExtreme }.count }
    /// Worst first: warnings, overdue and extreme work weigh most.
    var fragility: Int {
        var c = Fragility.Counts()
        c.warnings = warnings.count
        c.overdue = count(.overdue)
        c.reviewOverdue = count(.reviewOverdue)
        c.stalled = count(.stalled)
        c.weakProgress = count(.weakProgress)
        c.disconnected = count(.disconnected)
        c.extremeLive = live.filter { $0.riskBand == .extreme }.count
        return Fragility.score(c)
    }

    /// Special-cause concerns in the latest periods of a series.
    static let warningWindow = SPC.Result.warningWindow

    /// `series`: also analyse every series of the services and load the actions' leads (a service's
    /// dashboard shows both); the provider dashboard only counts.
    /// the warnings themselves are the stored ones either way (`SeriesWarnings`).
    static func load(_ services: [Service], actor: Actor, today: Day, series withSeries: Bool = false,
                     on db: any Database) async throws -> [ServiceSignals] {
        let ids = services.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let statuses = ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring }
        var query = RecoveryAction.query(on: db).visible(to: actor).filter(\.$service.$id ~~ ids).filter(\.$status ~~ statuses)
        if withSeries { query = query.with(\.$lead) }
        let actions = try await query.all()
        let flags = try await AttentionQueries.flags(for: actions, today: today, on: db)
        let indicators = try await Indicator.query(on: db).filter(\.$organisation.$id == actor.organisationID).sort(\.$name).all()
        let indicatorByID = Dictionary(indicators.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let stored = try await SeriesWarning.query(on: db).filter(\.$service.$id ~~ ids).all()
        let warningsBy = Dictionary(grouping: stored, by: { $0.$service.id })
        var valuesBy: [String: [IndicatorValue]] = [:], settingBy: [String: SeriesSetting] = [:]
        if withSeries {
            let values = try await IndicatorValue.query(on: db).filter(\.$service.$id ~~ ids).sort(\.$period).all()
            let settings = try await SeriesSetting.query(on: db).filter(\.$service.$id ~~ ids).all()
            settingBy = Dictionary(settings.map { ("\($0.$indicator.id)|\($0.$service.id)", $0) }, uniquingKeysWith: { a, _ in a })
            valuesBy = Dictionary(grouping: values, by: { "\($0.$indicator.id)|\($0.$service.id)" })
        }
        let actionsBy = Dictionary(grouping: actions, by: { $0.$service.id })
        return services.map { service in
            var s = ServiceSignals(service: service)
            s.actions = actionsBy[service.id!] ?? []
            let mine = Set(s.actions.compactMap(\.id))
            s.flags = flags.filter { mine.contains($0.key) }
            s.warnings = (warningsBy[service.id!] ?? []).compactMap { w -> Warning? in
                guard let indicator = indicatorByID[w.$indicator.id], let period = Day(iso: w.period) else { return nil }
                return Warning(indicator: indicator, period: period, variation: .concern, value: w.value)
            }.sorted { ($0.indicator.name, $0.period) < ($1.indicator.name, $1.period) }
            guard withSeries else { return s }
            for indicator in indicators {
                let key = "\(indicator.id!)|\(service.id!)"
                guard let vs = valuesBy[key], !vs.isEmpty else { continue }
                s.series.append(IndicatorService.analyse(indicator, service, values: vs, setting: settingBy[key]))
            }
            return s
        }
    }
}

/// The recovery map: one row per priority risk (service and theme) with its current action.
enum RecoveryMap {
    struct Row: Sendable {
        let service: Service
        let theme: String
        let action: RecoveryAction
        let others: Int
        let categories: [String]
        let rag: RAG?
    }

    struct Filter: Sendable {
        var serviceID: UUID?
        var band: RiskBand?
        var theme: String?
    }

    struct CategoryRow: Decodable { let action_id: UUID; let category: String }

    /// Five queries whatever the size: the candidates as plain rows (a few columns), then the
    /// chosen actions with their service, lead and route, their evidence categories and reviews.
    static func rows(_ f: Filter, actor: Actor, on db: any Database) async throws -> [Row] {
        var q = RecoveryAction.query(on: db).visible(to: actor)
            .filter(\.$status ~~ ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring })
        if let s = f.serviceID { q = q.filter(\.$service.$id == s) }
        if let b = f.band { q = q.filter(\.$riskBand == b) }
        if let t = f.theme { q = q.filter(\.$theme == t) }
        let candidates = try await q.field(\.$id).field(\.$service.$id).field(\.$theme).field(\.$status).field(\.$riskScore).field(\.$dueDay).all()
        let groups = Dictionary(grouping: candidates, by: { "\($0.$service.id)|\($0.theme.lowercased())" })
        var chosen: [UUID: Int] = [:]
        for group in groups.values {
            let pick = CurrentAction.choose(group.compactMap { a in
                Day(iso: a.dueDay).map { CurrentAction.Candidate(id: a.id!, isLive: a.status.isLive, riskScore: a.riskScore, dueDay: $0) }
            })
            if let pick { chosen[pick] = group.count - 1 }
        }
        let ids = Array(chosen.keys)
        guard !ids.isEmpty else { return [] }
        var actions: [RecoveryAction] = [], evidence: [CategoryRow] = [], reviews: [Review] = []
        let sql = db as! any SQLDatabase
        for chunk in stride(from: 0, to: ids.count, by: 5000).map({ Array(ids[$0..<min(ids.count, $0 + 5000)]) }) {
            actions += try await RecoveryAction.query(on: db).filter(\.$id ~~ chunk).with(\.$service).with(\.$lead).with(\.$route).all()
            evidence += try await sql.raw("""
                SELECT DISTINCT ea.action_id AS action_id, e.category AS category
                FROM evidence_actions ea JOIN evidence e ON e.id = ea.evidence_id WHERE ea.action_id IN (\(binds: chunk))
                """).all(decoding: CategoryRow.self)
            reviews += try await Review.query(on: db).filter(\.$action.$id ~~ chunk)
                .sort(\.$day).sort(\.$createdAt).field(\.$action.$id).field(\.$rag).field(\.$day).field(\.$createdAt).all()
        }
        var categories: [UUID: Set<String>] = [:]
        for e in evidence { categories[e.action_id, default: []].insert(e.category) }
        var latestRAG: [UUID: RAG] = [:]
        for r in reviews { latestRAG[r.$action.id] = r.rag }
        let names = Dictionary(uniqueKeysWithValues: Framework.bundled.evidenceCategories.map { ($0.id, $0.name) })
        return actions.map { current in
            Row(service: current.service, theme: current.theme, action: current, others: chosen[current.id!] ?? 0,
                categories: (categories[current.id!] ?? []).map { names[$0] ?? $0 }.sorted(), rag: latestRAG[current.id!])
        }.sorted { ($0.service.name, -$0.action.riskScore, $0.theme) < ($1.service.name, -$1.action.riskScore, $1.theme) }
    }
}
