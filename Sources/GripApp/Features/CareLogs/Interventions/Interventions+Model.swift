import Fluent
import GripCore
import Vapor

/// The restrictive interventions log: this month's computed measures per service, when and where interventions
/// happen at one service, and the interventions themselves, newest first.
struct InterventionListPage: Encodable {
    struct Measure: Encodable { let service: String, count: String, debriefed: String, awaitingPanel: Int }
    struct Count: Encodable {
        let label: String
        let count: Int
    }
    struct Row: Encodable {
        let started: String, href: String, person: String, personHref: String, service: String, kind: String
        let minutes: Int, place: String, trigger: String, injury: String, debrief: String, debriefInTime: Bool
        let debriefOverdue: Bool, panel: String
    }
    let layout: Layout
    let month: String
    let measures: [Measure]
    /// For one chosen service, the last 90 days by part of the day and by place.
    let patternService: String?
    let byDayPart: [Count]
    let byPlace: [Count]
    let rows: [Row]
    let services: [Choice]
    let statuses: [Choice]
    let total: Int, page: Int, pages: Int
    let previousHref: String?, nextHref: String?
    let canRecord: Bool
    let canImport: Bool

    static let perPage = 50

    static func load(_ req: Request) async throws -> InterventionListPage {
        let actor = try req.actor
        let now = req.now
        let today = Day.today(now: now)
        var q = try InterventionService(db: req.db, actor: actor, now: now).visible()
        let f = try await LogFilter.parse(req, statuses: ["awaiting_panel", "awaiting_debrief", "reviewed"])
        let serviceID = f.serviceID
        if let serviceID { q = q.filter(\.$service.$id == serviceID) }
        switch f.status {
        case "awaiting_panel": q = q.filter(\.$panelOn == nil)
        case "awaiting_debrief": q = q.filter(\.$debriefAt == nil)
        case "reviewed": q = q.filter(\.$panelOn != nil)
        default: break
        }
        let result = try await q.with(\.$person).with(\.$service).sort(\.$startedAt, .descending)
            .leanPage(PageRequest(page: f.page, per: perPage))
        let shown = f.shown
        let month = Day(year: today.year, month: today.month, day: 1)!
        let values = try await FedValues.read(shown, month: month, actor: actor, on: req.db)
        let awaiting = try await InterventionService(db: req.db, actor: actor, now: now).visible()
            .filter(\.$panelOn == nil).field(\.$service.$id).all()
        let awaitingBy = Dictionary(grouping: awaiting, by: { $0.$service.id }).mapValues(\.count)
        var parts: [Count] = []
        var places: [Count] = []
        if let serviceID {
            let since = LocalTime.parse(today.adding(days: -90).iso + "T00:00") ?? now
            let recent = try await RestrictiveIntervention.query(on: req.db).filter(\.$service.$id == serviceID)
                .filter(\.$startedAt >= since).field(\.$startedAt).field(\.$minutes).field(\.$place)
                .field(\.$debriefAt).all()
            let m = InterventionMeasures.compute(recent.map(\.facts), from: today.adding(days: -90), to: today)
            parts = DayPart.allCases.map { Count(label: $0.label, count: m.byDayPart[$0] ?? 0) }
            places = m.byPlace.prefix(8).map { Count(label: $0.place, count: $0.count) }
        }
        let links = f.pages(Paths.interventions, total: result.metadata.total, per: perPage)
        return InterventionListPage(
            layout: Layout(req, title: "Restrictive interventions", section: "interventions"),
            month: IndicatorPeriodKind.month.display(month),
            measures: shown.map { s in
                let v = values[s.id!] ?? [:]
                return Measure(
                    service: s.name, count: v[.interventions].map { ActionRules.display($0) } ?? "–",
                    debriefed: v[.debriefs].map { ActionRules.display($0) + "%" } ?? "–",
                    awaitingPanel: awaitingBy[s.id!] ?? 0)
            },
            patternService: f.shown.count == 1 && serviceID != nil ? f.shown[0].name : nil,
            byDayPart: parts, byPlace: places,
            rows: result.items.map { row($0, now: now) },
            services: f.serviceChoices,
            statuses: f.statusChoices([
                ("awaiting_debrief", "Awaiting a debrief"), ("awaiting_panel", "Awaiting the panel"),
                ("reviewed", "Reviewed by the panel")
            ]),
            total: result.metadata.total, page: f.page, pages: links.pages,
            previousHref: links.previous, nextHref: links.next,
            canRecord: actor.may(.raiseConcerns), canImport: actor.may(.decideConcerns))
    }

    static func row(_ i: RestrictiveIntervention, now: Date) -> Row {
        let f = i.facts
        return Row(
            started: UKTime.format(i.startedAt), href: Paths.intervention(i.id!), person: i.person.reference,
            personHref: Paths.person(i.$person.id), service: i.service.name, kind: i.kind.label, minutes: i.minutes,
            place: i.place, trigger: i.trigger, injury: i.injury.label,
            debrief: i.debriefAt.map(UKTime.format) ?? "Not yet",
            debriefInTime: RestrictivePracticeRules.debriefedInTime(f),
            debriefOverdue: RestrictivePracticeRules.debriefOverdue(f, now: now),
            panel: i.panelOn.flatMap(Day.init(iso:))?.ukFormat ?? "Awaiting review")
    }
}

/// The stored values of the computed indicators for one month, by service and feed (two queries).
enum FedValues {
    static func read(
        _ services: [Service], month: Day, actor: Actor, on db: any Database
    ) async throws
        -> [UUID: [IndicatorFeed: Double]]
    {
        let fed = try await Scoped.query(Indicator.self, for: actor, on: db)
            .filter(\.$feed != nil).all()
        let byID = Dictionary(fed.compactMap { i in i.feed.map { (i.id!, $0) } }, uniquingKeysWith: { a, _ in a })
        guard !byID.isEmpty, !services.isEmpty else { return [:] }
        let values = try await IndicatorValue.query(on: db).filter(\.$indicator.$id ~~ Array(byID.keys))
            .filter(\.$service.$id ~~ services.compactMap(\.id)).filter(\.$period == month.iso).all()
        var at: [UUID: [IndicatorFeed: Double]] = [:]
        for v in values { if let f = byID[v.$indicator.id] { at[v.$service.id, default: [:]][f] = v.value } }
        return at
    }
}

/// An intervention's page: what was recorded, and the form that records the debrief, the panel's sign-off (a
/// manager) and corrections.
struct InterventionPage: Encodable {
    let layout: Layout
    let heading: String
    let personHref: String
    let items: [RecordItem]
    let debriefInTime: Bool
    let debriefOverdue: Bool
    let canEdit: Bool
    let fields: InterventionFormPage.Fields

    static func load(_ req: Request, form: FormState? = nil) async throws -> InterventionPage {
        let actor = try req.actor
        let now = req.now
        let i = try await InterventionService(db: req.db, actor: actor, now: now)
            .find(req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        try await i.$person.load(on: req.db)
        try await i.$service.load(on: req.db)
        let none = "Not recorded"
        let items: [(String, String)] = [
            ("Person", "\(i.person.reference) — \(i.person.placement)"), ("Service", i.service.name),
            ("Began", UKTime.format(i.startedAt)), ("Lasted", "\(i.minutes) minutes"), ("Where", i.place),
            ("What led up to it", i.trigger), ("Intervention", i.kind.label), ("Staff involved", i.staff),
            ("Injury", i.injury.label), ("Settled after", i.recoveryMinutes.map { "\($0) minutes" } ?? none),
            (
                "Debrief",
                i.debriefAt.map { UKTime.format($0) + (i.debriefBy.isEmpty ? "" : ", by \(i.debriefBy)") }
                    ?? "Not yet"
            ),
            ("Restrictive practice panel", i.panelOn.flatMap(Day.init(iso:))?.ukFormat ?? "Awaiting review"),
            ("Learning signed off", i.learning.isEmpty ? none : i.learning)
        ]
        let fields = try await InterventionFormPage.fields(
            req, actor: actor, form: form ?? FormState(values: InterventionFormPage.values(i)), isNew: false,
            version: i.version)
        return InterventionPage(
            layout: Layout(req, title: "Restrictive intervention, \(i.person.reference)", section: "interventions"),
            heading: "Intervention with \(i.person.reference), \(UKTime.format(i.startedAt))",
            personHref: Paths.person(i.$person.id), items: items.map { RecordItem(label: $0.0, value: $0.1) },
            debriefInTime: RestrictivePracticeRules.debriefedInTime(i.facts),
            debriefOverdue: RestrictivePracticeRules.debriefOverdue(i.facts, now: now),
            canEdit: actor.may(.raiseConcerns), fields: fields)
    }
}

/// Recording an intervention (and its debrief; the panel's sign-off for a manager).
struct InterventionFormPage: Encodable {
    struct Fields: Encodable {
        let form: FormState
        let action: String
        let isNew: Bool
        let canSignOff: Bool
        let version: Int?
        let people: [Choice]
        let kinds: [Choice]
        let injuries: [Choice]
    }
    let layout: Layout
    let fields: Fields

    static func values(_ f: InterventionForm) -> [String: String] {
        [
            "person": f.person ?? "", "started_at": f.started_at ?? "", "minutes": f.minutes ?? "",
            "place": f.place ?? "",
            "trigger": f.trigger ?? "", "kind": f.kind ?? "", "staff": f.staff ?? "", "injury": f.injury ?? "",
            "recovery_minutes": f.recovery_minutes ?? "", "debrief_at": f.debrief_at ?? "",
            "debrief_by": f.debrief_by ?? "", "panel_on": f.panel_on ?? "", "learning": f.learning ?? ""
        ]
    }

    static func values(_ i: RestrictiveIntervention) -> [String: String] {
        [
            "person": i.$person.id.uuidString, "started_at": LocalTime.input(i.startedAt),
            "minutes": String(i.minutes),
            "place": i.place, "trigger": i.trigger, "kind": i.kind.rawValue, "staff": i.staff,
            "injury": i.injury.rawValue, "recovery_minutes": i.recoveryMinutes.map(String.init) ?? "",
            "debrief_at": i.debriefAt.map { LocalTime.input($0) } ?? "", "debrief_by": i.debriefBy,
            "panel_on": i.panelOn ?? "", "learning": i.learning
        ]
    }

    static func fields(
        _ req: Request, actor: Actor, form: FormState, isNew: Bool, version: Int?
    ) async throws
        -> Fields
    {
        let v = form.values
        return Fields(
            form: form,
            action: isNew
                ? Paths.interventions : (req.parameters.get("id").map { SiteRoute.intervention.path([$0]) } ?? ""),
            isNew: isNew, canSignOff: actor.may(.decideConcerns), version: version,
            people: try await CareLogChoices.people(req, actor: actor, selected: v["person"]),
            kinds: CareLogChoices.options(InterventionKind.self, selected: v["kind"]) { $0.label },
            injuries: CareLogChoices.options(InjuryOutcome.self, selected: v["injury"]) { $0.label })
    }

    static func load(_ req: Request, form: FormState) async throws -> InterventionFormPage {
        let actor = try req.actor
        try actor.require(.raiseConcerns)
        return InterventionFormPage(
            layout: Layout(req, title: "Record a restrictive intervention", section: "interventions"),
            fields: try await fields(req, actor: actor, form: form, isNew: true, version: nil))
    }
}
