import Fluent
import GripCore
import Vapor

/// The safeguarding log: this month's computed measures per service, then the concerns, newest first.
struct SafeguardingListPage: Encodable {
    struct Measure: Encodable {
        let service: String, raised: String, sameDay: String, referred: String, pastReview: String, pastClass: String
    }
    struct Row: Encodable {
        let raised: String, href: String, person: String, personHref: String, service: String, category: String
        let decision: String, sameDay: Bool, awaiting: Bool, referred: String, reviewDue: String, pastReview: Bool
        let status: String
    }
    let layout: Layout
    let month: String
    let measures: [Measure]
    let rows: [Row]
    let services: [Choice]
    let statuses: [Choice]
    let total: Int, page: Int, pages: Int
    let previousHref: String?, nextHref: String?
    let canRaise: Bool
    let canImport: Bool
    let indicatorsHref: String

    static let perPage = 50

    static func load(_ req: Request) async throws -> SafeguardingListPage {
        let actor = try req.actor
        let now = req.now
        let today = Day.today(now: now)
        let log = SafeguardingService(db: req.db, actor: actor, now: now)
        var q = try log.visible()
        let f = try await LogFilter.parse(req, statuses: ["open", "closed", "awaiting", "past_review"])
        if let serviceID = f.serviceID { q = q.filter(\.$service.$id == serviceID) }
        switch f.status {
        case "open": q = q.filter(\.$closedAt == nil)
        case "closed": q = q.filter(\.$closedAt != nil)
        case "awaiting": q = q.filter(\.$decisionAt == nil)
        case "past_review": q = q.filter(\.$closedAt == nil).filter(\.$reviewDue < today.iso)
        default: break
        }
        let result = try await q.with(\.$person).with(\.$service).sort(\.$raisedAt, .descending)
            .leanPage(PageRequest(page: f.page, per: perPage))
        let month = Day(year: today.year, month: today.month, day: 1)!
        let measures = try await Self.measures(f.shown, month: month, actor: actor, on: req.db)
        let links = f.pages(Paths.safeguarding, total: result.metadata.total, per: perPage)
        return SafeguardingListPage(
            layout: Layout(req, title: "Safeguarding log", section: "safeguarding"),
            month: IndicatorPeriodKind.month.display(month),
            measures: measures,
            rows: result.items.map { c in
                let f = c.facts
                return Row(
                    raised: UKTime.format(c.raisedAt), href: Paths.concern(c.id!), person: c.person.reference,
                    personHref: Paths.person(c.$person.id), service: c.service.name, category: c.category.label,
                    decision: c.decisionAt.map(UKTime.format) ?? "Awaiting decision",
                    sameDay: SafeguardingRules.decidedSameDay(f), awaiting: c.decisionAt == nil,
                    referred: c.referredAt.map {
                        UKTime.format($0) + (c.laReference.isEmpty ? "" : " (\(c.laReference))")
                    }
                        ?? "No",
                    reviewDue: c.reviewDue.flatMap(Day.init(iso:))?.ukFormat ?? "",
                    pastReview: SafeguardingRules.isPastReview(f, today: today),
                    status: c.closedAt == nil ? "Open" : "Closed")
            },
            services: f.serviceChoices,
            statuses: f.statusChoices([
                ("open", "Open"), ("awaiting", "Awaiting a decision"),
                ("past_review", "Past review"), ("closed", "Closed")
            ]),
            total: result.metadata.total, page: f.page, pages: links.pages,
            previousHref: links.previous, nextHref: links.next,
            canRaise: actor.may(.raiseConcerns), canImport: actor.may(.decideConcerns),
            indicatorsHref: Paths.indicators)
    }

    /// The month's computed values, read from the fed indicators' stored values (one query each for the indicators
    /// and the values), not recomputed from the log.
    static func measures(
        _ services: [Service], month: Day, actor: Actor, on db: any Database
    ) async throws
        -> [Measure]
    {
        let at = try await FedValues.read(services, month: month, actor: actor, on: db)
        return services.map { s in
            let m = at[s.id!] ?? [:]
            let show = { (f: IndicatorFeed) in m[f].map { ActionRules.display($0) } ?? "–" }
            return Measure(
                service: s.name, raised: show(.concernsRaised),
                sameDay: m[.sameDayDecisions].map { ActionRules.display($0) + "%" } ?? "–",
                referred: show(.referrals), pastReview: show(.pastReview),
                pastClass: (m[.pastReview] ?? 0) > 0 ? "tag tag-overdue" : "")
        }
    }
}

/// A concern's page: what was recorded, and for a manager the form that records the decision, referral and
/// closure (and corrects the rest).
struct ConcernPage: Encodable {
    let layout: Layout
    let heading: String
    let personHref: String
    let items: [RecordItem]
    let sameDay: Bool
    let pastReview: Bool
    let canDecide: Bool
    let fields: ConcernFormPage.Fields

    static func load(_ req: Request, form: FormState? = nil) async throws -> ConcernPage {
        let actor = try req.actor
        let now = req.now
        let log = SafeguardingService(db: req.db, actor: actor, now: now)
        let c = try await log.find(req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        try await c.$person.load(on: req.db)
        try await c.$service.load(on: req.db)
        let f = c.facts
        let none = "Not recorded"
        let items: [(String, String)] = [
            ("Person", "\(c.person.reference) — \(c.person.placement)"), ("Service", c.service.name),
            ("Raised", "\(UKTime.format(c.raisedAt)) by \(c.raisedByRole)"), ("Category", c.category.label),
            ("What happened", c.summary), ("Immediate safeguards", c.safeguards),
            ("Management decision", c.decision.isEmpty ? "Awaiting decision" : c.decision),
            ("Decided", c.decisionAt.map(UKTime.format) ?? none),
            ("Rationale", c.rationale.isEmpty ? none : c.rationale),
            ("Referred to the local authority", c.referredAt.map(UKTime.format) ?? "No"),
            ("Local authority reference", c.laReference.isEmpty ? none : c.laReference),
            ("CQC notification needed", c.notifyCQC ? "Yes" : "No"),
            ("Review due", c.reviewDue.flatMap(Day.init(iso:))?.ukFormat ?? none),
            ("Outcome", c.outcome.isEmpty ? none : c.outcome), ("Learning", c.learning.isEmpty ? none : c.learning),
            ("Closed", c.closedAt.map(UKTime.format) ?? "Open")
        ]
        let canDecide = actor.may(.decideConcerns)
        let fields = try await ConcernFormPage.fields(
            req, actor: actor, form: form ?? FormState(values: ConcernFormPage.values(c)), isNew: false,
            canDecide: canDecide, version: c.version)
        return ConcernPage(
            layout: Layout(req, title: "Safeguarding concern about \(c.person.reference)", section: "safeguarding"),
            heading: "Concern about \(c.person.reference), raised \(UKTime.format(c.raisedAt))",
            personHref: Paths.person(c.$person.id),
            items: items.map { RecordItem(label: $0.0, value: $0.1) },
            sameDay: SafeguardingRules.decidedSameDay(f),
            pastReview: SafeguardingRules.isPastReview(
                f,
                today:
                    Day.today(now: now)),
            canDecide: canDecide, fields: fields)
    }
}

/// Recording a concern (and, for a manager, its decision).
struct ConcernFormPage: Encodable {
    struct Fields: Encodable {
        let form: FormState
        let action: String
        let isNew: Bool
        let canDecide: Bool
        let version: Int?
        let people: [Choice]
        let categories: [Choice]
    }
    let layout: Layout
    let fields: Fields

    static func values(_ f: ConcernForm) -> [String: String] {
        [
            "person": f.person ?? "", "raised_at": f.raised_at ?? "", "raised_by_role": f.raised_by_role ?? "",
            "category": f.category ?? "", "summary": f.summary ?? "", "safeguards": f.safeguards ?? "",
            "decision": f.decision ?? "", "rationale": f.rationale ?? "", "decision_at": f.decision_at ?? "",
            "referred_at": f.referred_at ?? "", "la_reference": f.la_reference ?? "", "notify_cqc": f.notify_cqc ?? "",
            "review_due": f.review_due ?? "", "outcome": f.outcome ?? "", "learning": f.learning ?? "",
            "closed_at": f.closed_at ?? ""
        ]
    }

    static func values(_ c: SafeguardingConcern) -> [String: String] {
        [
            "person": c.$person.id.uuidString, "raised_at": LocalTime.input(c.raisedAt),
            "raised_by_role": c.raisedByRole,
            "category": c.category.rawValue, "summary": c.summary, "safeguards": c.safeguards, "decision": c.decision,
            "rationale": c.rationale, "decision_at": c.decisionAt.map { LocalTime.input($0) } ?? "",
            "referred_at": c.referredAt.map { LocalTime.input($0) } ?? "", "la_reference": c.laReference,
            "notify_cqc": c.notifyCQC ? "yes" : "no", "review_due": c.reviewDue ?? "", "outcome": c.outcome,
            "learning": c.learning, "closed_at": c.closedAt.map { LocalTime.input($0) } ?? ""
        ]
    }

    static func fields(
        _ req: Request, actor: Actor, form: FormState, isNew: Bool, canDecide: Bool, version: Int?
    )
        async throws -> Fields
    {
        let v = form.values
        return Fields(
            form: form,
            action: isNew ? Paths.safeguarding : (req.parameters.get("id").map { SiteRoute.concern.path([$0]) } ?? ""),
            isNew: isNew, canDecide: canDecide, version: version,
            people: try await CareLogChoices.people(req, actor: actor, selected: v["person"]),
            categories: CareLogChoices.options(SafeguardingCategory.self, selected: v["category"]) { $0.label })
    }

    static func load(_ req: Request, form: FormState) async throws -> ConcernFormPage {
        let actor = try req.actor
        try actor.require(.raiseConcerns)
        return ConcernFormPage(
            layout: Layout(req, title: "Record a safeguarding concern", section: "safeguarding"),
            fields: try await fields(
                req, actor: actor, form: form, isNew: true, canDecide: actor.may(.decideConcerns),
                version: nil))
    }
}
