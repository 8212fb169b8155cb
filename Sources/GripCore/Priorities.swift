import Foundation

extension Party {
    /// Who acts for which side of an escalation: the commissioner, or the provider's registered
    /// managers and above. Staff follow escalations but do not move them (nil).
    public static func of(_ role: Role) -> Party? {
        if role == .commissioner { return .commissioner }
        return role.isManagerOrAbove ? .provider : nil
    }
}

/// How fragile a service looks on the dashboards: worst first.
public enum Fragility {
    public struct Counts: Sendable, Equatable {
        public var warnings = 0
        public var overdue = 0
        public var reviewOverdue = 0
        public var stalled = 0
        public var weakProgress = 0
        public var disconnected = 0
        public var extremeLive = 0
        public init() {}
    }

    /// Early warnings, overdue work and extreme risks weigh most.
    public static func score(_ c: Counts) -> Int {
        c.warnings * 3 + c.overdue * 3 + c.reviewOverdue * 2 + c.stalled + c.weakProgress * 2 + c.disconnected + c
            .extremeLive * 2
    }
}

/// The recovery map's current action of a priority risk: a live action before one in
/// monitoring, then the highest risk score, then the soonest due day.
public enum CurrentAction {
    public struct Candidate: Sendable, Equatable {
        public let id: UUID
        public let isLive: Bool
        public let riskScore: Int
        public let dueDay: Day
        public init(id: UUID, isLive: Bool, riskScore: Int, dueDay: Day) {
            self.id = id
            self.isLive = isLive
            self.riskScore = riskScore
            self.dueDay = dueDay
        }
    }

    public static func choose(_ candidates: [Candidate]) -> UUID? {
        candidates.min { a, b in
            if a.isLive != b.isLive { return a.isLive }
            if a.riskScore != b.riskScore { return a.riskScore > b.riskScore }
            if a.dueDay != b.dueDay { return a.dueDay < b.dueDay }
            return a.id.uuidString < b.id.uuidString
        }?.id
    }
}
