import Foundation

/// A proposed change's life: pending until a second person approves or refuses it.
public enum ChangeStatus: String, Sendable, Codable, CaseIterable {
    case pending, approved, refused

    public var label: String { rawValue.capitalized }
}

public enum OversightChange {
    /// Every way `after` weakens `before` on an action with `status`. Empty when nothing weakens
    /// or the action is not live (a draft, or a closed action, changes at once).
    public static func weakenings(
        before b: OversightTerms, after a: OversightTerms, status: ActionStatus,
        statementNames: [String: String] = [:]
    ) -> [Weakening] {
        guard status.isLive else { return [] }
        var out: [Weakening] = []
        if a.band < b.band {
            out.append(
                Weakening(
                    code: .lowerBand,
                    message: "The risk band falls from \(b.band.rawValue) to "
                        + "\(a.band.rawValue)."))
        }
        if a.direction != b.direction {
            out.append(
                Weakening(
                    code: .looserTarget,
                    message: "The target's direction changes from \(b.direction.label.lowercased()) to "
                        + "\(a.direction.label.lowercased()).", field: "direction"))
        } else if !ClosureGate.meetsTarget(a.targetValue, target: b.targetValue, direction: b.direction) {
            out.append(
                Weakening(
                    code: .looserTarget,
                    message: "The target is loosened from \(ActionRules.display(b.targetValue)) to "
                        + "\(ActionRules.display(a.targetValue)) (\(b.direction.label.lowercased()))."))
        }
        if a.targetDay > b.targetDay {
            out.append(
                Weakening(
                    code: .laterTargetDay,
                    message: "The target day moves later, from "
                        + "\(b.targetDay.ukFormat) to \(a.targetDay.ukFormat)."))
        }
        let dropped = b.statementIDs.subtracting(a.statementIDs).sorted()
        if !dropped.isEmpty {
            let named = dropped.map { id in statementNames[id].map { "\(id) \($0)" } ?? id }.joined(separator: ", ")
            out.append(
                Weakening(
                    code: .droppedStatement,
                    message: "Quality statement\(dropped.count == 1 ? "" : "s") "
                        + "dropped: \(named)."))
        }
        if let old = b.indicatorID, a.indicatorID != old {
            out.append(
                Weakening(
                    code: .droppedIndicator,
                    message: a.indicatorID == nil
                        ? "The outcome indicator is removed."
                        : "The outcome indicator is replaced by another."))
        }
        if max(a.band, b.band).isHighOrExtreme {
            if a.leadID != b.leadID {
                out.append(
                    Weakening(
                        code: .replacedLead,
                        message: "The lead of \(max(a.band, b.band).withArticle) "
                            + "action is replaced."))
            }
            if a.reviewerID != b.reviewerID {
                out.append(
                    Weakening(
                        code: .replacedReviewer,
                        message: "The senior reviewer of "
                            + "\(max(a.band, b.band).withArticle) action is replaced."))
            }
        }
        out += measureWeakenings(before: b, after: a)
        if let old = b.routeKind, let new = a.routeKind, new.seniority < old.seniority {
            out.append(
                Weakening(
                    code: .lessSeniorRoute,
                    message: "The review route moves from a "
                        + "\(old.label.lowercased()) to a less senior \(new.label.lowercased())."))
        }
        if let old = b.interimControls, let new = a.interimControls {
            let cut = cutControls(before: old, after: new)
            if !cut.isEmpty {
                let quoted = cut.prefix(3).map { "\u{201C}\($0)\u{201D}" }.joined(separator: ", ")
                let emptied = new.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                out.append(
                    Weakening(
                        code: .cutControls,
                        message: emptied
                            ? "The interim controls are emptied."
                            : "Interim controls removed or reworded: \(quoted)."))
            }
        }
        return out
    }

    /// The baseline and metric: what the closure gate and the weak-progress flag measure against.
    static func measureWeakenings(before b: OversightTerms, after a: OversightTerms) -> [Weakening] {
        var out: [Weakening] = []
        if let old = b.baselineDay, let new = a.baselineDay, new < old {
            out.append(
                Weakening(
                    code: .earlierBaselineDay,
                    message: "The baseline day moves earlier, from "
                        + "\(old.ukFormat) to \(new.ukFormat): evidence from before the recovery began would count."))
        }
        if let old = b.metric, let new = a.metric,
            old.trimmingCharacters(in: .whitespacesAndNewlines) != new.trimmingCharacters(in: .whitespacesAndNewlines)
        {
            out.append(
                Weakening(
                    code: .changedMetric,
                    message: "The metric changes from \u{201C}\(old)\u{201D} to "
                        + "\u{201C}\(new)\u{201D}."))
        }
        if let old = b.baselineValue, let new = a.baselineValue, a.direction == b.direction, new != old,
            ClosureGate.meetsTarget(old, target: new, direction: b.direction)
        {
            out.append(
                Weakening(
                    code: .worseBaseline,
                    message: "The baseline value moves the worse way, from "
                        + """
                        \(ActionRules.display(old)) to \(ActionRules.display(new)): improvement would be easier \
                        to show.
                        """
                ))
        }
        return out
    }

    /// The lines of the interim controls that are gone from `after` (removed or reworded). Adding is never a cut.
    public static func cutControls(before: String, after: String) -> [String] {
        func lines(_ s: String) -> [String] {
            s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let kept = Set(lines(after))
        return lines(before).filter { !kept.contains($0) }
    }

    /// Cancelling: a live high or extreme action is cancelled only with a second person (DESIGN §1).
    public static func cancellation(band: RiskBand, status: ActionStatus) -> PolicyEdit {
        let held = status.isLive && band.isHighOrExtreme
        return PolicyEdit(
            "status:cancelled", meetsCondition: held,
            message: held
                ? "\(band.withCapitalArticle) action would be cancelled: it would leave every figure, overdue included."
                : "The action would be cancelled.")
    }

    /// A weakening change needs its reason written down.
    public static func reasonProblem(_ reason: String?, weakenings: [Weakening]) -> FieldError? {
        guard !weakenings.isEmpty else { return nil }
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.count < 10 {
            let what = weakenings.map(\.message).joined(separator: " ")
            return FieldError(
                "change_reason",
                "This change weakens oversight (\(what)) Give the reason, in a sentence: "
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
