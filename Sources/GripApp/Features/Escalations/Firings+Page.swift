import Fluent
import GripCore
import Vapor

/// One *Escalation due* (issue 36): the threshold that fired, the evidence it fired on, its clock, and the answers —
/// *Raise escalation* (the escalation form, pre-filled and linked), *Take it up* (internal thresholds), *Not
/// escalating* (a reason; a quality lead or the nominated individual who did not propose it approves).
struct FiringsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.firing, use: show)
        routes.post(.firingTakeUp, use: takeUp)
        routes.post(.firingNotEscalating, use: notEscalating)
    }

    struct Page: Encodable {
        let layout: Layout
        let firing: FiringRow
        let thresholdsHref: String
        let subjectHref: String?
        let subjectLabel: String
        let answeredBy: String?
        let answerNote: String?
        let escalationHref: String?
        let canAnswer: Bool
        let canTakeUp: Bool
        let raiseHref: String
        let pending: PendingPanel?
        let form: FormState
    }

    /// A firing as a row: My work, the digest and its own page.
    struct FiringRow: Encodable {
        let id: String
        let href: String
        let trigger: String
        let level: String
        /// Who it goes to, in full.
        let goesTo: String
        let service: String
        let evidence: String
        let firedAt: String
        let deadline: String
        let clock: String
        let late: Bool
        let open: Bool
        let answer: String?
        let version: Int

        init(_ f: EscalationFiring, now: Date) {
            let clock = EscalationClock.of(deadline: f.deadline, answeredAt: f.answeredAt, now: now)
            id = f.id!.uuidString
            href = Paths.firing(f.id!)
            trigger = f.trigger.label
            level = f.levelLabel
            goesTo = f.level.label
            service = f.$service.value?.name ?? ""
            evidence = f.evidence
            firedAt = UKTime.format(f.firedAt)
            deadline = TimeToAct.describe(f.deadline)
            self.clock = clock.label.capitalisedFirst
            late = clock.isLate
            open = clock.isOpen
            answer = f.answer?.label
            version = f.version
        }
    }

    static func subject(_ f: EscalationFiring) -> (href: String?, label: String) {
        switch f.subjectKind {
        case "action": (Paths.action(f.subjectID), "The action")
        case "concern": (SiteRoute.concern(f.subjectID), "The safeguarding concern")
        case "person": (SiteRoute.person(f.subjectID), "The person's record")
        case "series": (Paths.series(f.subjectID, f.$service.id), "The series")
        default: (nil, "")
        }
    }

    static func page(_ req: Request, form: FormState = FormState()) async throws -> Page {
        let actor = try req.actor
        let service = FiringService(db: req.db, actor: actor, now: req.now)
        let f = try await service.find(try req.uuid("firing", notFound: "escalation due"))
        let change = try await service.pending(f)
        let pending = try change.map { c in
            var relation = RecordRelation()
            relation.isProposer = c.$proposedBy.id == actor.id
            return try PendingPanel(c, actor: actor, relation: relation, href: SiteRoute.change(c.id!))
        }
        let (href, label) = Self.subject(f)
        let open = f.answer == nil
        return Page(
            layout: Layout(req, title: "Escalation due", section: "escalations"),
            firing: FiringRow(f, now: req.now), thresholdsHref: Paths.escalationThresholds, subjectHref: href,
            subjectLabel: label, answeredBy: f.answeredBy?.name, answerNote: f.answerNote,
            escalationHref: f.$escalation.id.map(Paths.escalation),
            canAnswer: open && pending == nil && actor.may(.raiseEscalations),
            canTakeUp: open && pending == nil && f.level == .internal && actor.may(.raiseEscalations),
            raiseHref: SiteRoute.escalationsNew.pattern + "?firing=\(f.id!.uuidString)", pending: pending, form: form)
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("escalations/firing", try await Self.page(req))
    }

    struct Form: Content { var note: String?; var reason: String?; var version: String? }

    @Sendable func takeUp(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        return try await answering(req, values: ["note": f.note ?? ""]) { service, id in
            _ = try await service.takeUp(id, note: f.note ?? "", version: f.version.flatMap { Int($0) })
            return "Taken up: the escalation due is answered."
        }
    }

    @Sendable func notEscalating(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        return try await answering(req, values: ["reason": f.reason ?? ""]) { service, id in
            _ = try await service.proposeNotEscalating(
                id, reason: f.reason ?? "", version: f.version.flatMap { Int($0) })
            return "Not escalating: waiting for a quality lead or the nominated individual to approve. The clock runs "
                + "until they do."
        }
    }

    /// Runs an answer and returns to the firing's page; a refusal shows the page again with the field named.
    func answering(
        _ req: Request, values: [String: String],
        _ body: (FiringService, UUID) async throws -> String
    ) async throws -> Response {
        let actor = try req.actor
        let id = try req.uuid("firing", notFound: "escalation due")
        return try await req.submitting(
            values: values, to: Paths.firing(id), template: "escalations/firing",
            page: { try await Self.page(req, form: $0) }
        ) { try await body(FiringService(db: req.db, actor: actor, now: req.now), id) }
    }
}
