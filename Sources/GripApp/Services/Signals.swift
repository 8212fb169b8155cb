import Fluent
import Foundation
import GripCore

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

    static func load(_ services: [Service], actor: Actor, today: Day, on db: any Database) async throws -> [ServiceSignals] {
        let ids = services.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let statuses = ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring }
        let actions = try await RecoveryAction.query(on: db).visible(to: actor).filter(\.$service.$id ~~ ids)
            .filter(\.$status ~~ statuses).with(\.$lead).all()
        let flags = try await AttentionQueries.flags(for: actions, today: today, on: db)
        let indicators = try await Indicator.query(on: db).filter(\.$organisation.$id == actor.organisationID).sort(\.$name).all()
        let indicatorByID = Dictionary(indicators.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let values = try await IndicatorValue.query(on: db).filter(\.$service.$id ~~ ids).sort(\.$period).all()
        let settings = try await SeriesSetting.query(on: db).filter(\.$service.$id ~~ ids).all()
        let settingBy = Dictionary(settings.map { ("\($0.$indicator.id)|\($0.$service.id)", $0) }, uniquingKeysWith: { a, _ in a })
        let valuesBy = Dictionary(grouping: values, by: { "\($0.$indicator.id)|\($0.$service.id)" })
        let actionsBy = Dictionary(grouping: actions, by: { $0.$service.id })
        return services.map { service in
            var s = ServiceSignals(service: service)
            s.actions = actionsBy[service.id!] ?? []
            let mine = Set(s.actions.compactMap(\.id))
            s.flags = flags.filter { mine.contains($0.key) }
            for indicator in indicators {
                let key = "\(indicator.id!)|\(service.id!)"
                guard let vs = valuesBy[key], !vs.isEmpty else { continue }
                let series = IndicatorService.analyse(indicator, service, values: vs, setting: settingBy[key])
                s.series.append(series)
                let result = series.result, periods = series.periods
                if let k = result.latestConcern() {
                    s.warnings.append(Warning(indicator: indicatorByID[indicator.id!]!, period: periods[k], variation: .concern, value: result.points[k].value))
                }
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

    static func rows(_ f: Filter, actor: Actor, on db: any Database) async throws -> [Row] {
        var q = RecoveryAction.query(on: db).visible(to: actor)
            .filter(\.$status ~~ ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring })
        if let s = f.serviceID { q = q.filter(\.$service.$id == s) }
        if let b = f.band { q = q.filter(\.$riskBand == b) }
        if let t = f.theme { q = q.filter(\.$theme == t) }
        let actions = try await q.with(\.$service).with(\.$lead).with(\.$route).all()
        let ids = actions.compactMap(\.id)
        let evidence = ids.isEmpty ? [] : try await EvidenceAction.query(on: db).filter(\.$action.$id ~~ ids)
            .join(Evidence.self, on: \EvidenceAction.$evidence.$id == \Evidence.$id)
            .field(\.$action.$id).field(Evidence.self, \.$category).all()
        var categories: [UUID: Set<String>] = [:]
        for e in evidence { categories[e.$action.id, default: []].insert(try e.joined(Evidence.self).category) }
        let reviews = ids.isEmpty ? [] : try await Review.query(on: db).filter(\.$action.$id ~~ ids)
            .sort(\.$day).sort(\.$createdAt).field(\.$action.$id).field(\.$rag).field(\.$day).field(\.$createdAt).all()
        var latestRAG: [UUID: RAG] = [:]
        for r in reviews { latestRAG[r.$action.id] = r.rag }
        let groups = Dictionary(grouping: actions, by: { "\($0.$service.id)|\($0.theme.lowercased())" })
        let names = Dictionary(uniqueKeysWithValues: Framework.bundled.evidenceCategories.map { ($0.id, $0.name) })
        return groups.values.compactMap { group -> Row? in
            let chosen = CurrentAction.choose(group.compactMap { a in
                Day(iso: a.dueDay).map { CurrentAction.Candidate(id: a.id!, isLive: a.status.isLive, riskScore: a.riskScore, dueDay: $0) }
            })
            guard let current = group.first(where: { $0.id == chosen }) else { return nil }
            return Row(service: current.service, theme: current.theme, action: current, others: group.count - 1,
                       categories: (categories[current.id!] ?? []).map { names[$0] ?? $0 }.sorted(), rag: latestRAG[current.id!])
        }.sorted { ($0.service.name, -$0.action.riskScore, $0.theme) < ($1.service.name, -$1.action.riskScore, $1.theme) }
    }
}
