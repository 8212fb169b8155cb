import Foundation

/// The records the escalation thresholds read (issue 36), as plain facts the app gathers.
public struct EscalationFacts: Sendable {
    public struct Concern: Sendable, Hashable {
        public var id: UUID
        public var serviceID: UUID
        public var reference: String
        public var category: SafeguardingCategory
        public var raisedAt: Date
        /// Whether CQC needs a notification (nil: not yet answered), and when it was submitted.
        public var notifyCQC: Bool?
        public var notificationSubmittedAt: Date?

        public init(
            id: UUID, serviceID: UUID, reference: String, category: SafeguardingCategory, raisedAt: Date,
            notifyCQC: Bool? = nil, notificationSubmittedAt: Date? = nil
        ) {
            self.id = id
            self.serviceID = serviceID
            self.reference = reference
            self.category = category
            self.raisedAt = raisedAt
            self.notifyCQC = notifyCQC
            self.notificationSubmittedAt = notificationSubmittedAt
        }
    }

    /// A special-cause concern SPC found on a series: the period it showed in and when the value that showed it
    /// was recorded.
    public struct SeriesSignal: Sendable, Hashable {
        public var serviceID: UUID
        public var indicatorID: UUID
        public var name: String
        public var period: Day
        public var recordedAt: Date
        public var detail: String

        public init(serviceID: UUID, indicatorID: UUID, name: String, period: Day, recordedAt: Date, detail: String) {
            self.serviceID = serviceID
            self.indicatorID = indicatorID
            self.name = name
            self.period = period
            self.recordedAt = recordedAt
            self.detail = detail
        }
    }

    /// A person's safeguarding concerns and restrictive interventions, in any order.
    public struct Person: Sendable, Hashable {
        public var id: UUID
        public var serviceID: UUID
        /// How the person is named in an escalation (initials or a reference, never more than the viewer may see).
        public var label: String
        public var events: [PersonPattern.Event]

        public init(id: UUID, serviceID: UUID, label: String, events: [PersonPattern.Event]) {
            self.id = id
            self.serviceID = serviceID
            self.label = label
            self.events = events
        }
    }

    public struct Review: Sendable, Hashable {
        public var id: UUID
        public var at: Date
        public var rag: RAG

        public init(id: UUID, at: Date, rag: RAG) {
            self.id = id
            self.at = at
            self.rag = rag
        }
    }

    public struct Action: Sendable, Hashable {
        public var id: UUID
        public var serviceID: UUID
        public var reference: String
        public var band: RiskBand
        public var status: ActionStatus
        public var dueDay: Day
        /// Its reviews in the order they were recorded.
        public var reviews: [Review]
        public var hasOutcomeEvidence: Bool
        public var hasLinkedIndicator: Bool

        public init(
            id: UUID, serviceID: UUID, reference: String, band: RiskBand, status: ActionStatus, dueDay: Day,
            reviews: [Review], hasOutcomeEvidence: Bool, hasLinkedIndicator: Bool
        ) {
            self.id = id
            self.serviceID = serviceID
            self.reference = reference
            self.band = band
            self.status = status
            self.dueDay = dueDay
            self.reviews = reviews
            self.hasOutcomeEvidence = hasOutcomeEvidence
            self.hasLinkedIndicator = hasLinkedIndicator
        }
    }

    public var concerns: [Concern] = []
    public var signals: [SeriesSignal] = []
    public var people: [Person] = []
    public var actions: [Action] = []

    public init(
        concerns: [Concern] = [], signals: [SeriesSignal] = [], people: [Person] = [], actions: [Action] = []
    ) {
        self.concerns = concerns
        self.signals = signals
        self.people = people
        self.actions = actions
    }
}

/// A threshold that fired: on what, when, by when someone must act, and the evidence in words (issue 36). `key`
/// names the occasion, so the same occasion fires once however often the rules run.
public struct TriggerFiring: Sendable, Hashable {
    public enum Subject: Sendable, Hashable {
        case concern(UUID)
        case series(indicator: UUID)
        case person(UUID)
        case action(UUID)
    }

    public let trigger: EscalationTrigger
    public let level: EscalationLevel
    public let key: String
    public let serviceID: UUID
    public let subject: Subject
    public let firedAt: Date
    public let deadline: Date
    public let evidence: String
    /// The version of the thresholds it fired under.
    public let thresholdsVersion: Int
}

public enum EscalationTriggers {
    /// Days in a person's window ("four weeks").
    public static let patternDays = 28

    /// Every occasion on which an active threshold has fired up to `now`, oldest first. Occasions before
    /// `notBefore` (when the organisation's thresholds came into force) are left out: nobody could have acted on
    /// them.
    public static func firings(
        _ set: EscalationThresholdSet, facts: EscalationFacts, policy: ReviewPolicy, now: Date, notBefore: Date,
        holidays: BankHolidays
    ) -> [TriggerFiring] {
        var out: [TriggerFiring] = []
        func fire(
            _ t: EscalationThreshold, _ key: String, _ service: UUID, _ subject: TriggerFiring.Subject, at: Date,
            _ evidence: String
        ) {
            guard at <= now, at >= notBefore else { return }
            out.append(
                TriggerFiring(
                    trigger: t.trigger, level: t.level, key: t.trigger.rawValue + ":" + key, serviceID: service,
                    subject: subject, firedAt: at, deadline: t.timeToAct.deadline(firedAt: at, holidays: holidays),
                    evidence: evidence, thresholdsVersion: set.version))
        }
        if let t = set.threshold(.reportableConcern) {
            for c in facts.concerns where set.reportableCategories.contains(c.category) {
                fire(
                    t, c.id.uuidString, c.serviceID, .concern(c.id), at: c.raisedAt,
                    "\(c.reference): a \(c.category.label.lowercased()) concern raised \(UKTime.format(c.raisedAt)).")
            }
        }
        if let t = set.threshold(.notificationOverdue) {
            for c in facts.concerns where c.notifyCQC == true {
                let due = notificationDue(raisedAt: c.raisedAt)
                if let sent = c.notificationSubmittedAt, sent <= due { continue }
                fire(
                    t, c.id.uuidString, c.serviceID, .concern(c.id), at: due,
                    "\(c.reference): the CQC notification was due by \(TimeToAct.describe(due)) and "
                        + (c.notificationSubmittedAt.map { "was submitted \(UKTime.format($0))." }
                            ?? "has not been submitted."))
            }
        }
        if let t = set.threshold(.seriesConcern) {
            for s in facts.signals where set.watches(s.name) {
                fire(
                    t, "\(s.serviceID.uuidString):\(s.indicatorID.uuidString):\(s.period.iso)", s.serviceID,
                    .series(indicator: s.indicatorID), at: s.recordedAt,
                    "\(s.name), \(s.period.ukFormat): \(s.detail)")
            }
        }
        if let t = set.threshold(.personPattern), let count = t.count {
            for p in facts.people {
                for (at, first, tally) in patternCrossings(p.events, count: count) {
                    fire(
                        t, "\(p.id.uuidString):\(Int64(at.timeIntervalSince1970))", p.serviceID, .person(p.id),
                        at: at,
                        "\(p.label): \(tally.concerns + tally.interventions) incidents in four weeks "
                            + "(\(tally.concerns) safeguarding concern\(tally.concerns == 1 ? "" : "s"), "
                            + "\(tally.interventions) restrictive intervention\(tally.interventions == 1 ? "" : "s"))"
                            + " from \(first.ukFormat) to \(Day.today(now: at).ukFormat); the threshold is \(count).")
                }
            }
        }
        for a in facts.actions where a.band.isHighOrExtreme && (a.status.isLive || a.status == .monitoring) {
            if let t = set.threshold(.redReviews), let count = t.count {
                var run = 0
                for r in a.reviews {
                    run = r.rag == .red ? run + 1 : 0
                    if run == count {
                        fire(
                            t, "\(a.id.uuidString):\(r.id.uuidString)", a.serviceID, .action(a.id), at: r.at,
                            "\(a.reference) (\(a.band.rawValue) risk): \(count) red assurance reviews in a row, the "
                                + "last \(UKTime.format(r.at)).")
                    }
                }
            }
            if let t = set.threshold(.longOverdue), a.status.isLive {
                let interval = policy.cadence(for: a.band)
                let at = TimeToAct.endOf(a.dueDay.adding(days: interval))
                fire(
                    t, "\(a.id.uuidString):\(a.dueDay.iso)", a.serviceID, .action(a.id), at: at,
                    "\(a.reference) (\(a.band.rawValue) risk) was due \(a.dueDay.ukFormat): more than its review "
                        + "interval (\(interval) days) overdue.")
            }
            if let t = set.threshold(.disconnected), let count = t.count, !a.hasOutcomeEvidence,
                !a.hasLinkedIndicator, a.reviews.count >= count
            {
                let r = a.reviews[count - 1]
                fire(
                    t, a.id.uuidString, a.serviceID, .action(a.id), at: r.at,
                    "\(a.reference) (\(a.band.rawValue) risk) has had \(count) reviews with no outcome evidence and "
                        + "no linked indicator.")
            }
        }
        return out.sorted { ($0.firedAt, $0.key) < ($1.firedAt, $1.key) }
    }

    /// A notification CQC needs is due by the end of the day after the concern was raised (London): "without
    /// delay", read as the next working day at the latest, whatever the day.
    public static func notificationDue(raisedAt: Date) -> Date {
        TimeToAct.endOf(Day.today(now: raisedAt).adding(days: 1))
    }

    /// The moments a person's incidents reach `count` within four weeks (the window ends on the incident's own
    /// day, London): each with the window's first day and its tally. After a crossing the next is counted only from
    /// incidents four weeks later, so a pattern that persists fires again each four weeks, not at every incident.
    public static func patternCrossings(
        _ events: [PersonPattern.Event], count: Int
    ) -> [(at: Date, first: Day, tally: (concerns: Int, interventions: Int))] {
        let sorted = events.sorted { $0.at < $1.at }
        let days = sorted.map { Day.today(now: $0.at) }
        var out: [(Date, Day, (Int, Int))] = []
        var lastFired: Day?
        var start = 0
        for i in sorted.indices {
            let first = days[i].adding(days: -(patternDays - 1))
            while days[start] < first { start += 1 }
            if let last = lastFired, days[i] < last.adding(days: patternDays) { continue }
            let window = sorted[start...i]
            guard window.count >= count else { continue }
            let concerns = window.filter { $0.kind == .concern }.count
            out.append((sorted[i].at, first, (concerns, window.count - concerns)))
            lastFired = days[i]
        }
        return out
    }
}

/// Where a firing stands against its clock (issue 36). An escalation raised after its time, or a firing still
/// unanswered once its time is up, is a **late escalation**.
public enum EscalationClock: Sendable, Hashable {
    /// Unanswered, with time left.
    case due(remaining: TimeInterval)
    /// Unanswered and past its time.
    case overdue(by: TimeInterval)
    /// Raised, or a decision not to escalate recorded, in time.
    case answered
    /// Answered, but after its time.
    case answeredLate(by: TimeInterval)

    public static func of(deadline: Date, answeredAt: Date?, now: Date) -> EscalationClock {
        if let at = answeredAt {
            return at <= deadline ? .answered : .answeredLate(by: at.timeIntervalSince(deadline))
        }
        return now <= deadline
            ? .due(remaining: deadline.timeIntervalSince(now)) : .overdue(by: now.timeIntervalSince(deadline))
    }

    public var isLate: Bool {
        switch self {
        case .overdue, .answeredLate: true
        case .due, .answered: false
        }
    }

    public var isOpen: Bool {
        switch self {
        case .due, .overdue: true
        case .answered, .answeredLate: false
        }
    }

    /// "4 hours left", "2 days overdue", "answered in time", "answered 3 hours late".
    public var label: String {
        switch self {
        case .due(let s): "\(Self.span(s)) left"
        case .overdue(let s): "\(Self.span(s)) overdue"
        case .answered: "answered in time"
        case .answeredLate(let s): "answered \(Self.span(s)) late"
        }
    }

    /// Whole minutes under an hour, whole hours under two days, whole days beyond (rounded down, at least 1).
    public static func span(_ seconds: TimeInterval) -> String {
        let minutes = max(1, Int(seconds / 60))
        if minutes < 60 { return minutes == 1 ? "1 minute" : "\(minutes) minutes" }
        let hours = minutes / 60
        if hours < 48 { return hours == 1 ? "1 hour" : "\(hours) hours" }
        return "\(hours / 24) days"
    }
}

/// A decision not to escalate a firing (issue 36): it needs a reason (and, by the change policy, a second
/// person).
public enum NotEscalating {
    public static let reasonLength = 10...2000

    public static func problems(reason: String) -> [FieldError] {
        let clean = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if clean.isEmpty { return [FieldError("reason", "Say why this is not being escalated.")] }
        if !reasonLength.contains(clean.count) {
            return [
                FieldError(
                    "reason",
                    "The reason must be \(reasonLength.lowerBound) to \(reasonLength.upperBound) characters "
                        + "(it is \(clean.count)).")
            ]
        }
        return []
    }
}
