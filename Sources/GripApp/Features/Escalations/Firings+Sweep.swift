import Fluent
import Foundation
import GripCore
import SQLKit

/// Finds the occasions the escalation thresholds fired on (issue 36) and records each once. A write that changes what
/// a service's summary holds bumps its generation (in the write's own transaction); the sweeper (`EscalationSweeper`,
/// every two seconds in `serve`) sweeps each service whose generation moved since its last sweep, and every service
/// once a day (the calendar moves some triggers: an action long overdue, a notification not sent). Neither readers
/// nor writers pay for it. A fixed number of statements for a batch of services, whatever their size.
enum EscalationSweep {
    struct DueRow: Decodable { let service_id: UUID; let organisation_id: UUID; let generation: Int }

    /// Sweeps up to `limit` services that changed since their last sweep or were last swept before today; how many.
    @discardableResult
    static func due(now: Date, holidays: BankHolidays, limit: Int = 200, on db: any Database) async throws -> Int {
        let today = Day.today(now: now).iso
        let sql = db as! any SQLDatabase
        let rows = try await sql.select().columns("service_id", "organisation_id", "generation")
            .from(ServiceSummaries.table)
            .where(SQLColumn("swept_generation"), .lessThan, SQLColumn("generation"))
            .orWhere("swept_on", .lessThan, today)
            .limit(limit).all(decoding: DueRow.self)
        for (org, group) in Dictionary(grouping: rows, by: \.organisation_id) {
            try await db.writeTransaction { db in
                try await run(
                    services: group.map(\.service_id), organisationID: org, now: now, holidays: holidays, on: db)
                for r in group {
                    try await (db as! any SQLDatabase).update(ServiceSummaries.table)
                        .set("swept_generation", to: r.generation).set("swept_on", to: today)
                        .where("service_id", .equal, r.service_id).run()
                }
            }
        }
        return rows.count
    }

    /// Marks late the firings gone past their time unanswered, and makes their services' summaries stale (their
    /// drift reads late escalations). Two statements on an index, whatever the organisation's size.
    static func markLate(now: Date, on db: any Database) async throws {
        try await db.writeTransaction { db in
            let sql = db as! any SQLDatabase
            let goneLate: SQLQueryString =
                "late = \(bind: false) AND answered_at IS NULL AND deadline < \(bind: now)"
            try await sql.raw(
                """
                UPDATE service_summaries SET generation = generation + 1
                WHERE service_id IN (SELECT service_id FROM escalation_firings WHERE \(goneLate))
                """
            ).run()
            try await sql.raw("UPDATE escalation_firings SET late = \(bind: true) WHERE \(goneLate)").run()
        }
    }

    /// Marks what went late, then sweeps until nothing is due (the sweeper, tests, the demo).
    static func all(now: Date, holidays: BankHolidays, on db: any Database) async throws {
        try await markLate(now: now, on: db)
        while try await due(now: now, holidays: holidays, on: db) > 0 {}
    }

    struct ConcernRow: Decodable {
        let id: UUID; let service_id: UUID; let person_id: UUID; let category: String; let raised_at: Date
        let notify_cqc: Bool
    }
    struct SentRow: Decodable { let concern_id: UUID; let sent_at: Date? }
    struct InterventionRow: Decodable { let service_id: UUID; let person_id: UUID; let started_at: Date }
    struct PersonRow: Decodable { let id: UUID; let reference: String }
    struct WarningRow: Decodable {
        let service_id: UUID; let indicator_id: UUID; let period: String; let value: Double; let name: String
    }
    struct ActionRow: Decodable {
        let id: UUID; let service_id: UUID; let reference: String; let risk_band: String; let status: String
        let due_day: String; let indicator_id: UUID?
    }
    struct ReviewRow: Decodable { let id: UUID; let action_id: UUID; let created_at: Date?; let rag: String }
    struct KeyRow: Decodable { let key: String }

    /// Sweeps some services of one organisation as of `now`; the firings it recorded.
    @discardableResult
    static func run(
        services: [UUID], organisationID: UUID, now: Date, holidays: BankHolidays, on db: any Database
    ) async throws -> [TriggerFiring] {
        guard !services.isEmpty else { return [] }
        let (set, since) = try await ThresholdsInForce.watching(organisationID: organisationID, now: now, on: db)
        let facts = try await facts(services: services, since: since, on: db)
        let found = EscalationTriggers.firings(
            set, facts: facts, policy: .current, now: now, notBefore: since, holidays: holidays)
        guard !found.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        var known: Set<String> = []
        for chunk in Batches.chunks(services) {
            let rows = try await sql.select().column("key").from(EscalationFiring.schema)
                .where("service_id", .in, chunk)
                .all(decoding: KeyRow.self)
            known.formUnion(rows.map(\.key))
        }
        let fresh = found.filter { !known.contains($0.key) }
        for chunk in Batches.chunks(fresh, size: 100) {
            var insert = sql.insert(into: EscalationFiring.schema).columns(
                "id", "organisation_id", "service_id", "version", "key", "trigger", "level", "subject_kind",
                "subject_id", "fired_at", "deadline", "evidence", "thresholds_version", "late", "created_at")
            for f in chunk {
                insert = insert.values(
                    SQLBind(UUID()), SQLBind(organisationID), SQLBind(f.serviceID), SQLBind(1), SQLBind(f.key),
                    SQLBind(f.trigger.rawValue), SQLBind(f.level.rawValue), SQLBind(f.subject.kind),
                    SQLBind(f.subject.id), SQLBind(f.firedAt), SQLBind(f.deadline), SQLBind(f.evidence),
                    SQLBind(f.thresholdsVersion), SQLBind(false), SQLBind(now))
            }
            // Two readers sweeping the same service at once record each occasion once.
            try await insert.ignoringConflicts(with: ["organisation_id", "key"]).run()
        }
        return fresh
    }

    /// What the thresholds read, for some services: concerns (and their notifications) and interventions since
    /// four weeks before `since` (a person's pattern looks back four weeks), the series' current warnings, and
    /// the live high and extreme actions with their reviews.
    static func facts(services: [UUID], since: Date, on db: any Database) async throws -> EscalationFacts {
        let sql = db as! any SQLDatabase
        let from = since.addingTimeInterval(-Double(EscalationTriggers.patternDays) * 86_400)
        var facts = EscalationFacts()
        var concerns: [ConcernRow] = [], interventions: [InterventionRow] = [], warnings: [WarningRow] = []
        var actions: [ActionRow] = []
        let bands = [RiskBand.high, .extreme].map(\.rawValue)
        let statuses = ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring }.map(\.rawValue)
        for chunk in Batches.chunks(services) {
            concerns += try await sql.select()
                .columns("id", "service_id", "person_id", "category", "raised_at", "notify_cqc")
                .from(SafeguardingConcern.schema).where("service_id", .in, chunk).where(
                    "raised_at", .greaterThanOrEqual, from
                )
                .all(decoding: ConcernRow.self)
            interventions += try await sql.select().columns("service_id", "person_id", "started_at")
                .from(RestrictiveIntervention.schema).where("service_id", .in, chunk)
                .where("started_at", .greaterThanOrEqual, from).all(decoding: InterventionRow.self)
            warnings += try await sql.select()
                .columns(
                    SQLColumn("service_id", table: "w"), SQLColumn("indicator_id", table: "w"),
                    SQLColumn("period", table: "w"), SQLColumn("value", table: "w"), SQLColumn("name", table: "i")
                )
                .from(SQLAlias(SQLIdentifier(SeriesWarning.schema), as: SQLIdentifier("w")))
                .join(
                    SQLAlias(SQLIdentifier(Indicator.schema), as: SQLIdentifier("i")),
                    on: SQLColumn("id", table: "i"), .equal, SQLColumn("indicator_id", table: "w")
                )
                .where(SQLColumn("service_id", table: "w"), .in, SQLBind.group(chunk))
                .all(decoding: WarningRow.self)
            actions += try await sql.select()
                .columns("id", "service_id", "reference", "risk_band", "status", "due_day", "indicator_id")
                .from(RecoveryAction.schema).where("service_id", .in, chunk).where("risk_band", .in, bands)
                .where("status", .in, statuses).all(decoding: ActionRow.self)
        }
        let concernIDs = concerns.filter(\.notify_cqc).map(\.id)
        var sent: [UUID: Date] = [:]
        for chunk in Batches.chunks(concernIDs) {
            let rows = try await sql.select().columns("concern_id", "sent_at").from(StatutoryNotification.schema)
                .where("concern_id", .in, chunk).all(decoding: SentRow.self)
            for r in rows { if let at = r.sent_at { sent[r.concern_id] = min(sent[r.concern_id] ?? at, at) } }
        }
        let personIDs = Array(Set(concerns.map(\.person_id) + interventions.map(\.person_id)))
        var label: [UUID: String] = [:]
        for chunk in Batches.chunks(personIDs) {
            let rows = try await sql.select().columns("id", "reference").from(Person.schema).where("id", .in, chunk)
                .all(decoding: PersonRow.self)
            for r in rows { label[r.id] = r.reference }
        }
        for c in concerns {
            guard let category = SafeguardingCategory(rawValue: c.category) else { continue }
            facts.concerns.append(
                .init(
                    id: c.id, serviceID: c.service_id,
                    reference: "Concern about \(label[c.person_id] ?? "a person")", category: category,
                    raisedAt: c.raised_at, notifyCQC: c.notify_cqc, notificationSubmittedAt: sent[c.id]))
        }
        var events: [UUID: (service: UUID, events: [PersonPattern.Event])] = [:]
        for c in concerns {
            events[c.person_id, default: (c.service_id, [])].events.append(.init(at: c.raised_at, kind: .concern))
        }
        for i in interventions {
            events[i.person_id, default: (i.service_id, [])].events.append(.init(at: i.started_at, kind: .intervention))
        }
        facts.people = events.map { id, e in
            .init(id: id, serviceID: e.service, label: label[id] ?? "A person", events: e.events)
        }
        // A warning is recorded when it is first seen: the sweep after the value that showed it.
        let now = Clock.current.now()
        facts.signals = warnings.compactMap { w in
            guard let period = Day(iso: w.period) else { return nil }
            return .init(
                serviceID: w.service_id, indicatorID: w.indicator_id, name: w.name, period: period, recordedAt: now,
                detail: "a special-cause concern (value \(w.value.formatted())).")
        }
        let actionIDs = actions.map(\.id)
        var reviews: [UUID: [EscalationFacts.Review]] = [:]
        for chunk in Batches.chunks(actionIDs) {
            let rows = try await sql.select().columns("id", "action_id", "created_at", "rag").from(Review.schema)
                .where("action_id", .in, chunk).orderBy("created_at").all(decoding: ReviewRow.self)
            for r in rows {
                guard let rag = RAG(rawValue: r.rag), let at = r.created_at else { continue }
                reviews[r.action_id, default: []].append(.init(id: r.id, at: at, rag: rag))
            }
        }
        let outcome = try await AttentionQueries.withOutcomeEvidence(actionIDs, on: db)
        facts.actions = actions.compactMap { a in
            guard let band = RiskBand(rawValue: a.risk_band), let status = ActionStatus(rawValue: a.status),
                let due = Day(iso: a.due_day)
            else { return nil }
            return .init(
                id: a.id, serviceID: a.service_id, reference: a.reference, band: band, status: status, dueDay: due,
                reviews: reviews[a.id] ?? [], hasOutcomeEvidence: outcome.contains(a.id),
                hasLinkedIndicator: a.indicator_id != nil)
        }
        return facts
    }
}

extension ThresholdsInForce {
    /// The set in force for an organisation and when it began watching: the first version's saving. An
    /// organisation that has none is given Grip's defaults as version 1 now — nothing before it fires, since
    /// nobody could have acted on a threshold that did not yet exist.
    static func watching(
        organisationID: UUID, now: Date, on db: any Database
    ) async throws -> (EscalationThresholdSet, since: Date) {
        let rows = try await Scoped.query(EscalationThresholdVersion.self, organisation: organisationID, on: db)
            .sort(\.$version).all()
        if let first = rows.first, let last = rows.last {
            return (try decode(last), first.createdAt ?? now)
        }
        try await (db as! any SQLDatabase).insert(into: EscalationThresholdVersion.schema)
            .columns("id", "organisation_id", "version", "document", "created_at")
            .values(
                SQLBind(UUID()), SQLBind(organisationID), SQLBind(1), SQLBind(try encode(.defaults)), SQLBind(now)
            )
            .ignoringConflicts(with: ["organisation_id", "version"]).run()
        let first = try await Scoped.query(EscalationThresholdVersion.self, organisation: organisationID, on: db)
            .sort(\.$version).first()
        return (try first.map(decode) ?? .defaults, first?.createdAt ?? now)
    }
}
