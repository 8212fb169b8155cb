import Fluent
import Foundation
import GripCore
import SQLKit

/// Issue 35: the summaries' counts in columns of their own (`SummaryHeat`), filled from each stored summary.
struct AddSummaryHeatColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for column in SummaryHeat.counts {
            try await database.schema(ServiceSummaries.table)
                .field(.string(column), .int, .required, .sql(.default(0))).update()
        }
        try await database.schema(ServiceSummaries.table)
            .field("drift", .string, .required, .sql(.default(SQLLiteral.string("[]")))).update()
        try await Self.fill(on: database)
    }

    /// Sets every stored summary's count columns from its JSON.
    static func fill(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        struct Stored: Decodable { let service_id: UUID; let data: String }
        for row in try await sql.select().columns("service_id", "data").from(ServiceSummaries.table)
            .all(decoding: Stored.self)
        {
            guard let s = try? JSONDecoder().decode(ServiceSummary.self, from: Data(row.data.utf8)) else { continue }
            let update = sql.update(ServiceSummaries.table).set("drift", to: SummaryHeat.drift(s))
            for (column, value) in zip(SummaryHeat.counts, SummaryHeat.values(s)) { update.set(column, to: value) }
            try await update.where("service_id", .equal, row.service_id).run()
        }
    }

    func revert(on database: any Database) async throws {
        for column in SummaryHeat.counts + ["drift"] {
            try await database.schema(ServiceSummaries.table).deleteField(.string(column)).update()
        }
    }
}
