import Foundation

/// A time-limited safety-critical operating model on a service (issue 36): the checks a failing service runs for a
/// while ("medicines round observed", "welfare check for each person"), how often, re-signed by its owner every
/// few days or lapsed, and ended only by a stand-down decision a second person approves.
public enum SafetyModel {
    /// How often a check is due: a number of times a day, or once a shift.
    public enum Frequency: Sendable, Hashable, Codable {
        case perDay(Int)
        case perShift

        public static let timesRange = 1...24

        public func times(shiftsPerDay: Int) -> Int {
            switch self {
            case .perDay(let n): n
            case .perShift: shiftsPerDay
            }
        }

        public var label: String {
            switch self {
            case .perDay(1): "once a day"
            case .perDay(let n): "\(n) times a day"
            case .perShift: "every shift"
            }
        }
    }

    public struct Check: Sendable, Hashable, Codable {
        public var key: String
        public var title: String
        public var frequency: Frequency

        public init(key: String, title: String, frequency: Frequency) {
            self.key = key
            self.title = title
            self.frequency = frequency
        }
    }

    public static let defaultReSignDays = 14
    public static let reSignRange = 1...28
    public static let shiftsRange = 1...4

    /// The model as the rules see it.
    public struct Facts: Sendable, Hashable {
        public var startDay: Day
        public var plannedEndDay: Day
        public var reSignDays: Int
        public var shiftsPerDay: Int
        /// The days its owner re-signed it (the start counts as the first signature).
        public var signedOn: [Day]
        /// The day its stand-down was approved, if it has been.
        public var stoodDownOn: Day?

        public init(
            startDay: Day, plannedEndDay: Day, reSignDays: Int = SafetyModel.defaultReSignDays, shiftsPerDay: Int = 3,
            signedOn: [Day] = [], stoodDownOn: Day? = nil
        ) {
            self.startDay = startDay
            self.plannedEndDay = plannedEndDay
            self.reSignDays = reSignDays
            self.shiftsPerDay = shiftsPerDay
            self.signedOn = signedOn
            self.stoodDownOn = stoodDownOn
        }
    }

    public enum State: Sendable, Hashable {
        case notStarted
        /// In force; the owner must re-sign it by `reSignBy`. `overrunning`: past its planned end, not stood down.
        case inForce(reSignBy: Day, overrunning: Bool)
        /// Not re-signed in time: lapsed since the day after its signature ran out.
        case lapsed(since: Day)
        case stoodDown(on: Day)

        public var label: String {
            switch self {
            case .notStarted: "Not started"
            case .inForce(let by, let over):
                "In force; re-sign by \(by.ukFormat)" + (over ? " (past its planned end)" : "")
            case .lapsed(let since): "Lapsed since \(since.ukFormat): not re-signed"
            case .stoodDown(let on): "Stood down \(on.ukFormat)"
            }
        }
    }

    /// Where a model stands on `today`. A signature lasts `reSignDays` days: signed on the 1st with 14 days, it must be
    /// signed again by the 15th (a signature on that last day keeps it in force) and has lapsed on the 16th.
    public static func state(_ f: Facts, today: Day) -> State {
        if let down = f.stoodDownOn, down <= today { return .stoodDown(on: down) }
        if today < f.startDay { return .notStarted }
        let last = ([f.startDay] + f.signedOn.filter { $0 >= f.startDay && $0 <= today }).max()!
        let by = last.adding(days: f.reSignDays)
        if today > by { return .lapsed(since: by.adding(days: 1)) }
        return .inForce(reSignBy: by, overrunning: today > f.plannedEndDay)
    }

    /// Why a model cannot be set up as it stands, each problem naming its field.
    public static func problems(_ f: Facts, checks: [Check]) -> [FieldError] {
        var errors: [FieldError] = []
        if f.plannedEndDay < f.startDay {
            errors.append(FieldError("planned_end_day", "The planned end cannot be before the start."))
        }
        if !reSignRange.contains(f.reSignDays) {
            errors.append(FieldError("re_sign_days", "Re-signing is every 1 to 28 days (not \(f.reSignDays))."))
        }
        if !shiftsRange.contains(f.shiftsPerDay) {
            errors.append(FieldError("shifts_per_day", "A day has 1 to 4 shifts (not \(f.shiftsPerDay))."))
        }
        if checks.isEmpty { errors.append(FieldError("checks", "Name at least one check.")) }
        var keys: Set<String> = []
        for (i, c) in checks.enumerated() {
            let title = c.title.trimmingCharacters(in: .whitespacesAndNewlines)
            if title.isEmpty || title.count > 200 {
                errors.append(FieldError("checks[\(i)].title", "A check is named in 1 to 200 characters."))
            }
            if case .perDay(let n) = c.frequency, !Frequency.timesRange.contains(n) {
                errors.append(FieldError("checks[\(i)].frequency", "A check is due 1 to 24 times a day (not \(n))."))
            }
            if !keys.insert(c.key).inserted {
                errors.append(FieldError("checks[\(i)].title", "“\(title)” is listed twice."))
            }
        }
        return errors
    }

    /// One day's record of one check: how many times it was done, and how many of those a senior lead verified
    /// (a spot call or an unannounced visit).
    public struct DayRecord: Sendable, Hashable {
        public var day: Day
        public var check: String
        public var completed: Int
        public var verified: Int

        public init(day: Day, check: String, completed: Int, verified: Int = 0) {
            self.day = day
            self.check = check
            self.completed = completed
            self.verified = verified
        }
    }

    /// A day's rates: completion is the checks done of those due (each check counted at most as often as it was
    /// due), verification the share of those done that a senior lead verified. Nil where nothing was due (or, for
    /// verification, nothing done).
    public struct DayRates: Sendable, Hashable {
        public let day: Day
        public let due: Int
        public let done: Int
        public let verified: Int
        public var completion: Double? { due == 0 ? nil : 100 * Double(done) / Double(due) }
        public var verification: Double? { done == 0 ? nil : 100 * Double(verified) / Double(done) }
    }

    /// The daily series from the start (or `from`) to `to`, only while the model was in force (a lapsed day still
    /// counts its checks as due: a lapse does not excuse the checks).
    public static func rates(
        _ f: Facts, checks: [Check], records: [DayRecord], from: Day? = nil, to: Day
    ) -> [DayRates] {
        let end = min(to, f.stoodDownOn.map { $0.adding(days: -1) } ?? to)
        var day = max(from ?? f.startDay, f.startDay)
        let byDay = Dictionary(grouping: records, by: \.day)
        var out: [DayRates] = []
        while day <= end {
            var due = 0, done = 0, verified = 0
            let today = Dictionary(grouping: byDay[day] ?? [], by: \.check)
            for c in checks {
                let times = c.frequency.times(shiftsPerDay: f.shiftsPerDay)
                let did = min(times, (today[c.key] ?? []).reduce(0) { $0 + max(0, $1.completed) })
                let checked = min(did, (today[c.key] ?? []).reduce(0) { $0 + max(0, $1.verified) })
                due += times
                done += did
                verified += checked
            }
            out.append(DayRates(day: day, due: due, done: done, verified: verified))
            day = day.adding(days: 1)
        }
        return out
    }

    /// Why a stand-down cannot be approved: it needs the evidence it rests on, and an approver who is not the
    /// person who proposed it.
    public static func standDownProblems(
        proposer: UUID, approver: UUID?, evidence: String, today: Day, facts: Facts
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if evidence.trimmingCharacters(in: .whitespacesAndNewlines).count < 10 {
            errors.append(
                FieldError("evidence", "Say what evidence the stand-down rests on (at least 10 characters)."))
        }
        if approver == nil {
            errors.append(FieldError("approver", "A stand-down is approved by a second person."))
        } else if approver == proposer {
            errors.append(
                FieldError("approver", "You proposed this stand-down: someone else approves it."))
        }
        if case .stoodDown = state(facts, today: today) {
            errors.append(FieldError("stand_down", "The model is already stood down."))
        }
        if today < facts.startDay {
            errors.append(FieldError("stand_down", "The model has not started: change its start instead."))
        }
        return errors
    }
}
