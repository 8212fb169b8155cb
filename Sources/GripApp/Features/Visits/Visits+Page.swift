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
    }

    struct StatusRow: Encodable { let kind: String; let every: Int; let last: String; let due: String; let late: Bool }
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
        let form: FormState
    }

    static func page(_ req: Request, form: FormState = FormState()) async throws -> Page {
        let actor = try req.actor
        let p = try await SeniorVisitService(db: req.db, actor: actor, today: req.today)
            .position(serviceID: try req.uuid("id", notFound: "service"))
        let sid = try p.service.requireID()
        return Page(
            layout: Layout(req, title: "Senior visits: \(p.service.name)", section: "dashboard"),
            service: p.service.name, serviceID: sid.uuidString, dashboardHref: Paths.serviceDashboard(sid),
            level: p.level.label, since: p.since.ukFormat,
            statuses: p.statuses.map { s in
                StatusRow(
                    kind: s.kind.label,
                    every: s.kind == .planned ? p.schedule.plannedEveryDays : p.schedule.unannouncedEveryDays ?? 0,
                    last: s.last?.ukFormat ?? "None yet", due: s.due.ukFormat, late: s.isLate)
            },
            visits: p.visits.map { v in
                VisitRow(
                    day: Day(iso: v.day)?.ukFormat ?? v.day, kind: v.kind.label.lowercased(), by: v.visitor.name,
                    observed: v.observed, spokenTo: v.spokenTo, findings: v.findings)
            },
            canRecord: actor.may(.recordSeniorVisits),
            kinds: SeniorVisits.Kind.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: form.values["kind"] == $0.rawValue)
            },
            form: form.values.isEmpty ? FormState(values: ["day": req.today.iso]) : form)
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
    }
    let service: RefDTO
    let oversightLevel: OversightLevel
    let since: String
    let statuses: [Status]
    let visits: [SeniorVisitDTO]
}

struct SeniorVisitCreateDTO: Content {
    var day: Day?; var kind: SeniorVisits.Kind?; var observed: String?; var spokenTo: String?; var findings: String?
}

/// `/api/v1/services/{id}/senior-visits`: the schedule, where it stands and the visits; record one.
struct VisitsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiServiceVisits, use: list)
        routes.post(.apiServiceVisits, use: create)
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
                    last: s.last?.iso, due: s.due.iso, daysLate: s.daysLate)
            },
            visits: p.visits.map(SeniorVisitDTO.init))
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
