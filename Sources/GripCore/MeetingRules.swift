import Foundation

public enum DecisionStatus: String, CaseIterable, Sendable, Codable {
    case open
    case done

    public var label: String { self == .open ? "Open" : "Done" }
}

/// Why minutes cannot be changed now.
public enum MinutesRefusal: Error, Equatable, Sendable {
    /// Approved minutes are locked; corrections are addenda.
    case locked
    /// The meeting's day has not come.
    case notYet(Day)
    /// The minutes have not been started (the agenda is not yet fixed).
    case notStarted
    /// Addenda are for approved minutes only.
    case notApproved

    public var message: String {
        switch self {
        case .locked: "These minutes are approved and locked. Add an addendum to correct or add to them."
        case .notYet(let day): "This meeting is on \(day.ukFormat); minutes can be taken from that day."
        case .notStarted: "Start the minutes first: that fixes the agenda as it stood at the meeting."
        case .notApproved: "Addenda are for approved minutes; while they are in draft, change the minutes themselves."
        }
    }
}

/// The rules of meetings and their minutes (DESIGN §2, Governance meeting).
public enum MeetingRules {
    public static let maxText = InputLimits.narrativeCharacters

    /// Starting the minutes fixes the agenda: from the meeting's day, once.
    public static func canStart(status: MeetingStatus, day: Day, today: Day) -> MinutesRefusal? {
        switch status {
        case .approved: return .locked
        case .held: return nil
        case .scheduled: return day > today ? .notYet(day) : nil
        }
    }

    /// Minutes (attendance, discussion, challenges, decisions, follow-ups) change only while held and not approved.
    public static func canChangeMinutes(status: MeetingStatus) -> MinutesRefusal? {
        switch status {
        case .approved: .locked
        case .scheduled: .notStarted
        case .held: nil
        }
    }

    public static func canAddAddendum(status: MeetingStatus) -> MinutesRefusal? {
        status == .approved ? nil : .notApproved
    }

    /// Approval needs held minutes (see `canChangeMinutes`) with attendance recorded: someone present.
    public static func approvalProblems(attendance: [Presence]) -> [FieldError] {
        attendance.contains(.present)
            ? []
            : [FieldError("attendance", "Record who attended before approving the minutes: no one is marked present.")]
    }

    /// A meeting is scheduled on a real day, not on a day the route already meets, within a year either side.
    public static func scheduleProblems(day: Day?, today: Day, existing: [Day]) -> [FieldError] {
        guard let day else { return [FieldError("day", "Enter the meeting's day as a real date.")] }
        if existing.contains(day) { return [FieldError("day", "This route already has a meeting on \(day.ukFormat).")] }
        if day > today.adding(days: 366) { return [FieldError("day", "Schedule meetings up to a year ahead.")] }
        if day < today.adding(days: -366) {
            return [FieldError("day", "A meeting more than a year ago cannot be added now.")]
        }
        return []
    }

    /// The next meeting is due one cadence after the last held one; with none held, now.
    public static func nextDue(lastHeld: Day?, cadenceDays: Int, today: Day) -> Day {
        guard let lastHeld else { return today }
        return lastHeld.adding(days: max(1, cadenceDays))
    }

    /// Meetings of an action's route held after it closed and before `before` (the meeting being
    /// prepared, or after today). Nil while the route has no held meetings: then the cadence counts.
    public static func heldSinceClosure(closedOn: Day, heldDays: [Day], before: Day) -> Int? {
        guard !heldDays.isEmpty else { return nil }
        return heldDays.filter { $0 > closedOn && $0 < before }.count
    }

    static func text(_ value: String, _ field: String, _ missing: String, into errors: inout [FieldError]) {
        let t = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty { errors.append(FieldError(field, missing)) }
        if t.count > maxText {
            errors.append(FieldError(field, "Keep it to \(maxText) characters (this has \(t.count))."))
        }
    }

    /// A challenge names who challenged, what, and the answer given.
    public static func challengeProblems(challengerChosen: Bool, challenge: String, answer: String) -> [FieldError] {
        var errors: [FieldError] = []
        if !challengerChosen { errors.append(FieldError("challenger", "Choose who made the challenge.")) }
        text(challenge, "challenge", "Write what was challenged.", into: &errors)
        text(answer, "answer", "Write the answer given (or that it is to come, and by when).", into: &errors)
        return errors
    }

    /// A decision is a decision-log entry with an owner and a due day on or after the meeting.
    public static func decisionProblems(
        text decision: String, ownerChosen: Bool, dueDay: Day?, meetingDay: Day
    ) -> [FieldError] {
        var errors: [FieldError] = []
        text(decision, "decision", "Write the decision.", into: &errors)
        if !ownerChosen { errors.append(FieldError("owner", "Choose who owns the decision.")) }
        if let dueDay {
            if dueDay < meetingDay {
                errors.append(
                    FieldError("due_day", "The due day cannot be before the meeting (\(meetingDay.ukFormat))."))
            }
        } else {
            errors.append(FieldError("due_day", "Enter the day the decision is due by, as a real date."))
        }
        return errors
    }

    public static func discussionProblems(_ discussion: String) -> [FieldError] {
        let t = discussion.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.count > maxText
            ? [FieldError("discussion", "Keep it to \(maxText) characters (this has \(t.count)).")] : []
    }

    public static func addendumProblems(_ value: String) -> [FieldError] {
        var errors: [FieldError] = []
        text(value, "text", "Write the addendum.", into: &errors)
        return errors
    }

    /// A decision marked done says what was done.
    public static func completionProblems(status: DecisionStatus, note: String) -> [FieldError] {
        if status == .done { return [FieldError("status", "This decision is already done.")] }
        var errors: [FieldError] = []
        text(note, "note", "Say what was done.", into: &errors)
        return errors
    }
}

extension Agenda {
    /// Every frozen agenda ends with an item for other business.
    public static let otherBusiness = "other_business"
    public static let otherBusinessTitle = "Other business"
}
