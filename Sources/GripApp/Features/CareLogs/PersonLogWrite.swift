import Fluent
import Foundation
import GripCore

/// The write path the person-linked logs share (safeguarding concerns, restrictive interventions; issue 34): the
/// rules' problems and the person, who must be someone the actor sees; a new record written with its audit entry
/// and its service's computed series refreshed in one transaction; an update checked against the version read,
/// moved with its person, saved through the change door with the series of the services it was and is in.
struct PersonLogWrite: Sendable {
    let db: any Database
    let actor: Actor
    let today: Day
    /// The computed series this log feeds.
    let feed: IndicatorFeeds.Log

    /// The person chosen, when the input has no other problem; else every problem, the person's first.
    func person(_ id: UUID?, problems: [FieldError]) async throws -> Person {
        var errors = problems
        var person: Person?
        if let id {
            person = try await PeopleService(db: db, actor: actor, today: today).visible().filter(\.$id == id).first()
            if person == nil {
                errors.insert(FieldError("person", "Choose someone supported by one of your services."), at: 0)
            }
        }
        guard errors.isEmpty, let person else { throw AppError.invalid(errors) }
        return person
    }

    /// The version the writer read, which must be the record's (409 when stale).
    static func version(_ version: Int?, current: Int, what: String) throws -> Int {
        guard let version else { throw AppError.invalid("version", "Send the version you read.") }
        if version != current { throw AppError.stale(what, current: current) }
        return version
    }

    /// Writes a new record about the person chosen (`insert` writes it and its audit entry, by this actor) and
    /// refreshes its service's series, in one transaction; any problem, and a person not seen, refuses it first.
    func create<R: Sendable>(
        person id: UUID?, problems: [FieldError],
        _ insert: @escaping @Sendable (Person, Actor, AuditRecorder) async throws -> R
    ) async throws -> R {
        let person = try await self.person(id, problems: problems)
        let actor = self.actor, feed = self.feed, today = self.today, service = person.$service.id
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let r = try await insert(person, actor, rec)
            try await IndicatorFeeds.refresh(feed, services: [service], today: today, rec: rec)
            return r
        }
    }

    /// Saves an update through the change door: the record with the version read (`save`), its audit entry
    /// (`changes`), then `after` (what the write prompts), then the series of the services it was and is in.
    func update<R: Model & Sendable>(
        _ record: R, table: String, what: String, changes: [AuditChange], from oldService: UUID,
        to newService: UUID, door: GovernedRecord, subject: String, version: ReferenceWritableKeyPath<R, Int>,
        after: @escaping @Sendable (AuditRecorder) async throws -> Void = { _ in }
    ) async throws where R.IDValue == UUID {
        let feed = self.feed, today = self.today
        try await ChangeDoor.applyingFree(door, [subject], actor: actor, on: db) { rec in
            try await VersionedUpdate.save(record, version: version, what: what, on: rec.db)
            try await rec.record(table, record.requireID(), "updated", changes)
            try await after(rec)
            try await IndicatorFeeds.refresh(feed, services: [oldService, newService], today: today, rec: rec)
        }
    }
}

/// A record of a person-linked log: about one person, kept in their service.
protocol PersonLogRecord: Model {
    var personParent: ParentProperty<Self, Person> { get }
    var serviceParent: ParentProperty<Self, Service> { get }
}

extension PersonLogRecord {
    /// Puts the record with `person`, in their service (a record moves with the person it is about).
    func place(with person: Person) throws {
        personParent.id = try person.requireID()
        serviceParent.id = person.$service.id
    }
}

extension SafeguardingConcern: PersonLogRecord {
    var personParent: ParentProperty<SafeguardingConcern, Person> { $person }
    var serviceParent: ParentProperty<SafeguardingConcern, Service> { $service }
}

extension RestrictiveIntervention: PersonLogRecord {
    var personParent: ParentProperty<RestrictiveIntervention, Person> { $person }
    var serviceParent: ParentProperty<RestrictiveIntervention, Service> { $service }
}

/// A person-linked log's service: its database, actor and moment, and the write path the logs share.
protocol PersonLogService {
    var db: any Database { get }
    var actor: Actor { get }
    var now: Date { get }
    /// The computed series the log feeds.
    static var feed: IndicatorFeeds.Log { get }
}

extension PersonLogService {
    var today: Day { Day.today(now: now) }
    var write: PersonLogWrite { PersonLogWrite(db: db, actor: actor, today: today, feed: Self.feed) }
}
