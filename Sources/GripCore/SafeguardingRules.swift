import Foundation

/// A safeguarding concern as the rules see it (issue 23). Times are instants; "the same day" is the provider's
/// local day in Europe/London, so a concern raised at 23:30 and decided at 00:10 was not decided the same day, and
/// the clock changes in March and October move no concern from one day to another.
public struct SafeguardingFacts: Sendable, Hashable {
    public var raisedAt: Date
    public var decisionAt: Date?
    public var referredAt: Date?
    /// The day the open concern is next to be reviewed.
    public var reviewDue: Day?
    public var closedAt: Date?

    public init(
        raisedAt: Date, decisionAt: Date? = nil, referredAt: Date? = nil, reviewDue: Day? = nil,
        closedAt: Date? = nil
    ) {
        self.raisedAt = raisedAt
        self.decisionAt = decisionAt
        self.referredAt = referredAt
        self.reviewDue = reviewDue
        self.closedAt = closedAt
    }
}

public enum SafeguardingRules {
    /// Why the times recorded for a concern cannot stand: a concern raised in the future, or a decision, referral
    /// or closure recorded before the concern was raised (or in the future).
    public static func problems(_ f: SafeguardingFacts, now: Date) -> [FieldError] {
        var errors: [FieldError] = []
        if f.raisedAt > now { errors.append(FieldError("raised_at", "A concern cannot be raised in the future.")) }
        func check(_ at: Date?, _ field: String, _ what: String) {
            guard let at else { return }
            if at < f.raisedAt {
                errors.append(
                    FieldError(
                        field,
                        "The \(what) is recorded before the concern was raised "
                            + "(\(UKTime.format(f.raisedAt))): check both times."))
            } else if at > now {
                errors.append(FieldError(field, "The \(what) cannot be in the future."))
            }
        }
        check(f.decisionAt, "decision_at", "management decision")
        check(f.referredAt, "referred_at", "referral to the local authority")
        check(f.closedAt, "closed_at", "closure")
        if let closed = f.closedAt, f.decisionAt == nil || (f.decisionAt.map { $0 > closed } ?? false) {
            errors.append(FieldError("closed_at", "A concern is closed only after its management decision."))
        }
        return errors
    }

    /// Whether the management decision was made on the day the concern was raised, in the provider's local day.
    public static func decidedSameDay(_ f: SafeguardingFacts, timeZone: TimeZone = Day.london) -> Bool {
        guard let decision = f.decisionAt, decision >= f.raisedAt else { return false }
        return Day.today(now: decision, timeZone: timeZone) == Day.today(now: f.raisedAt, timeZone: timeZone)
    }

    /// An open concern whose review day has passed.
    public static func isPastReview(_ f: SafeguardingFacts, today: Day) -> Bool {
        guard f.closedAt == nil, let due = f.reviewDue else { return false }
        return due < today
    }
}

extension SafeguardingRules {
    public static let maxText = 4000
    public static let maxRole = 80

    /// Why a concern cannot be recorded as it stands, each problem naming its field: what is missing, times out of
    /// order (`problems`), a decision without its time, words or reason, a reference without a referral, a closure
    /// without its outcome, and text too long.
    public static func recordProblems(_ r: ConcernRecord, now: Date) -> [FieldError] {
        var errors: [FieldError] = []
        func blank(_ s: String) -> Bool { s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        if !r.personChosen { errors.append(FieldError("person", "Choose the person the concern is about.")) }
        if r.raisedAt == nil { errors.append(FieldError("raised_at", "Say when the concern was raised.")) }
        if blank(r.raisedByRole) || r.raisedByRole.count > maxRole {
            errors.append(
                FieldError(
                    "raised_by_role",
                    "Say the role of whoever raised it (for example Night support "
                        + "worker), in under \(maxRole) characters."))
        }
        if !r.categoryChosen { errors.append(FieldError("category", "Choose the category of abuse or neglect.")) }
        if !r.notifyAnswered {
            errors.append(FieldError("notify_cqc", "Say whether CQC needs a notification (yes or no)."))
        }
        if let raised = r.raisedAt {
            errors += problems(
                SafeguardingFacts(
                    raisedAt: raised, decisionAt: r.decisionAt, referredAt: r.referredAt,
                    reviewDue: r.reviewDue, closedAt: r.closedAt), now: now)
        }
        if blank(r.summary) { errors.append(FieldError("summary", "Say what happened or was disclosed, briefly.")) }
        if blank(r.safeguards) {
            errors.append(FieldError("safeguards", "Say what was done at once to keep the person safe."))
        }
        if r.decisionAt != nil, blank(r.decision) {
            errors.append(FieldError("decision", "Say what the manager decided."))
        }
        if r.decisionAt != nil, blank(r.rationale) {
            errors.append(FieldError("rationale", "Give the reason for the management decision."))
        }
        if r.decisionAt == nil, !blank(r.decision) {
            errors.append(FieldError("decision_at", "Give the decision's time."))
        }
        if r.referredAt == nil, !blank(r.laReference) {
            errors.append(FieldError("la_reference", "A local authority reference needs the referral's time."))
        }
        if r.closedAt != nil, blank(r.outcome) {
            errors.append(FieldError("outcome", "Record the outcome before closing the concern."))
        }
        for (field, text) in [
            ("summary", r.summary), ("safeguards", r.safeguards), ("decision", r.decision),
            ("rationale", r.rationale), ("la_reference", r.laReference), ("outcome", r.outcome),
            ("learning", r.learning)
        ]
        where text.count > maxText {
            errors.append(FieldError(field, "Keep this under \(maxText) characters."))
        }
        return errors
    }
}
