import Fluent
import Foundation
import GripCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Scoping by construction (issue 34): every table a request reads has a rule in `Scoped.rules`, and
/// every organisation's table is read for a request with the organisation, a record's id or a scoped parent's
/// id in the query.
/// Every route is called as four people with the authorisation matrix's records and bodies, and every
/// Fluent query each request makes is recorded.
@Suite struct ScopingTests {
    @Test func everyTableARequestReadsHasAScopingRuleAndItsOrganisationInTheQuery() async throws {
        let sink = QuerySink()
        for caller in ["ql", "rm", "commissioner", "admin"] {
            try await withGrip { app in
                app.middleware.use(RecordQueries(sink: sink))
                let f = try await Fixture.make(app)
                let records = try await MatrixRecords.make(app, f)
                let client = try await MatrixClient.make(app, caller: caller, fixture: f)
                await sink.start()
                for route in app.routes.all.sorted(by: { MatrixRecords.order($0) < MatrixRecords.order($1) }) {
                    let key = MatrixRecords.key(route)
                    let path = records.path(for: route)
                    _ = try await client.send(
                        route.method, path, api: path.hasPrefix("/api/"), body: MatrixBodies.body(for: key))
                }
                await sink.stop()
            }
        }
        let seen = await sink.seen
        #expect(seen.count > 30, "tables read: \(seen.keys.sorted())")
        for (table, routes) in seen.sorted(by: { $0.key < $1.key }) where Scoped.rules[table] == nil {
            Issue.record("\(table) is read for \(routes.sorted().prefix(3)) but has no rule in Scoped.rules")
        }
        let unscoped = await sink.unscoped
        for (table, routes) in unscoped.sorted(by: { $0.key < $1.key }) {
            Issue.record(
                "\(table) is read with neither its organisation nor an id in the query, "
                    + "for \(routes.sorted().prefix(3))"
            )
        }
    }

    /// The check itself: a query of an organisation's table with neither the organisation nor an id is
    /// caught, one with either passes, and a table without a rule is reported.
    @Test func theCheckCatchesAQueryWithoutItsOrganisation() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let actor = try Actor(f.users["ql"]!)
            app.fluent.history.start()
            _ = try await RecoveryAction.query(on: app.db).filter(\.$title == "x").all()
            _ = try await Scoped.query(RecoveryAction.self, for: actor, on: app.db).all()
            _ = try await RecoveryAction.query(on: app.db).filter(\.$id == UUID()).all()
            // Rows a scoped selection picked (issue 35), and a custom filter that is not one.
            _ = try await RecoveryAction.query(on: app.db)
                .filter(ActionSelection(filter: ActionFilter(), actor: actor, today: Day.today(now: Date())).idFilter())
                .all()
            _ = try await RecoveryAction.query(on: app.db).filter(.custom(SQLRaw("1 = 1"))).all()
            let queries = app.fluent.history.queries
            #expect(queries.count == 5)
            #expect(RecordQueries.isScoped(queries[0]) == false)
            #expect(RecordQueries.isScoped(queries[1]))
            #expect(RecordQueries.isScoped(queries[2]))
            #expect(RecordQueries.isScoped(queries[3]))
            #expect(RecordQueries.isScoped(queries[4]) == false)
            #expect(Scoped.rules["no_such_table"] == nil)
        }
    }
}

/// Records, per request, the tables its Fluent queries read, and those of an organisation's tables read
/// with neither the organisation nor an id among their filters.
actor QuerySink {
    private(set) var seen: [String: Set<String>] = [:]
    private(set) var unscoped: [String: Set<String>] = [:]
    private var recording = false

    func start() { recording = true }
    func stop() { recording = false }

    func add(_ queries: [DatabaseQuery], route: String) {
        guard recording else { return }
        for q in queries {
            seen[q.schema, default: []].insert(route)
            for join in q.joins {
                if case .join(let schema, _, _, _, _) = join { seen[schema, default: []].insert(route) }
            }
            if Scoped.rules[q.schema] == .organisation, case .read = q.action, !RecordQueries.isScoped(q) {
                unscoped[q.schema, default: []].insert(route)
            }
        }
    }
}

struct RecordQueries: AsyncMiddleware {
    let sink: QuerySink

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.fluent.history.start()
        let response = try await next.respond(to: request)
        await sink.add(request.fluent.history.queries, route: "\(request.method) \(request.url.path)")
        return response
    }

    /// Whether a query names its organisation, a record (or records) by id, or a parent's id among its filters.
    static func isScoped(_ q: DatabaseQuery) -> Bool {
        func fields(_ f: DatabaseQuery.Filter) -> [String] {
            switch f {
            case .value(let field, _, _): return [name(field)]
            case .field(let a, _, let b): return [name(a), name(b)]
            case .group(let filters, _): return filters.flatMap(fields)
            case .custom(let c): return c is PickedIDs ? ["id"] : []
            }
        }
        func name(_ field: DatabaseQuery.Field) -> String {
            switch field {
            case .path(let path, _), .extendedPath(let path, _, _):
                return path.map(\.description).joined(separator: ".")
            case .custom: return ""
            }
        }
        // The organisation; a record by id; records through a parent already read in scope (`*_id`); or,
        // before anyone is signed in, a token's hash (API, calendar feed) or a sign-in e-mail address.
        let names = q.filters.flatMap(fields)
        return names.contains { $0 == "id" || $0.hasSuffix("_id") || $0.hasSuffix("token_hash") || $0 == "email" }
    }
}
