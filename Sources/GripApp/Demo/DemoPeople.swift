import Fluent
import Foundation
import GripCore

/// People supported in every demo service (reference codes only), and fourteen months of Oakwood House's
/// safeguarding log whose computed series carry real signals: same-day decisions rising to every concern once the
/// action started, and a rise in concerns raised last month.
enum DemoPeople {
    struct Spec {
        let service: String, reference: String, placement: String
        let risks: [PersonRiskArea: PersonRiskLevel]
        let reviewOffset: Int
        let representative: String, contact: ContactMethod?, involvedOffset: Int?
    }

    static let specs: [Spec] = [
        .init(
            service: "oakwood", reference: "OH-01", placement: "Room 1", risks: [.falls: .high, .medicines: .medium],
            reviewOffset: 20, representative: "Daughter", contact: .inPerson, involvedOffset: -12),
        .init(
            service: "oakwood", reference: "OH-02", placement: "Room 2", risks: [.choking: .high, .falls: .medium],
            reviewOffset: -6, representative: "Son", contact: .phone, involvedOffset: -40),
        .init(
            service: "oakwood", reference: "OH-03", placement: "Room 4", risks: [.behaviour: .medium, .falls: .low],
            reviewOffset: 35, representative: "Advocate", contact: .video, involvedOffset: -120),
        .init(
            service: "oakwood", reference: "OH-04", placement: "Room 5", risks: [.physicalHealth: .high],
            reviewOffset: 12, representative: "Wife", contact: .inPerson, involvedOffset: -3),
        .init(
            service: "oakwood", reference: "OH-05", placement: "Room 7", risks: [.mentalHealth: .medium],
            reviewOffset: 50, representative: "", contact: nil, involvedOffset: nil),
        .init(
            service: "oakwood", reference: "OH-06", placement: "Room 9", risks: [.falls: .low],
            reviewOffset: 60, representative: "Niece", contact: .email, involvedOffset: -30),
        .init(
            service: "maple", reference: "MC-01", placement: "Flat 1",
            risks: [.exploitation: .high, .goingMissing: .medium],
            reviewOffset: 9, representative: "Mother", contact: .phone, involvedOffset: -8),
        .init(
            service: "maple", reference: "MC-02", placement: "Flat 2", risks: [.selfHarm: .medium],
            reviewOffset: 28, representative: "Advocate", contact: .inPerson, involvedOffset: -20),
        .init(
            service: "maple", reference: "MC-03", placement: "Flat 3",
            risks: [.behaviour: .high, .compatibility: .high, .selfHarm: .medium], reviewOffset: 4,
            representative: "Father", contact: .inPerson, involvedOffset: -5),
        .init(
            service: "maple", reference: "MC-04", placement: "Flat 4", risks: [.compatibility: .medium],
            reviewOffset: -2, representative: "Sister", contact: .phone, involvedOffset: -100),
        .init(
            service: "home", reference: "HC-101", placement: "Package: four calls a day",
            risks: [.medicines: .high, .falls: .medium], reviewOffset: 14, representative: "Husband",
            contact: .phone, involvedOffset: -6),
        .init(
            service: "home", reference: "HC-102", placement: "Package: two calls a day", risks: [.falls: .medium],
            reviewOffset: 40, representative: "Son", contact: .email, involvedOffset: -25),
        .init(
            service: "home", reference: "HC-103", placement: "Package: live-in support",
            risks: [.physicalHealth: .high, .choking: .medium], reviewOffset: -1, representative: "Daughter",
            contact: .video, involvedOffset: -60)
    ]

    @discardableResult
    static func seed(
        db: any Database, users: [String: User], services: [String: Service], today: Day
    ) async throws
        -> [String: Person]
    {
        var people: [String: Person] = [:]
        for spec in specs {
            let manager = try Actor(users[spec.service == "home" ? "rm2" : "rm"]!)
            let p = try await PeopleService(db: db, actor: manager, today: today).create(
                .init(
                    serviceID: services[spec.service]?.id,
                    facts: PersonFacts(
                        reference: spec.reference, placement: spec.placement, profile: RiskProfile(spec.risks),
                        reviewDue: today.adding(days: spec.reviewOffset), representative: spec.representative,
                        contact: spec.contact, lastInvolved: spec.involvedOffset.map { today.adding(days: $0) })))
            people[spec.reference] = p
        }
        // The commissioner is shown MC-03's case, the tenant the escalation is about.
        let rm = try Actor(users["rm"]!)
        _ = try await PeopleService(db: db, actor: rm, today: today).setShared(
            people["MC-03"]?.id, commissionerID: users["commissioner"]?.id, share: true)
        try await concerns(db: db, rm: rm, people: people, today: today)
        try await interventions(db: db, rm: rm, people: people, today: today)
        try await notifications(db: db, rm: rm, people: people)
        return people
    }

    /// The first day of the month `back` months before `today`'s.
    static func monthStart(_ back: Int, from today: Day) -> Day {
        var y = today.year
        var m = today.month - back
        while m < 1 {
            m += 12
            y -= 1
        }
        return Day(year: y, month: m, day: 1)!
    }

    /// A time on a day in London.
    static func at(_ day: Day, _ hhmm: String) -> Date { LocalTime.parse("\(day.iso)T\(hhmm)")! }

    static func concerns(db: any Database, rm: Actor, people: [String: Person], today: Day) async throws {
        let log = SafeguardingService(db: db, actor: rm, now: Clock.current.now())
        let thisMonth = Day(year: today.year, month: today.month, day: 1)!
        let oakwood = ["OH-01", "OH-02", "OH-03", "OH-04", "OH-05", "OH-06"]
        let kinds: [(SafeguardingCategory, String, String)] = [
            (
                .physical, "Bruise on the forearm found at personal care; not explained.",
                "Body map completed; GP informed; checks every two hours."
            ),
            (
                .neglect, "Night check missed; found in wet bedding at 06:00.",
                "Skin checked; night checks moved to the "
                    + "electronic record with an alert."
            ),
            (
                .psychological, "Another resident shouted at and threatened them in the lounge.",
                "Residents separated; one-to-one support in the afternoons."
            ),
            (
                .financial, "Family report money missing from the room's drawer.",
                "Valuables moved to the safe; "
                    + "receipts checked with the family."
            )
        ]
        // Concerns per month, oldest first; the last complete month has a rise.
        let counts = [3, 2, 4, 3, 3, 2, 4, 3, 2, 3, 3, 4, 3, 10]
        var n = 0
        for (k, count) in counts.enumerated() {
            let month = monthStart(counts.count - k, from: today)
            for i in 0..<count {
                let day = month.adding(days: 1 + i * 27 / max(count, 1))
                // Before the action started (the last six months) about half were decided the next morning.
                let sameDay = k >= counts.count - 6 || (n % 2 == 0)
                let raised = at(day, sameDay ? "10:15" : "21:40")
                let decided = sameDay ? at(day, "15:30") : at(day.adding(days: 1), "09:10")
                let kind = kinds[n % kinds.count]
                let referred = n % 3 == 0
                let open = k >= counts.count - 1 && i >= count - 3
                let reviewDue = open ? day.adding(days: 14) : nil
                let closed = open ? nil : at(day.adding(days: 12), "16:00")
                _ = try await log.create(
                    .init(
                        personID: people[oakwood[n % oakwood.count]]?.id, raisedAt: raised,
                        raisedByRole: ["Senior carer", "Night carer", "Activities coordinator"][n % 3],
                        category: kind.0, summary: kind.1, safeguards: kind.2,
                        decision: referred
                            ? "Meets the threshold: refer to the local authority and notify CQC."
                            : "Below the threshold: manage in the service with the safeguards and review the "
                                + "care plan.",
                        rationale: referred
                            ? "Unexplained injury or a possible crime: the local authority decides on "
                                + "enquiry." : "Explained by the care record; no pattern in the log for this person.",
                        decisionAt: decided, referredAt: referred ? decided.addingTimeInterval(3600) : nil,
                        laReference: referred ? "NCC-SG-\(month.year)-\(String(format: "%03d", 40 + n))" : "",
                        notifyCQC: referred, reviewDue: reviewDue ?? day.adding(days: 14),
                        outcome: closed == nil ? "" : "Safeguards in place; care plan reviewed with the family.",
                        learning: closed == nil ? "" : n % 2 == 0 ? "Shared at the next team meeting." : "",
                        closedAt: closed))
                n += 1
            }
        }
        // This month so far: a concern still waiting for its decision, and already past its review day.
        if today.day > 1 {
            _ = try await log.create(
                .init(
                    personID: people["OH-03"]?.id, raisedAt: at(thisMonth, "19:20"), raisedByRole: "Senior carer",
                    category: .psychological,
                    summary: "Distressed after a relative's visit; said they were shouted at.",
                    safeguards: "Visit plan agreed with the family; key worker checks in twice a day.", decision: "",
                    rationale: "", decisionAt: nil, referredAt: nil, laReference: "", notifyCQC: false,
                    reviewDue: thisMonth, outcome: "", learning: "", closedAt: nil))
        }
        // Maple Court: MC-03 hurt by another tenant, referred and notified.
        let maple = monthStart(0, from: today).adding(days: -9)
        _ = try await log.create(
            .init(
                personID: people["MC-03"]?.id, raisedAt: at(maple, "18:05"), raisedByRole: "Support worker",
                category: .physical, summary: "Pushed by another tenant in the shared kitchen; graze to the elbow.",
                safeguards: "Tenants separated; first aid; 2:1 staffing in shared areas from tonight.",
                decision: "Refer to the local authority; review compatibility with the housing team.",
                rationale: "Tenant-on-tenant harm with injury, the third in a month.", decisionAt: at(maple, "19:30"),
                referredAt: at(maple, "20:10"), laReference: "NCC-SG-\(maple.year)-118", notifyCQC: true,
                reviewDue: today.adding(days: 5), outcome: "", learning: "", closedAt: nil))
    }

    /// Maple Court's interventions: steady for a year, then rising as MC-03's placement breaks down (evenings, in
    /// the shared kitchen and lounge); debriefs improve; the last three weeks wait for the panel.
    static func interventions(db: any Database, rm: Actor, people: [String: Person], today: Day) async throws {
        let log = InterventionService(db: db, actor: rm, now: Clock.current.now())
        let counts = [5, 6, 4, 6, 5, 7, 5, 6, 6, 8, 9, 11, 13, 15]
        let others = ["MC-01", "MC-02", "MC-04"]
        var n = 0
        for (k, count) in counts.enumerated() {
            let month = monthStart(counts.count - k, from: today)
            for i in 0..<count {
                let day = month.adding(days: 1 + i * 27 / max(count, 1))
                // The last three months: mostly MC-03, in the evening, in the shared spaces.
                let isMC03 = k >= counts.count - 3 ? i % 4 != 3 : i % 3 == 0
                let who = isMC03 ? "MC-03" : others[n % others.count]
                let time = isMC03 ? ["18:20", "19:05", "20:40", "17:50"][n % 4] : ["08:40", "13:15", "10:30"][n % 3]
                let place = isMC03 ? ["Shared kitchen", "Lounge"][n % 2] : ["Own flat", "Garden", "Minibus"][n % 3]
                let trigger =
                    isMC03
                    ? ["Noise from the new tenant's music", "Waiting for the shared kitchen"][n % 2]
                    : ["Change to the day's plan", "Pain (toothache)", "Busy community outing"][n % 3]
                let started = at(day, time)
                let recent = day > today.adding(days: -21)
                // Debriefs: about two in three within a day at first, nearly all in the last four months.
                let debriefed: Date? =
                    recent && n % 5 == 0
                    ? nil
                    : (k >= counts.count - 4 || n % 3 != 0)
                        ? started.addingTimeInterval(3600 * 16)
                        : started.addingTimeInterval(3600 * 40)
                _ = try await log.create(
                    .init(
                        personID: people[who]?.id, startedAt: started, minutes: isMC03 ? 4 + n % 6 : 2 + n % 3,
                        place: place, trigger: trigger, kind: isMC03 ? .physical : [.environmental, .chemical][n % 2],
                        staff: isMC03 ? "Two support workers (AR, JB)" : "Support worker (AR)",
                        injury: isMC03 && n % 7 == 0 ? .staff : .noInjury, recoveryMinutes: isMC03 ? 25 + n % 20 : 10,
                        debriefAt: debriefed, debriefBy: debriefed == nil ? "" : "Shift leader",
                        panelOn: recent ? nil : day.adding(days: 14),
                        learning: recent
                            ? ""
                            : isMC03
                                ? "Kitchen timetable; quiet space offered before the evening meal."
                                : "Plan changes explained the day before with the picture timetable."))
                n += 1
            }
        }
    }

    /// The concerns that needed one prompted a notification each: all sent (one late) but Maple Court's latest,
    /// which is overdue.
    static func notifications(db: any Database, rm: Actor, people: [String: Person]) async throws {
        let log = StatutoryNotificationService(db: db, actor: rm, now: Clock.current.now())
        let all = try await log.visible().sort(\.$occurredAt).all()
        let mc03 = people["MC-03"]?.id
        for (k, n) in all.enumerated() where n.$person.id != mc03 {
            let sent = n.occurredAt.addingTimeInterval(k == 2 ? 30 * 3600 : 5 * 3600)
            _ = try await log.update(
                n.id,
                .init(
                    event: n.event, serviceID: n.$service.id, personID: n.$person.id, occurredAt: n.occurredAt,
                    summary: n.summary, sentAt: sent, reference: "CQC-\(String(format: "%05d", 31_200 + k))"),
                version: n.version)
        }
    }
}
