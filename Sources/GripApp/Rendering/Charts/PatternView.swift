import Fluent
import Foundation
import GripCore

/// A person's pattern ready for a page: the chart and its tables (issue 23).
struct PatternView: Encodable {
    struct Row: Encodable {
        let label: String
        let concerns: Int
        let interventions: Int
    }
    struct Tally: Encodable {
        let label: String
        let count: Int
    }
    let chart: HTML
    let summary: String
    let weeks: [Row]
    let dayParts: [Row]
    let places: [Tally]
    let triggers: [Tally]
    let recovery: String
    let empty: Bool

    /// Reads the person's last twelve weeks (two indexed queries) and draws them.
    static func load(person: Person, today: Day, on db: any Database) async throws -> PatternView {
        let pid = try person.requireID()
        let (p, empty) = try await PeopleService.pattern(person: person, today: today, on: db)
        let chart = PatternChart(
            id: "pattern-\(pid.uuidString.prefix(8))",
            title: "\(person.reference): interventions and concerns by week", pattern: p)
        return PatternView(
            chart: chart.svg, summary: chart.description,
            weeks: p.weeks.map {
                Row(label: $0.start.ukFormat, concerns: $0.concerns, interventions: $0.interventions)
            },
            dayParts: p.byDayPart.map {
                Row(label: $0.part.label, concerns: $0.concerns, interventions: $0.interventions)
            },
            places: p.byPlace.prefix(8).map { Tally(label: $0.label, count: $0.count) },
            triggers: p.byTrigger.prefix(8).map { Tally(label: $0.label, count: $0.count) },
            recovery: p.meanRecovery.map { "\(ActionRules.display($0)) minutes on average" } ?? "Not recorded",
            empty: empty)
    }
}
