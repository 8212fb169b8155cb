import Foundation

/// Drift: the signs that a recovery is slipping back before the outcomes show it (seed guidance on
/// sustaining improvement): reviews and re-audits that slip, evidence that thins, meetings without
/// challenge, actions closed without a re-audit day, and early warnings nobody answers. Pure: the
/// counts come in, the signals go out, each with a short reason in words.
public enum Drift {
    public static let policyVersion = "drift-policy-v1"
    /// Evidence per month is judged against the mean of this many months before the latest.
    public static let evidenceMonths = 3
    /// ... and is falling when the latest complete month is below this share of that mean ...
    public static let evidenceFallShare = 0.5
    /// ... provided that mean is at least this (a service that records little cannot fall far).
    public static let evidenceMinimumUsual = 3.0
    /// A route drifts when this many of its latest approved meetings minuted no challenge.
    public static let meetingsWithoutChallenge = 3
    /// An early warning drifts when no action answers it this many cycles after its period ended.
    public static let unansweredCycles = 2
    /// Late escalations count over this many days of firings (issue 36).
    public static let lateEscalationDays = 84

    public enum Kind: String, CaseIterable, Sendable, Codable {
        case reviewsLate = "reviews_late"
        case reAuditsLate = "reaudits_late"
        case evidenceFalling = "evidence_falling"
        case noChallenge = "no_challenge"
        case noReAuditDay = "no_reaudit_day"
        case warningsUnanswered = "warnings_unanswered"
        case lateEscalations = "late_escalations"
        case seniorVisitsLate = "senior_visits_late"
        case safetyModelsLapsed = "safety_models_lapsed"

        public var label: String {
            switch self {
            case .reviewsLate: "Reviews late"
            case .reAuditsLate: "Re-audits late"
            case .evidenceFalling: "Evidence falling"
            case .noChallenge: "Meetings without challenge"
            case .noReAuditDay: "Monitoring without a re-audit day"
            case .warningsUnanswered: "Early warnings unanswered"
            case .lateEscalations: "Escalations late"
            case .seniorVisitsLate: "Senior visits late"
            case .safetyModelsLapsed: "Safety-critical models lapsed"
            }
        }
    }

    public struct Signal: Sendable, Hashable, Codable {
        public let kind: Kind
        public let reason: String
        public init(kind: Kind, reason: String) {
            self.kind = kind
            self.reason = reason
        }
    }

    /// An early warning as drift reads it.
    public struct Warning: Sendable, Hashable {
        public let indicator: String
        public let period: Day
        public let periodKind: IndicatorPeriodKind
        /// Whether a live or monitoring action of the service has the indicator as its outcome measure.
        public let answered: Bool
        public init(indicator: String, period: Day, periodKind: IndicatorPeriodKind, answered: Bool) {
            self.indicator = indicator
            self.period = period
            self.periodKind = periodKind
            self.answered = answered
        }
    }

    /// What one service (or a whole provider, summed) shows.
    public struct Facts: Sendable, Hashable {
        public var reviewsLate = 0
        public var reAuditsLate = 0
        public var monitoringWithoutReAuditDay = 0
        /// Items of evidence linked to the service's actions in the latest complete months, oldest first
        /// (`evidenceMonths` + 1 of them; fewer means too little history to judge).
        public var evidenceByMonth: [Int] = []
        /// The first day of the latest complete month (for the reason's words).
        public var latestMonth: Day?
        /// Routes of the service whose latest approved meetings minuted no challenge.
        public var routesWithoutChallenge: [String] = []
        public var warnings: [Warning] = []
        /// Thresholds that fired in the last `lateEscalationDays` and were answered after their time to act, or
        /// are still unanswered past it (issue 36).
        public var lateEscalations = 0
        /// Why the service's senior visits are behind their schedule (`SeniorVisits.lateReason`), if they are.
        public var seniorVisitsLate: String?
        /// Safety-critical operating models in force but not re-signed by their owner in time (issue 36).
        public var safetyModelsLapsed = 0
        public init() {}
    }

    /// The signals, in the order of `Kind`, with their reasons.
    public static func signals(_ f: Facts, today: Day) -> [Signal] {
        var out: [Signal] = []
        if f.reviewsLate > 0 {
            out.append(Signal(kind: .reviewsLate, reason: "\(count(f.reviewsLate, "review")) past the review day."))
        }
        if f.reAuditsLate > 0 {
            out.append(
                Signal(
                    kind: .reAuditsLate,
                    reason: "\(count(f.reAuditsLate, "closed action")) not re-audited by the re-audit day."))
        }
        if let fall = evidenceFall(f.evidenceByMonth) {
            let month = f.latestMonth.map { " in \(Day.monthNames[$0.month - 1]) \($0.year)" } ?? " last month"
            let usual = (fall.usual * 10).rounded() / 10
            out.append(
                Signal(
                    kind: .evidenceFalling,
                    reason: "\(count(fall.latest, "item")) of evidence\(month), "
                        + "against \(ActionRules.display(usual)) a month in the "
                        + "\(evidenceMonths) months before."))
        }
        for route in f.routesWithoutChallenge.sorted() {
            out.append(
                Signal(
                    kind: .noChallenge,
                    reason: "No challenge minuted at the last \(meetingsWithoutChallenge) "
                        + "approved meetings of \(route)."))
        }
        if f.monitoringWithoutReAuditDay > 0 {
            out.append(
                Signal(
                    kind: .noReAuditDay,
                    reason: "\(count(f.monitoringWithoutReAuditDay, "closed action")) "
                        + "in monitoring with no re-audit day."))
        }
        for w in f.warnings.sorted(by: { ($0.period, $0.indicator) < ($1.period, $1.indicator) })
        where warningUnanswered(w, today: today) {
            out.append(
                Signal(
                    kind: .warningsUnanswered,
                    reason: "Early warning in \(w.indicator) "
                        + """
                        (\(w.periodKind.display(w.period))) unanswered for \(unansweredCycles) cycles: no action \
                        measures it.
                        """
                ))
        }
        if f.lateEscalations > 0 {
            out.append(
                Signal(
                    kind: .lateEscalations,
                    reason: "\(count(f.lateEscalations, "escalation")) due in the last \(lateEscalationDays / 7) "
                        + "weeks answered after the time to act, or not at all."))
        }
        if let reason = f.seniorVisitsLate { out.append(Signal(kind: .seniorVisitsLate, reason: reason)) }
        if f.safetyModelsLapsed > 0 {
            out.append(
                Signal(
                    kind: .safetyModelsLapsed,
                    reason: "\(count(f.safetyModelsLapsed, "safety-critical operating model")) not re-signed by "
                        + "\(f.safetyModelsLapsed == 1 ? "its" : "their") owner: nobody answers for the checks."))
        }
        return out
    }

    /// The latest month's count and the usual count before it, when the latest fell below the share.
    public static func evidenceFall(_ months: [Int]) -> (latest: Int, usual: Double)? {
        guard months.count >= evidenceMonths + 1, let latest = months.last else { return nil }
        let before = months.dropLast().suffix(evidenceMonths)
        let usual = Double(before.reduce(0, +)) / Double(before.count)
        guard usual >= evidenceMinimumUsual, Double(latest) < usual * evidenceFallShare else { return nil }
        return (latest, usual)
    }

    /// True when every one of at least `meetingsWithoutChallenge` latest approved meetings minuted no challenge.
    public static func withoutChallenge(_ challengesPerMeeting: [Int]) -> Bool {
        challengesPerMeeting.count >= meetingsWithoutChallenge
            && challengesPerMeeting.prefix(meetingsWithoutChallenge).allSatisfy { $0 == 0 }
    }

    /// Unanswered when no action measures the indicator `unansweredCycles` whole periods after the warned one ended.
    public static func warningUnanswered(_ w: Warning, today: Day) -> Bool {
        guard !w.answered else { return false }
        return today >= next(w.period, w.periodKind, periods: 1 + unansweredCycles)
    }

    /// The start of the period `periods` after the one starting on `start`.
    public static func next(_ start: Day, _ kind: IndicatorPeriodKind, periods: Int) -> Day {
        switch kind {
        case .week: return start.adding(days: 7 * periods)
        case .month: return monthStart(start, adding: periods)
        }
    }

    /// The first day of the month `months` after (or before, negative) the month of `day`.
    public static func monthStart(_ day: Day, adding months: Int) -> Day {
        let index = day.year * 12 + (day.month - 1) + months
        return Day(year: index / 12, month: index % 12 + 1, day: 1)!
    }

    /// The first days of the complete months drift reads, oldest first (the latest is last month).
    public static func evidenceWindow(today: Day) -> [Day] {
        (1...(evidenceMonths + 1)).reversed().map { monthStart(today, adding: -$0) }
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
