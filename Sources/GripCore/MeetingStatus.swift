import Foundation

/// A governance meeting's state: scheduled, held (minutes in draft), approved (minutes locked).
public enum MeetingStatus: String, CaseIterable, Sendable, Codable {
    case scheduled
    case held
    case approved

    public var label: String {
        switch self {
        case .scheduled: "Scheduled"
        case .held: "Held – minutes in draft"
        case .approved: "Minutes approved"
        }
    }

    /// Held meetings count as monitoring cycles (DESIGN §2).
    public var isHeld: Bool { self != .scheduled }
}

public enum Presence: String, CaseIterable, Sendable, Codable {
    case present
    case apologies
    case absent

    public var label: String {
        switch self {
        case .present: "Present"
        case .apologies: "Apologies"
        case .absent: "Absent"
        }
    }
}
