import Foundation

/// How the person's representative was involved.
public enum ContactMethod: String, CaseIterable, Sendable, Codable {
    case inPerson = "in_person"
    case phone
    case video
    case email
    case letter

    public var label: String {
        switch self {
        case .inPerson: "In person"
        case .phone: "Phone"
        case .video: "Video call"
        case .email: "E-mail"
        case .letter: "Letter"
        }
    }
}

/// What a person's record holds, as the rules see it.
public struct PersonFacts: Sendable, Equatable {
    public var reference: String
    public var placement: String
    public var profile: RiskProfile
    public var reviewDue: Day?
    public var representative: String
    public var contact: ContactMethod?
    public var lastInvolved: Day?

    public init(
        reference: String, placement: String, profile: RiskProfile = RiskProfile(), reviewDue: Day? = nil,
        representative: String = "", contact: ContactMethod? = nil, lastInvolved: Day? = nil
    ) {
        self.reference = reference
        self.placement = placement
        self.profile = profile
        self.reviewDue = reviewDue
        self.representative = representative
        self.contact = contact
        self.lastInvolved = lastInvolved
    }
}
