import Foundation

/// What a person wants by e-mail (issue 24).
public enum MailPreference: String, CaseIterable, Sendable, Codable {
    /// One message a day with what is due or waiting (the default).
    case digest
    /// The daily digest, and a message at once when an approval waits for them or the other side answers an
    /// escalation.
    case immediate
    /// Nothing by e-mail: My work and the calendar feed only.
    case none

    public var label: String {
        switch self {
        case .digest: "A daily digest"
        case .immediate: "A daily digest, and a message at once for approvals and escalation responses"
        case .none: "No e-mail"
        }
    }

    public var wantsDigest: Bool { self != .none }
    public var wantsImmediate: Bool { self == .immediate }
}

/// The messages Grip sends.
public enum MailKind: String, CaseIterable, Sendable, Codable {
    case digest
    case approval
    case escalationResponse = "escalation_response"

    public var label: String {
        switch self {
        case .digest: "Daily digest"
        case .approval: "Approval waiting"
        case .escalationResponse: "Escalation response"
        }
    }
}
