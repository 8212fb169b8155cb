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
        // Column names that `grip import actions` reads back (people by e-mail, the risk factors, the measure).
        var t = Table(
            name: "Actions",
            header: [
                "Reference", "Title", "Service", "Theme", "Risk band", "Risk score", "Status", "Lead name",
                "Lead email",
                "Senior reviewer name", "Reviewer email", "Due", "Next review", "Overdue", "Attention", "Review route",
                "Source of concern", "Quality statements", "Baseline", "Measure", "Better when", "Baseline value",
                "Target value",
                "Target day", "Harm", "People affected", "Likelihood", "Regulatory impact", "Controls",
                "Interim controls"
            ], rows: [])
        for a in actions {
            let due = Day(iso: a.dueDay)
            t.rows.append([
                .text(a.reference), .text(a.title), .text(a.service.name), .text(a.theme), .text(a.riskBand.label),
                .number(Double(a.riskScore)),
                .text(a.status.label), .text(a.lead.name), .text(a.lead.email), .text(a.reviewer.name),
                .text(a.reviewer.email),
                due.map { .day($0) } ?? .empty, Day(iso: a.nextReviewDay).map { .day($0) } ?? .empty,
                .text(a.status.isLive && (due.map { $0 < today } ?? false) ? "Yes" : "No"),
                .text((flags[a.id!] ?? []).map { $0.flag.label }.joined(separator: "; ")), .text(a.route.name),
                .text(a.source?.title ?? ""), .text((statements[a.id!] ?? []).joined(separator: "; ")),
                .text(a.baseline), .text(a.metric),
                .text(a.direction.rawValue), .number(a.baselineValue), .number(a.targetValue),
                Day(iso: a.targetDay).map { .day($0) } ?? .empty,
                .number(Double(a.riskHarm)), .number(Double(a.riskPeople)), .number(Double(a.riskRecurrence)),
                .number(Double(a.riskRegulatory)),
                .number(Double(a.riskControls)), .text(a.interimControls)
            ])
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
                .text(r.action.lead.name), .text(r.action.route.name), .text(r.rag?.label ?? "Not reviewed"),
                Day(iso: r.action.nextReviewDay).map { .day($0) } ?? .empty, .number(Double(r.others))
            ])
        }
        return t
    }
}
