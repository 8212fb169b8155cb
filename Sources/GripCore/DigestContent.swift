import Foundation

/// The daily digest: composed at 07:00, London time, once a day per person.
public enum DigestSchedule {
    public static let hour = 7

    /// The day whose digest is due at `now`: today from 07:00, else none yet.
    public static func dueDay(now: Date) -> Day? {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Day.london
        return cal.component(.hour, from: now) >= hour ? Day.today(now: now) : nil
    }
}

/// A digest's content: sections of items, each with its link. Highest risk first within a section; the sections
/// in the order of My work's urgency.
public struct DigestContent: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public let text: String
        public let path: String
        public let when: String
        public let overdue: Bool
        /// The action's risk score, where the item is about an action (0 otherwise).
        public let risk: Int
        public init(text: String, path: String, when: String, overdue: Bool, risk: Int = 0) {
            self.text = text
            self.path = path
            self.when = when
            self.overdue = overdue
            self.risk = risk
        }
    }

    public struct Section: Sendable, Equatable {
        public let title: String
        public let items: [Item]
        public init(title: String, items: [Item]) {
            self.title = title
            self.items = items
        }
    }

    public let sections: [Section]
    public init(sections: [Section]) { self.sections = sections.filter { !$0.items.isEmpty } }

    public var isEmpty: Bool { sections.isEmpty }
    public var count: Int { sections.reduce(0) { $0 + $1.items.count } }
    public var overdue: Int { sections.reduce(0) { $0 + $1.items.filter(\.overdue).count } }
}
