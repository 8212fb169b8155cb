import Fluent
import Foundation
import GripCore

/// Commissioner oversight of services: level, since when, reporting cadence, updates sent, history.
struct OversightService {
    let db: any Database
    let actor: Actor
    let today: Day

    struct Position: Sendable {
        let current: ServiceOversight?
        let lastUpdate: Day?
        var nextUpdateDue: Day? {
            guard let c = current, c.level != .routine, let since = Day(iso: c.since) else { return nil }
            return OversightLevel.nextUpdateDue(since: since, lastUpdate: lastUpdate, cadenceDays: c.cadenceDays)
        }
    }

    /// The commissioner of the service, or a registered manager or above who can see it.
    func requireCanRecord(_ service: Service) throws {
        try actor.require(.recordOversight)
    }

    /// Current positions of many services: two queries.
    static func positions(_ serviceIDs: [UUID], on db: any Database) async throws -> [UUID: Position] {
        guard !serviceIDs.isEmpty else { return [:] }
        let levels = try await ServiceOversight.query(on: db).filter(\.$service.$id ~~ serviceIDs).sort(\.$since).sort(
            \.$createdAt
        ).all()
        let updates = try await OversightUpdate.query(on: db).filter(\.$service.$id ~~ serviceIDs).sort(\.$day).all()
        var out: [UUID: Position] = [:]
        for id in serviceIDs {
            out[id] = Position(
                current: levels.last { $0.$service.id == id },
                lastUpdate: updates.last { $0.$service.id == id }.flatMap { Day(iso: $0.day) })
        }
        return out
    }

    /// Records a position through the door: the commissioner's own applies; the provider's raise applies;
    /// the provider's step-down (a lower level, or less frequent updates) waits for a commissioner's confirmation.
    func setLevel(
        serviceID: UUID?, level: OversightLevel?, since: Day?, cadenceDays: Int?, note: String
    ) async throws
        -> Outcome
    {
        let service = try await Access.service(serviceID, for: actor, on: db)
        try requireCanRecord(service)
        var errors: [FieldError] = []
        if level == nil { errors.append(FieldError("level", "Choose the oversight level.")) }
        if let since {
            if since > today { errors.append(FieldError("since", "The start cannot be in the future.")) }
        } else {
            errors.append(FieldError("since", "Enter the day the level started, as a real date."))
        }
        if let c = cadenceDays {
            if !(1...365).contains(c) {
                errors.append(FieldError("cadence_days", "The reporting cadence is a number of days from 1 to 365."))
            }
        } else {
            errors.append(FieldError("cadence_days", "Enter how often the commissioner wants an update, in days."))
        }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > 2000 { errors.append(FieldError("note", "Keep the note to 2000 characters.")) }
        guard errors.isEmpty, let level, let since, let cadenceDays else { throw AppError.invalid(errors) }
        let serviceID = try service.requireID()
        let current = try await ServiceOversight.query(on: db).filter(\.$service.$id == serviceID)
            .sort(\.$since, .descending).sort(\.$createdAt, .descending).first()
        let edits = OversightRules.edits(
            current: current.map { ($0.level, $0.cadenceDays) }, level: level,
            cadenceDays: cadenceDays, note: note)
        let payload = OversightPayload(level: level, since: since, cadenceDays: cadenceDays, note: note)
        let actor = self.actor
        let outcome = try await ChangeDoor.pass(
            .commissionerOversight, edits: edits, reason: note, reasonField: "note",
            ownerActs: actor.may(.confirmOversight), actor: actor, on: db,
            hold: {
                ChangeDoor.Hold(
                    recordType: .commissionerOversight, recordID: serviceID, serviceID: serviceID,
                    operation: .oversight, payload: try ChangeDoor.json(payload), weakenings: [],
                    recordVersion: 0, subject: service.name, path: Paths.serviceDashboard(serviceID))
            },
            apply: { rec in try await Self.write(payload, serviceID: serviceID, by: actor.id, rec: rec) })
        switch outcome {
        case .applied(let o): return .applied(o)
        case .held(let c): return .proposed(c)
        }
    }

    enum Outcome: Sendable {
        case applied(ServiceOversight)
        case proposed(PendingChange)
    }

    /// A position as recorded or proposed.
    struct OversightPayload: Codable, Sendable {
        let level: OversightLevel
        let since: Day
        let cadenceDays: Int
        let note: String
    }

    static func write(
        _ p: OversightPayload, serviceID: UUID, by userID: UUID, rec: AuditRecorder,
        operation: String = "oversight_changed", extra: [AuditChange] = []
    ) async throws
        -> ServiceOversight
    {
        let o = ServiceOversight()
        o.$organisation.id = try rec.organisation.requireID()
        o.$service.id = serviceID
        o.$recordedBy.id = userID
        o.level = p.level
        o.since = p.since.iso
        o.cadenceDays = p.cadenceDays
        o.note = p.note
        try await o.create(on: rec.db)
        try await rec.record(
            "service", serviceID, operation,
            [
                AuditChange(
                    field: "level", before: nil,
                    after: "\(p.level.rawValue) since \(p.since.iso), update every \(p.cadenceDays) days"),
                AuditChange(field: "note", before: nil, after: p.note.isEmpty ? nil : p.note)
            ] + extra)
        return o
    }

    /// What a commissioner's confirmation of a proposed step-down applies: the position, from today.
    func confirmed(_ c: PendingChange) async throws -> PendingChanges.Applier {
        let proposed = try c.payload(OversightPayload.self)
        let p = OversightPayload(
            level: proposed.level, since: max(proposed.since, today),
            cadenceDays: proposed.cadenceDays,
            note: proposed.note + " (proposed by \(c.proposedByName); confirmed by \(actor.name))")
        let serviceID = c.recordID, by = c.$proposedBy.id ?? actor.id
        return { rec, note in
            _ = try await Self.write(
                p, serviceID: serviceID, by: by, rec: rec, operation: "oversight_confirmed",
                extra: note)
        }
    }

    func recordUpdate(serviceID: UUID?, day: Day?, summary: String) async throws -> OversightUpdate {
        let service = try await Access.service(serviceID, for: actor, on: db)
        try actor.require(.updateCommissioner)
        var errors: [FieldError] = []
        let summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.isEmpty || summary.count > 4000 {
            errors.append(FieldError("summary", "Say what the update covered (at most 4000 characters)."))
        }
        if let day {
            if day > today { errors.append(FieldError("day", "The update cannot be dated in the future.")) }
        } else {
            errors.append(FieldError("day", "Enter the day the update was sent, as a real date."))
        }
        guard errors.isEmpty, let day else { throw AppError.invalid(errors) }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let u = OversightUpdate()
            u.$service.id = try service.requireID()
            u.$recordedBy.id = actor.id
            u.day = day.iso
            u.summary = summary
            try await u.create(on: rec.db)
            try await rec.record(
                "service", service.requireID(), "oversight_update_sent",
                [AuditChange(field: "update", before: nil, after: "\(day.iso): \(summary)")])
            return u
        }
    }
}

extension OversightService {
    /// A service's oversight levels (newest first) and its last 20 updates (the service is the caller's).
    static func record(
        of service: Service, on db: any Database
    ) async throws -> (history: [ServiceOversight], updates: [OversightUpdate]) {
        let id = try service.requireID()
        let history = try await ServiceOversight.query(on: db).filter(\.$service.$id == id)
            .sort(\.$since, .descending).sort(\.$createdAt, .descending).allWithPerson(\.$recordedBy)
        let updates = try await OversightUpdate.query(on: db).filter(\.$service.$id == id)
            .sort(\.$day, .descending).limit(20).allWithPerson(\.$recordedBy)
        return (history, updates)
    }
}
