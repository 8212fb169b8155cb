import Foundation

/// The areas a person's risk profile rates (issue 23): the few a commissioner asks about across placements.
public enum PersonRiskArea: String, CaseIterable, Sendable, Codable {
    case behaviour
    case selfHarm = "self_harm"
    case falls
    case choking
    case medicines
    case physicalHealth = "physical_health"
    case mentalHealth = "mental_health"
    case exploitation
    case goingMissing = "going_missing"
    case compatibility

    public var label: String {
        switch self {
        case .behaviour: "Behaviour that challenges"
        case .selfHarm: "Self-harm"
        case .falls: "Falls"
        case .choking: "Choking and eating"
        case .medicines: "Medicines"
        case .physicalHealth: "Physical health"
        case .mentalHealth: "Mental health"
        case .exploitation: "Exploitation"
        case .goingMissing: "Going missing"
        case .compatibility: "Living with others"
        }
    }
}

/// How high one area's risk is rated.
public enum PersonRiskLevel: String, CaseIterable, Sendable, Codable, Comparable {
    case low, medium, high

    public var label: String { rawValue.capitalized }
    public var rank: Int { PersonRiskLevel.allCases.firstIndex(of: self)! + 1 }
    public static func < (a: PersonRiskLevel, b: PersonRiskLevel) -> Bool { a.rank < b.rank }
}

/// A person's current risk profile: a few rated areas. Stored as `area=level;…` (areas in catalogue order).
public struct RiskProfile: Sendable, Equatable {
    public var ratings: [PersonRiskArea: PersonRiskLevel]

    public init(_ ratings: [PersonRiskArea: PersonRiskLevel] = [:]) { self.ratings = ratings }

    /// The highest rating, nil when nothing is rated.
    public var highest: PersonRiskLevel? { ratings.values.max() }

    /// Rated areas, highest first, then in catalogue order.
    public var ordered: [(area: PersonRiskArea, level: PersonRiskLevel)] {
        PersonRiskArea.allCases.compactMap { a in ratings[a].map { (a, $0) } }
            .enumerated().sorted { ($1.element.1.rank, $0.offset) < ($0.element.1.rank, $1.offset) }.map(\.element)
    }

    public var encoded: String {
        PersonRiskArea.allCases.compactMap { a in ratings[a].map { "\(a.rawValue)=\($0.rawValue)" } }
            .joined(separator: ";")
    }

    /// Reads the stored form; unknown parts are skipped (stored values were checked when written).
    public init(encoded: String) {
        var r: [PersonRiskArea: PersonRiskLevel] = [:]
        for part in encoded.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2, let a = PersonRiskArea(rawValue: kv[0]), let l = PersonRiskLevel(rawValue: kv[1]) {
                r[a] = l
            }
        }
        self.ratings = r
    }

    /// "High: behaviour, going missing · Medium: falls": one line for lists.
    public var summary: String {
        guard !ratings.isEmpty else { return "Not rated" }
        return PersonRiskLevel.allCases.reversed().compactMap { level -> String? in
            let areas = PersonRiskArea.allCases.filter { ratings[$0] == level }.map(\.label)
            return areas.isEmpty ? nil : "\(level.label): " + areas.joined(separator: ", ").lowercased()
        }.joined(separator: " · ")
    }
}

/// How the person's representative was involved.
public enum ContactMethod: String, CaseIterable, Sendable, Codable {
    case inPerson = "in_person"
    case phone
    case video
    case email
    case letter

    public var label: String {
        switch self {
        case .inPerson: "In person"
        case .phone: "Phone"
        case .video: "Video call"
        case .email: "E-mail"
        case .letter: "Letter"
        }
    }
}

/// What a person's record holds, as the rules see it.
public struct PersonFacts: Sendable, Equatable {
    public var reference: String
    public var placement: String
    public var profile: RiskProfile
    public var reviewDue: Day?
    public var representative: String
    public var contact: ContactMethod?
    public var lastInvolved: Day?

    public init(
        reference: String, placement: String, profile: RiskProfile = RiskProfile(), reviewDue: Day? = nil,
        representative: String = "", contact: ContactMethod? = nil, lastInvolved: Day? = nil
    ) {
        self.reference = reference
        self.placement = placement
        self.profile = profile
        self.reviewDue = reviewDue
        self.representative = representative
        self.contact = contact
        self.lastInvolved = lastInvolved
    }
}

/// Rules for a person supported: minimised, so a reference code and never a name.
public enum PersonRules {
    public static let maxReference = 20
    public static let maxPlacement = 80
    public static let maxRepresentative = 80
    /// A representative not involved for this long is flagged.
    public static let involvementStaleDays = 90

    /// A reference code: 2 to 20 letters, digits, hyphens, slashes or dots, with at least one digit (so a name
    /// alone is refused), and no spaces.
    public static func referenceProblem(_ raw: String) -> FieldError? {
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.isEmpty { return FieldError("reference", "Give the person's reference code (for example RS-014).") }
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-/.")
        if s.count < 2 || s.count > maxReference || s.unicodeScalars.contains(where: { !allowed.contains($0) })
            || !s.contains(where: \.isNumber)
        {
            return FieldError(
                "reference",
                "Use a reference code such as RS-014 — letters, digits and hyphens, up to "
                    + "\(maxReference) characters, with at least one digit — never the person's name.")
        }
        return nil
    }

    public static func problems(_ p: PersonFacts, today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        if let e = referenceProblem(p.reference) { errors.append(e) }
        let placement = p.placement.trimmingCharacters(in: .whitespacesAndNewlines)
        if placement.isEmpty {
            errors.append(
                FieldError("placement", "Say where the person lives or is supported: a flat, room or package."))
        } else if placement.count > maxPlacement {
            errors.append(FieldError("placement", "Keep the placement under \(maxPlacement) characters."))
        }
        if !p.profile.ratings.isEmpty, p.reviewDue == nil {
            errors.append(FieldError("review_due", "Give the day the risk profile is next reviewed."))
        }
        let rep = p.representative.trimmingCharacters(in: .whitespacesAndNewlines)
        if rep.count > maxRepresentative {
            errors.append(
                FieldError(
                    "representative",
                    "Keep the representative under \(maxRepresentative) characters: "
                        + "their relationship (for example \"Mother\" or \"Advocate\"), not their life story."))
        }
        if rep.isEmpty, p.contact != nil || p.lastInvolved != nil {
            errors.append(FieldError("representative", "Say who the representative is (their relationship)."))
        }
        if let last = p.lastInvolved, last > today {
            errors.append(FieldError("last_involved", "The last involvement cannot be in the future."))
        }
        return errors
    }

    /// The profile's review day has passed.
    public static func isReviewOverdue(_ reviewDue: Day?, today: Day) -> Bool {
        reviewDue.map { $0 < today } ?? false
    }

    /// The representative has not been involved for `involvementStaleDays`, or never.
    public static func involvementIsStale(representative: String, lastInvolved: Day?, today: Day) -> Bool {
        guard !representative.trimmingCharacters(in: .whitespaces).isEmpty else { return false }
        guard let last = lastInvolved else { return true }
        return today.days(since: last) > involvementStaleDays
    }
}

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
