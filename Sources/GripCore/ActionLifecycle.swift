public enum TransitionError: Error, Equatable, Sendable {
    case sameStatus(ActionStatus)
    case gatedTarget(ActionStatus)
    case notAllowed(from: ActionStatus, to: ActionStatus)
    case reasonRequired(from: ActionStatus, to: ActionStatus)

    public var message: String {
        switch self {
        case .sameStatus(let s):
            "The action is already \(s.label.lowercased())."
        case .gatedTarget(.monitoring):
            "An action enters monitoring only when its senior reviewer signs the closure off."
        case .gatedTarget(let s):
            "An action becomes \(s.label.lowercased()) only through a passed re-audit."
        case .notAllowed(let from, let to):
            "An action that is \(from.label.lowercased()) cannot move to \(to.label.lowercased())"
                + (from.plainTargets.isEmpty
                    ? "; it is final."
                    : "; it can move to: \(from.plainTargets.map { $0.label.lowercased() }.joined(separator: ", ")).")
        case .reasonRequired(_, let to):
            "A reason is needed to move an action to \(to.label.lowercased())."
        }
    }
}

public enum ActionLifecycle {
    /// Checks a plain status move. Pure: no clock, no database.
    public static func transition(
        from: ActionStatus, to: ActionStatus, reason: String?
    ) throws(TransitionError) -> ActionStatus {
        if from == to { throw .sameStatus(from) }
        if to.isGated { throw .gatedTarget(to) }
        guard from.plainTargets.contains(to) else { throw .notAllowed(from: from, to: to) }
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if from.needsReason(to: to) && trimmed.isEmpty { throw .reasonRequired(from: from, to: to) }
        return to
    }

    /// The closure sign-off's move: a live action enters monitoring (the gate is checked separately).
    public static func signOff(from: ActionStatus) throws(TransitionError) -> ActionStatus {
        guard from.isLive else { throw .notAllowed(from: from, to: .monitoring) }
        return .monitoring
    }

    /// A re-audit's move: a monitored action is sustained when it passes and reopened when it fails.
    public static func reAudited(from: ActionStatus, passed: Bool) throws(TransitionError) -> ActionStatus {
        guard from == .monitoring else { throw .notAllowed(from: from, to: passed ? .sustained : .reopened) }
        return passed ? .sustained : .reopened
    }
}
