import Fluent
import Foundation
import GripCore
import SQLKit
import Testing
import Vapor
@testable import GripApp

/// Imports are all or nothing by transaction, not only by checking first: a database trigger makes
/// the n-th insert of a valid import fail part-way, and nothing of the import — records, audit
/// entries, counters — is left behind.
@Suite struct ImportTransactionTests {
    /// A trigger that refuses inserts into `table` once it holds `rows` rows (engine-specific SQL, test-only).
    static func failInserts(into table: String, from rows: Int, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw(
                SQLQueryString(
                    """
                    CREATE TRIGGER fail_nth_\(unsafeRaw: table) BEFORE INSERT ON \(unsafeRaw: table)
                    WHEN (SELECT count(*) FROM \(unsafeRaw: table)) >= \(unsafeRaw: String(rows))
                    BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                    """)
            ).run()
        } else {
            try await sql.raw(
                SQLQueryString(
                    """
                    CREATE FUNCTION fail_nth_\(unsafeRaw: table)() RETURNS trigger AS $$ BEGIN
                    IF (SELECT count(*) FROM \(unsafeRaw: table)) >= \(unsafeRaw: String(rows)) THEN
                    RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                    """)
            ).run()
            try await sql.raw(
                SQLQueryString(
                    """
                    CREATE TRIGGER fail_nth_\(unsafeRaw: table) BEFORE INSERT ON \(unsafeRaw: table)
                    FOR EACH ROW EXECUTE FUNCTION fail_nth_\(unsafeRaw: table)()
                    """)
            ).run()
        }
    }

    @Test func anActionPlanWhoseThirdActionFailsToWriteLeavesNothing() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let header = ActionImportWebTests.header.components(separatedBy: ",")
            let rows = ["Handover sheet at every shift", "Fluid charts totalled nightly", "Oral care plan for everyone"]
                .map { ActionImportWebTests().line($0).components(separatedBy: ",") }
            let auditBefore = try await count(AuditEntry.self, app)
            let numberBefore = try await Organisation.find(f.orgA, on: app.db)!.nextActionNumber
            try await Self.failInserts(into: RecoveryAction.schema, from: 2, on: app.db)
            let service = ActionImportService(db: app.db, actor: try f.actor("rm"), today: Day.today(now: Date()))
            await #expect(throws: (any Error).self) {
                try await service.run(header: header, rows: rows, mapping: ActionImport.autoMap(header: header))
            }
            #expect(try await count(RecoveryAction.self, app) == 0)
            #expect(try await count(ActionMapping.self, app) == 0)
            #expect(try await count(AuditEntry.self, app) == auditBefore)
            #expect(try await Organisation.find(f.orgA, on: app.db)!.nextActionNumber == numberBefore)
            #expect(try await AuditLog.verify(on: app.db).allSatisfy { $0.firstBroken == nil })
            // Without the fault the same plan imports whole: the failure above was the trigger's.
            try await (app.db as! any SQLDatabase).raw("DROP TRIGGER fail_nth_actions\(unsafeRaw: Self.onTable(app))")
                .run()
            #expect(
                try await service.run(header: header, rows: rows, mapping: ActionImport.autoMap(header: header)).count
                    == 3)
        }
    }

    @Test func indicatorValuesWhoseFifthFailsToWriteLeaveNothing() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let indicator = try #require(
                try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                    .filter(\.$period == .month).first())
            let entries = (1...10).map { m in
                IndicatorService.Entry(
                    indicatorID: indicator.id!, serviceID: f.sid("one"),
                    period: Day(iso: String(format: "2026-%02d-01", m))!, value: Double(m))
            }
            let auditBefore = try await count(AuditEntry.self, app)
            try await Self.failInserts(into: IndicatorValue.schema, from: 4, on: app.db)
            let service = IndicatorService(db: app.db, actor: try f.actor("rm"))
            await #expect(throws: (any Error).self) { try await service.save(entries) }
            #expect(try await count(IndicatorValue.self, app) == 0)
            #expect(try await count(AuditEntry.self, app) == auditBefore)
            #expect(try await AuditLog.verify(on: app.db).allSatisfy { $0.firstBroken == nil })
            try await (app.db as! any SQLDatabase).raw(
                "DROP TRIGGER fail_nth_indicator_values\(unsafeRaw: Self.onTable(app, "indicator_values"))"
            ).run()
            #expect(try await service.save(entries).created == 10)
            #expect(try await count(IndicatorValue.self, app) == 10)
        }
    }

    /// PostgreSQL names a trigger's table when it is dropped; SQLite does not.
    static func onTable(_ app: Application, _ table: String = "actions") -> String {
        (app.db as! any SQLDatabase).dialect.name == "sqlite" ? "" : " ON \(table)"
    }
}
