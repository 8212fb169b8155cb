import Foundation

/// What the provider dashboard and the recovery map read of one service, kept in a table so their
/// cost grows with the services shown and not with the actions, evidence and measures behind them.
/// Pure data: the app computes it from the records with the same rules the service's own dashboard
/// uses, and `ServiceSummary.Freshness` says whether a stored one may be read.
public struct ServiceSummary: Codable, Sendable, Equatable {
    /// The service's current action for one theme (the map's row): the same choice as `CurrentAction`.
    public struct Current: Codable, Sendable, Equatable {
        public let actionID: UUID
        public let theme: String
        public let riskScore: Int
        /// How many other live or monitoring actions share the theme.
        public let others: Int
        public init(actionID: UUID, theme: String, riskScore: Int, others: Int) {
            self.actionID = actionID
            self.theme = theme
            self.riskScore = riskScore
            self.others = others
        }
    }

    /// Live actions (open, in progress, awaiting evidence or sign-off).
    public var live = 0
    /// Live actions rated high or extreme.
    public var extremeHigh = 0
    /// Live actions rated extreme.
    public var extremeLive = 0
    /// Actions carrying each attention flag (an action counts once per flag), by the flag's raw value.
    public var flags: [String: Int] = [:]
    /// Stored early warnings of the service's series.
    public var warnings = 0
    public var fragility = 0
    public var drift: [Drift.Signal] = []
    /// Closed actions after closure, by `AfterClosure` raw value.
    public var afterClosure: [String: Int] = [:]
    /// The map's rows: one current action per theme, ordered by theme.
    public var current: [Current] = []

    public init() {}

    public func count(_ flag: AttentionFlag) -> Int { flags[flag.rawValue] ?? 0 }

    /// Counts each flag once per action, as the dashboards do.
    public static func flagCounts(_ raised: [[AttentionFlag]]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for flags in raised { for flag in Set(flags) { counts[flag.rawValue, default: 0] += 1 } }
        return counts
    }

    /// The fragility score from the counts this summary holds.
    public func fragilityScore() -> Int {
        var c = Fragility.Counts()
        c.warnings = warnings
        c.overdue = count(.overdue)
        c.reviewOverdue = count(.reviewOverdue)
        c.stalled = count(.stalled)
        c.weakProgress = count(.weakProgress)
        c.disconnected = count(.disconnected)
        c.extremeLive = extremeLive
        return Fragility.score(c)
    }

    /// The map's rows of one service: its live and monitoring actions grouped by theme (case aside),
    /// each group's current action, ordered by highest risk then theme.
    public static func currentActions(_ actions: [(candidate: CurrentAction.Candidate, theme: String)]) -> [Current] {
        let groups = Dictionary(grouping: actions, by: { $0.theme.lowercased() })
        return groups.values.compactMap { group -> Current? in
            guard let pick = CurrentAction.choose(group.map(\.candidate)),
                let chosen = group.first(where: { $0.candidate.id == pick })
            else { return nil }
            return Current(
                actionID: pick, theme: chosen.theme, riskScore: chosen.candidate.riskScore,
                others: group.count - 1)
        }.sorted {
            (-$0.riskScore, $0.theme, $0.actionID.uuidString) < (
                -$1.riskScore, $1.theme,
                $1.actionID.uuidString
            )
        }
    }

    /// What differs between a stored summary and one computed from the records, in words
    /// (`grip summaries verify` prints them); empty when they agree.
    public static func differences(stored: ServiceSummary, truth: ServiceSummary) -> [String] {
        var out: [String] = []
        func check<T: Equatable>(
            _ name: String, _ a: T,
            _ b: T
        ) { if a != b { out.append("\(name): stored \(a), records \(b)") } }
        check("live", stored.live, truth.live)
        check("high or extreme", stored.extremeHigh, truth.extremeHigh)
        check("extreme", stored.extremeLive, truth.extremeLive)
        for flag in AttentionFlag.allCases { check(flag.label.lowercased(), stored.count(flag), truth.count(flag)) }
        check("early warnings", stored.warnings, truth.warnings)
        check("fragility", stored.fragility, truth.fragility)
        check("drift", stored.drift.map(\.kind.rawValue), truth.drift.map(\.kind.rawValue))
        if stored.drift.map(\.kind) == truth.drift.map(\.kind) {
            check(
                "drift reasons", stored.drift.map(\.reason),
                truth.drift.map(\.reason))
        }
        for state in AfterClosure.allCases {
            check(
                state.label.lowercased(), stored.afterClosure[state.rawValue] ?? 0,
                truth.afterClosure[state.rawValue] ?? 0)
        }
        check("map rows", stored.current.map(\.actionID), truth.current.map(\.actionID))
        if stored.current.map(\.actionID) == truth.current.map(\.actionID) {
            check("map row counts", stored.current.map(\.others), truth.current.map(\.others))
        }
        return out
    }

    /// Whether a stored summary may be read on `today`: it was computed after the last write that
    /// touched its service (the write bumps `generation` in its own transaction; the computation
    /// records the generation it started from) and on the same day (the day-roll re-derives the
    /// date-dependent flags at midnight, Europe/London).
    public struct Freshness: Sendable, Equatable {
        public let generation: Int
        public let computedGeneration: Int
        public let asOf: String
        public init(generation: Int, computedGeneration: Int, asOf: String) {
            self.generation = generation
            self.computedGeneration = computedGeneration
            self.asOf = asOf
        }
        public func isCurrent(today: Day) -> Bool { computedGeneration == generation && asOf == today.iso }
    }
}
