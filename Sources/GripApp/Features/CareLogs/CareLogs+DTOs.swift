import Fluent
import GripCore
import Vapor

/// JSON shapes of people supported and the care logs (issue 23); snake_case on the wire.
struct PersonRecordDTO: Content {
    struct Rating: Content { let area: PersonRiskArea; let level: PersonRiskLevel }
    let id: UUID
    let reference: String
    let service: RefDTO
    let placement: String
    let risks: [Rating]
    let highestRisk: PersonRiskLevel?
    let reviewDue: Day?
    let reviewOverdue: Bool
    let representative: String
    let contact: ContactMethod?
    let lastInvolved: Day?
    let involvementStale: Bool
    let version: Int

    init(_ p: Person, serviceName: String, today: Day) {
        let profile = p.profile
        id = p.id!
        reference = p.reference
        service = RefDTO(id: p.$service.id, name: serviceName)
        placement = p.placement
        risks = profile.ordered.map { Rating(area: $0.area, level: $0.level) }
        highestRisk = profile.highest
        reviewDue = p.reviewDay
        reviewOverdue = PersonRules.isReviewOverdue(p.reviewDay, today: today)
        representative = p.representative
        contact = p.contact
        lastInvolved = p.lastInvolvedDay
        involvementStale = PersonRules.involvementIsStale(
            representative: p.representative,
            lastInvolved: p.lastInvolvedDay, today: today)
        version = p.version
    }
}

struct PeopleAggregateDTO: Content {
    let service: RefDTO
    let people: Int
    let highestHigh: Int
    let highestMedium: Int
    let highestLow: Int
    let notRated: Int
    let reviewOverdue: Int
    let highByArea: [String: Int]
}

struct PatternDTO: Content {
    struct Week: Content { let start: Day; let concerns: Int; let interventions: Int }
    struct Part: Content { let part: DayPart; let concerns: Int; let interventions: Int }
    struct Tally: Content { let label: String; let count: Int }
    let person: RefDTO
    let weeks: [Week]
    let byDayPart: [Part]
    let byPlace: [Tally]
    let byTrigger: [Tally]
    let meanRecoveryMinutes: Double?
    let concerns: Int
    let interventions: Int
}

struct ConcernDTO: Content {
    let id: UUID
    let person: RefDTO
    let service: RefDTO
    let raisedAt: Date
    let raisedByRole: String
    let category: SafeguardingCategory
    let summary: String
    let safeguards: String
    let decision: String
    let rationale: String
    let decisionAt: Date?
    let decidedSameDay: Bool
    let referredAt: Date?
    let laReference: String
    let notifyCqc: Bool
    let reviewDue: Day?
    let pastReview: Bool
    let outcome: String
    let learning: String
    let closedAt: Date?
    let version: Int

    init(_ c: SafeguardingConcern, today: Day) {
        id = c.id!
        person = RefDTO(id: c.$person.id, name: c.$person.value?.reference ?? "")
        service = RefDTO(id: c.$service.id, name: c.$service.value?.name ?? "")
        raisedAt = c.raisedAt
        raisedByRole = c.raisedByRole
        category = c.category
        summary = c.summary
        safeguards = c.safeguards
        decision = c.decision
        rationale = c.rationale
        decisionAt = c.decisionAt
        decidedSameDay = SafeguardingRules.decidedSameDay(c.facts)
        referredAt = c.referredAt
        laReference = c.laReference
        notifyCqc = c.notifyCQC
        reviewDue = c.reviewDue.flatMap(Day.init(iso:))
        pastReview = SafeguardingRules.isPastReview(c.facts, today: today)
        outcome = c.outcome
        learning = c.learning
        closedAt = c.closedAt
        version = c.version
    }
}

struct InterventionDTO: Content {
    let id: UUID
    let person: RefDTO
    let service: RefDTO
    let startedAt: Date
    let minutes: Int
    let place: String
    let trigger: String
    let kind: InterventionKind
    let staff: String
    let injury: InjuryOutcome
    let recoveryMinutes: Int?
    let debriefAt: Date?
    let debriefBy: String
    let debriefedInTime: Bool
    let debriefOverdue: Bool
    let panelOn: Day?
    let learning: String
    let version: Int

    init(_ i: RestrictiveIntervention, now: Date) {
        id = i.id!
        person = RefDTO(id: i.$person.id, name: i.$person.value?.reference ?? "")
        service = RefDTO(id: i.$service.id, name: i.$service.value?.name ?? "")
        startedAt = i.startedAt
        minutes = i.minutes
        place = i.place
        trigger = i.trigger
        kind = i.kind
        staff = i.staff
        injury = i.injury
        recoveryMinutes = i.recoveryMinutes
        debriefAt = i.debriefAt
        debriefBy = i.debriefBy
        debriefedInTime = RestrictivePracticeRules.debriefedInTime(i.facts)
        debriefOverdue = RestrictivePracticeRules.debriefOverdue(i.facts, now: now)
        panelOn = i.panelOn.flatMap(Day.init(iso:))
        learning = i.learning
        version = i.version
    }
}

struct NotificationDTO: Content {
    let id: UUID
    let event: NotifiableEvent
    let regulation: String
    let service: RefDTO
    let person: RefDTO?
    let concernId: UUID?
    let occurredAt: Date
    let dueAt: Date
    let summary: String
    let sentAt: Date?
    let reference: String
    let overdue: Bool
    let late: Bool
    let version: Int

    init(_ n: StatutoryNotification, now: Date) {
        id = n.id!
        event = n.event
        regulation = n.event.regulation
        service = RefDTO(id: n.$service.id, name: n.$service.value?.name ?? "")
        person = n.$person.id.map { RefDTO(id: $0, name: n.$person.value??.reference ?? "") }
        concernId = n.$concern.id
        occurredAt = n.occurredAt
        dueAt = n.dueAt
        summary = n.summary
        sentAt = n.sentAt
        reference = n.reference
        overdue = NotificationRules.isOverdue(occurredAt: n.occurredAt, sentAt: n.sentAt, now: now)
        late = NotificationRules.wasLate(occurredAt: n.occurredAt, sentAt: n.sentAt)
        version = n.version
    }
}
