import Fluent
import GripCore
import Vapor

/// The decision log: every decision across meetings, searchable, followed through to done.
struct DecisionsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.decisions, use: list)
        routes.post(.decisionDone, use: done)
    }

    struct Row: Encodable {
        let id: String; let text: String; let meeting: String; let meetingHref: String; let service: String;
        let owner: String
        let due: String; let overdue: Bool; let status: String; let done: Bool; let doneNote: String; let version: Int;
        let canComplete: Bool
    }

    struct Page: Encodable {
        let layout: Layout
        let q: String
        let services: [Choice]
        let owners: [Choice]
        let statuses: [Choice]
        let rows: [Row]
        let total: Int
        let pages: Int
        let previousHref: String?
        let nextHref: String?
        let form: FormState
        let failedID: String?
        /// Safety-critical operating models stood down (issue 36): decisions made outside a meeting, by two people.
        let standDowns: [StandDown]
    }

    struct StandDown: Encodable {
        let title: String; let href: String; let service: String; let on: String; let by: String; let evidence: String
    }

    func page(_ req: Request, form: FormState = FormState(), failedID: String? = nil) async throws -> Page {
        let actor = try req.actor
        let today = req.today
        let f = try DecisionLog.Filter.parse(req)
        let log = DecisionLog(db: req.db, actor: actor, today: today)
        let (rows, total) = try await log.search(f)
        let (routes, services, owners) = try await DecisionLog.choices(for: actor, on: req.db)
        let pages = max(1, (total + f.per - 1) / f.per)
        func href(_ p: Int) -> String {
            var parts = ["page=\(p)"]
            if let t = f.text, !t.isEmpty {
                parts.append("q=" + (t.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            }
            if let s = f.serviceID { parts.append("service=\(s.uuidString)") }
            if let o = f.ownerID { parts.append("owner=\(o.uuidString)") }
            if let s = f.status { parts.append("status=\(s.rawValue)") }
            return Paths.decisions + "?" + parts.joined(separator: "&")
        }
        return Page(
            layout: Layout(req, title: "Decision log", section: "decisions"), q: f.text ?? "",
            services: services.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: f.serviceID == $0.id) },
            owners: owners.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: f.ownerID == $0.id) },
            statuses: DecisionStatus.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: f.status == $0)
            },
            rows: rows.map { d in
                let due = Day(iso: d.dueDay)
                return Row(
                    id: d.id!.uuidString, text: d.text,
                    meeting: "\(routes[d.meeting.$route.id] ?? "Meeting"), \(d.meeting.meetingDay.ukFormat)",
                    meetingHref: Paths.meetingItem(d.$meeting.id, d.$item.id), service: d.service?.name ?? "–",
                    owner: d.owner.name,
                    due: due?.ukFormat ?? d.dueDay, overdue: d.status == .open && (due.map { $0 < today } ?? false),
                    status: d.status.label, done: d.status == .done,
                    doneNote: d.status == .done
                        ? "\(d.doneOn.flatMap { Day(iso: $0)?.ukFormat } ?? ""): \(d.doneNote)" : "",
                    version: d.version,
                    canComplete: d.status == .open
                        && actor.may(.completeDecisions, RecordRelation(isOwner: d.$owner.id == actor.id)))
            },
            total: total, pages: pages, previousHref: f.page > 1 ? href(f.page - 1) : nil,
            nextHref: f.page < pages ? href(f.page + 1) : nil,
            form: form, failedID: failedID,
            standDowns: try await SafetyModelService(db: req.db, actor: actor, today: today)
                .standDowns(serviceID: f.serviceID).map { m in
                    StandDown(
                        title: m.title, href: Paths.safetyModel(m.id!), service: m.service.name,
                        on: m.stoodDownOn.flatMap { Day(iso: $0)?.ukFormat } ?? "",
                        by:
                            "proposed by \(m.stoodDownBy?.name ?? "—"), "
                            + "approved by \(m.standDownApprovedBy?.name ?? "—")",
                        evidence: m.standDownEvidence ?? "")
                })
    }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render("decisions/list", try await page(req))
    }

    @Sendable func done(req: Request) async throws -> Response {
        struct Form: Content { var note: String?; var version: Int? }
        let f = try req.content.decode(Form.self)
        let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        do {
            _ = try await DecisionLog(db: req.db, actor: try req.actor, today: req.today).complete(
                id, version: f.version, note: f.note ?? "")
            req.flash("Decision marked done.")
            return req.redirect(to: Paths.decisions + "?status=open")
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "decisions/list",
                try await page(
                    req, form: FormState(values: ["note": f.note ?? ""], errors: e.fieldErrors),
                    failedID: id?.uuidString), status: e.status)
        }
    }
}
