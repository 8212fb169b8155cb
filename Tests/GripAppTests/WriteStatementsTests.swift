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
            var input = ActionInput()
            input.title = "A clearer title"
            let fresh = try #require(try await RecoveryAction.find(a.id, on: app.db))
            _ = try await ActionService(db: db, actor: try f.actor("rm"), today: Day.today(now: Date()))
                .update(fresh, input, version: fresh.version)
            if ProcessInfo.processInfo.environment["GRIP_PRINT_QUERIES"] != nil {
                for q in history.queries { print("QUERY", q.schema, q.action, q.filters.count) }
            }
            // Read the statements and the action under the lock, write it, the audit entry and the chain's head:
            // five statements through Fluent, and the lock itself (one raw UPDATE … RETURNING) makes six. Before
            // issue 21 every reference was checked again on every edit: ten.
            #expect(history.queries.count == 5)
            #expect(history.queries.map(\.schema) == ["action_statements", "actions", "actions", "audit_entries", "organisations"])
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
