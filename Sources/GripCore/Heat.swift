import Foundation

/// The provider heat map (issue 24): services down the side, signals across, each cell a count shaded
/// in four steps. The shading repeats what the number says, so nothing is said by colour alone.
public enum Heat: Int, Sendable, CaseIterable, Comparable {
    case none = 0
    case some, several, many

    /// 0 is none, 1 some, 2 to 4 several, 5 or more many.
    public static func of(_ count: Int) -> Heat {
        switch count {
        case ...0: .none
        case 1: .some
        case 2...4: .several
        default: .many
        }
    }

    /// Commissioner oversight shades by its level: routine none, enhanced monitoring some, a formal improvement
    /// plan several, admissions suspended many.
    public static func of(_ level: OversightLevel) -> Heat { Heat(rawValue: min(level.rank, 3)) ?? .many }

    /// The legend's words.
    public var label: String {
        switch self {
        case .none: "None"
        case .some: "1"
        case .several: "2 to 4"
        case .many: "5 or more"
        }
    }

    public static func < (a: Heat, b: Heat) -> Bool { a.rawValue < b.rawValue }
}
