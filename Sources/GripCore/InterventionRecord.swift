import Foundation

/// Everything a recorded intervention says, as the rules see it.
public struct InterventionRecord: Sendable {
    public var personChosen: Bool
    public var startedAt: Date?
    public var minutes: Int?
    public var place: String
    public var trigger: String
    public var kindChosen: Bool
    public var staff: String
    public var injuryChosen: Bool
    public var recoveryMinutes: Int?
    public var debriefAt: Date?
    public var debriefBy: String
    public var panelOn: Day?
    public var learning: String

    public init(
        personChosen: Bool, startedAt: Date?, minutes: Int?, place: String, trigger: String, kindChosen: Bool,
        staff: String, injuryChosen: Bool, recoveryMinutes: Int? = nil, debriefAt: Date? = nil,
        debriefBy: String = "", panelOn: Day? = nil, learning: String = ""
    ) {
        self.personChosen = personChosen
        self.startedAt = startedAt
        self.minutes = minutes
        self.place = place
        self.trigger = trigger
        self.kindChosen = kindChosen
        self.staff = staff
        self.injuryChosen = injuryChosen
        self.recoveryMinutes = recoveryMinutes
        self.debriefAt = debriefAt
        self.debriefBy = debriefBy
        self.panelOn = panelOn
        self.learning = learning
    }
}
