import Foundation

/// One person's pattern (issue 23): their safeguarding concerns and restrictive interventions by week, part of the
/// day, place and trigger, and how long they took to settle — the evidence a provider shows before escalating to a
/// commissioner.
public struct PersonPattern: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case concern, intervention }

    public struct Event: Sendable, Hashable {
        public var at: Date
        public var kind: Kind
        public var place: String
        public var trigger: String
        public var recoveryMinutes: Int?

        public init(at: Date, kind: Kind, place: String = "", trigger: String = "", recoveryMinutes: Int? = nil) {
            self.at = at
            self.kind = kind
            self.place = place
            self.trigger = trigger
            self.recoveryMinutes = recoveryMinutes
        }
    }

    public struct Week: Sendable, Equatable {
        public let start: Day
        public let concerns: Int
        public let interventions: Int
    }

    public struct Tally: Sendable, Equatable {
        public let label: String
        public let count: Int
    }

    public let weeks: [Week]
    public let byDayPart: [(part: DayPart, concerns: Int, interventions: Int)]
    public let byPlace: [Tally]
    public let byTrigger: [Tally]
    /// Mean minutes to settle after an intervention, where recorded.
    public let meanRecovery: Double?
    public let concerns: Int
    public let interventions: Int

    public static func == (a: PersonPattern, b: PersonPattern) -> Bool {
        a.weeks == b.weeks && a.byPlace == b.byPlace && a.byTrigger == b.byTrigger && a.meanRecovery == b.meanRecovery
            && a.byDayPart.map { "\($0.part)\($0.concerns)/\($0.interventions)" }
                == b.byDayPart.map { "\($0.part)\($0.concerns)/\($0.interventions)" }
    }

    /// The last `weeks` weeks (Monday to Sunday, the current week last) of events, in the provider's local time.
    public static func compute(
        _ events: [Event], today: Day, weeks count: Int = 12,
        timeZone: TimeZone = Day.london
    ) -> PersonPattern {
        let thisWeek = IndicatorPeriodKind.monday(of: today)
        let first = thisWeek.adding(days: -7 * (count - 1))
        let inWindow = events.filter {
            let d = Day.today(now: $0.at, timeZone: timeZone)
            return d >= first && d <= today
        }
        var weeks: [Week] = []
        for k in 0..<count {
            let start = first.adding(days: 7 * k)
            let inWeek = inWindow.filter {
                let d = Day.today(now: $0.at, timeZone: timeZone)
                return d >= start && d < start.adding(days: 7)
            }
            weeks.append(
                Week(
                    start: start, concerns: inWeek.filter { $0.kind == .concern }.count,
                    interventions: inWeek.filter { $0.kind == .intervention }.count))
        }
        let parts = DayPart.allCases.map { part in
            let list = inWindow.filter { DayPart.of($0.at, timeZone: timeZone) == part }
            return (part, list.filter { $0.kind == .concern }.count, list.filter { $0.kind == .intervention }.count)
        }
        func tally(_ key: (Event) -> String) -> [Tally] {
            var counts: [String: (label: String, count: Int)] = [:]
            for e in inWindow {
                let label = key(e).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !label.isEmpty else { continue }
                let k = label.lowercased()
                counts[k] = (counts[k]?.label ?? label, (counts[k]?.count ?? 0) + 1)
            }
            return counts.values.map { Tally(label: $0.label, count: $0.count) }
                .sorted { ($1.count, $0.label) < ($0.count, $1.label) }
        }
        let recoveries = inWindow.compactMap(\.recoveryMinutes)
        return PersonPattern(
            weeks: weeks, byDayPart: parts, byPlace: tally(\.place), byTrigger: tally(\.trigger),
            meanRecovery: recoveries.isEmpty
                ? nil
                : (Double(recoveries.reduce(0, +)) / Double(recoveries.count) * 10).rounded() / 10,
            concerns: inWindow.filter { $0.kind == .concern }.count,
            interventions: inWindow.filter { $0.kind == .intervention }.count)
    }
}
