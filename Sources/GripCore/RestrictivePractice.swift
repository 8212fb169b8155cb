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

/// The part of the day an intervention began in, in the provider's local time: where triggers cluster.
public enum DayPart: String, CaseIterable, Sendable, Codable {
    case night, morning, afternoon, evening

    public var label: String {
        switch self {
        case .night: "Night (00:00–06:59)"
        case .morning: "Morning (07:00–11:59)"
        case .afternoon: "Afternoon (12:00–17:59)"
        case .evening: "Evening (18:00–23:59)"
        }
    }

    public static func of(_ at: Date, timeZone: TimeZone = Day.london) -> DayPart {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        switch cal.component(.hour, from: at) {
        case 0..<7: return .night
        case 7..<12: return .morning
        case 12..<18: return .afternoon
        default: return .evening
        }
    }
}

/// Frequency, debrief compliance and where and when interventions happen, for a period of local days.
public struct InterventionMeasures: Sendable, Equatable {
    public let count: Int
    public let debriefedInTime: Int
    public let byDayPart: [DayPart: Int]
    /// Places by count, most first (ties by name).
    public let byPlace: [(place: String, count: Int)]

    public var debriefPercent: Double? {
        count == 0 ? nil : (Double(debriefedInTime) * 100 / Double(count) * 10).rounded() / 10
    }

    public static func == (a: InterventionMeasures, b: InterventionMeasures) -> Bool {
        a.count == b.count && a.debriefedInTime == b.debriefedInTime && a.byDayPart == b.byDayPart
            && a.byPlace.map(\.place) == b.byPlace.map(\.place) && a.byPlace.map(\.count) == b.byPlace.map(\.count)
    }

    public static func compute(
        _ all: [InterventionFacts], from: Day, to: Day,
        timeZone: TimeZone = Day.london
    ) -> InterventionMeasures {
        let list = all.filter {
            let d = Day.today(now: $0.startedAt, timeZone: timeZone)
            return d >= from && d <= to
        }
        var parts: [DayPart: Int] = [:]
        var places: [String: Int] = [:]
        for i in list {
            parts[DayPart.of(i.startedAt, timeZone: timeZone), default: 0] += 1
            places[i.place.trimmingCharacters(in: .whitespacesAndNewlines), default: 0] += 1
        }
        return InterventionMeasures(
            count: list.count, debriefedInTime: list.filter(RestrictivePracticeRules.debriefedInTime).count,
            byDayPart: parts,
            byPlace: places.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) })
    }
}

/// The kinds of restrictive practice a provider records (after the Mental Health Units (Use of Force) Act 2018 and
/// the "Positive and proactive care" guidance): each is reported, debriefed and reviewed by the panel.
public enum InterventionKind: String, CaseIterable, Sendable, Codable {
    case physical
    case seclusion
    case chemical
    case mechanical
    case environmental

    public var label: String {
        switch self {
        case .physical: "Physical restraint (holding)"
        case .seclusion: "Seclusion or enforced separation"
        case .chemical: "Medicine given for distress (PRN)"
        case .mechanical: "Mechanical restraint"
        case .environmental: "Environmental restriction (locked door, removed item)"
        }
    }
}

/// Who was hurt, if anyone.
public enum InjuryOutcome: String, CaseIterable, Sendable, Codable {
    case noInjury = "none"
    case person
    case staff
    case both

    public var label: String {
        switch self {
        case .noInjury: "No injury"
        case .person: "The person was injured"
        case .staff: "Staff were injured"
        case .both: "The person and staff were injured"
        }
    }
}

/// Everything a recorded intervention says, as the rules see it.
public struct InterventionRecord: Sendable {
    public var personChosen: Bool
    public var startedAt: Date?
    public var minutes: Int?
    public var place: String
    public var trigger: String
    public var kindChosen: Bool
    public var staff: String
    public var injuryChosen: Bool
    public var recoveryMinutes: Int?
    public var debriefAt: Date?
    public var debriefBy: String
    public var panelOn: Day?
    public var learning: String

    public init(
        personChosen: Bool, startedAt: Date?, minutes: Int?, place: String, trigger: String, kindChosen: Bool,
        staff: String, injuryChosen: Bool, recoveryMinutes: Int? = nil, debriefAt: Date? = nil,
        debriefBy: String = "", panelOn: Day? = nil, learning: String = ""
    ) {
        self.personChosen = personChosen
        self.startedAt = startedAt
        self.minutes = minutes
        self.place = place
        self.trigger = trigger
        self.kindChosen = kindChosen
        self.staff = staff
        self.injuryChosen = injuryChosen
        self.recoveryMinutes = recoveryMinutes
        self.debriefAt = debriefAt
        self.debriefBy = debriefBy
        self.panelOn = panelOn
        self.learning = learning
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
