import Fluent
import GripCore
import Vapor

/// A service's senior visits (issue 36): the schedule by its oversight level, where each kind stands (late from the
/// day after it falls due), the visits with what was seen, and — for the nominated individual and quality leads — the
/// form to record one.
struct VisitsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.serviceVisits, use: show)
        routes.post(.serviceVisits, use: record)
        routes.post(.serviceVisitors, use: name)
    }

    struct StatusRow: Encodable {
        let kind: String; let every: Int; let last: String; let due: String; let late: Bool; let by: String
    }
    struct VisitRow: Encodable {
        let day: String; let kind: String; let by: String; let observed: String; let spokenTo: String
        let findings: String
    }

    struct Page: Encodable {
        let layout: Layout
        let service: String
        let serviceID: String
        let dashboardHref: String
        let level: String
        let since: String
        let statuses: [StatusRow]
        let visits: [VisitRow]
        let canRecord: Bool
        let kinds: [Choice]
        let plannedBy: [Choice]
        let unannouncedBy: [Choice]
        let visitorsVersion: Int
        let form: FormState
    }

    static func page(_ req: Request, form: FormState = FormState()) async throws -> Page {
        let actor = try req.actor
        let p = try await SeniorVisitService(db: req.db, actor: actor, today: req.today)
            .position(serviceID: try req.uuid("id", notFound: "service"))
        let sid = try p.service.requireID()
        let canRecord = actor.may(.recordSeniorVisits)
        let visitors =
            canRecord ? try await SeniorVisitService(db: req.db, actor: actor, today: req.today).visitors() : []
        func choices(_ field: String, _ current: UUID?) -> [Choice] {
            let chosen = form.values[field] ?? current?.uuidString ?? ""
            return [Choice(value: "", label: "Anyone who visits", selected: chosen.isEmpty)]
                + visitors.map { u in
                    Choice(
                        value: u.id!.uuidString, label: "\(u.name) (\(u.role.label))",
                        selected: chosen == u.id!.uuidString)
                }
        }
        return Page(
            layout: Layout(req, title: "Senior visits: \(p.service.name)", section: "dashboard"),
            service: p.service.name, serviceID: sid.uuidString, dashboardHref: Paths.serviceDashboard(sid),
            level: p.level.label, since: p.since.ukFormat,
            statuses: p.statuses.map { s in
                StatusRow(
                    kind: s.kind.label,
                    every: s.kind == .planned ? p.schedule.plannedEveryDays : p.schedule.unannouncedEveryDays ?? 0,
                    last: s.last?.ukFormat ?? "None yet", due: s.due.ukFormat, late: s.isLate,
                    by: (s.kind == .planned ? p.leads?.plannedBy : p.leads?.unannouncedBy)?.name
                        ?? "The nominated individual or a quality lead")
            },
            visits: p.visits.map { v in
                VisitRow(
                    day: Day(iso: v.day)?.ukFormat ?? v.day, kind: v.kind.label.lowercased(), by: v.visitor.name,
                    observed: v.observed, spokenTo: v.spokenTo, findings: v.findings)
            },
            canRecord: canRecord,
            kinds: SeniorVisits.Kind.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: form.values["kind"] == $0.rawValue)
            },
            plannedBy: choices("planned_by", p.leads?.$plannedBy.id),
            unannouncedBy: choices("unannounced_by", p.leads?.$unannouncedBy.id),
            visitorsVersion: p.leads?.version ?? 0,
            form: form.values.isEmpty ? FormState(values: ["day": req.today.iso]) : form)
    }

    struct VisitorsForm: Content { var planned_by: String?; var unannounced_by: String?; var version: String? }

    @Sendable func name(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try req.uuid("id", notFound: "service")
        _ = try await Access.service(id, for: actor, on: req.db)
        try actor.require(.recordSeniorVisits)
        let f = try req.content.decode(VisitorsForm.self)
        let values = ["planned_by": f.planned_by ?? "", "unannounced_by": f.unannounced_by ?? ""]
        return try await req.submitting(
            values: values, to: SiteRoute.serviceVisits(id) + "#visitors", template: "visits/service",
            page: { try await Self.page(req, form: $0) }
        ) {
            var errors: [FieldError] = []
            func person(_ raw: String?, _ field: String) -> UUID? {
                guard let raw, !raw.isEmpty else { return nil }
                guard let u = UUID(uuidString: raw) else {
                    errors.append(FieldError(field, "Choose someone from the list."))
                    return nil
                }
                return u
            }
            let planned = person(f.planned_by, "planned_by"), unannounced = person(f.unannounced_by, "unannounced_by")
            if !errors.isEmpty { throw AppError.invalid(errors) }
            _ = try await SeniorVisitService(db: req.db, actor: actor, today: req.today).setVisitors(
                serviceID: id, plannedBy: planned, unannouncedBy: unannounced,
                version: f.version.flatMap { Int($0) })
            return "Saved who makes the visits."
        }
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("visits/service", try await Self.page(req))
    }

    struct Form: Content {
        var day: String?; var kind: String?; var observed: String?; var spoken_to: String?; var findings: String?
    }

    @Sendable func record(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try req.uuid("id", notFound: "service")
        let f = try req.content.decode(Form.self)
        var errors: [FieldError] = []
        let day = FormParse.day(f.day, "day", "The visit's day", into: &errors)
        let kind = f.kind.flatMap { $0.isEmpty ? nil : SeniorVisits.Kind(rawValue: $0) }
        let values = [
            "day": f.day ?? "", "kind": f.kind ?? "", "observed": f.observed ?? "", "spoken_to": f.spoken_to ?? "",
            "findings": f.findings ?? ""
        ]
        do {
            let input = SeniorVisitService.Input(
                day: day, kind: kind, observed: f.observed ?? "", spokenTo: f.spoken_to ?? "",
                findings: f.findings ?? "")
            if !errors.isEmpty {
                let more = SeniorVisits.problems(
                    day: day, kind: kind, observed: input.observed, spokenTo: input.spokenTo,
                    findings: input.findings, earliest: req.today.adding(days: -365), today: req.today)
                throw AppError.invalid(errors + more.filter { p in !errors.contains { $0.field == p.field } })
            }
            _ = try await SeniorVisitService(db: req.db, actor: actor, today: req.today).record(serviceID: id, input)
            req.flash("Visit recorded.")
            return req.redirect(to: SiteRoute.serviceVisits(id))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "visits/service", try await Self.page(req, form: FormState(values: values, errors: e.fieldErrors)),
                status: e.status)
        }
    }
}

/// A senior visit as the API gives it.
struct SeniorVisitDTO: Content {
    let id: UUID
    let serviceId: UUID
    let day: String
    let kind: SeniorVisits.Kind
    let visitor: String
    let observed: String
    let spokenTo: String
    let findings: String

    init(_ v: SeniorVisit) {
        id = v.id!
        serviceId = v.$service.id
        day = v.day
        kind = v.kind
        visitor = v.$visitor.value?.name ?? ""
        observed = v.observed
        spokenTo = v.spokenTo
        findings = v.findings
    }
}

struct SeniorVisitsDTO: Content {
    struct Status: Content {
        let kind: SeniorVisits.Kind; let everyDays: Int; let last: String?; let due: String
        let daysLate: Int
        /// The person named to make this kind of visit (absent: any of the nominated individual and quality leads).
        let by: RefDTO?
    }
    let service: RefDTO
    let oversightLevel: OversightLevel
    let since: String
    let statuses: [Status]
    let visits: [SeniorVisitDTO]
    /// The version of who is named to visit (0 before anyone was), for `PUT …/visitors`.
    let visitorsVersion: Int
}

struct SeniorVisitorsDTO: Content { var plannedBy: UUID?; var unannouncedBy: UUID?; var version: Int? }

struct SeniorVisitCreateDTO: Content {
    var day: Day?; var kind: SeniorVisits.Kind?; var observed: String?; var spokenTo: String?; var findings: String?
}

/// `/api/v1/services/{id}/senior-visits`: the schedule, where it stands and the visits; record one.
struct VisitsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiServiceVisits, use: list)
        routes.post(.apiServiceVisits, use: create)
        routes.put(.apiServiceVisitors, use: visitors)
    }

    /// Names who makes the service's planned and unannounced visits; answers with the visits as they now stand.
    @Sendable func visitors(req: Request) async throws -> SeniorVisitsDTO {
        let actor = try req.actor
        let id = try req.uuid("id", notFound: "service")
        _ = try await Access.service(id, for: actor, on: req.db)
        try actor.require(.recordSeniorVisits)
        let b = try req.content.decode(SeniorVisitorsDTO.self)
        _ = try await SeniorVisitService(db: req.db, actor: actor, today: req.today).setVisitors(
            serviceID: id, plannedBy: b.plannedBy, unannouncedBy: b.unannouncedBy, version: b.version)
        return try await list(req: req)
    }

    @Sendable func list(req: Request) async throws -> SeniorVisitsDTO {
        let p = try await SeniorVisitService(db: req.db, actor: try req.actor, today: req.today)
            .position(serviceID: try req.uuid("id", notFound: "service"))
        return SeniorVisitsDTO(
            service: RefDTO(id: try p.service.requireID(), name: p.service.name), oversightLevel: p.level,
            since: p.since.iso,
            statuses: p.statuses.map { s in
                .init(
                    kind: s.kind,
                    everyDays: s.kind == .planned ? p.schedule.plannedEveryDays : p.schedule.unannouncedEveryDays ?? 0,
                    last: s.last?.iso, due: s.due.iso, daysLate: s.daysLate,
                    by: (s.kind == .planned ? p.leads?.plannedBy : p.leads?.unannouncedBy).map {
                        RefDTO(id: $0.id!, name: $0.name)
                    })
            },
            visits: p.visits.map(SeniorVisitDTO.init), visitorsVersion: p.leads?.version ?? 0)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try req.uuid("id", notFound: "service")
        _ = try await Access.service(id, for: actor, on: req.db)
        try actor.require(.recordSeniorVisits)
        let b = try req.content.decode(SeniorVisitCreateDTO.self)
        let v = try await SeniorVisitService(db: req.db, actor: actor, today: req.today).record(
            serviceID: id,
            .init(
                day: b.day, kind: b.kind, observed: b.observed ?? "", spokenTo: b.spokenTo ?? "",
                findings: b.findings ?? ""))
        try await v.$visitor.load(on: req.db)
        return try await SeniorVisitDTO(v).encodeResponse(status: .created, for: req)
    }
}
