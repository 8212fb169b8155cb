import Foundation
import GripCore

/// Early warnings: special-cause concerns on an indicator, which can raise an action and
/// reopen an action in monitoring (DESIGN §2).
enum EarlyWarning {
    /// The latest concern of a series, described in words.
    static func latestConcern(_ s: IndicatorService.Series) -> (period: Day, text: String)? {
        guard let k = s.result.points.indices.last(where: { s.result.points[$0].variation == .concern }) else {
            return nil
        }
        let p = s.result.points[k]
        let i = s.indicator
        var text =
            """
            Special-cause concern in \(i.name) at \(s.service.name): \(ActionRules.display(p.value)) \(i.unit) in \
            \(i.period.display(s.periods[k]))
            """
        if let l = p.limits {
            text += String(format: " (process mean %.1f, limits %.1f to %.1f)", l.mean, l.lower, l.upper)
        } else if let rule = p.rule {
            text += " (\(rule.label), fewer than \(SPC.minimumPoints) points so far)"
        }
        return (s.periods[k], text + ".")
    }

    /// Form values for a new action raised from a series' early warning.
    static func prefill(_ s: IndicatorService.Series) -> [String: String] {
        var v: [String: String] = [
            "service": s.service.id!.uuidString, "indicator": s.indicator.id!.uuidString, "theme": s.indicator.name,
            "metric": "\(s.indicator.name) (\(s.indicator.unit) per \(s.indicator.period.rawValue))"
        ]
        if s.indicator.direction != .neutral { v["direction"] = s.indicator.direction == .up ? "higher" : "lower" }
        if let last = s.values.last { v["baseline_value"] = ActionRules.display(last) }
        if let mean = s.result.points.last?.limits?.mean {
            v["target_value"] = ActionRules.display((mean * 10).rounded() / 10)
        }
        if let concern = latestConcern(s) {
            v["baseline"] = concern.text
            v["title"] = "Respond to the early warning in \(s.indicator.name.lowercased()) at \(s.service.name)"
        }
        return v
    }
}
