import Foundation

/// Learning across services (issue 36): a finding, a closed action or an escalation at one service marked *applies
/// elsewhere*, naming the group's other services; each of them gets a check with a due day, and the learning log
/// shows what was learned, where it was applied and what each check found.
public enum Learning {
    /// What the learning came from.
    public enum Origin: String, CaseIterable, Sendable, Codable {
        case finding
        case closedAction = "closed_action"
        case escalation

        public var label: String {
            switch self {
            case .finding: "A finding"
            case .closedAction: "A closed action"
            case .escalation: "An escalation"
            }
        }
    }

    /// What a service's check found.
    public enum Outcome: String, CaseIterable, Sendable, Codable {
        case alreadyInPlace = "already_in_place"
        case changed
        case actionRaised = "action_raised"
        case notApplicable = "not_applicable"

        public var label: String {
            switch self {
            case .alreadyInPlace: "Already in place"
            case .changed: "Practice changed"
            case .actionRaised: "An action raised"
            case .notApplicable: "Does not apply here"
            }
        }

        /// Whether the check's note must say why (a claim that nothing needed doing is explained).
        public var needsNote: Bool { self == .notApplicable || self == .alreadyInPlace }
    }

    public static let defaultDueDays = 28
    public static let summaryLength = 10...2000

    public enum Status: Sendable, Hashable {
        case due(on: Day)
        case overdue(by: Int)
        case checked(Outcome, on: Day)

        public var label: String {
            switch self {
            case .due(let d): "Due \(d.ukFormat)"
            case .overdue(let n): "\(n) day\(n == 1 ? "" : "s") overdue"
            case .checked(let o, let d): "\(o.label) (\(d.ukFormat))"
            }
        }
    }

    /// A service's check on `today`: checked (with what it found), due, or overdue from the day after its due day.
    public static func status(dueDay: Day, checkedOn: Day?, outcome: Outcome?, today: Day) -> Status {
        if let on = checkedOn, let outcome { return .checked(outcome, on: on) }
        return today > dueDay ? .overdue(by: today.days(since: dueDay)) : .due(on: dueDay)
    }

    /// Why learning cannot be shared as it stands: it names what was learned, at least one service other than its
    /// own, each once, and a due day not in the past.
    public static func problems(
        summary: String, origin service: UUID, targets: [UUID], dueDay: Day, today: Day
    ) -> [FieldError] {
        var errors: [FieldError] = []
        let clean = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if !summaryLength.contains(clean.count) {
            errors.append(
                FieldError(
                    "summary",
                    "Say what was learned in \(summaryLength.lowerBound) to \(summaryLength.upperBound) characters."))
        }
        let others = targets.filter { $0 != service }
        if others.isEmpty {
            errors.append(FieldError("services", "Name at least one other service it applies to."))
        } else if others.count != targets.count {
            errors.append(FieldError("services", "The service it came from already knows: name the others."))
        } else if Set(targets).count != targets.count {
            errors.append(FieldError("services", "A service is named twice."))
        }
        if dueDay < today { errors.append(FieldError("due_day", "The checks cannot be due in the past.")) }
        return errors
    }

    /// Why a check's result cannot be recorded: an outcome, and a note where the outcome needs one.
    public static func checkProblems(outcome: Outcome?, note: String) -> [FieldError] {
        guard let outcome else { return [FieldError("outcome", "Say what the check found.")] }
        if outcome.needsNote && note.trimmingCharacters(in: .whitespacesAndNewlines).count < 10 {
            return [FieldError("note", "Say how you know (“\(outcome.label)” needs a short note of what you saw).")]
        }
        return []
    }
}
