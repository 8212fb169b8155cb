import Foundation
import GripCore

/// A service's summary as the heat map and the dashboards read it: its counts in columns of their own beside the
/// whole summary's JSON (issue 35). The provider dashboard read every service's JSON, the map's rows (an action id
/// a theme) included, to show counts; decoding it was a ninth of the page's time at 200 services.
enum SummaryHeat {
    /// The attention flags and after-closure states with a column each (`flag_…`, `after_…`), fixed here as the
    /// migration made them: a new case needs a migration (`SummaryHeatTests` fails until it has one).
    static let flags: [AttentionFlag] = [
        .overdue, .reviewOverdue, .stalled, .weakProgress, .disconnected, .reAuditOverdue
    ]
    static let afterClosure: [AfterClosure] = [.awaitingReAudit, .reAuditOverdue, .sustained, .reopened]

    static func column(_ flag: AttentionFlag) -> String { "flag_" + flag.rawValue }
    static func column(_ state: AfterClosure) -> String { "after_" + state.rawValue }

    /// Every count column, in one order for writing and reading.
    static let counts: [String] =
        ["live", "extreme_high", "extreme_live", "warnings"] + flags.map(column) + afterClosure.map(column)

    /// The count columns' values for a summary, in `counts`' order.
    static func values(_ s: ServiceSummary) -> [Int] {
        [s.live, s.extremeHigh, s.extremeLive, s.warnings] + flags.map(s.count)
            + afterClosure.map { s.afterClosure[$0.rawValue] ?? 0 }
    }

    /// The drift signals as stored beside the counts (a short list: JSON of their kinds and reasons).
    static func drift(_ s: ServiceSummary) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(s.drift)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// A summary from its columns: everything but the map's rows (`current`, left empty). Counts of zero are
    /// left out of the dictionaries, as a computed summary leaves them.
    static func summary(counts: [Int], fragility: Int, drift: String) -> ServiceSummary {
        var s = ServiceSummary()
        (s.live, s.extremeHigh, s.extremeLive, s.warnings) = (counts[0], counts[1], counts[2], counts[3])
        for (k, flag) in flags.enumerated() where counts[4 + k] > 0 { s.flags[flag.rawValue] = counts[4 + k] }
        for (k, state) in afterClosure.enumerated() where counts[4 + flags.count + k] > 0 {
            s.afterClosure[state.rawValue] = counts[4 + flags.count + k]
        }
        s.fragility = fragility
        s.drift = drift == "[]" ? [] : (try? JSONDecoder().decode([Drift.Signal].self, from: Data(drift.utf8))) ?? []
        return s
    }
}
