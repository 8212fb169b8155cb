import Foundation

/// Senior visits (issue 36): the nominated individual's and the quality lead's planned and unannounced visits to a
/// service, how often by the service's oversight level, and whether they have fallen behind ("fewer senior visits"
/// is a drift sign in the guidance Grip is built on).
public enum SeniorVisits {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case planned, unannounced

        public var label: String { self == .planned ? "Planned" : "Unannounced" }
    }

    /// How often each kind is due, in days (nil: not required).
    public struct Schedule: Sendable, Hashable, Codable {
        public var plannedEveryDays: Int
        public var unannouncedEveryDays: Int?

        public init(plannedEveryDays: Int, unannouncedEveryDays: Int?) {
            self.plannedEveryDays = plannedEveryDays
            self.unannouncedEveryDays = unannouncedEveryDays
        }
    }

    /// The default schedule for a service at an oversight level: the closer the commissioner's oversight, the more
    /// often senior people go and see.
    public static func schedule(for level: OversightLevel) -> Schedule {
        switch level {
        case .routine: Schedule(plannedEveryDays: 90, unannouncedEveryDays: nil)
        case .enhancedMonitoring: Schedule(plannedEveryDays: 28, unannouncedEveryDays: 56)
        case .formalImprovementPlan: Schedule(plannedEveryDays: 14, unannouncedEveryDays: 28)
        case .admissionsSuspended: Schedule(plannedEveryDays: 7, unannouncedEveryDays: 14)
        }
    }

    public struct Visit: Sendable, Hashable {
        public var day: Day
        public var kind: Kind

        public init(day: Day, kind: Kind) {
            self.day = day
            self.kind = kind
        }
    }

    /// Where one kind of visit stands: the last, when the next is due, and how late it is.
    public struct Status: Sendable, Hashable {
        public let kind: Kind
        public let last: Day?
        public let due: Day
        public let daysLate: Int
        public var isLate: Bool { daysLate > 0 }
    }

    /// Each required kind's status on `today`, counting from `since` (the day the schedule began) when no visit has
    /// been made. An unannounced visit is also a visit: it counts for the planned cadence too; a planned one does not
    /// count as unannounced. A visit due today is not late.
    public static func status(_ s: Schedule, visits: [Visit], since: Day, today: Day) -> [Status] {
        let past = visits.filter { $0.day <= today && $0.day >= since }
        func status(_ kind: Kind, every: Int, counting kinds: Set<Kind>) -> Status {
            let last = past.filter { kinds.contains($0.kind) }.map(\.day).max()
            let due = (last ?? since).adding(days: every)
            return Status(kind: kind, last: last, due: due, daysLate: max(0, today.days(since: due)))
        }
        var out = [status(.planned, every: s.plannedEveryDays, counting: [.planned, .unannounced])]
        if let every = s.unannouncedEveryDays {
            out.append(status(.unannounced, every: every, counting: [.unannounced]))
        }
        return out
    }

    /// Why the people named to make a service's planned and unannounced visits cannot be: each is someone who visits
    /// (the nominated individual or a quality lead) and active; nobody named leaves it to any of them.
    public static func visitorProblems(
        plannedBy: (role: Role, active: Bool)?, unannouncedBy: (role: Role, active: Bool)?
    )
        -> [FieldError]
    {
        var out: [FieldError] = []
        for (field, who) in [("planned_by", plannedBy), ("unannounced_by", unannouncedBy)] {
            guard let who else { continue }
            if !who.active || !Permission.recordSeniorVisits.allows(who.role) {
                out.append(FieldError(field, "Name the nominated individual or a quality lead: they make the visits."))
            }
        }
        return out
    }

    /// What a visit record says: each 3 to 4,000 characters.
    public static let textLength = 3...4000

    /// Why a visit cannot be recorded, each problem naming its field: the day (not in the future, not before
    /// `earliest`), the kind, and what was observed, who was spoken to and what was found.
    public static func problems(
        day: Day?, kind: Kind?, observed: String, spokenTo: String, findings: String, earliest: Day, today: Day
    ) -> [FieldError] {
        var out: [FieldError] = []
        if let day {
            if day > today { out.append(FieldError("day", "The visit's day cannot be in the future.")) }
            if day < earliest {
                out.append(FieldError("day", "The visit's day cannot be before \(earliest.ukFormat)."))
            }
        } else {
            out.append(FieldError("day", "Enter the day of the visit."))
        }
        if kind == nil { out.append(FieldError("kind", "Say whether the visit was planned or unannounced.")) }
        for (field, text, what) in [
            ("observed", observed, "what was observed"), ("spoken_to", spokenTo, "who was spoken to"),
            ("findings", findings, "what was found")
        ] {
            let n = text.trimmingCharacters(in: .whitespacesAndNewlines).count
            if !textLength.contains(n) {
                out.append(
                    FieldError(
                        field,
                        n == 0
                            ? "Say \(what)."
                            : "Say \(what) in \(textLength.lowerBound) to \(textLength.upperBound) characters "
                                + "(it is \(n))."))
            }
        }
        return out
    }

    /// The drift reason when any kind is late, in words; nil when none is.
    public static func lateReason(_ statuses: [Status]) -> String? {
        let late = statuses.filter(\.isLate)
        guard !late.isEmpty else { return nil }
        return late.map { s in
            "\(s.kind.label.lowercased()) senior visit due \(s.due.ukFormat), \(s.daysLate) day"
                + (s.daysLate == 1 ? "" : "s") + " late"
                + (s.last.map { " (last \($0.ukFormat))" } ?? " (none yet)")
        }.joined(separator: "; ").capitalisedFirst + "."
    }
}

extension String {
    /// The same text with its first letter a capital.
    public var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
