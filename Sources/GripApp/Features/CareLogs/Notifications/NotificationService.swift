import Fluent
import Foundation
import GripCore

/// What a form or a JSON body says about a notification to CQC, as text; both the web and the API parse this.
struct NotificationForm: Codable, Sendable {
    var event: String?
    var service: String?
    var person: String?
    var occurred_at: String?
    var summary: String?
    var sent_at: String?
    var reference: String?
    var version: Int?

    func parse() -> (StatutoryNotificationService.Input, [FieldError]) {
        var errors: [FieldError] = []
        var event: NotifiableEvent?
        if let e = self.event?.trimmingCharacters(in: .whitespaces), !e.isEmpty {
            event = NotifiableEvent(rawValue: e)
            if event == nil { errors.append(FieldError("event", "Choose the event from the list.")) }
        }
        let input = StatutoryNotificationService.Input(
            event: event, serviceID: InputParse.uuid(service, "service", "a service", into: &errors),
            personID: InputParse.uuid(person, "person", "the person", into: &errors),
            occurredAt: InputParse.time(occurred_at, "occurred_at", "When it happened", into: &errors),
            summary: summary ?? "",
            sentAt: InputParse.time(sent_at, "sent_at", "When it was sent", into: &errors),
            reference: reference ?? "")
        return (input, errors)
    }
}

/// Notifications to CQC (issue 23): prompted by a safeguarding concern that needs one (in the concern's own
/// transaction), recorded and marked sent by a registered manager or above, and flagged when overdue.
struct StatutoryNotificationService {
    let db: any Database
    let actor: Actor
    let now: Date

    struct Input: Sendable {
        var event: NotifiableEvent?
        var serviceID: UUID?
        var personID: UUID?
        var occurredAt: Date?
        var summary: String
        var sentAt: Date?
        var reference: String
    }

    func visible() throws -> QueryBuilder<StatutoryNotification> {
        try Scoped.providerLog(StatutoryNotification.self, for: actor, on: db)
    }

    func find(_ id: UUID?) async throws -> StatutoryNotification {
        try await Scoped.providerRecord(StatutoryNotification.self, id, what: "notification", for: actor, on: db)
    }

    /// Unsent notifications of the actor's services that are overdue now (bounded: the oldest 100).
    func overdue() async throws -> [StatutoryNotification] {
        try await visible().filter(\.$sentAt == nil)
            .filter(\.$occurredAt < now.addingTimeInterval(-NotificationRules.dueWithin))
            .with(\.$service).with(\.$person).sort(\.$occurredAt).limit(100).all()
    }

    static func problems(_ input: Input, now: Date) -> [FieldError] {
        NotificationRules.recordProblems(
            eventChosen: input.event != nil, occurredAt: input.occurredAt, summary: input.summary,
            sentAt: input.sentAt, reference: input.reference, now: now)
    }

    func create(_ input: Input) async throws -> StatutoryNotification {
        try actor.require(.decideConcerns)
        var errors = Self.problems(input, now: now)
        let service = try await Service.query(on: db).visible(to: actor).filter(\.$id == (input.serviceID ?? UUID()))
            .first()
        if service == nil { errors.insert(FieldError("service", "Choose one of your services."), at: 0) }
        if let pid = input.personID {
            let person = try await PeopleService(db: db, actor: actor, today: Day.today(now: now)).visible()
                .filter(\.$id == pid).first()
            if person == nil || person?.$service.id != service?.id {
                errors.append(FieldError("person", "Choose someone supported by that service, or nobody."))
            }
        }
        guard errors.isEmpty, let service, let event = input.event, let occurred = input.occurredAt else {
            throw AppError.invalid(errors)
        }
        let actor = self.actor
        let sid = try service.requireID()
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            try await Self.insert(
                event: event, serviceID: sid, personID: input.personID, concernID: nil,
                occurredAt: occurred, summary: input.summary, sentAt: input.sentAt,
                reference: input.reference, by: actor.userID, rec: rec)
        }
    }

    /// Writes one notification and its audit entry inside the caller's transaction.
    static func insert(
        event: NotifiableEvent, serviceID: UUID, personID: UUID?, concernID: UUID?, occurredAt: Date,
        summary: String, sentAt: Date?, reference: String, by: UUID?, rec: AuditRecorder
    ) async throws
        -> StatutoryNotification
    {
        let n = StatutoryNotification()
        n.$organisation.id = try rec.organisation.requireID()
        n.$service.id = serviceID
        n.$person.id = personID
        n.$concern.id = concernID
        n.$recordedBy.id = by
        n.event = event
        n.occurredAt = occurredAt
        n.summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        n.sentAt = sentAt
        n.reference = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        n.version = 1
        try await n.create(on: rec.db)
        // A notification answers (or, unsent, may fire) an escalation threshold: the service is swept again.
        rec.touch(services: [serviceID])
        try await rec.record(
            "notification", n.requireID(), "created",
            [
                AuditChange(field: "event", before: nil, after: event.rawValue),
                AuditChange(field: "occurred_at", before: nil, after: UKTime.format(occurredAt)),
                AuditChange(field: "sent_at", before: nil, after: sentAt.map(UKTime.format))
            ])
        return n
    }

    /// The notifications a concern prompts, when it needs one and has none yet (in the concern's transaction).
    static func prompt(for c: SafeguardingConcern, by: UUID?, rec: AuditRecorder) async throws {
        guard c.notifyCQC else { return }
        let cid = try c.requireID()
        let existing = try await StatutoryNotification.query(on: rec.db).filter(\.$concern.$id == cid).count()
        guard existing == 0 else { return }
        for event in NotificationRules.prompted(bySafeguardingConcern: true) {
            _ = try await insert(
                event: event, serviceID: c.$service.id, personID: c.$person.id, concernID: cid,
                occurredAt: c.raisedAt, summary: "Safeguarding concern: \(c.category.label).",
                sentAt: nil, reference: "", by: by, rec: rec)
        }
    }

    /// Marks it sent (with CQC's reference) or corrects it, with the version read (409 when stale).
    func update(_ id: UUID?, _ input: Input, version: Int?) async throws -> StatutoryNotification {
        try actor.require(.decideConcerns)
        let n = try await find(id)
        guard let version else { throw AppError.invalid("version", "Send the version you read.") }
        if version != n.version { throw AppError.stale("notification", current: n.version) }
        var input = input
        input.event = input.event ?? n.event
        input.occurredAt = input.occurredAt ?? n.occurredAt
        input.serviceID = n.$service.id
        let errors = Self.problems(input, now: now)
        guard errors.isEmpty, let event = input.event, let occurred = input.occurredAt else {
            throw AppError.invalid(errors)
        }
        let before: [String: String?] = [
            "event": n.event.rawValue, "occurred_at": UKTime.format(n.occurredAt),
            "summary": n.summary, "sent_at": n.sentAt.map(UKTime.format),
            "reference": n.reference
        ]
        n.event = event
        n.occurredAt = occurred
        n.summary = input.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        n.sentAt = input.sentAt
        n.reference = input.reference.trimmingCharacters(in: .whitespacesAndNewlines)
        n.version = version
        let after: [String: String?] = [
            "event": n.event.rawValue, "occurred_at": UKTime.format(n.occurredAt),
            "summary": n.summary, "sent_at": n.sentAt.map(UKTime.format),
            "reference": n.reference
        ]
        let actor = self.actor
        try await ChangeDoor.applyingFree(.notification, ["submitted"], actor: actor, on: db) { rec in
            try await VersionedUpdate.save(n, version: \.version, what: "notification", on: rec.db)
            try await rec.record("notification", n.requireID(), "updated", AuditChange.diff(before, after))
            rec.touch(services: [n.$service.id])
        }
        return n
    }
}
