import Foundation
import GripCore

/// The verdicts of a chart in words (also the chart's description for screen readers).
enum ChartWords {
    static func variation(_ v: SPC.Variation) -> String {
        switch v {
        case .commonCause: "Common cause variation"
        case .improvement: "Special cause: improvement"
        case .concern: "Special cause: concern"
        case .neutralHigh: "Special cause: high"
        case .neutralLow: "Special cause: low"
        }
    }

    /// The verdict in a word or two, for a table's column.
    static func signal(_ v: SPC.Variation) -> String {
        switch v {
        case .commonCause: "Common cause"
        case .improvement: "Improvement"
        case .concern: "Concern"
        case .neutralHigh: "High"
        case .neutralLow: "Low"
        }
    }

    static func assurance(_ a: SPC.Assurance?) -> String? {
        switch a {
        case .consistentlyPassing: "The process is consistently passing the target."
        case .consistentlyFailing:
            "The process is consistently failing the target: it will not meet it without a change to the system."
        case .hitAndMiss: "The target is hit and miss: it will be met some periods and not others."
        case nil: nil
        }
    }

    static func description(labels: [String], result: SPC.Result, unit: String) -> String {
        guard let last = result.points.last, let label = labels.last else { return "No data yet." }
        var parts = [
            """
            \(labels.count) periods to \(label); latest \(ActionRules.display(last.value)) \(unit): \
            \(variation(last.variation).lowercased()).
            """
        ]
        if let l = last.limits {
            parts.append(
                """
                Mean \(ActionRules.display((l.mean * 10).rounded() / 10)), process limits \
                \(ActionRules.display((l.lower * 10).rounded() / 10)) to \
                \(ActionRules.display((l.upper * 10).rounded() / 10)).
                """
            )
        } else if let reason = result.periods.last?.noLimitsReason {
            parts.append("No process limits: \(reason)")
        }
        if let m = result.periods.last?.median {
            parts.append("Run chart median \(ActionRules.display((m * 10).rounded() / 10)).")
            let rules = Set(result.points.compactMap(\.rule).filter { $0 == .shift || $0 == .runChartTrend })
            for r in rules.sorted(by: { $0.rawValue < $1.rawValue }) { parts.append("Signal: \(r.label).") }
        }
        let concerns = result.points.filter { $0.variation == .concern }.count
        let improvements = result.points.filter { $0.variation == .improvement }.count
        if concerns + improvements > 0 {
            parts.append(
                "\(improvements) improvement and \(concerns) concern point\(concerns + improvements == 1 ? "" : "s").")
        }
        if let a = assurance(result.assurance) { parts.append(a) }
        return parts.joined(separator: " ")
    }
}
