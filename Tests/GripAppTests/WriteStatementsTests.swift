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
            _ = try await ServiceSummaries.current(
                [try #require(try await Service.find(f.sid("one"), on: app.db))],
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
            // Through Fluent: the audit entry and the chain's head. Four more are raw SQL, which Fluent's history
            // does not see: the action's statements under the framework in force (one join, issue 22), the lock,
            // the action's UPDATE (applied only while the row still has the version read: `VersionedUpdate`) and
            // the one that marks the service's summary stale. Six in all; before issue 21, eleven.
            #expect(history.queries.map(\.schema) == ["audit_entries", "organisations"])
            let stored = try #require(try await RecoveryAction.find(a.id, on: app.db))
            #expect(stored.title == "A clearer title")
            #expect(stored.version == fresh.version)
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
    /// The handler's read happened before the lock; a change that committed in between is refused by the
    /// versioned write itself, with nothing written.
    @Test func aChangeThatCommitsAfterTheReadIsRefused() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let today = Day.today(now: Date())
            let service = ActionService(db: app.db, actor: try f.actor("rm"), today: today)
            let early = try #require(try await RecoveryAction.find(a.id, on: app.db))
            let meanwhile = try #require(try await RecoveryAction.find(a.id, on: app.db))
            var first = ActionInput()
            first.title = "Changed by someone else"
            _ = try await service.update(meanwhile, first, version: meanwhile.version)
            let entries = try await AuditEntry.query(on: app.db).count()
            var second = ActionInput()
            second.title = "Changed on a stale read"
            let staleVersion = early.version
            do {
                _ = try await service.update(early, second, version: staleVersion)
                Issue.record("a stale write was applied")
            } catch let e as AppError {
                #expect(e.status == .conflict)
                #expect(e.fieldErrors.map(\.field) == ["version"])
            }
            let stored = try #require(try await RecoveryAction.find(a.id, on: app.db))
            #expect(stored.title == "Changed by someone else")
            #expect(stored.version == staleVersion + 1)
            #expect(early.version == stored.version, "the form shown again offers the current version")
            #expect(try await AuditEntry.query(on: app.db).count() == entries, "no audit entry for a refused write")
        }
    }
}
