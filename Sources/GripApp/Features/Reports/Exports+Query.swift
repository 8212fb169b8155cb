import Fluent
import Foundation
import GripCore

/// The action list and the recovery map as tables (for CSV and XLSX), in a fixed number of queries.
enum Exports {
    enum Format: String, CaseIterable, Sendable { case csv, xlsx }

    /// Statements are those under `framework` (the one in force): what `grip import actions` checks them against.
    static func actions(
        _ f: ActionFilter, framework fw: Framework, actor: Actor, today: Day,
        on db: any Database
    ) async throws -> Table {
        let actions = try await ActionQueries.all(f, actor: actor, today: today, on: db)
        let statements = try await ActionQueries.statements(of: actions.compactMap(\.id), framework: fw.id, on: db)
        let flags = try await AttentionQueries.flags(for: actions, today: today, on: db)
        var t = Table(name: "Actions", header: actionColumns.map(\.0), rows: [])
        for a in actions {
            let values = try a.values(statements: statements[a.id!] ?? [])
            let row = ActionRow(action: a, flags: flags[a.id!] ?? [], today: today)
            t.rows.append(
                actionColumns.map { _, column in
                    switch column {
                    case .field(let name): ActionFields.named(name)!.cell(values)
                    case .extra(let cell): cell(row)
                    }
                })
        }
        return t
    }

    static func map(_ f: RecoveryMap.Filter, actor: Actor, on db: any Database) async throws -> Table {
        let rows = try await RecoveryMap.rows(f, actor: actor, on: db)
        var t = Table(
            name: "Recovery map",
            header: [
                "Service", "Theme", "Reference", "Current action", "Risk band", "Risk score", "Status",
                "Evidence sources", "Owner", "Review route", "RAG", "Next review", "Other actions"
            ], rows: [])
        for r in rows {
            t.rows.append([
                .text(r.service.name), .text(r.theme), .text(r.action.reference), .text(r.action.title),
                .text(r.action.riskBand.label),
                .number(Double(r.action.riskScore)), .text(r.action.status.label),
                .text(r.categories.joined(separator: "; ")),
                .text(r.action.lead.name), .text(r.action.routeName), .text(r.rag?.label ?? "Not reviewed"),
                Day(iso: r.action.nextReviewDay).map { .day($0) } ?? .empty, .number(Double(r.others))
            ])
        }
        return t
    }
}

extension Exports {
    /// What an action list's row is made from besides the action's values.
    struct ActionRow {
        let action: RecoveryAction
        let flags: [RaisedFlag]
        let today: Day
    }

    enum ActionColumn {
        /// A field of `ActionFields.all`, by name, as its cell.
        case field(String)
        case extra(@Sendable (ActionRow) -> Table.Cell)
    }

    /// The action list's columns: names that `grip import actions` reads back (people by e-mail, the risk factors,
    /// the measure).
    static let actionColumns: [(String, ActionColumn)] = [
        ("Reference", .extra { .text($0.action.reference) }), ("Title", .field("title")),
        ("Service", .extra { .text($0.action.service.name) }), ("Theme", .field("theme")),
        ("Risk band", .extra { .text($0.action.riskBand.label) }),
        ("Risk score", .extra { .number(Double($0.action.riskScore)) }),
        ("Status", .extra { .text($0.action.status.label) }), ("Lead name", .extra { .text($0.action.lead.name) }),
        ("Lead email", .extra { .text($0.action.lead.email) }),
        ("Senior reviewer name", .extra { .text($0.action.reviewer.name) }),
        ("Reviewer email", .extra { .text($0.action.reviewer.email) }), ("Due", .field("due_day")),
        ("Next review", .extra { r in Day(iso: r.action.nextReviewDay).map { .day($0) } ?? .empty }),
        (
            "Overdue",
            .extra { r in
                let due = Day(iso: r.action.dueDay)
                return .text(r.action.status.isLive && (due.map { $0 < r.today } ?? false) ? "Yes" : "No")
            }
        ),
        ("Attention", .extra { .text($0.flags.map(\.flag.label).joined(separator: "; ")) }),
        ("Review route", .extra { .text($0.action.route.name) }),
        ("Source of concern", .extra { .text($0.action.source?.title ?? "") }),
        ("Quality statements", .field("statements")), ("Baseline", .field("baseline")),
        ("Measure", .field("metric")), ("Better when", .field("direction")),
        ("Baseline value", .field("baseline_value")), ("Target value", .field("target_value")),
        ("Target day", .field("target_day")), ("Harm", .field("harm")), ("People affected", .field("people_affected")),
        ("Likelihood", .field("recurrence")), ("Regulatory impact", .field("regulatory_impact")),
        ("Controls", .field("control_weakness")), ("Interim controls", .field("interim_controls"))
    ]
}
