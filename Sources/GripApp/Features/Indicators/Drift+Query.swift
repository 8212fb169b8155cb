import Fluent
import Foundation
import GripCore
import SQLKit

/// What the drift rules (`Drift`) read beyond the action facts the dashboards already hold: evidence
/// per service per month, and each route's latest approved meetings with their challenges. Two
/// grouped queries for any number of services.
enum DriftQueries {
    struct MonthRow: Decodable { let service_id: UUID; let month: String; let n: Int }
    struct MeetingRow: Decodable { let route_id: UUID; let n: Int; let rn: Int }
    struct RouteRow: Decodable { let route_id: UUID; let service_id: UUID; let name: String }

    /// Items of evidence linked to each service's actions in each month of `Drift.evidenceWindow`
    /// (an item linked to two actions of a service counts once).
    static func evidenceByMonth(serviceIDs: [UUID], today: Day, on db: any Database) async throws -> [UUID: [Int]] {
        let window = Drift.evidenceWindow(today: today)
        guard let first = window.first, !serviceIDs.isEmpty else { return [:] }
        let end = Drift.monthStart(today, adding: 0)
        let sql = db as! any SQLDatabase
        var counts: [UUID: [String: Int]] = [:]
        for chunk in Batches.chunks(serviceIDs) {
            let rows = try await sql.raw(
                """
                SELECT a.service_id AS service_id, SUBSTR(ea.day, 1, 7) AS month, COUNT(DISTINCT ea.evidence_id) AS n
                FROM evidence_actions ea JOIN actions a ON a.id = ea.action_id
                WHERE a.service_id IN (\(binds: chunk)) AND ea.day >= \(bind: first.iso) AND ea.day < \(bind: end.iso)
                GROUP BY a.service_id, SUBSTR(ea.day, 1, 7)
                """
            ).all(decoding: MonthRow.self)
            for r in rows { counts[r.service_id, default: [:]][r.month] = r.n }
        }
        let months = window.map { String($0.iso.prefix(7)) }
        return Dictionary(uniqueKeysWithValues: serviceIDs.map { id in (id, months.map { counts[id]?[$0] ?? 0 }) })
    }

    /// The names of the routes of each service (of `serviceIDs`) whose latest approved meetings minuted no
    /// challenge. Only those services' routes are read, and challenges are counted only for each route's latest
    /// meetings (a service's dashboard read all of a group's 5,000 meetings: 16 ms, now under 2).
    static func routesWithoutChallenge(
        organisationID: UUID, serviceIDs: [UUID], on db: any Database
    ) async throws -> [UUID: [String]] {
        guard !serviceIDs.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        // Beyond a chunk's worth of services, every route of the organisation (the answer is kept to the services).
        let routesOf: SQLQueryString =
            serviceIDs.count <= Batches.defaultSize
            ? """
            AND m.route_id IN (SELECT rs.route_id FROM route_services rs WHERE rs.service_id IN (\(binds: serviceIDs)))
            """
            : ""
        let meetings = try await sql.raw(
            """
            SELECT l.route_id AS route_id, l.rn AS rn,
              (SELECT COUNT(*) FROM meeting_challenges c JOIN meeting_items i ON i.id = c.item_id
               WHERE i.meeting_id = l.id) AS n
            FROM (
              SELECT m.id AS id, m.route_id AS route_id,
                ROW_NUMBER() OVER (PARTITION BY m.route_id ORDER BY m.day DESC) AS rn
              FROM meetings m
              WHERE m.organisation_id = \(bind: organisationID) AND m.status = \(bind: MeetingStatus.approved.rawValue)
              \(routesOf)
            ) l WHERE l.rn <= \(bind: Drift.meetingsWithoutChallenge) ORDER BY l.route_id, l.rn
            """
        ).all(decoding: MeetingRow.self)
        let drifting = Set(
            Dictionary(grouping: meetings, by: \.route_id)
                .filter { Drift.withoutChallenge($0.value.sorted { $0.rn < $1.rn }.map(\.n)) }.keys)
        guard !drifting.isEmpty else { return [:] }
        let routes = try await sql.raw(
            """
            SELECT rs.route_id AS route_id, rs.service_id AS service_id, r.name AS name
            FROM route_services rs JOIN review_routes r ON r.id = rs.route_id
            WHERE r.organisation_id = \(bind: organisationID) AND rs.route_id IN (\(binds: Array(drifting)))
            """
        ).all(decoding: RouteRow.self)
        return Dictionary(grouping: routes, by: \.service_id).mapValues { $0.map(\.name).sorted() }
    }

    struct CountRow: Decodable { let service_id: UUID; let n: Int }

    /// Sustained actions per service (one grouped query on the status index).
    static func sustainedCounts(serviceIDs: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !serviceIDs.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        var out: [UUID: Int] = [:]
        for chunk in Batches.chunks(serviceIDs) {
            let rows = try await sql.raw(
                """
                SELECT service_id, COUNT(*) AS n FROM actions
                WHERE service_id IN (\(binds: chunk)) AND status = \(bind: ActionStatus.sustained.rawValue)
                GROUP BY service_id
                """
            ).all(decoding: CountRow.self)
            for r in rows { out[r.service_id] = r.n }
        }
        return out
    }

    /// Late escalations per service: thresholds that fired in the last `Drift.lateEscalationDays` and were answered
    /// late or are unanswered past their time (the sweeper marks those as it passes). One grouped query.
    static func lateEscalations(serviceIDs: [UUID], now: Date, on db: any Database) async throws -> [UUID: Int] {
        let since = now.addingTimeInterval(-Double(Drift.lateEscalationDays) * 86_400)
        var out: [UUID: Int] = [:]
        for chunk in Batches.chunks(serviceIDs) {
            let rows = try await (db as! any SQLDatabase).select().column("service_id")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(EscalationFiring.schema)
                .where("service_id", .in, chunk).where("late", .equal, true)
                .where("fired_at", .greaterThanOrEqual, since).groupBy("service_id")
                .all(decoding: CountRow.self)
            for r in rows { out[r.service_id] = r.n }
        }
        return out
    }

    struct FactRow: Decodable { let service_id: UUID; let what: String; let value: String }

    /// Late escalations per service (as `lateEscalations`) and each service's latest senior visit of each kind, in
    /// one statement (issue 36: the map's first read after a write stays within its bound).
    static func escalationsAndVisits(
        serviceIDs: [UUID], now: Date, on db: any Database
    ) async throws -> (late: [UUID: Int], visits: [UUID: [SeniorVisits.Visit]], lapsed: [UUID: Int]) {
        let since = now.addingTimeInterval(-Double(Drift.lateEscalationDays) * 86_400)
        let today = Day.today(now: now)
        var late: [UUID: Int] = [:], visits: [UUID: [SeniorVisits.Visit]] = [:], lapsed: [UUID: Int] = [:]
        for chunk in Batches.chunks(serviceIDs, size: 2500) {
            let rows = try await (db as! any SQLDatabase).raw(
                """
                SELECT service_id, 'late' AS what, CAST(COUNT(*) AS TEXT) AS value FROM escalation_firings
                WHERE service_id IN (\(binds: chunk)) AND late = \(bind: true) AND fired_at >= \(bind: since)
                GROUP BY service_id
                UNION ALL
                SELECT service_id, kind AS what, MAX(day) AS value FROM senior_visits
                WHERE service_id IN (\(binds: chunk)) GROUP BY service_id, kind
                UNION ALL
                SELECT m.service_id, 'model:' || CAST(m.re_sign_days AS TEXT) || ':' || m.start_day AS what,
                    COALESCE(MAX(s.day), m.start_day) AS value
                FROM safety_models m LEFT JOIN safety_model_signatures s ON s.model_id = m.id
                WHERE m.service_id IN (\(binds: chunk)) AND m.stood_down_on IS NULL
                GROUP BY m.id, m.service_id, m.re_sign_days, m.start_day
                """
            ).all(decoding: FactRow.self)
            for r in rows {
                if r.what == "late" {
                    late[r.service_id] = Int(r.value) ?? 0
                } else if let kind = SeniorVisits.Kind(rawValue: r.what), let day = Day(iso: r.value) {
                    visits[r.service_id, default: []].append(.init(day: day, kind: kind))
                } else if r.what.hasPrefix("model:") {
                    // A running model: its re-sign days, start and latest signature; lapsed as GripCore says.
                    let parts = r.what.split(separator: ":")
                    if parts.count == 3, let days = Int(parts[1]), let start = Day(iso: String(parts[2])),
                        let last = Day(iso: r.value)
                    {
                        let facts = SafetyModel.Facts(
                            startDay: start, plannedEndDay: start, reSignDays: days, signedOn: [last])
                        if case .lapsed = SafetyModel.state(facts, today: today) {
                            lapsed[r.service_id, default: 0] += 1
                        }
                    }
                }
            }
        }
        return (late, visits, lapsed)
    }

    /// The drift signals of some services, from their loaded signals (five more queries in all).
    static func signals(
        _ services: [ServiceSignals], organisationID: UUID, today: Day,
        on db: any Database
    ) async throws -> [UUID: [Drift.Signal]] {
        let ids = services.compactMap(\.service.id)
        let evidence = try await evidenceByMonth(serviceIDs: ids, today: today, on: db)
        let routes = try await routesWithoutChallenge(
            organisationID: organisationID, serviceIDs: services.map { $0.service.id! }, on: db)
        let (late, latest, lapsed) = try await escalationsAndVisits(
            serviceIDs: ids, now: Clock.current.now(), on: db)
        let visits = try await SeniorVisitService.lateReasons(
            latest: latest, of: ids, organisationID: organisationID, today: today, on: db)
        var out: [UUID: [Drift.Signal]] = [:]
        for s in services {
            let id = s.service.id!
            var f = facts(s, evidence: evidence[id] ?? [], routes: routes[id] ?? [], today: today)
            f.lateEscalations = late[id] ?? 0
            f.seniorVisitsLate = visits[id]
            f.safetyModelsLapsed = lapsed[id] ?? 0
            out[id] = Drift.signals(f, today: today)
        }
        return out
    }

    static func facts(_ s: ServiceSignals, evidence: [Int], routes: [String], today: Day) -> Drift.Facts {
        var f = Drift.Facts()
        f.reviewsLate = s.count(.reviewOverdue)
        f.reAuditsLate = s.count(.reAuditOverdue)
        f.monitoringWithoutReAuditDay = s.facts.filter { $0.status == .monitoring && $0.reAuditDueDay == nil }.count
        f.evidenceByMonth = evidence
        f.latestMonth = Drift.evidenceWindow(today: today).last
        f.routesWithoutChallenge = routes
        let measured = Set(s.facts.compactMap(\.indicatorID))
        f.warnings = s.warnings.map {
            Drift.Warning(
                indicator: $0.indicator.name, period: $0.period, periodKind: $0.indicator.period,
                answered: measured.contains($0.indicator.id!))
        }
        return f
    }
}
