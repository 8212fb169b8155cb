import Fluent
import GripCore

/// A neutral indicator can warn on a rise or a fall. Each organisation's default "Safeguarding
/// concerns" (neutral) is set to warn on a rise, through the audit trail like any change, and the
/// stored early warnings are recomputed from the values.
struct UpdateIndicatorsAddWarnOn: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("indicators").field("warn_on", .string).update()
        let defaults = IndicatorDefinition.defaults.filter { $0.direction == .neutral && $0.warnOn != nil }
        for orgID in try await Organisation.query(on: database).all(\.$id) {
            for d in defaults {
                let rows = try await Indicator.query(on: database).filter(\.$organisation.$id == orgID)
                    .filter(\.$name == d.name).filter(\.$direction == .neutral).filter(\.$warnOn == nil).all()
                guard !rows.isEmpty else { continue }
                try await AuditLog.transaction(
                    on: database, organisationID: orgID,
                    actor: AuditActor(id: nil, name: "grip migrate")
                ) { rec in
                    for i in rows {
                        i.warnOn = d.warnOn
                        i.version += 1
                        try await i.update(on: rec.db)
                        try await rec.record(
                            "indicator", i.requireID(), "updated",
                            [AuditChange(field: "warn_on", before: nil, after: d.warnOn?.rawValue)])
                    }
                }
            }
        }
        // What counts as an early warning changed (a neutral indicator's rise may now be one).
        try await SeriesWarnings.refreshAll(sparks: false, on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("indicators").deleteField("warn_on").update()
    }
}
