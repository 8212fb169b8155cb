import Foundation

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
