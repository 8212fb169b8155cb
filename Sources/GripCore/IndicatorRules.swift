import Foundation

public enum IndicatorRules {
    /// Only a neutral indicator warns on a side of its own: the others warn on their bad side already.
    public static func warnOnProblem(direction: SPC.Direction?, warnOn: SPC.WarnOn?) -> FieldError? {
        guard warnOn != nil, let direction, direction != .neutral else { return nil }
        return FieldError(
            "warn_on",
            "Only a neutral indicator is set to warn on a rise or a fall; this one already warns when it gets worse.")
    }
}

/// A series' settings — rebase points and a fixed baseline — change the limits its early warnings are judged
/// by (issue 33): every change needs a reason, and a watched series a second person.
public enum SeriesRules {
    /// A series is watched when it is the outcome indicator of a live high or extreme action, or shows an
    /// early warning (a special-cause concern) in its latest three periods.
    public static func isWatched(outcomeOfLiveHighAction: Bool, result: SPC.Result) -> Bool {
        outcomeOfLiveHighAction || result.latestConcern(within: SPC.Result.warningWindow) != nil
    }

    /// The policy's edits for a settings change; empty when nothing changes.
    public static func edits(
        before: (baselinePoints: Int?, rebases: Set<Day>),
        after: (baselinePoints: Int?, rebases: Set<Day>), watched: Bool
    ) -> [PolicyEdit] {
        var out: [PolicyEdit] = []
        if before.rebases != after.rebases {
            let added = after.rebases.subtracting(before.rebases).sorted().map(\.ukFormat)
            let removed = before.rebases.subtracting(after.rebases).sorted().map(\.ukFormat)
            let words =
                (added.isEmpty ? [] : ["rebased from \(added.joined(separator: ", "))"])
                + (removed.isEmpty ? [] : ["rebase removed at \(removed.joined(separator: ", "))"])
            out.append(
                PolicyEdit(
                    "rebases", meetsCondition: watched,
                    message: "The series is " + words.joined(separator: "; ") + "."))
        }
        if before.baselinePoints != after.baselinePoints {
            let text = after.baselinePoints.map { "fixed after \($0) points" } ?? "taken from all points"
            out.append(PolicyEdit("baseline_points", meetsCondition: watched, message: "The limits are \(text)."))
        }
        return out
    }
}
