import Foundation

/// Triangulation: an action closes only when its senior reviewer signs it off and every
/// condition holds. Pure: returns every unmet condition, with a plain sentence each.
public enum ClosureGate {
    public static func requiredCategories(for band: RiskBand) -> Int { band.isHighOrExtreme ? 3 : 2 }

    public static func unmet(_ f: ClosureFacts) -> [UnmetCondition] {
        var out: [UnmetCondition] = []
        let counted = f.evidence.filter { $0.date >= f.baselineDay }
        let older = f.evidence.count - counted.count
        let categories = Set(counted.map(\.category))
        func names(_ ids: Set<String>) -> String {
            ids.isEmpty
                ? "none"
                : ids.map { f.categoryNames[$0].map { $0.lowercased() } ?? $0 }.sorted().joined(separator: ", ")
        }
        let oldNote =
            older > 0
            ? " Only evidence from \(f.baselineDay.ukFormat), the baseline day, counts: "
                + "\(older) older item\(older == 1 ? "" : "s") \(older == 1 ? "does" : "do") not."
            : ""
        let needed = requiredCategories(for: f.band)
        if categories.count < needed {
            let direct = f.band.isHighOrExtreme ? " including observation or people's experience" : ""
            out.append(
                UnmetCondition(
                    code: .evidenceCategories,
                    message:
                        """
                        Needs evidence from \(needed) different CQC evidence categories\(direct) — has \
                        \(categories.count): \(names(categories)).
                        """
                            + oldNote))
        }
        if f.band.isHighOrExtreme && categories.isDisjoint(with: EvidenceCategories.direct) {
            out.append(
                UnmetCondition(
                    code: .directEvidence,
                    message:
                        """
                        \(f.band.withCapitalArticle) action needs direct evidence: at least one item of \
                        observation or people's experience — has: \(names(categories)).
                        """
                            + oldNote))
        }
        let unit = f.metric.contains("%") ? "%" : ""
        if let latest = f.latestMeasure {
            if !meetsTarget(latest, target: f.targetValue, direction: f.direction) {
                out.append(
                    UnmetCondition(
                        code: .targetMet,
                        message:
                            """
                            The latest measure \(ActionRules.display(latest))\(unit) has not met the target \
                            \(ActionRules.display(f.targetValue))\(unit) \
                            (\(f.direction == .higher ? "higher" : "lower") is better).
                            """
                    ))
            }
        } else {
            out.append(
                UnmetCondition(
                    code: .targetMet,
                    message:
                        """
                        No review has recorded a measure value yet: record a review with the latest \
                        \(f.metric.isEmpty ? "measure" : f.metric).
                        """
                ))
        }
        if f.band.isHighOrExtreme && !categories.contains(EvidenceCategories.outcomes)
            && !f.indicatorValuesSinceBaseline
        {
            out.append(
                UnmetCondition(
                    code: .connected,
                    message:
                        """
                        \(f.band.withCapitalArticle) action must be connected to outcomes: record outcome \
                        evidence, or link an outcome indicator with values since the baseline day \
                        (\(f.baselineDay.ukFormat)).
                        """
                ))
        }
        if f.signerID != f.reviewerID {
            out.append(
                UnmetCondition(
                    code: .reviewer, message: "Only the senior reviewer, \(f.reviewerName), can sign the closure off."))
        }
        return out
    }

    /// The target is met when the value reaches it in the target's direction (exactly at target counts).
    public static func meetsTarget(_ value: Double, target: Double, direction: TargetDirection) -> Bool {
        direction == .higher ? value >= target : value <= target
    }

    public enum OverrideError: Error, Equatable, Sendable {
        case reviewerCannotBeOverridden
        case noOverrideForBand(RiskBand)
        case conditionAlreadyMet(ClosureCondition)
        case reasonRequired

        public var message: String {
            switch self {
            case .reviewerCannotBeOverridden:
                "Only the senior reviewer can sign off: that condition cannot be overridden."
            case .noOverrideForBand(let band):
                "\(band.withCapitalArticle) action allows no override: every condition must be met before it closes."
            case .conditionAlreadyMet(let c):
                "The condition \(c.rawValue) is already met: there is nothing to override."
            case .reasonRequired:
                "Write the reason for overriding the condition: it is recorded and shown on the action."
            }
        }
    }

    /// The conditions still unmet after the reviewer overrides at most one condition with a reason
    /// (low and moderate actions only).
    public static func decide(
        _ f: ClosureFacts, override: (condition: ClosureCondition, reason: String)?
    ) throws(OverrideError) -> [UnmetCondition] {
        let all = unmet(f)
        guard let override else { return all }
        guard override.condition != .reviewer else { throw .reviewerCannotBeOverridden }
        guard override.condition.canBeOverridden(on: f.band) else { throw .noOverrideForBand(f.band) }
        guard override.reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 10 else { throw .reasonRequired }
        guard all.contains(where: { $0.code == override.condition }) else {
            throw .conditionAlreadyMet(override.condition)
        }
        return all.filter { $0.code != override.condition }
    }
}
