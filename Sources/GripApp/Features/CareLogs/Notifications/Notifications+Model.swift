import Fluent
import GripCore
import Vapor

/// The log of notifications to CQC: overdue ones first, then the rest newest first, and the form to record one.
struct NotificationListPage: Encodable {
    struct Row: Encodable {
        let event: String, regulation: String, href: String, service: String, person: String, occurred: String
        let due: String, sent: String, reference: String, overdue: Bool, late: Bool
    }
    let layout: Layout
    let overdue: [Row]
    let rows: [Row]
    let statuses: [Choice]
    let total: Int, page: Int, pages: Int
    let previousHref: String?, nextHref: String?
    let canRecord: Bool
    let fields: NotificationFields

    static let perPage = 50

    static func load(_ req: Request, form: FormState = FormState()) async throws -> NotificationListPage {
        let actor = try req.actor
        let now = req.now
        let log = StatutoryNotificationService(db: req.db, actor: actor, now: now)
        var q = try log.visible()
        let f = try await LogFilter.parse(req, statuses: ["to_send", "sent"])
        if let serviceID = f.serviceID { q = q.filter(\.$service.$id == serviceID) }
        switch f.status {
        case "to_send": q = q.filter(\.$sentAt == nil)
        case "sent": q = q.filter(\.$sentAt != nil)
        default: break
        }
        let result = try await q.with(\.$service).with(\.$person).sort(\.$occurredAt, .descending)
            .leanPage(PageRequest(page: f.page, per: perPage))
        let links = f.pages(Paths.notifications, total: result.metadata.total, per: perPage)
        return NotificationListPage(
            layout: Layout(req, title: "Notifications to CQC", section: "notifications"),
            overdue: try await log.overdue().map { row($0, now: now) },
            rows: result.items.map { row($0, now: now) },
            statuses: f.statusChoices([("to_send", "To send"), ("sent", "Sent")]),
            total: result.metadata.total, page: f.page, pages: links.pages,
            previousHref: links.previous, nextHref: links.next,
            canRecord: actor.may(.decideConcerns),
            fields: try await NotificationFields.load(
                req, actor: actor, form: form, action: Paths.notifications,
                version: nil))
    }

    static func row(_ n: StatutoryNotification, now: Date) -> Row {
        Row(
            event: n.event.label, regulation: "Regulation \(n.event.regulation)", href: Paths.notification(n.id!),
            service: n.service.name, person: n.person?.reference ?? "", occurred: UKTime.format(n.occurredAt),
            due: UKTime.format(n.dueAt), sent: n.sentAt.map(UKTime.format) ?? "Not sent",
            reference: n.reference,
            overdue: NotificationRules.isOverdue(occurredAt: n.occurredAt, sentAt: n.sentAt, now: now),
            late: NotificationRules.wasLate(occurredAt: n.occurredAt, sentAt: n.sentAt))
    }
}

/// The fields of a notification's form.
struct NotificationFields: Encodable {
    let form: FormState
    let action: String
    let isNew: Bool
    let version: Int?
    let events: [Choice]
    let services: [Choice]
    let people: [Choice]

    static func values(_ f: NotificationForm) -> [String: String] {
        [
            "event": f.event ?? "", "service": f.service ?? "", "person": f.person ?? "",
            "occurred_at": f.occurred_at ?? "", "summary": f.summary ?? "", "sent_at": f.sent_at ?? "",
            "reference": f.reference ?? ""
        ]
    }

    static func values(_ n: StatutoryNotification) -> [String: String] {
        [
            "event": n.event.rawValue, "service": n.$service.id.uuidString, "person": n.$person.id?.uuidString ?? "",
            "occurred_at": LocalTime.input(n.occurredAt), "summary": n.summary,
            "sent_at": n.sentAt.map { LocalTime.input($0) } ?? "", "reference": n.reference
        ]
    }

    static func load(
        _ req: Request, actor: Actor, form: FormState, action: String, version: Int?
    ) async throws
        -> NotificationFields
    {
        let v = form.values
        let services = try await Service.query(on: req.db).visible(to: actor).sort(\.$name).all()
        return NotificationFields(
            form: form, action: action, isNew: version == nil, version: version,
            events: CareLogChoices.options(NotifiableEvent.self, selected: v["event"]) {
                "\($0.label) (Regulation \($0.regulation))"
            },
            services: services.map {
                Choice(value: $0.id!.uuidString, label: $0.name, selected: v["service"] == $0.id!.uuidString)
            },
            people: try await CareLogChoices.people(req, actor: actor, selected: v["person"]))
    }
}

/// One notification, and for a manager the form that marks it sent.
struct NotificationPage: Encodable {
    let layout: Layout
    let row: NotificationListPage.Row
    let summary: String
    let concernHref: String?
    let canRecord: Bool
    let fields: NotificationFields

    static func load(_ req: Request, form: FormState? = nil) async throws -> NotificationPage {
        let actor = try req.actor
        let now = req.now
        let n = try await StatutoryNotificationService(db: req.db, actor: actor, now: now)
            .find(req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        try await n.$service.load(on: req.db)
        try await n.$person.load(on: req.db)
        return NotificationPage(
            layout: Layout(req, title: "Notification to CQC", section: "notifications"),
            row: NotificationListPage.row(n, now: now), summary: n.summary,
            concernHref: n.$concern.id.map { Paths.concern($0) }, canRecord: actor.may(.decideConcerns),
            fields: try await NotificationFields.load(
                req, actor: actor,
                form: form
                    ?? FormState(
                        values: NotificationFields.values(n)), action: Paths.notification(n.id!), version: n.version))
    }
}
