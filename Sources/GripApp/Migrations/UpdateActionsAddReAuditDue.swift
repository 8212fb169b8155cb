import Foundation
import Fluent
import GripCore
import SQLKit

/// Re-audit as a dated duty: closing sets the day a re-audit is due (re-audit policy by band), and a
/// re-audit records what was tested. Actions already closed and in monitoring get their day from
/// their closure day and band now.
struct UpdateActionsAddReAuditDue: AsyncMigration {
    static let index = (
        name: "idx_actions_reaudit_due", table: "actions", columns: ["organisation_id", "status", "reaudit_due_day"]
    )

    func prepare(on database: any Database) async throws {
        try await database.schema("actions").field("reaudit_due_day", .string).update()
        try await database.schema("actions").field("reaudit_policy_version", .string).update()
        try await database.schema("reaudits").field("sample", .string).update()
        try await database.schema("reaudits").field("method", .string).update()
        let sql = database as! any SQLDatabase
        let policy = ReAuditPolicy.current
        for band in RiskBand.allCases {
            // The closure day plus the band's days, computed per row (Day arithmetic is Grip's, not the database's).
            struct Row: Decodable { let id: UUID; let closed_on: String }
            let rows = try await sql.select().columns("id", "closed_on").from("actions")
                .where("status", .equal, ActionStatus.monitoring.rawValue).where("risk_band", .equal, band.rawValue)
                .where("closed_on", .isNot, SQLLiteral.null).all(decoding: Row.self)
            for r in rows {
                guard let closed = Day(iso: r.closed_on) else { continue }
                try await sql.update("actions")
                    .set("reaudit_due_day", to: policy.dueDay(closedOn: closed, band: band).iso)
                    .set("reaudit_policy_version", to: policy.version)
                    .where("id", .equal, r.id).run()
            }
        }
        try await CreateIndexes.create([Self.index], on: database)
    }

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop([Self.index], on: database)
        try await database.schema("reaudits").deleteField("method").update()
        try await database.schema("reaudits").deleteField("sample").update()
        try await database.schema("actions").deleteField("reaudit_policy_version").update()
        try await database.schema("actions").deleteField("reaudit_due_day").update()
    }
}
