import Fluent
import Foundation
import GripCore
import SQLKit

/// Senior visits (issue 36): recorded by the nominated individual or a quality lead through the door, audited; each
/// service's schedule by its oversight level, counted from when its level began or from when Grip began watching the
/// organisation, whichever is later; late visits are a drift signal.
struct SeniorVisitService {
    let db: any Database
    let actor: Actor
    var today: Day = Clock.current.today()

    struct Input: Sendable {
        var day: Day?
        var kind: SeniorVisits.Kind?
        var observed: String
        var spokenTo: String
        var findings: String
    }

    /// A service's schedule, where each kind stands, and its visits, newest first (at most 100).
    struct Position: Sendable {
        let service: Service
        let level: OversightLevel
        let schedule: SeniorVisits.Schedule
        let since: Day
        let statuses: [SeniorVisits.Status]
        let visits: [SeniorVisit]
        /// Who makes its planned and unannounced visits (nil: nobody named).
        let leads: SeniorVisitLead?
    }

    func position(serviceID: UUID?) async throws -> Position {
        try actor.require(.readProviderWork)
        let service = try await Access.service(serviceID, for: actor, on: db)
        let sid = try service.requireID()
        let plans = try await Self.plans([sid], organisationID: actor.organisationID, today: today, on: db)
        let visits = try await SeniorVisit.query(on: db).visible(to: actor).filter(\.$service.$id == sid)
            .sort(\.$day, .descending).sort(\.$createdAt, .descending).with(\.$visitor).limit(100).all()
        let plan = plans[sid]!
        let leads = try await SeniorVisitLead.query(on: db).visible(to: actor).filter(\.$service.$id == sid)
            .with(\.$plannedBy).with(\.$unannouncedBy).first()
        return Position(
            service: service, level: plan.level, schedule: plan.schedule, since: plan.since,
            statuses: SeniorVisits.status(
                plan.schedule, visits: visits.compactMap { v in Day(iso: v.day).map { .init(day: $0, kind: v.kind) } },
                since: plan.since, today: today),
            visits: visits, leads: leads)
    }

    /// The people who may be named to make visits: the organisation's active nominated individuals and quality leads.
    func visitors() async throws -> [User] {
        try await Scoped.query(User.self, for: actor, on: db).filter(\.$active == true)
            .filter(\.$role ~~ Role.allCases.filter { Permission.recordSeniorVisits.allows($0) }).sort(\.$name).all()
    }

    /// Names who makes a service's planned and unannounced visits (nil: nobody named). `version` is the naming's as
    /// the person saw it (0 before anyone was named).
    func setVisitors(
        serviceID: UUID?, plannedBy: UUID?, unannouncedBy: UUID?, version: Int?
    ) async throws
        -> SeniorVisitLead
    {
        let service = try await Access.service(serviceID, for: actor, on: db)
        try actor.require(.recordSeniorVisits)
        let sid = try service.requireID()
        let people = try await Scoped.query(User.self, for: actor, on: db)
            .filter(\.$id ~~ [plannedBy, unannouncedBy].compactMap { $0 }).all()
        func who(_ id: UUID?, _ field: String) throws -> (role: Role, active: Bool)? {
            guard let id else { return nil }
            guard let u = people.first(where: { $0.id == id }) else {
                throw AppError.invalid(field, "Choose someone from the list.")
            }
            return (u.role, u.active)
        }
        let problems = SeniorVisits.visitorProblems(
            plannedBy: try who(plannedBy, "planned_by"), unannouncedBy: try who(unannouncedBy, "unannounced_by"))
        if !problems.isEmpty { throw AppError.invalid(problems) }
        guard let version else { throw AppError.invalid("version", "Send the version you saw.") }
        let actor = self.actor
        let names = Dictionary(people.compactMap { u in u.id.map { ($0, u.name) } }, uniquingKeysWith: { a, _ in a })
        let plannedName = plannedBy.flatMap { names[$0] } ?? "anyone"
        let unannouncedName = unannouncedBy.flatMap { names[$0] } ?? "anyone"
        return try await ChangeDoor.applyingFree(.seniorVisit, ["visitors"], actor: actor, on: db) { rec in
            let existing = try await SeniorVisitLead.query(on: rec.db).filter(\.$service.$id == sid)
                .with(\.$plannedBy).with(\.$unannouncedBy).first()
            guard (existing?.version ?? 0) == version else {
                throw AppError.stale("the named visitors", current: existing?.version ?? 0)
            }
            let row = existing ?? SeniorVisitLead()
            let before = (existing?.plannedBy?.name ?? "anyone", existing?.unannouncedBy?.name ?? "anyone")
            row.$organisation.id = actor.organisationID
            row.$service.id = sid
            row.$plannedBy.id = plannedBy
            row.$unannouncedBy.id = unannouncedBy
            row.version = version + 1
            try await row.save(on: rec.db)
            try await rec.record(
                "service", sid, "senior_visitors_named",
                [
                    AuditChange(field: "planned_by", before: before.0, after: plannedName),
                    AuditChange(field: "unannounced_by", before: before.1, after: unannouncedName)
                ])
            return row
        }
    }

    func record(serviceID: UUID?, _ input: Input) async throws -> SeniorVisit {
        let service = try await Access.service(serviceID, for: actor, on: db)
        try actor.require(.recordSeniorVisits)
        let sid = try service.requireID()
        let problems = SeniorVisits.problems(
            day: input.day, kind: input.kind, observed: input.observed, spokenTo: input.spokenTo,
            findings: input.findings, earliest: today.adding(days: -365), today: today)
        guard problems.isEmpty, let day = input.day, let kind = input.kind else { throw AppError.invalid(problems) }
        let actor = self.actor
        @Sendable func clean(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        return try await ChangeDoor.applyingFree(.seniorVisit, ["record"], actor: actor, on: db) { rec in
            let v = SeniorVisit()
            v.$organisation.id = actor.organisationID
            v.$service.id = sid
            v.$visitor.id = actor.id
            v.day = day.iso
            v.kind = kind
            v.observed = clean(input.observed)
            v.spokenTo = clean(input.spokenTo)
            v.findings = clean(input.findings)
            try await v.create(on: rec.db)
            // The service's drift reads its visits.
            rec.touch(services: [sid])
            try await rec.record(
                "senior_visit", v.requireID(), "created",
                [
                    AuditChange(field: "service", before: nil, after: service.name),
                    AuditChange(field: "day", before: nil, after: day.iso),
                    AuditChange(field: "kind", before: nil, after: kind.rawValue),
                    AuditChange(field: "observed", before: nil, after: v.observed),
                    AuditChange(field: "spoken_to", before: nil, after: v.spokenTo),
                    AuditChange(field: "findings", before: nil, after: v.findings)
                ])
            return v
        }
    }

    struct Plan: Sendable {
        let level: OversightLevel
        let schedule: SeniorVisits.Schedule
        let since: Day
    }

    struct LevelRow: Decodable {
        let service_id: UUID?
        let level: String
        let since: String?
        let created_at: Date?
    }

    /// Each service's oversight level, its schedule, and the day it counts from: the later of the day its level
    /// began and the day Grip began watching the organisation (its thresholds' version 1). One statement: the
    /// levels, and the watching row beside them.
    static func plans(
        _ serviceIDs: [UUID], organisationID: UUID, today: Day, on db: any Database
    ) async throws -> [UUID: Plan] {
        var rows: [LevelRow] = []
        for chunk in Batches.chunks(serviceIDs) {
            rows += try await (db as! any SQLDatabase).raw(
                """
                SELECT service_id, level, since, created_at FROM service_oversight
                WHERE service_id IN (\(binds: chunk))
                UNION ALL
                SELECT NULL, 'watching', NULL, created_at FROM escalation_threshold_versions
                WHERE organisation_id = \(bind: organisationID) AND version = 1
                """
            ).all(decoding: LevelRow.self)
        }
        let levels = rows.filter { $0.service_id != nil }
            .sorted {
                ($0.since ?? "", $0.created_at ?? .distantPast) < ($1.since ?? "", $1.created_at ?? .distantPast)
            }
        var currentBy: [UUID: LevelRow] = [:]
        for r in levels { currentBy[r.service_id!] = r }
        let watching = rows.first { $0.service_id == nil }?.created_at.map { Day.today(now: $0) } ?? today
        var out: [UUID: Plan] = [:]
        for id in serviceIDs {
            let current = currentBy[id]
            let level = current.flatMap { OversightLevel(rawValue: $0.level) } ?? .routine
            let levelSince = current?.since.flatMap(Day.init(iso:)) ?? watching
            out[id] = Plan(
                level: level, schedule: SeniorVisits.schedule(for: level), since: max(levelSince, watching))
        }
        return out
    }

    /// Why each service's senior visits are late, for those whose are (drift), from each service's latest visit of
    /// each kind (`DriftQueries.escalationsAndVisits`) and the plans.
    static func lateReasons(
        latest: [UUID: [SeniorVisits.Visit]], of serviceIDs: [UUID], organisationID: UUID, today: Day,
        on db: any Database
    ) async throws -> [UUID: String] {
        guard !serviceIDs.isEmpty else { return [:] }
        let plans = try await plans(serviceIDs, organisationID: organisationID, today: today, on: db)
        var out: [UUID: String] = [:]
        for (id, plan) in plans {
            let statuses = SeniorVisits.status(plan.schedule, visits: latest[id] ?? [], since: plan.since, today: today)
            if let reason = SeniorVisits.lateReason(statuses) { out[id] = reason }
        }
        return out
    }
}
