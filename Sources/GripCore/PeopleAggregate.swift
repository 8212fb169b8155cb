import Foundation

/// Counts and profiles for a service, never individual records: what a commissioner sees without a shared case.
public struct PeopleAggregate: Sendable, Equatable {
    public let people: Int
    public let byHighest: [PersonRiskLevel: Int]
    public let notRated: Int
    public let reviewOverdue: Int
    /// People rated high in each area.
    public let highByArea: [PersonRiskArea: Int]

    public static func compute(_ people: [(profile: RiskProfile, reviewDue: Day?)], today: Day) -> PeopleAggregate {
        var by: [PersonRiskLevel: Int] = [:]
        var high: [PersonRiskArea: Int] = [:]
        for p in people {
            if let h = p.profile.highest { by[h, default: 0] += 1 }
            for (a, l) in p.profile.ratings where l == .high { high[a, default: 0] += 1 }
        }
        return PeopleAggregate(
            people: people.count, byHighest: by, notRated: people.filter { $0.profile.highest == nil }.count,
            reviewOverdue: people.filter { PersonRules.isReviewOverdue($0.reviewDue, today: today) }.count,
            highByArea: high)
    }
}

/// Times as people type them: the provider's local time (Europe/London) in a form's `datetime-local` field.
public enum LocalTime {
    /// `2026-11-30T14:05` (or with a space, or with seconds) in London time; an ISO 8601 instant with `Z` or an
    /// offset is taken as written. Nil for anything else, and for a time that does not exist (the hour skipped
    /// when the clocks go forward). In the hour repeated in October the earlier (BST) instant is taken.
    public static func parse(_ raw: String, timeZone: TimeZone = Day.london) -> Date? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.hasSuffix("Z") || s.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" }) {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            if let d = f.date(from: s) { return d }
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return f.date(from: s)
        }
        let parts = s.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard parts.count == 2, let day = Day(iso: parts[0]) else { return nil }
        let hms = parts[1].split(separator: ":").map(String.init)
        guard hms.count == 2 || hms.count == 3, hms.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
            let h = Int(hms[0]), let m = Int(hms[1]), h < 24, m < 60
        else { return nil }
        let sec = hms.count == 3 ? Int(hms[2]) ?? 60 : 0
        guard sec < 60 else { return nil }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let comps = DateComponents(year: day.year, month: day.month, day: day.day, hour: h, minute: m, second: sec)
        guard let date = cal.date(from: comps) else { return nil }
        // A time in the skipped hour comes back moved: refuse it rather than guess.
        let back = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.hour == h, back.minute == m, back.day == day.day else { return nil }
        // In the repeated hour, the earlier instant.
        let earlier = date.addingTimeInterval(-3600)
        let e = cal.dateComponents([.day, .hour, .minute], from: earlier)
        if e.day == day.day, e.hour == h, e.minute == m { return earlier }
        return date
    }

    /// The value a `datetime-local` field shows: `2026-11-30T14:05` in London time.
    public static func input(_ date: Date, timeZone: TimeZone = Day.london) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return Day.padded(c.year!, 4) + "-" + Day.padded(c.month!, 2) + "-" + Day.padded(c.day!, 2) + "T"
            + Day.padded(c.hour!, 2) + ":" + Day.padded(c.minute!, 2)
    }
}
