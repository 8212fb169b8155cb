import Fluent
import Foundation
import GripCore

/// What a form or a JSON body says about a person, as text: both the web and the API decode this and `parse` it.
struct PersonForm: Codable, Sendable {
    var service: String?
    var reference: String?
    var placement: String?
    /// `risk_<area>` fields: `low`, `medium`, `high` or empty.
    var risks: [String: String]?
    var review_due: String?
    var representative: String?
    var contact: String?
    var last_involved: String?
    var version: Int?

    /// The typed input and the problems of values that could not be read (each naming its field).
    func parse() -> (PeopleService.Input, [FieldError]) {
        var errors: [FieldError] = []
        let serviceID = InputParse.uuid(service, "service", "a service", into: &errors)
        var ratings: [PersonRiskArea: PersonRiskLevel] = [:]
        for (key, raw) in risks ?? [:] {
            let value = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard !value.isEmpty else { continue }
            // JSON's snake-case conversion turns `going_missing` into `goingMissing`: take either.
            let snake = key.reduce(into: "") { out, c in out += c.isUppercase ? "_" + c.lowercased() : String(c) }
            guard let area = PersonRiskArea(rawValue: key) ?? PersonRiskArea(rawValue: snake) else {
                errors.append(
                    FieldError(
                        "risks",
                        "\(key) is not a risk area: use one of "
                            + PersonRiskArea.allCases.map(\.rawValue).joined(separator: ", ") + "."))
                continue
            }
            guard let level = PersonRiskLevel(rawValue: value) else {
                errors.append(
                    FieldError("risk_\(area.rawValue)", "Rate \(area.label.lowercased()) low, medium or high."))
                continue
            }
            ratings[area] = level
        }
        var method: ContactMethod?
        if let c = contact?.trimmingCharacters(in: .whitespaces), !c.isEmpty {
            method = ContactMethod(rawValue: c)
            if method == nil { errors.append(FieldError("contact", "Choose how the representative was contacted.")) }
        }
        let input = PeopleService.Input(
            serviceID: serviceID,
            facts: PersonFacts(
                reference: reference ?? "", placement: placement ?? "", profile: RiskProfile(ratings),
                reviewDue: InputParse.day(review_due, "review_due", "The review day", into: &errors),
                representative: representative ?? "", contact: method,
                lastInvolved: InputParse.day(last_involved, "last_involved", "The last involvement", into: &errors)))
        return (input, errors)
    }
}

/// People supported: scoped to the services a person can see; commissioners see a person only when the case is
/// shared with them, and every view of a record is audited (issue 23).
struct PeopleService {
    let db: any Database
    let actor: Actor
    let today: Day

    struct Input: Sendable {
        var serviceID: UUID?
        var facts: PersonFacts
    }

    /// People the actor may open: their services' people; for a commissioner, only cases shared with them.
    func visible() -> QueryBuilder<Person> {
        var q = Person.query(on: db).visible(to: actor)
        if !actor.may(.viewPeople) {
            q = q.join(CaseShare.self, on: \Person.$id == \CaseShare.$person.$id)
                .filter(CaseShare.self, \.$commissioner.$id == actor.id)
        }
        return q
    }

    /// A person the actor may open (404 otherwise, never a hint that the record exists).
    func find(_ id: UUID?) async throws -> Person {
        guard let id, let p = try await visible().filter(\.$id == id).first() else {
            throw AppError.notFound("person")
        }
        try actor.require(.viewPeople, RecordRelation(isSharedCase: !actor.may(.viewPeople)))
        return p
    }

    /// Opens a person's record and audits the view (who and when) in the same transaction.
    func view(_ id: UUID?) async throws -> Person {
        let p = try await find(id)
        let actor = self.actor
        let pid = try p.requireID()
        try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            try await rec.record("person", pid, "viewed", [])
        }
        return p
    }

    static func problems(_ input: Input, today: Day) -> [FieldError] {
        PersonRules.problems(input.facts, today: today)
    }

    private func check(_ input: Input, excluding: UUID? = nil) async throws -> Service {
        var errors = Self.problems(input, today: today)
        let service = try await Service.query(on: db).visible(to: actor).filter(\.$id == (input.serviceID ?? UUID()))
            .first()
        if service == nil { errors.insert(FieldError("service", "Choose one of your services."), at: 0) }
        let reference = input.facts.reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if !reference.isEmpty {
            var q = Scoped.query(Person.self, for: actor, on: db)
                .filter(\.$reference == reference)
            if let excluding { q = q.filter(\.$id != excluding) }
            if try await q.first() != nil {
                errors.append(FieldError("reference", "\(reference) is already the reference of someone supported."))
            }
        }
        guard errors.isEmpty, let service else { throw AppError.invalid(errors) }
        return service
    }

    private static func apply(_ input: Input, to p: Person, serviceID: UUID) {
        let f = input.facts
        p.$service.id = serviceID
        p.reference = f.reference.trimmingCharacters(in: .whitespacesAndNewlines)
        p.placement = f.placement.trimmingCharacters(in: .whitespacesAndNewlines)
        p.risks = f.profile.encoded
        p.highestRisk = f.profile.highest?.rank ?? 0
        p.reviewDue = f.reviewDue?.iso
        p.representative = f.representative.trimmingCharacters(in: .whitespacesAndNewlines)
        p.contact = f.contact
        p.lastInvolved = f.lastInvolved?.iso
    }

    private static func snapshot(_ p: Person) -> [String: String?] {
        [
            "service": p.$service.id.uuidString, "reference": p.reference, "placement": p.placement, "risks": p.risks,
            "review_due": p.reviewDue, "representative": p.representative, "contact": p.contact?.rawValue,
            "last_involved": p.lastInvolved
        ]
    }

    func create(_ input: Input) async throws -> Person {
        try actor.require(.recordPeople)
        let service = try await check(input)
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) {
            rec in
            let p = Person()
            p.$organisation.id = actor.organisationID
            Self.apply(input, to: p, serviceID: try service.requireID())
            p.version = 1
            try await p.create(on: rec.db)
            try await rec.record(
                "person", p.requireID(), "created",
                AuditChange.diff([:], Self.snapshot(p)))
            return p
        }
    }

    func update(_ id: UUID?, _ input: Input, version: Int?) async throws -> Person {
        try actor.require(.recordPeople)
        let p = try await find(id)
        guard let version else { throw AppError.invalid("version", "Send the version you read.") }
        if version != p.version { throw AppError.stale("person", current: p.version) }
        let service = try await check(input, excluding: p.id)
        let before = Self.snapshot(p)
        Self.apply(input, to: p, serviceID: try service.requireID())
        p.version = version
        let after = Self.snapshot(p)
        let changes = AuditChange.diff(before, after)
        let actor = self.actor
        try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            try await VersionedUpdate.save(p, version: \.version, what: "person", on: rec.db)
            try await rec.record("person", p.requireID(), "updated", changes)
        }
        return p
    }

    // MARK: sharing a case with a commissioner

    /// The commissioners who may be shown this person's case: those named on the person's service.
    func commissioners(of p: Person) async throws -> [User] {
        try await Scoped.query(User.self, for: actor, on: db).filter(\.$active == true)
            .join(ServiceAccess.self, on: \User.$id == \ServiceAccess.$user.$id)
            .filter(ServiceAccess.self, \.$service.$id == p.$service.id)
            .sort(\.$name).all().filter { Party.of($0.role) == .commissioner }
    }

    func shares(of p: Person) async throws -> [CaseShare] {
        try await CaseShare.query(on: db).filter(\.$person.$id == p.requireID()).with(\.$commissioner).all()
    }

    /// Shares (or with `share` false, withdraws) the case with one commissioner of the person's service. Audited.
    func setShared(_ id: UUID?, commissionerID: UUID?, share: Bool) async throws -> Person {
        try actor.require(.recordPeople)
        let p = try await find(id)
        guard let commissionerID, let user = try await commissioners(of: p).first(where: { $0.id == commissionerID })
        else {
            throw AppError.invalid("commissioner", "Choose a commissioner of this person's service.")
        }
        let actor = self.actor
        let pid = try p.requireID()
        try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let existing = try await CaseShare.query(on: rec.db).filter(\.$person.$id == pid)
                .filter(\.$commissioner.$id == commissionerID).first()
            if share, existing == nil {
                let s = CaseShare()
                s.$person.id = pid
                s.$commissioner.id = commissionerID
                s.$sharedBy.id = actor.id
                try await s.create(on: rec.db)
                try await rec.record(
                    "person", pid, "shared",
                    [
                        AuditChange(
                            field: "commissioner", before: nil,
                            after: "\(user.name) <\(user.email)>")
                    ])
            } else if !share, let existing {
                try await existing.delete(on: rec.db)
                try await rec.record(
                    "person", pid, "unshared",
                    [
                        AuditChange(
                            field: "commissioner",
                            before: "\(user.name) <\(user.email)>",
                            after: nil)
                    ])
            }
        }
        return p
    }

    // MARK: patterns

    /// The person's pattern over the last twelve weeks, and whether they had no events at all.
    static func pattern(person: Person, today: Day, on db: any Database) async throws -> (PersonPattern, Bool) {
        let pid = try person.requireID()
        let since =
            LocalTime.parse(IndicatorPeriodKind.monday(of: today).adding(days: -77).iso + "T00:00")
            ?? Date.distantPast
        let concerns = try await SafeguardingConcern.query(on: db).filter(\.$person.$id == pid)
            .filter(\.$raisedAt >= since).field(\.$raisedAt).all()
        let interventions = try await RestrictiveIntervention.query(on: db).filter(\.$person.$id == pid)
            .filter(\.$startedAt >= since).field(\.$startedAt).field(\.$place).field(\.$trigger)
            .field(\.$recoveryMinutes).all()
        let events =
            concerns.map { PersonPattern.Event(at: $0.raisedAt, kind: .concern) }
            + interventions.map {
                PersonPattern.Event(
                    at: $0.startedAt, kind: .intervention, place: $0.place,
                    trigger: $0.trigger, recoveryMinutes: $0.recoveryMinutes)
            }
        return (PersonPattern.compute(events, today: today), events.isEmpty)
    }

    // MARK: aggregates

    /// Counts and profiles for each of these services, read in one query: what commissioners see.
    func aggregates(services: [UUID]) async throws -> [UUID: PeopleAggregate] {
        guard !services.isEmpty else { return [:] }
        let rows = try await Scoped.query(Person.self, for: actor, on: db)
            .filter(\.$service.$id ~~ services).field(\.$service.$id).field(\.$risks).field(\.$reviewDue).all()
        let grouped = Dictionary(grouping: rows, by: { $0.$service.id })
        return grouped.mapValues { list in
            PeopleAggregate.compute(list.map { ($0.profile, $0.reviewDay) }, today: today)
        }
    }
}

/// Reading typed values from text, for forms and JSON bodies alike; each problem names its field.
enum InputParse {
    static func day(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> Day? {
        let s = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        if let d = Day(iso: s) { return d }
        errors.append(FieldError(field, "\(label) must be a real date (YYYY-MM-DD)."))
        return nil
    }

    static func uuid(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> UUID? {
        let s = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        if let u = UUID(uuidString: s) { return u }
        errors.append(FieldError(field, "Choose \(label) from the list."))
        return nil
    }

    /// Unreadable values first, then the rule's problems for fields not already named.
    static func merge(_ unreadable: [FieldError], _ problems: [FieldError]) -> [FieldError] {
        unreadable + problems.filter { p in !unreadable.contains { $0.field == p.field } }
    }

    /// A time in the provider's local time (`2026-11-30T14:05`), or an ISO 8601 instant.
    static func time(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> Date? {
        let s = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        if let d = LocalTime.parse(s) { return d }
        errors.append(
            FieldError(
                field,
                "\(label) must be a real time, such as 2026-11-30T14:05 (UK time); an hour "
                    + "skipped when the clocks go forward does not exist."))
        return nil
    }
}
