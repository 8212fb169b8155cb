import Fluent
import Foundation
import GripCore
import SQLKit

/// The per-service read model (`ServiceSummary`, table `service_summaries`).
///
/// - A write that changes what a summary holds bumps the service's `generation` in the write's own
///   transaction (`AuditRecorder.touch`, one statement however many services).
/// - A reader takes the stored summaries that are current (`ServiceSummary.Freshness`) and computes
///   only the others, storing each with the generation it started from: a write that lands during
///   the computation leaves the row stale, never wrongly current.
/// - The day-roll (`DayRoll`) recomputes at midnight, Europe/London, what depends on the date.
/// - The generation also tells the escalation sweeper (`EscalationSweep.due`) which services to sweep.
/// - `grip summaries verify` compares stored summaries with the records; `rebuild` repairs.
enum ServiceSummaries {
    static let table = "service_summaries"
    /// Services computed together when rolling or rebuilding a whole organisation.
    static let batch = 100

    /// What a reader needs of the summaries: the whole of each (the map's rows among it), or the counts and
    /// drift the heat map and the dashboards show, from their own columns (`SummaryHeat`).
    enum Part: Sendable { case whole, heat }

    struct Row: Decodable {
        let service_id: UUID
        let generation: Int
        let computed_generation: Int
        let as_of: String
        /// The whole summary's JSON; nil when the row was read for its counts.
        let data: String?
        /// The summary from its count columns, without the map's rows.
        let heat: ServiceSummary?

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            service_id = try c.decode(UUID.self, forKey: Key(stringValue: "service_id"))
            generation = try c.decode(Int.self, forKey: Key(stringValue: "generation"))
            computed_generation = try c.decode(Int.self, forKey: Key(stringValue: "computed_generation"))
            as_of = try c.decode(String.self, forKey: Key(stringValue: "as_of"))
            data = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "data"))
            if data == nil {
                heat = SummaryHeat.summary(
                    counts: try SummaryHeat.counts.map { try c.decode(Int.self, forKey: Key(stringValue: $0)) },
                    fragility: try c.decode(Int.self, forKey: Key(stringValue: "fragility")),
                    drift: try c.decode(String.self, forKey: Key(stringValue: "drift")))
            } else {
                heat = nil
            }
        }

        var freshness: ServiceSummary.Freshness {
            .init(generation: generation, computedGeneration: computed_generation, asOf: as_of)
        }
        var summary: ServiceSummary? {
            heat ?? data.flatMap { try? JSONDecoder().decode(ServiceSummary.self, from: Data($0.utf8)) }
        }
    }

    /// The summaries computed from the records, with the rules the service dashboard uses.
    static func compute(
        _ services: [Service], organisationID: UUID, today: Day,
        on db: any Database
    ) async throws -> [UUID: ServiceSummary] {
        let actor = Actor(system: "summaries", organisationID: organisationID)
        let signals = try await ServiceSignals.load(services, actor: actor, today: today, drift: true, on: db)
        return Dictionary(signals.map { ($0.service.id!, summary(of: $0)) }, uniquingKeysWith: { a, _ in a })
    }

    static func summary(of s: ServiceSignals) -> ServiceSummary {
        var out = ServiceSummary()
        let live = s.facts.filter { $0.status.isLive }
        out.live = live.count
        out.extremeHigh = live.filter { $0.riskBand.isHighOrExtreme }.count
        out.extremeLive = live.filter { $0.riskBand == .extreme }.count
        out.flags = ServiceSummary.flagCounts(s.facts.map { (s.flags[$0.id] ?? []).map(\.flag) })
        out.warnings = s.warnings.count
        out.drift = s.drift
        out.afterClosure = Dictionary(s.afterClosure.map { ($0.key.rawValue, $0.value) }, uniquingKeysWith: +)
        out.current = ServiceSummary.currentActions(s.facts.compactMap(\.mapCandidate))
        out.fragility = out.fragilityScore()
        return out
    }

    /// The stored rows of some services (one query per 5,000).
    static func stored(_ ids: [UUID], part: Part = .whole, on db: any Database) async throws -> [UUID: Row] {
        let sql = db as! any SQLDatabase
        var rows: [UUID: Row] = [:]
        let columns = part == .whole ? ["data"] : SummaryHeat.counts + ["fragility", "drift"]
        for chunk in Batches.chunks(ids) {
            let found = try await sql.select()
                .columns(["service_id", "generation", "computed_generation", "as_of"] + columns)
                .from(table).where("service_id", .in, chunk).all(decoding: Row.self)
            for r in found { rows[r.service_id] = r }
        }
        return rows
    }

    /// The summaries of `services` (already visible to the reader) as of `today`: the stored ones
    /// that are current, and the others computed now and stored. One query when all are current.
    static func current(
        _ services: [Service], organisationID: UUID, today: Day, part: Part = .whole,
        on db: any Database
    ) async throws -> [UUID: ServiceSummary] {
        let ids = services.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let rows = try await stored(ids, part: part, on: db)
        var out: [UUID: ServiceSummary] = [:]
        var stale: [Service] = []
        for s in services {
            if let r = rows[s.id!], r.freshness.isCurrent(today: today), let summary = r.summary {
                out[s.id!] = summary
            } else {
                stale.append(s)
            }
        }
        guard !stale.isEmpty else { return out }
        let computed = try await recompute(stale, rows: rows, organisationID: organisationID, today: today, on: db)
        for (id, summary) in computed { out[id] = summary }
        return out
    }

    /// Computes some services' summaries and stores each against the generation read with `rows`.
    static func recompute(
        _ services: [Service], rows: [UUID: Row], organisationID: UUID, today: Day,
        on db: any Database
    ) async throws -> [UUID: ServiceSummary] {
        let computed = try await compute(services, organisationID: organisationID, today: today, on: db)
        try await store(
            services.compactMap { s in
                computed[s.id!].map { (s.id!, rows[s.id!]?.generation ?? 0, $0) }
            }, organisationID: organisationID, today: today, on: db)
        return computed
    }

    /// An organisation's services in name order, a batch at a time.
    static func batches(organisationID: UUID, on db: any Database) async throws -> [[Service]] {
        let services = try await Scoped.query(Service.self, organisation: organisationID, on: db).sort(\.$name).all()
        return stride(from: 0, to: services.count, by: batch).map {
            Array(services[$0..<min($0 + batch, services.count)])
        }
    }

    /// Stores computed summaries, each only if no write touched its service since `generation` was read.
    static func store(
        _ computed: [(id: UUID, generation: Int, summary: ServiceSummary)], organisationID: UUID,
        today: Day, on db: any Database
    ) async throws {
        guard !computed.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let rows = try computed.map { c in
            (c.id, c.generation, c.summary, String(decoding: try encoder.encode(c.summary), as: UTF8.self))
        }
        // The counts' columns beside the JSON (`SummaryHeat`): names from a fixed list, values bound.
        let heat = SummaryHeat.counts + ["drift"]
        let names = heat.joined(separator: ", ")
        let updates = heat.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let write: @Sendable (any Database) async throws -> Void = { db in
            let sql = db as! any SQLDatabase
            for (id, generation, summary, data) in rows {
                try await sql.raw(
                    """
                    INSERT INTO service_summaries
                      (service_id, organisation_id, generation, computed_generation, as_of, fragility, data,
                       \(unsafeRaw: names))
                    VALUES (\(bind: id), \(bind: organisationID), \(bind: generation), \(bind: generation),
                            \(bind: today.iso), \(bind: summary.fragility), \(bind: data),
                            \(binds: SummaryHeat.values(summary)), \(bind: SummaryHeat.drift(summary)))
                    ON CONFLICT (service_id) DO UPDATE SET computed_generation = excluded.computed_generation,
                      as_of = excluded.as_of, fragility = excluded.fragility, data = excluded.data,
                      \(unsafeRaw: updates)
                    WHERE service_summaries.generation = excluded.generation
                    """
                ).run()
            }
        }
        try await db.writeTransaction { try await write($0) }
    }

    /// Marks services' summaries stale, inside the write's transaction: the services named, those of
    /// the actions named and those of the routes named. Makes a row for a service that has none.
    static func touch(
        organisationID: UUID, services: Set<UUID>, actions: Set<UUID>, routes: Set<UUID>,
        on db: any Database
    ) async throws {
        var which: [SQLQueryString] = []
        if !services.isEmpty { which.append("id IN (\(binds: Array(services)))") }
        if !actions.isEmpty {
            which.append("id IN (SELECT service_id FROM actions WHERE id IN (\(binds: Array(actions))))")
        }
        if !routes.isEmpty {
            which.append("id IN (SELECT service_id FROM route_services WHERE route_id IN (\(binds: Array(routes))))")
        }
        guard !which.isEmpty else { return }
        let sql = db as! any SQLDatabase
        try await sql.raw(
            """
            INSERT INTO service_summaries
              (service_id, organisation_id, generation, computed_generation, as_of, fragility, data)
            SELECT id, organisation_id, 1, 0, '', 0, '{}' FROM services
            WHERE organisation_id = \(bind: organisationID) AND (\(which.joined(separator: " OR ")))
            ON CONFLICT (service_id) DO UPDATE SET generation = service_summaries.generation + 1
            """
        ).run()
    }

    /// Recomputes the summaries of an organisation's services that are not current on `today`
    /// (`all`: every one), in batches; how many were computed.
    @discardableResult
    static func refresh(organisationID: UUID, today: Day, all: Bool = false, on db: any Database) async throws -> Int {
        var done = 0
        for slice in try await batches(organisationID: organisationID, on: db) {
            let rows = try await stored(slice.compactMap(\.id), on: db)
            let due =
                all
                ? slice
                : slice.filter { s in
                    !(rows[s.id!].map { $0.freshness.isCurrent(today: today) } ?? false)
                }
            guard !due.isEmpty else { continue }
            _ = try await recompute(due, rows: rows, organisationID: organisationID, today: today, on: db)
            done += due.count
        }
        return done
    }

    struct Report: Sendable {
        var checked = 0
        var stale = 0
        var differences: [(service: String, problems: [String])] = []
    }

    /// Compares every current stored summary of an organisation with the records. A stale one is
    /// counted, not compared: the next reader recomputes it.
    static func verify(organisationID: UUID, today: Day, on db: any Database) async throws -> Report {
        var report = Report()
        for slice in try await batches(organisationID: organisationID, on: db) {
            let rows = try await stored(slice.compactMap(\.id), on: db)
            let counted = try await stored(slice.compactMap(\.id), part: .heat, on: db)
            let truth = try await compute(slice, organisationID: organisationID, today: today, on: db)
            for s in slice {
                guard let r = rows[s.id!], r.freshness.isCurrent(today: today) else { report.stale += 1; continue }
                report.checked += 1
                guard let summary = r.summary else {
                    report.differences.append((s.name, ["the stored summary cannot be read"]))
                    continue
                }
                let t = truth[s.id!] ?? ServiceSummary()
                var problems = ServiceSummary.differences(stored: summary, truth: t)
                // The counts' own columns (`SummaryHeat`), a second copy that the dashboards read.
                if let columns = counted[s.id!]?.summary {
                    var bare = t
                    bare.current = []
                    problems += ServiceSummary.differences(stored: columns, truth: bare)
                        .map { "counts' columns, " + $0 }
                }
                if !problems.isEmpty { report.differences.append((s.name, problems)) }
            }
        }
        return report
    }
}
