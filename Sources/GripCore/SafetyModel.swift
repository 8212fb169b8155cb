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
        var keys: Set<String> = [], titles: Set<String> = []
        for (i, c) in checks.enumerated() {
            let title = c.title.trimmingCharacters(in: .whitespacesAndNewlines)
            if title.isEmpty || title.count > 200 {
                errors.append(FieldError("checks[\(i)].title", "A check is named in 1 to 200 characters."))
            }
            if case .perDay(let n) = c.frequency, !Frequency.timesRange.contains(n) {
                errors.append(FieldError("checks[\(i)].frequency", "A check is due 1 to 24 times a day (not \(n))."))
            }
            if !keys.insert(c.key).inserted || (!title.isEmpty && !titles.insert(title.lowercased()).inserted) {
                errors.append(FieldError("checks[\(i)].title", "“\(title)” is listed twice."))
            }
        }
        return errors
    }

    /// How far from today a model may start: a model already running when Grip took it on starts up to four weeks
    /// back; one planned starts up to four weeks ahead.
    public static let startWindowDays = 28

    /// Why a model's description cannot be set up: its name, its days (given, and starting within four weeks of
    /// today either way) and who completes and who verifies its checks. `problems` checks the rest.
    public static func setUpProblems(
        title: String, startDay: Day?, plannedEndDay: Day?, completedBy: String, verifiedBy: String, today: Day
    ) -> [FieldError] {
        var errors: [FieldError] = []
        func clean(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        if !(3...200).contains(clean(title).count) {
            errors.append(FieldError("title", "Name the model in 3 to 200 characters."))
        }
        if let start = startDay {
            if start < today.adding(days: -startWindowDays) || start > today.adding(days: startWindowDays) {
                errors.append(FieldError("start_day", "It starts within four weeks of today, before or after."))
            }
        } else {
            errors.append(FieldError("start_day", "Give the day it starts, as a date."))
        }
        if plannedEndDay == nil {
            errors.append(FieldError("planned_end_day", "Give the day it is planned to end, as a date."))
        }
        if !(3...200).contains(clean(completedBy).count) {
            errors.append(FieldError("completed_by", "Say who completes the checks, in 3 to 200 characters."))
        }
        if !(3...200).contains(clean(verifiedBy).count) {
            errors.append(FieldError("verified_by", "Say who verifies them, in 3 to 200 characters."))
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
        var errors = proposalProblems(evidence: evidence, today: today, facts: facts)
        if approver == nil {
            errors.append(FieldError("approver", "A stand-down is approved by a second person."))
        } else if approver == proposer {
            errors.append(
                FieldError("approver", "You proposed this stand-down: someone else approves it."))
        }
        return errors
    }

    /// Why a stand-down cannot be proposed: the evidence it rests on, on a model that has started and is not already
    /// stood down.
    public static func proposalProblems(evidence: String, today: Day, facts: Facts) -> [FieldError] {
        var errors: [FieldError] = []
        if evidence.trimmingCharacters(in: .whitespacesAndNewlines).count < 10 {
            errors.append(
                FieldError("evidence", "Say what evidence the stand-down rests on (at least 10 characters)."))
        }
        if case .stoodDown = state(facts, today: today) {
            errors.append(FieldError("stand_down", "The model is already stood down."))
        }
        if today < facts.startDay {
            errors.append(FieldError("stand_down", "The model has not started: change its start instead."))
        }
        return errors
    }

    /// How a senior lead verified checks.
    public enum VerificationMethod: String, CaseIterable, Sendable, Codable {
        case spotCall = "spot_call"
        case unannouncedVisit = "unannounced_visit"
        case observation

        public var label: String {
            switch self {
            case .spotCall: "Spot call"
            case .unannouncedVisit: "Unannounced visit"
            case .observation: "Observed it done"
            }
        }
    }

    /// How far back a check may be recorded (a night shift's check recorded the next morning, a weekend's on Monday).
    public static let recordWindowDays = 7
    public static let foundLength = 3...2000

    /// Why a check cannot be recorded on `day`: one of the model's checks, on a day it ran (started, not stood
    /// down), today or in the last week.
    public static func checkProblems(_ f: Facts, checks: [Check], key: String?, day: Day?, today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        if key.map({ k in !checks.contains { $0.key == k } }) ?? true {
            errors.append(FieldError("check", "Choose one of the model's checks."))
        }
        errors += dayProblems(f, day: day, today: today)
        return errors
    }

    /// Why a verification cannot be recorded: a method, one of the model's checks, a day it ran, and what was found.
    public static func verificationProblems(
        _ f: Facts, checks: [Check], method: VerificationMethod?, key: String?, day: Day?, held: Bool?,
        found: String, today: Day
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if method == nil {
            errors.append(FieldError("method", "Say how you verified: a spot call, an unannounced visit or observed."))
        }
        if key.map({ k in !checks.contains { $0.key == k } }) ?? true {
            errors.append(FieldError("check", "Choose the check you verified."))
        }
        errors += dayProblems(f, day: day, today: today)
        if held == nil { errors.append(FieldError("held", "Say whether the record held up.")) }
        let clean = found.trimmingCharacters(in: .whitespacesAndNewlines)
        if !foundLength.contains(clean.count) {
            errors.append(FieldError("found", "Say what you found in 3 to 2,000 characters."))
        }
        return errors
    }

    static func dayProblems(_ f: Facts, day: Day?, today: Day) -> [FieldError] {
        guard let day else { return [FieldError("day", "Give the day, as a date.")] }
        if day > today { return [FieldError("day", "The day cannot be in the future.")] }
        if day < today.adding(days: -recordWindowDays) {
            return [FieldError("day", "Checks are recorded within \(recordWindowDays) days.")]
        }
        if day < f.startDay { return [FieldError("day", "The model starts \(f.startDay.ukFormat).")] }
        if let down = f.stoodDownOn, day >= down {
            return [FieldError("day", "The model was stood down \(down.ukFormat).")]
        }
        return []
    }

    /// Why the owner cannot re-sign it today: it has started and is not stood down.
    public static func reSignProblems(_ f: Facts, today: Day) -> [FieldError] {
        switch state(f, today: today) {
        case .notStarted: [FieldError("re_sign", "The model has not started yet.")]
        case .stoodDown: [FieldError("re_sign", "The model is stood down: nothing to re-sign.")]
        case .inForce, .lapsed: []
        }
    }

    /// The spells a model was lapsed, up to `today`: from the day after a signature ran out to the day before the
    /// next signature (or still lapsed, `to` nil).
    public struct Lapse: Sendable, Hashable {
        public let from: Day
        public let to: Day?
    }

    public static func lapses(_ f: Facts, today: Day) -> [Lapse] {
        guard today >= f.startDay else { return [] }
        let end = min(today, f.stoodDownOn.map { $0.adding(days: -1) } ?? today)
        let signatures = Array(Set([f.startDay] + f.signedOn.filter { $0 >= f.startDay && $0 <= end })).sorted()
        var out: [Lapse] = []
        for (i, s) in signatures.enumerated() {
            let runsOut = s.adding(days: f.reSignDays)
            let next = i + 1 < signatures.count ? signatures[i + 1] : nil
            if let next {
                if next > runsOut.adding(days: 1) {
                    out.append(Lapse(from: runsOut.adding(days: 1), to: next.adding(days: -1)))
                }
            } else if end > runsOut {
                out.append(Lapse(from: runsOut.adding(days: 1), to: f.stoodDownOn == nil ? nil : end))
            }
        }
        return out
    }
}
