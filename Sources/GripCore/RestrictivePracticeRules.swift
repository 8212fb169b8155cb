import Foundation

/// A restrictive intervention as the rules see it (issue 23): when it began, how long it lasted, where, and when
/// the debrief was held. A debrief counts when held within 24 hours of the intervention's end (elapsed time, so a
/// clock change neither gives nor takes an hour).
public struct InterventionFacts: Sendable, Hashable {
    public var startedAt: Date
    public var minutes: Int
    public var place: String
    public var debriefAt: Date?

    public init(startedAt: Date, minutes: Int, place: String, debriefAt: Date? = nil) {
        self.startedAt = startedAt
        self.minutes = minutes
        self.place = place
        self.debriefAt = debriefAt
    }

    public var endedAt: Date { startedAt.addingTimeInterval(TimeInterval(minutes * 60)) }
}

public enum RestrictivePracticeRules {
    public static let debriefWithin: TimeInterval = 24 * 3600
    /// Longer than this is surely a typing error (a day).
    public static let maximumMinutes = 24 * 60

    public static func problems(_ f: InterventionFacts, now: Date) -> [FieldError] {
        var errors: [FieldError] = []
        if f.startedAt > now { errors.append(FieldError("started_at", "An intervention cannot be in the future.")) }
        if f.minutes < 1 || f.minutes > maximumMinutes {
            errors.append(FieldError("minutes", "Give the duration in whole minutes, from 1 to \(maximumMinutes)."))
        }
        if f.place.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError("place", "Say where it happened."))
        }
        if let d = f.debriefAt {
            if d < f.startedAt {
                errors.append(FieldError("debrief_at", "The debrief is recorded before the intervention began."))
            } else if d > now {
                errors.append(FieldError("debrief_at", "The debrief cannot be in the future."))
            }
        }
        return errors
    }

    /// Debriefed within 24 hours of the end.
    public static func debriefedInTime(_ f: InterventionFacts) -> Bool {
        guard let d = f.debriefAt else { return false }
        return d >= f.startedAt && d.timeIntervalSince(f.endedAt) <= debriefWithin
    }

    /// Still waiting for a debrief, and the 24 hours have passed.
    public static func debriefOverdue(_ f: InterventionFacts, now: Date) -> Bool {
        f.debriefAt == nil && now.timeIntervalSince(f.endedAt) > debriefWithin
    }
}

extension RestrictivePracticeRules {
    public static let maxText = 2000
    public static let maxPlace = 120

    /// Why an intervention cannot be recorded as it stands, each problem naming its field: what is missing, the
    /// times (`problems`), a debrief without who held it, the panel's sign-off without its learning or on a day
    /// before the intervention or in the future, and text too long.
    public static func recordProblems(_ r: InterventionRecord, now: Date) -> [FieldError] {
        var errors: [FieldError] = []
        func blank(_ s: String) -> Bool { s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let today = Day.today(now: now)
        if !r.personChosen { errors.append(FieldError("person", "Choose the person.")) }
        if r.startedAt == nil { errors.append(FieldError("started_at", "Say when it began.")) }
        if r.minutes == nil { errors.append(FieldError("minutes", "Give how long it lasted, in minutes.")) }
        if !r.kindChosen { errors.append(FieldError("kind", "Choose the kind of intervention.")) }
        if !r.injuryChosen { errors.append(FieldError("injury", "Say who was injured, if anyone.")) }
        if let started = r.startedAt, let minutes = r.minutes {
            errors += problems(
                InterventionFacts(
                    startedAt: started, minutes: minutes, place: r.place,
                    debriefAt: r.debriefAt), now: now)
        } else if blank(r.place) {
            errors.append(FieldError("place", "Say where it happened."))
        }
        if r.place.count > maxPlace {
            errors.append(FieldError("place", "Keep the place under \(maxPlace) characters."))
        }
        if blank(r.trigger) { errors.append(FieldError("trigger", "Say what led up to it (the trigger).")) }
        if blank(r.staff) { errors.append(FieldError("staff", "Name the staff involved by role or initials.")) }
        if r.debriefAt != nil, blank(r.debriefBy) {
            errors.append(FieldError("debrief_by", "Say who held the debrief."))
        }
        if r.debriefAt == nil, !blank(r.debriefBy) {
            errors.append(FieldError("debrief_at", "Give the debrief's time."))
        }
        if let panelOn = r.panelOn {
            if blank(r.learning) { errors.append(FieldError("learning", "The panel signs off with its learning.")) }
            if let startedAt = r.startedAt, panelOn < Day.today(now: startedAt) {
                errors.append(FieldError("panel_on", "The panel's review is before the intervention."))
            } else if panelOn > today {
                errors.append(FieldError("panel_on", "The panel's review cannot be in the future."))
            }
        }
        if let m = r.recoveryMinutes, m < 0 || m > maximumMinutes {
            errors.append(
                FieldError(
                    "recovery_minutes",
                    "Give the minutes until the person was settled, from 0 to "
                        + "\(maximumMinutes)."))
        }
        for (field, text) in [
            ("trigger", r.trigger), ("staff", r.staff), ("debrief_by", r.debriefBy),
            ("learning", r.learning)
        ]
        where text.count > maxText {
            errors.append(FieldError(field, "Keep this under \(maxText) characters."))
        }
        return errors
    }
}
