import Fluent
import Foundation
import GripCore

/// Indicators computed from Grip's logs (issue 23). A write to a log rewrites its services' computed series in the
/// same transaction — the indicators (created the first time a log is used), their monthly values, the series'
/// early warnings and the services' summaries — so SPC, warnings, packs and actions read them like any series.
enum IndicatorFeeds {
    enum Log: Sendable { case safeguarding, interventions }

    static func feeds(of log: Log) -> [IndicatorFeed] {
        IndicatorFeed.allCases.filter { $0.isSafeguarding == (log == .safeguarding) }
    }

    /// The organisation's computed indicators by feed, creating (and auditing) any that are missing.
    static func indicators(_ rec: AuditRecorder) async throws -> [IndicatorFeed: Indicator] {
        let orgID = try rec.organisation.requireID()
        let existing = try await Scoped.query(Indicator.self, organisation: orgID, on: rec.db)
            .filter(\.$feed != nil).all()
        var byFeed = Dictionary(existing.compactMap { i in i.feed.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        for feed in IndicatorFeed.allCases where byFeed[feed] == nil {
            let d = feed.definition
            let i = Indicator(d, organisationID: orgID)
            i.statementsFramework = Framework.cqc2023.id
            i.warnOn = d.warnOn
            i.feed = feed
            try await i.create(on: rec.db)
            try await rec.record(
                "indicator", i.requireID(), "created",
                [
                    AuditChange(field: "name", before: nil, after: d.name),
                    AuditChange(field: "feed", before: nil, after: feed.rawValue)
                ])
            byFeed[feed] = i
        }
        return byFeed
    }

    /// Rewrites the computed series of `log` for these services, from the log itself.
    static func refresh(_ log: Log, services: Set<UUID>, today: Day, rec: AuditRecorder) async throws {
        let byFeed = try await indicators(rec)
        try await write(log, byFeed: byFeed, services: services, today: today, on: rec.db)
        rec.touch(services: services)
    }

    /// The values themselves: the log read once (a few columns), the old values deleted and the new ones
    /// inserted in batches, and the series' warnings refreshed.
    static func write(
        _ log: Log, byFeed: [IndicatorFeed: Indicator], services: Set<UUID>, today: Day,
        on db: any Database
    ) async throws {
        guard !services.isEmpty else { return }
        let feeds = feeds(of: log)
        let ids = Set(feeds.compactMap { byFeed[$0]?.id })
        var series: [UUID: [IndicatorFeed: [(Day, Double)]]] = [:]
        switch log {
        case .safeguarding:
            let rows = try await SafeguardingConcern.query(on: db).filter(\.$service.$id ~~ services)
                .field(\.$service.$id).field(\.$raisedAt).field(\.$decisionAt).field(\.$referredAt)
                .field(\.$reviewDue).field(\.$closedAt).all()
            for (sid, list) in Dictionary(grouping: rows, by: { $0.$service.id }) {
                series[sid] = IndicatorFeed.safeguardingSeries(list.map(\.facts), today: today)
            }
        case .interventions:
            let rows = try await RestrictiveIntervention.query(on: db).filter(\.$service.$id ~~ services)
                .field(\.$service.$id).field(\.$startedAt).field(\.$minutes).field(\.$place).field(\.$debriefAt).all()
            for (sid, list) in Dictionary(grouping: rows, by: { $0.$service.id }) {
                series[sid] = IndicatorFeed.interventionSeries(list.map(\.facts), today: today)
            }
        }
        try await IndicatorValue.query(on: db).filter(\.$indicator.$id ~~ ids).filter(\.$service.$id ~~ services)
            .delete()
        var values: [IndicatorValue] = []
        for (sid, byFeedValues) in series {
            for (feed, points) in byFeedValues {
                guard let iid = byFeed[feed]?.id else { continue }
                for (month, value) in points {
                    let v = IndicatorValue()
                    v.$indicator.id = iid
                    v.$service.id = sid
                    v.period = month.iso
                    v.value = value
                    values.append(v)
                }
            }
        }
        try await Batches.create(values, size: 500, on: db)
        try await SeriesWarnings.refresh(indicators: ids, services: services, today: today, on: db)
    }

    /// The day-roll: the month in progress moves on (a concern passes its review day with no write), so every
    /// organisation's computed series are rewritten once a day. Derived values, not audited.
    static func roll(today: Day, on db: any Database) async throws {
        let fed = try await Indicator.query(on: db).filter(\.$feed != nil).all()
        for (org, list) in Dictionary(grouping: fed, by: { $0.$organisation.id }) {
            let byFeed = Dictionary(list.compactMap { i in i.feed.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
            let services = try await Scoped.query(Service.self, organisation: org, on: db).all().compactMap(\.id)
            try await db.writeTransaction { tx in
                try await write(.safeguarding, byFeed: byFeed, services: Set(services), today: today, on: tx)
                try await write(.interventions, byFeed: byFeed, services: Set(services), today: today, on: tx)
                try await ServiceSummaries.touch(
                    organisationID: org, services: Set(services), actions: [], routes: [],
                    on: tx)
            }
        }
    }
}
