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

    public static func compute(_ all: [InterventionFacts], from: Day, to: Day,
                               timeZone: TimeZone = Day.london) -> InterventionMeasures {
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
