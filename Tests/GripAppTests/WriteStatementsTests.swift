import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 21 (part): how many SQL statements an audited write makes.
@Suite struct WriteStatementsTests {
    @Test func anAuditedUpdateMakesFewStatements() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let history = QueryHistory()
            let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: history)!
            _ = try await ServiceSummaries.current([try #require(try await Service.find(f.sid("one"), on: app.db))],
                                                   organisationID: f.orgA, today: Day.today(now: Date()), on: app.db)
            let before = try #require(try await ServiceSummaries.stored([f.sid("one")], on: app.db)[f.sid("one")])
            var input = ActionInput()
            input.title = "A clearer title"
            let fresh = try #require(try await RecoveryAction.find(a.id, on: app.db))
            _ = try await ActionService(db: db, actor: try f.actor("rm"), today: Day.today(now: Date()))
                .update(fresh, input, version: fresh.version)
            if ProcessInfo.processInfo.environment["GRIP_PRINT_QUERIES"] != nil {
                for q in history.queries { print("QUERY", q.schema, q.action, q.filters.count) }
            }
            // Through Fluent: the action's statements (for the comparison), the action read again under the
            // lock (on PostgreSQL only a statement after the lock sees a write that committed while it waited),
            // the action, the audit entry and the chain's head. Two more are raw SQL, which Fluent's history does
            // not see: the lock, and the one that marks the service's summary stale. Seven in all; before issue
            // 21, eleven.
            #expect(history.queries.map(\.schema)
                    == ["action_statements", "actions", "actions", "audit_entries", "organisations"])
            let after = try #require(try await ServiceSummaries.stored([f.sid("one")], on: app.db)[f.sid("one")])
            #expect(after.generation == before.generation + 1, "the summary was marked stale in the same transaction")
            // A change of reference is still checked: a lead from another organisation is refused.
            var bad = ActionInput()
            bad.leadID = f.id("rmB")
            let again = try #require(try await RecoveryAction.find(a.id, on: app.db))
            await #expect(throws: AppError.self) {
                _ = try await ActionService(db: app.db, actor: try f.actor("rm"), today: Day.today(now: Date()))
                    .update(again, bad, version: again.version)
            }
        }
    }
}

