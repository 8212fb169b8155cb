import Foundation

/// The parts of an action that oversight rests on (DESIGN §1): a change that weakens any of
/// them on a live action needs a second person.
public struct OversightTerms: Sendable, Equatable {
    public var band: RiskBand
    public var direction: TargetDirection
    public var targetValue: Double
    public var targetDay: Day
    public var statementIDs: Set<String>
    public var indicatorID: UUID?
    public var leadID: UUID
    public var reviewerID: UUID

    public init(band: RiskBand, direction: TargetDirection, targetValue: Double, targetDay: Day,
                statementIDs: Set<String>, indicatorID: UUID?, leadID: UUID, reviewerID: UUID) {
        self.band = band
        self.direction = direction
        self.targetValue = targetValue
        self.targetDay = targetDay
        self.statementIDs = statementIDs
        self.indicatorID = indicatorID
        self.leadID = leadID
        self.reviewerID = reviewerID
    }
}

/// One way a change weakens oversight, with its code and a plain sentence.
public struct Weakening: Sendable, Hashable, Codable {
    public enum Code: String, Sendable, Codable, CaseIterable {
        case lowerBand = "lower_band"
        case looserTarget = "looser_target"
        case laterTargetDay = "later_target_day"
        case droppedStatement = "dropped_statement"
        case droppedIndicator = "dropped_indicator"
        case replacedLead = "replaced_lead"
        case replacedReviewer = "replaced_reviewer"
    }

    public let code: Code
    public let message: String
}

/// A proposed change's life: pending until a second person approves or refuses it.
public enum ChangeStatus: String, Sendable, Codable, CaseIterable {
    case pending, approved, refused

    public var label: String { rawValue.capitalized }
}

public enum OversightChange {
    /// Every way `after` weakens `before` on an action with `status`. Empty when nothing weakens
    /// or the action is not live (a draft, or a closed action, changes at once).
    public static func weakenings(before b: OversightTerms, after a: OversightTerms, status: ActionStatus,
                                  statementNames: [String: String] = [:]) -> [Weakening] {
        guard status.isLive else { return [] }
        var out: [Weakening] = []
        if a.band < b.band {
            out.append(Weakening(code: .lowerBand, message: "The risk band falls from \(b.band.rawValue) to "
                + "\(a.band.rawValue)."))
        }
        if a.direction != b.direction {
            out.append(Weakening(code: .looserTarget,
                                 message: "The target's direction changes from \(b.direction.label.lowercased()) to "
                                     + "\(a.direction.label.lowercased())."))
        } else if !ClosureGate.meetsTarget(a.targetValue, target: b.targetValue, direction: b.direction) {
            out.append(Weakening(code: .looserTarget,
                                 message: "The target is loosened from \(ActionRules.display(b.targetValue)) to "
                                     + "\(ActionRules.display(a.targetValue)) (\(b.direction.label.lowercased()))."))
        }
        if a.targetDay > b.targetDay {
            out.append(Weakening(code: .laterTargetDay, message: "The target day moves later, from "
                + "\(b.targetDay.ukFormat) to \(a.targetDay.ukFormat)."))
        }
        let dropped = b.statementIDs.subtracting(a.statementIDs).sorted()
        if !dropped.isEmpty {
            let named = dropped.map { id in statementNames[id].map { "\(id) \($0)" } ?? id }.joined(separator: ", ")
            out.append(Weakening(code: .droppedStatement, message: "Quality statement\(dropped.count == 1 ? "" : "s") "
                + "dropped: \(named)."))
        }
        if let old = b.indicatorID, a.indicatorID != old {
            out.append(Weakening(code: .droppedIndicator, message: a.indicatorID == nil
                                 ? "The outcome indicator is removed."
                                 : "The outcome indicator is replaced by another."))
        }
        if max(a.band, b.band).isHighOrExtreme {
            if a.leadID != b.leadID {
                out.append(Weakening(code: .replacedLead, message: "The lead of \(max(a.band, b.band).withArticle) "
                    + "action is replaced."))
            }
            if a.reviewerID != b.reviewerID {
                out.append(Weakening(code: .replacedReviewer, message: "The senior reviewer of "
                    + "\(max(a.band, b.band).withArticle) action is replaced."))
            }
        }
        return out
    }

    /// A weakening change needs its reason written down.
    public static func reasonProblem(_ reason: String?, weakenings: [Weakening]) -> FieldError? {
        guard !weakenings.isEmpty else { return nil }
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.count < 10 {
            let what = weakenings.map(\.message).joined(separator: " ")
            return FieldError("change_reason", "This change weakens oversight (\(what)) Give the reason, in a sentence: "
                              + "someone else who may be the senior reviewer approves it.")
        }
        return nil
    }

    /// Refusing a proposed change needs a reason, as approving does not.
    public static func decisionProblem(approve: Bool?, reason: String?) -> FieldError? {
        guard let approve else { return FieldError("decision", "Say whether you approve or refuse the change.") }
        if !approve && (reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "").isEmpty {
            return FieldError("reason", "Say why you refuse the change: the proposer sees it.")
        }
        return nil
    }
}
