import Fluent
import GripCore
import Vapor

/// A page number from the query (`?page=`): 400 naming `page` when it is not a whole number from 1.
enum PageNumber {
    static func parse(_ req: Request) throws -> Int {
        guard let raw = req.query[String.self, at: "page"], !raw.isEmpty else { return 1 }
        guard let n = Int(raw), n >= 1, n <= 100_000 else {
            throw AppError(
                .badRequest, "page must be a whole number from 1.",
                fields: [FieldError("page", "page must be a whole number from 1.")])
        }
        return n
    }
}

/// A log list's query: the caller's services, the one chosen (404 when not theirs), a status of those allowed
/// (400 naming it otherwise) and the page; and the links that keep them.
struct LogFilter {
    let services: [Service]
    let serviceID: UUID?
    let status: String
    let page: Int

    static func parse(_ req: Request, statuses: [String] = []) async throws -> LogFilter {
        let actor = try req.actor
        let page = try PageNumber.parse(req)
        let services = try await Service.query(on: req.db).visible(to: actor).sort(\.$name).all()
        var serviceID: UUID?
        if let raw = req.query[String.self, at: "service"], !raw.isEmpty {
            guard let id = UUID(uuidString: raw), services.contains(where: { $0.id == id }) else {
                throw AppError.notFound("service")
            }
            serviceID = id
        }
        let status = req.query[String.self, at: "status"] ?? ""
        guard status.isEmpty || statuses.contains(status) else {
            let message = "status must be " + statuses.joined(separator: ", ") + "."
            throw AppError(.badRequest, message, fields: [FieldError("status", message)])
        }
        return LogFilter(services: services, serviceID: serviceID, status: status, page: page)
    }

    /// The services shown: the one chosen, or all the caller's.
    var shown: [Service] { serviceID.map { s in services.filter { $0.id == s } } ?? services }

    var serviceChoices: [Choice] {
        services.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: $0.id == serviceID) }
    }

    func statusChoices(_ labels: [(String, String)]) -> [Choice] {
        labels.map { Choice(value: $0.0, label: $0.1, selected: status == $0.0) }
    }

    /// Page `n` of `base` with the same service and status.
    func href(_ base: String, page n: Int) -> String {
        base + "?" + (serviceID.map { "service=\($0.uuidString)&" } ?? "")
            + (status.isEmpty ? "" : "status=\(status)&") + "page=\(n)"
    }

    /// (pages, previous, next) for a list of `total` at `per` a page.
    func pages(_ base: String, total: Int, per: Int) -> (pages: Int, previous: String?, next: String?) {
        let pages = max(1, (total + per - 1) / per)
        return (pages, page > 1 ? href(base, page: page - 1) : nil, page < pages ? href(base, page: page + 1) : nil)
    }
}

extension PersonRiskLevel {
    /// The colour class a level shares with risk bands.
    var cssClass: String {
        switch self {
        case .low: "band-low"
        case .medium: "band-moderate"
        case .high: "band-high"
        }
    }
}

/// The people list: for the provider, everyone in the person's services with their risk profile, highest first;
/// for a commissioner, counts and profiles per service and only the cases shared with them.
struct PeopleListPage: Encodable {
    struct Row: Encodable {
        let reference: String, href: String, service: String, placement: String
        let highest: String, highestClass: String, profile: String
        let reviewDue: String, reviewOverdue: Bool, representative: String, involvement: String, stale: Bool
    }
    struct AggregateRow: Encodable {
        let service: String, people: Int, high: Int, medium: Int, low: Int, notRated: Int, reviewOverdue: Int
        let highAreas: String
    }
    let layout: Layout
    let rows: [Row]
    let aggregates: [AggregateRow]
    let services: [Choice]
    let total: Int, page: Int, pages: Int
    let previousHref: String?, nextHref: String?
    let canAdd: Bool
    /// A commissioner: the aggregates, and only shared cases below them.
    let sharedOnly: Bool

    static let perPage = 50

    static func load(_ req: Request) async throws -> PeopleListPage {
        let actor = try req.actor
        let today = req.today
        let people = PeopleService(db: req.db, actor: actor, today: today)
        let f = try await LogFilter.parse(req)
        let aggregates = try await people.aggregates(services: f.shown.compactMap(\.id))
        var q = people.visible()
        if let serviceID = f.serviceID { q = q.filter(\.$service.$id == serviceID) }
        let result = try await q.with(\.$service).sort(\.$highestRisk, .descending).sort(\.$reference)
            .leanPage(PageRequest(page: f.page, per: perPage))
        let links = f.pages(Paths.people, total: result.metadata.total, per: perPage)
        return PeopleListPage(
            layout: Layout(req, title: "People supported", section: "people"),
            rows: result.items.map { p in row(p, today: today) },
            aggregates: f.shown.map { s in
                let a = aggregates[s.id!] ?? PeopleAggregate.compute([], today: today)
                return AggregateRow(
                    service: s.name, people: a.people, high: a.byHighest[.high] ?? 0,
                    medium: a.byHighest[.medium] ?? 0,
                    low: a.byHighest[.low] ?? 0, notRated: a.notRated, reviewOverdue: a.reviewOverdue,
                    highAreas: PersonRiskArea.allCases.compactMap { area in
                        a.highByArea[area].map { "\(area.label) \($0)" }
                    }.joined(separator: ", "))
            },
            services: f.serviceChoices, total: result.metadata.total, page: f.page, pages: links.pages,
            previousHref: links.previous, nextHref: links.next, canAdd: actor.may(.recordPeople),
            sharedOnly: !actor.may(.viewPeople))
    }

    static func row(_ p: Person, today: Day) -> Row {
        let profile = p.profile
        return Row(
            reference: p.reference, href: Paths.person(p.id!), service: p.service.name, placement: p.placement,
            highest: profile.highest?.label ?? "Not rated", highestClass: profile.highest?.cssClass ?? "tag-muted",
            profile: profile.summary, reviewDue: p.reviewDay?.ukFormat ?? "",
            reviewOverdue: PersonRules.isReviewOverdue(p.reviewDay, today: today),
            representative: p.representative,
            involvement: p.lastInvolvedDay.map {
                "\($0.ukFormat)" + (p.contact.map { " (\($0.label.lowercased()))" } ?? "")
            }
                ?? (p.representative.isEmpty ? "" : "Never recorded"),
            stale: PersonRules.involvementIsStale(
                representative: p.representative, lastInvolved: p.lastInvolvedDay,
                today: today))
    }
}

/// One person's record: opened only by those who may, and every opening audited.
struct PersonPage: Encodable {
    struct Area: Encodable {
        let area: String
        let level: String
        let levelClass: String
    }
    struct ConcernRow: Encodable {
        let raised: String, href: String?, category: String, decision: String, sameDay: Bool, status: String
    }
    struct Share: Encodable {
        let id: String
        let name: String
        let shared: Bool
    }
    struct ViewRow: Encodable {
        let who: String
        let at: String
    }
    let layout: Layout
    let id: String
    let reference: String
    let service: String
    let serviceHref: String
    let placement: String
    let areas: [Area]
    let reviewDue: String
    let reviewOverdue: Bool
    let representative: String
    let contact: String
    let lastInvolved: String
    let stale: Bool
    let concerns: [ConcernRow]
    let interventions: [InterventionListPage.Row]
    /// The service's log, when the person has more than the twenty shown.
    let moreInterventions: String?
    let pattern: PatternView
    let shares: [Share]
    let views: [ViewRow]
    let canEdit: Bool
    let canRaise: Bool
    let canShare: Bool
    let editHref: String
    let sharesHref: String
    let newConcernHref: String
    let newInterventionHref: String

    static func load(_ req: Request) async throws -> PersonPage {
        let actor = try req.actor
        let today = req.today
        let people = PeopleService(db: req.db, actor: actor, today: today)
        let p = try await people.view(req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        let pid = try p.requireID()
        let service = try await Service.find(p.$service.id, on: req.db)
        let concerns = try await SafeguardingConcern.query(on: req.db).filter(\.$person.$id == pid)
            .sort(\.$raisedAt, .descending).limit(100).all()
        let interventions = try await RestrictiveIntervention.query(on: req.db).filter(\.$person.$id == pid)
            .with(\.$person).with(\.$service).sort(\.$startedAt, .descending).limit(21).all()
        let canShare = actor.may(.recordPeople)
        let commissioners = canShare ? try await people.commissioners(of: p) : []
        let shared = canShare ? Set(try await people.shares(of: p).map { $0.$commissioner.id }) : []
        let views =
            actor.may(.recordPeople)
            ? try await Scoped.query(AuditEntry.self, for: actor, on: req.db)
                .filter(\.$entityID == pid)
                .filter(\.$operation == "viewed").sort(\.$seq, .descending).limit(10).all() : []
        let profile = p.profile
        return PersonPage(
            layout: Layout(req, title: "Person \(p.reference)", section: "people"),
            id: pid.uuidString, reference: p.reference, service: service?.name ?? "",
            serviceHref: Paths.serviceDashboard(p.$service.id), placement: p.placement,
            areas: profile.ordered.map {
                Area(area: $0.area.label, level: $0.level.label, levelClass: $0.level.cssClass)
            },
            reviewDue: p.reviewDay?.ukFormat ?? "Not set",
            reviewOverdue: PersonRules.isReviewOverdue(p.reviewDay, today: today),
            representative: p.representative.isEmpty ? "None recorded" : p.representative,
            contact: p.contact?.label ?? "", lastInvolved: p.lastInvolvedDay?.ukFormat ?? "Never recorded",
            stale: PersonRules.involvementIsStale(
                representative: p.representative, lastInvolved: p.lastInvolvedDay,
                today: today),
            concerns: concerns.map { c in
                ConcernRow(
                    raised: UKTime.format(c.raisedAt), href: actor.may(.readProviderWork) ? Paths.concern(c.id!) : nil,
                    category: c.category.label, decision: c.decisionAt.map(UKTime.format) ?? "Awaiting decision",
                    sameDay: SafeguardingRules.decidedSameDay(c.facts), status: c.closedAt == nil ? "Open" : "Closed")
            },
            interventions: interventions.prefix(20).map { InterventionListPage.row($0, now: req.now) },
            // The log itself is the provider's: a commissioner reading a shared case sees the first 20, no link on.
            moreInterventions: interventions.count > 20 && actor.may(.readProviderWork)
                ? Paths.interventions + "?service=\(p.$service.id.uuidString)" : nil,
            pattern: try await PatternView.load(person: p, today: today, on: req.db),
            shares: commissioners.map { Share(id: $0.id!.uuidString, name: $0.name, shared: shared.contains($0.id!)) },
            views: views.map {
                ViewRow(
                    who: $0.actorName,
                    at: UKTime.format(
                        Date(
                            timeIntervalSince1970:
                                Double($0.atMilliseconds) / 1000)))
            },
            canEdit: actor.may(.recordPeople), canRaise: actor.may(.raiseConcerns), canShare: canShare,
            editHref: Paths.editPerson(pid), sharesHref: Paths.personShares(pid),
            newConcernHref: Paths.newConcern(person: pid), newInterventionHref: Paths.newIntervention(person: pid))
    }
}

/// Adding or editing a person.
struct PersonFormPage: Encodable {
    struct AreaField: Encodable {
        let key: String
        let label: String
        let levels: [Choice]
    }
    let layout: Layout
    let form: FormState
    let action: String
    let heading: String
    let version: Int?
    let services: [Choice]
    let areas: [AreaField]
    let contacts: [Choice]

    static func values(_ f: PersonForm) -> [String: String] {
        var v = [
            "service": f.service ?? "", "reference": f.reference ?? "", "placement": f.placement ?? "",
            "review_due": f.review_due ?? "", "representative": f.representative ?? "",
            "contact": f.contact ?? "", "last_involved": f.last_involved ?? ""
        ]
        for (k, level) in f.risks ?? [:] { v["risk_\(k)"] = level }
        return v
    }

    static func values(_ p: Person) -> [String: String] {
        var v = [
            "service": p.$service.id.uuidString, "reference": p.reference, "placement": p.placement,
            "review_due": p.reviewDue ?? "", "representative": p.representative,
            "contact": p.contact?.rawValue ?? "", "last_involved": p.lastInvolved ?? ""
        ]
        for (a, l) in p.profile.ratings { v["risk_\(a.rawValue)"] = l.rawValue }
        return v
    }

    static func load(_ req: Request, person: Person? = nil, form: FormState) async throws -> PersonFormPage {
        let actor = try req.actor
        try actor.require(.recordPeople)
        let services = try await Service.query(on: req.db).visible(to: actor).sort(\.$name).all()
        let v = form.values
        return PersonFormPage(
            layout: Layout(
                req, title: person == nil ? "Add a person supported" : "Edit \(person!.reference)",
                section: "people"),
            form: form, action: person.map { Paths.person($0.id!) } ?? Paths.people,
            heading: person == nil ? "Add a person supported" : "Edit \(person!.reference)",
            version: person?.version,
            services: services.map {
                Choice(
                    value: $0.id!.uuidString, label: $0.name,
                    selected: v["service"] == $0.id!.uuidString)
            },
            areas: PersonRiskArea.allCases.map { a in
                AreaField(
                    key: a.rawValue, label: a.label,
                    levels: PersonRiskLevel.allCases.map {
                        Choice(value: $0.rawValue, label: $0.label, selected: v["risk_\(a.rawValue)"] == $0.rawValue)
                    })
            },
            contacts: ContactMethod.allCases.map {
                Choice(
                    value: $0.rawValue, label: $0.label,
                    selected: v["contact"] == $0.rawValue)
            })
    }
}
