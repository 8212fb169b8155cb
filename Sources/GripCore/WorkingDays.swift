import Foundation

/// England's bank holidays and the working days they leave (issue 36): a time to act of "2 working days" skips
/// weekends and bank holidays. Shipped for 2025–2028 in GOV.UK's own format (`bank-holidays.json`, the
/// `england-and-wales` division), so a newer file downloaded from GOV.UK replaces it as it is.
public struct BankHolidays: Sendable, Equatable {
    /// The bank holidays, by day, with their names.
    public let days: [Day: String]
    /// The first and last years the list covers; outside them only weekends are skipped.
    public let years: ClosedRange<Int>

    public init(days: [Day: String]) {
        self.days = days
        let all = days.keys.map(\.year)
        years = (all.min() ?? 0)...(all.max() ?? 0)
    }

    /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    public static func weekday(_ d: Day) -> Int { ((d.ordinal % 7) + 7 + 3) % 7 }

    public func isWorkingDay(_ d: Day) -> Bool { Self.weekday(d) < 5 && days[d] == nil }

    /// The `n`th working day after `d` (`d` itself never counts): 1 working day from a Friday is the Monday,
    /// or the Tuesday when the Monday is a bank holiday.
    public func workingDay(_ n: Int, after d: Day) -> Day {
        var day = d, left = max(0, n)
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// Whether `d` lies in a year the list covers (a time to act beyond it counts weekends only: say so).
    public func covers(_ d: Day) -> Bool { years.contains(d.year) }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notJSON
        case noDivision
        case badEvent(index: Int, reason: String)
        case empty

        public var description: String {
            switch self {
            case .notJSON: "The bank holidays file is not JSON."
            case .noDivision:
                "The bank holidays file has no \"england-and-wales\" division with \"events\" "
                    + "(use GOV.UK's bank-holidays.json as it is)."
            case .badEvent(let i, let reason): "Bank holiday \(i + 1): \(reason)"
            case .empty: "The bank holidays file lists no days."
            }
        }
    }

    /// Reads GOV.UK's `bank-holidays.json` (its `england-and-wales` division), naming the first problem.
    public static func parse(_ data: Data) throws(Problem) -> BankHolidays {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { throw .notJSON }
        guard let root = object as? [String: Any], let division = root["england-and-wales"] as? [String: Any],
            let events = division["events"] as? [Any]
        else { throw .noDivision }
        var days: [Day: String] = [:]
        for (i, item) in events.enumerated() {
            guard let event = item as? [String: Any] else { throw .badEvent(index: i, reason: "not an object.") }
            guard let text = event["date"] as? String, let day = Day(iso: text) else {
                throw .badEvent(index: i, reason: "\"date\" must be a day written YYYY-MM-DD.")
            }
            let title = (event["title"] as? String)?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !title.isEmpty else { throw .badEvent(index: i, reason: "\"title\" is missing (\(day.iso)).") }
            days[day] = title
        }
        guard !days.isEmpty else { throw .empty }
        return BankHolidays(days: days)
    }

    /// The list shipped with Grip (2025–2028).
    public static let shipped: BankHolidays = {
        guard let url = Bundle.module.url(forResource: "bank-holidays", withExtension: "json"),
            let data = try? Data(contentsOf: url), let list = try? parse(data)
        else { fatalError("GripCore's bank-holidays.json is missing or unreadable") }
        return list
    }()
}

/// How long the people a threshold names have to act once it fires (issue 36): by the end of the day it fired
/// (London), within a number of hours, or by the end of a number of working days after that day.
public enum TimeToAct: Sendable, Hashable, Codable, CustomStringConvertible {
    case sameDay
    case hours(Int)
    case workingDays(Int)

    public static let hourRange = 1...72
    public static let workingDayRange = 1...10

    public var label: String {
        switch self {
        case .sameDay: "the same day"
        case .hours(let n): n == 1 ? "1 hour" : "\(n) hours"
        case .workingDays(let n): n == 1 ? "1 working day" : "\(n) working days"
        }
    }
    public var description: String { label }

    /// `same_day`, `hours:4`, `working_days:2`: how forms, the API and files write it.
    public var code: String {
        switch self {
        case .sameDay: "same_day"
        case .hours(let n): "hours:\(n)"
        case .workingDays(let n): "working_days:\(n)"
        }
    }

    public init?(code: String) {
        let parts = code.split(separator: ":", omittingEmptySubsequences: false)
        switch (parts.first, parts.count) {
        case ("same_day", 1): self = .sameDay
        case ("hours", 2):
            guard let n = Int(parts[1]), Self.hourRange.contains(n) else { return nil }
            self = .hours(n)
        case ("working_days", 2):
            guard let n = Int(parts[1]), Self.workingDayRange.contains(n) else { return nil }
            self = .workingDays(n)
        default: return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let t = TimeToAct(code: s) else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "'\(s)' is not a time to act (same_day, hours:1–72 or working_days:1–10)")
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(code)
    }

    /// When the time runs out for something that fired at `firedAt`. Days are London's: the end of a day is the
    /// next day's midnight there, so the clock changes in March and October move no deadline off its day; hours
    /// are real hours.
    public func deadline(firedAt: Date, holidays: BankHolidays) -> Date {
        let day = Day.today(now: firedAt)
        switch self {
        case .sameDay: return Self.endOf(day)
        case .hours(let n): return firedAt.addingTimeInterval(Double(n) * 3600)
        case .workingDays(let n): return Self.endOf(holidays.workingDay(n, after: day))
        }
    }

    /// A deadline as people say it: "the end of 8 December 2026" for a day's end, else "8 December 2026 at 14:05".
    public static func describe(_ deadline: Date) -> String {
        let day = Day.today(now: deadline)
        if endOf(day.adding(days: -1)) == deadline { return "the end of \(day.adding(days: -1).ukFormat)" }
        return UKTime.format(deadline)
    }

    /// The instant a London day ends (the next day's midnight in Europe/London).
    public static func endOf(_ day: Day) -> Date {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Day.london
        let next = day.adding(days: 1)
        return cal.date(from: DateComponents(year: next.year, month: next.month, day: next.day))!
    }
}
