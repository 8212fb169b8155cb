import Fluent
import GripCore
import Vapor

/// The learning log (issue 36): what was learned where, the services it was applied to and what each check found;
/// for the group's oversight, the form that shares learning from a finding, a closed action or an escalation
/// (`?finding=`, `?action=`, `?escalation=`, linked from their pages); for each service's managers, the check's form.
struct LearningWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.learning, use: show)
        routes.post(.learning, use: share)
        routes.post(.learningCheck, use: check)
    }

    struct CheckRow: Encodable {
        let id: String; let service: String; let status: String; let overdue: Bool; let done: Bool
        let note: String; let by: String?; let version: Int; let canRecord: Bool; let outcomes: [Choice]
        /// The form's refusal and the note typed, when this check's form was the one sent.
        let error: String?; let noteValue: String
    }
    struct EntryRow: Encodable {
        let origin: String; let originKind: String; let service: String; let sharedBy: String; let sharedOn: String
        let summary: String; let due: String; let checks: [CheckRow]
    }
    struct ShareForm: Encodable {
        let kind: String; let id: String; let label: String; let service: String; let services: [Choice]
    }

    struct Page: Encodable {
        let layout: Layout
        let entries: [EntryRow]
        let canShare: Bool
        let share: ShareForm?
        let form: FormState
    }

    /// The origin a link asked to share from, if any: `?finding=`, `?action=` or `?escalation=`.
    static func asked(_ req: Request, form: FormState) -> (Learning.Origin, UUID)? {
        let pairs: [(String, Learning.Origin)] = [
            ("finding", .finding), ("action", .closedAction), ("escalation", .escalation)
        ]
        for (key, kind) in pairs {
            if let raw = (try? req.query.get(String.self, at: key)) ?? form.values[key],
                let id = UUID(uuidString: raw)
            {
                return (kind, id)
            }
        }
        if let kind = form.values["origin"].flatMap(Learning.Origin.init(rawValue:)),
            let id = form.values["origin_id"].flatMap(UUID.init(uuidString:))
        {
            return (kind, id)
        }
        return nil
    }

    static func page(_ req: Request, form: FormState = FormState()) async throws -> Page {
        let actor = try req.actor
        let service = LearningService(db: req.db, actor: actor, today: req.today)
        let entries = try await service.log()
        let services = try await Scoped.services(for: actor, on: req.db)
        let seen = Set(services.compactMap(\.id))
        var share: ShareForm?
        if actor.may(.shareLearning), let (kind, id) = asked(req, form: form) {
            let origin = try await service.origin(kind, id)
            let chosen = Set((form.values["services"] ?? "").split(separator: ",").map(String.init))
            let others = services.filter { $0.id != origin.serviceID }
            share = ShareForm(
                kind: kind.rawValue, id: id.uuidString, label: origin.label, service: origin.serviceName,
                services: others.map {
                    Choice(value: $0.id!.uuidString, label: $0.name, selected: chosen.contains($0.id!.uuidString))
                })
        }
        let mayRecord = actor.may(.recordLearningChecks)
        return Page(
            layout: Layout(req, title: "Learning across services", section: "learning"),
            entries: entries.map { e in
                EntryRow(
                    origin: e.item.originLabel, originKind: e.item.origin.label, service: e.item.service.name,
                    sharedBy: e.item.sharedBy.name, sharedOn: UKTime.format(e.item.createdAt ?? req.now),
                    summary: e.item.summary, due: Day(iso: e.item.dueDay)?.ukFormat ?? e.item.dueDay,
                    checks: e.checks.map { c in
                        let status = Learning.status(
                            dueDay: Day(iso: c.dueDay) ?? req.today, checkedOn: c.checkedOn.flatMap(Day.init(iso:)),
                            outcome: c.outcome, today: req.today)
                        var overdue = false
                        if case .overdue = status { overdue = true }
                        let mine = form.values["check"] == c.id!.uuidString
                        return CheckRow(
                            id: c.id!.uuidString, service: c.service.name, status: status.label, overdue: overdue,
                            done: c.checkedOn != nil, note: c.note, by: c.checkedBy?.name, version: c.version,
                            canRecord: c.checkedOn == nil && mayRecord && seen.contains(c.$service.id),
                            outcomes: Learning.Outcome.allCases.map {
                                Choice(
                                    value: $0.rawValue, label: $0.label,
                                    selected: mine && form.values["outcome"] == $0.rawValue)
                            },
                            error: mine
                                ? form.errors["outcome-\(c.id!.uuidString)"] ?? form.errors["note-\(c.id!.uuidString)"]
                                    ?? form.errors["form"] : nil,
                            noteValue: mine ? form.values["note"] ?? "" : "")
                    })
            },
            canShare: actor.may(.shareLearning), share: share,
            form: form.values["due_day"] == nil && form.values["check"] == nil
                ? FormState(values: ["due_day": req.today.adding(days: Learning.defaultDueDays).iso]) : form)
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("learning/log", try await Self.page(req))
    }

    struct ShareBody: Content {
        var origin: String?; var origin_id: String?; var summary: String?; var services: [String]?
        var due_day: String?
    }

    @Sendable func share(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.shareLearning)
        let f = try req.content.decode(ShareBody.self)
        let values = [
            "origin": f.origin ?? "", "origin_id": f.origin_id ?? "", "summary": f.summary ?? "",
            "services": (f.services ?? []).joined(separator: ","), "due_day": f.due_day ?? ""
        ]
        return try await req.submitting(
            values: values, to: SiteRoute.learning.pattern, template: "learning/log",
            page: { try await Self.page(req, form: $0) }
        ) {
            var errors: [FieldError] = []
            let due = FormParse.day(f.due_day, "due_day", "The day the checks are due", into: &errors)
            let services = (f.services ?? []).compactMap(UUID.init(uuidString:))
            if services.count != (f.services ?? []).count {
                errors.append(FieldError("services", "Choose services from the list."))
            }
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let item = try await LearningService(db: req.db, actor: actor, today: req.today).share(
                f.origin.flatMap(Learning.Origin.init(rawValue:)), f.origin_id.flatMap(UUID.init(uuidString:)),
                summary: f.summary ?? "", services: services, dueDay: due)
            return "Learning shared: \(services.count) service\(services.count == 1 ? "" : "s") will check it by "
                + "\(Day(iso: item.dueDay)?.ukFormat ?? item.dueDay)."
        }
    }

    struct CheckBody: Content { var outcome: String?; var note: String?; var version: String? }

    @Sendable func check(req: Request) async throws -> Response {
        let actor = try req.actor
        let service = LearningService(db: req.db, actor: actor, today: req.today)
        let c = try await service.findCheck(try req.uuid("check", notFound: "learning check"))
        try actor.require(.recordLearningChecks)
        let f = try req.content.decode(CheckBody.self)
        let values = [
            "check": c.id!.uuidString, "outcome": f.outcome ?? "", "note": f.note ?? ""
        ]
        return try await req.submitting(
            values: values, to: SiteRoute.learning.pattern + "#check-\(c.id!.uuidString)", template: "learning/log",
            page: { try await Self.page(req, form: $0) }
        ) {
            do {
                _ = try await service.check(
                    c.id, outcome: f.outcome.flatMap(Learning.Outcome.init(rawValue:)), note: f.note ?? "",
                    version: f.version.flatMap { Int($0) })
            } catch let e as AppError where e.status == .unprocessableEntity {
                // The page has a form per check: name this one's fields.
                let id = c.id!.uuidString
                throw AppError.invalid(
                    e.fieldErrors.map {
                        FieldError(["outcome", "note"].contains($0.field) ? "\($0.field)-\(id)" : $0.field, $0.message)
                    })
            }
            return "Recorded what \(c.service.name)'s check found."
        }
    }
}

/// Learning as the API gives it.
struct LearningDTO: Content {
    struct Check: Content {
        let id: UUID; let serviceId: UUID; let service: String; let dueDay: String; let checkedOn: String?
        let outcome: Learning.Outcome?; let note: String; let version: Int
    }
    let id: UUID
    let origin: Learning.Origin
    let originId: UUID
    let originLabel: String
    let serviceId: UUID
    let summary: String
    let dueDay: String
    let sharedBy: String
    let checks: [Check]

    init(_ e: LearningService.Entry) {
        id = e.item.id!
        origin = e.item.origin
        originId = e.item.originID
        originLabel = e.item.originLabel
        serviceId = e.item.$service.id
        summary = e.item.summary
        dueDay = e.item.dueDay
        sharedBy = e.item.$sharedBy.value?.name ?? ""
        checks = e.checks.map(Self.check)
    }

    static func check(_ c: LearningCheck) -> Check {
        Check(
            id: c.id!, serviceId: c.$service.id, service: c.$service.value?.name ?? "", dueDay: c.dueDay,
            checkedOn: c.checkedOn, outcome: c.outcome, note: c.note, version: c.version)
    }
}

struct LearningListDTO: Content { let items: [LearningDTO] }

/// `/api/v1/learning`: the log; share learning; record what a service's check found.
struct LearningAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiLearning, use: list)
        routes.post(.apiLearning, use: create)
        routes.post(.apiLearningCheck, use: check)
    }

    @Sendable func list(req: Request) async throws -> LearningListDTO {
        LearningListDTO(
            items: try await LearningService(db: req.db, actor: try req.actor, today: req.today).log()
                .map(LearningDTO.init))
    }

    struct CreateBody: Content {
        var origin: Learning.Origin?; var originId: UUID?; var summary: String?; var services: [UUID]?
        var dueDay: Day?
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.shareLearning)
        let b = try req.content.decode(CreateBody.self)
        let service = LearningService(db: req.db, actor: actor, today: req.today)
        let item = try await service.share(
            b.origin, b.originId, summary: b.summary ?? "", services: b.services ?? [], dueDay: b.dueDay)
        let entry = try await service.log().first { $0.item.id == item.id }
        return try await LearningDTO(entry ?? .init(item: item, checks: [])).encodeResponse(status: .created, for: req)
    }

    struct CheckBody: Content { var outcome: Learning.Outcome?; var note: String?; var version: Int? }

    @Sendable func check(req: Request) async throws -> LearningDTO.Check {
        let actor = try req.actor
        let service = LearningService(db: req.db, actor: actor, today: req.today)
        let c = try await service.findCheck(try req.uuid("check", notFound: "learning check"))
        try actor.require(.recordLearningChecks)
        let b = try req.content.decode(CheckBody.self)
        return LearningDTO.check(
            try await service.check(c.id, outcome: b.outcome, note: b.note ?? "", version: b.version))
    }
}
