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
        let levels = try await ServiceOversight.query(on: db).filter(\.$service.$id ~~ serviceIDs).sort(\.$since).sort(\.$createdAt).all()
        let updates = try await OversightUpdate.query(on: db).filter(\.$service.$id ~~ serviceIDs).sort(\.$day).all()
        var out: [UUID: Position] = [:]
        for id in serviceIDs {
            out[id] = Position(current: levels.last { $0.$service.id == id },
                               lastUpdate: updates.last { $0.$service.id == id }.flatMap { Day(iso: $0.day) })
        }
        return out
    }

    func setLevel(serviceID: UUID?, level: OversightLevel?, since: Day?, cadenceDays: Int?, note: String) async throws -> ServiceOversight {
        let service = try await Access.service(serviceID, for: actor, on: db)
        try requireCanRecord(service)
        var errors: [FieldError] = []
        if level == nil { errors.append(FieldError("level", "Choose the oversight level.")) }
        if let since { if since > today { errors.append(FieldError("since", "The start cannot be in the future.")) } }
        else { errors.append(FieldError("since", "Enter the day the level started, as a real date.")) }
        if let c = cadenceDays { if !(1...365).contains(c) { errors.append(FieldError("cadence_days", "The reporting cadence is a number of days from 1 to 365.")) } }
        else { errors.append(FieldError("cadence_days", "Enter how often the commissioner wants an update, in days.")) }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > 2000 { errors.append(FieldError("note", "Keep the note to 2000 characters.")) }
        guard errors.isEmpty, let level, let since, let cadenceDays else { throw AppError.invalid(errors) }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let o = ServiceOversight()
            o.$organisation.id = actor.organisationID
            o.$service.id = try service.requireID()
            o.$recordedBy.id = actor.id
            o.level = level
            o.since = since.iso
            o.cadenceDays = cadenceDays
            o.note = note
            try await o.create(on: rec.db)
            try await rec.record("service", service.requireID(), "oversight_changed", [
                AuditChange(field: "level", before: nil, after: "\(level.rawValue) since \(since.iso), update every \(cadenceDays) days"),
                AuditChange(field: "note", before: nil, after: note.isEmpty ? nil : note),
            ])
            return o
        }
    }

    func recordUpdate(serviceID: UUID?, day: Day?, summary: String) async throws -> OversightUpdate {
        let service = try await Access.service(serviceID, for: actor, on: db)
        try actor.require(.updateCommissioner)
        var errors: [FieldError] = []
        let summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.isEmpty || summary.count > 4000 { errors.append(FieldError("summary", "Say what the update covered (at most 4000 characters).")) }
        if let day { if day > today { errors.append(FieldError("day", "The update cannot be dated in the future.")) } }
        else { errors.append(FieldError("day", "Enter the day the update was sent, as a real date.")) }
        guard errors.isEmpty, let day else { throw AppError.invalid(errors) }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let u = OversightUpdate()
            u.$service.id = try service.requireID()
            u.$recordedBy.id = actor.id
            u.day = day.iso
            u.summary = summary
            try await u.create(on: rec.db)
            try await rec.record("service", service.requireID(), "oversight_update_sent", [AuditChange(field: "update", before: nil, after: "\(day.iso): \(summary)")])
            return u
        }
    }
}
