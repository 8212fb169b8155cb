import Fluent
import SQLKit
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct SystemTests {
    @Test func healthReadyAndMetrics() async throws {
        try await withGrip { app in
            #expect(try await app.testing().sendRequest(.GET, "/health").status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "/ready").status == .ok)
            let metrics = try await app.testing().sendRequest(.GET, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers.contentType?.subType == "plain")
        }
    }

    @Test func securityHeadersOnEveryResponse() async throws {
        try await withGrip { app in
            let res = try await app.testing().sendRequest(.GET, "/sign-in")
            #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            #expect(res.headers.first(name: "Referrer-Policy") == "same-origin")
            // No inline script is allowed anywhere.
            let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
            #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"))
        }
    }

    /// An internal failure (here one carrying SQL and a file path) is logged, never shown.
    struct LeakyFailure: Error, CustomStringConvertible {
        var description: String {
            """
            SQLiteError: near \"SELECT\": syntax error in SELECT * FROM users WHERE password_hash = ? at \
            /srv/grip/Sources/GripApp/Secret.swift:42
            """
        }
    }

    @Test func errorsNeverShowStackTracesOrSQL() async throws {
        try await withGrip { app in
            app.get("boom") { _ -> String in throw LeakyFailure() }
            app.get("api", "v1", "boom") { _ -> String in throw LeakyFailure() }
            for path in ["/boom", "/api/v1/boom"] {
                let res = try await app.testing().sendRequest(.GET, path, headers: ["Accept": "text/html"])
                #expect(res.status == .internalServerError, "\(path)")
                let body = res.body.string
                for secret in ["SELECT", "SQLite", "password_hash", "Secret.swift", "/srv/grip", "LeakyFailure"] {
                    #expect(!body.contains(secret), "\(path) shows \(secret)")
                }
                #expect(body.contains("Something went wrong on our side"), "\(path)")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
            }
        }
    }

    @Test func openAPIDocumentListsExactlyTheRegisteredAPIRoutes() async throws {
        try await withGrip { app in
            let registered = Set(
                app.routes.all.compactMap { route -> String? in
                    let path =
                        "/"
                        + route.path.map { c -> String in
                            if case .parameter(let name) = c { return "{\(name)}" }
                            return c.description
                        }.joined(separator: "/")
                    return path.hasPrefix("/api/v1") ? "\(route.method.rawValue) \(path)" : nil
                })
            #expect(registered == OpenAPIDocument.operations)
            let res = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(res.status == .ok)
            #expect(res.json["openapi"] as? String == "3.1.0")
        }
    }

    /// Reverting every migration and applying them again gives the same schema: every table,
    /// column, type and index (read from the database's own catalogue).
    @Test func everyMigrationRevertsAndReapplies() async throws {
        try await withGrip { app in
            let before = try await Self.schema(app)
            #expect(before.count > 60, "the catalogue lists the schema (\(before.count) lines)")
            try await app.autoRevert()
            #expect(try await Self.schema(app).filter { !$0.contains("_fluent_migrations") }.isEmpty)
            try await app.autoMigrate()
            let after = try await Self.schema(app)
            #expect(after == before)
        }
    }

    static func schema(_ app: Application) async throws -> [String] {
        let sql = app.db as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            struct Row: Decodable { let type: String; let name: String; let sql: String? }
            return try await sql.raw(
                """
                SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name
                """
            ).all(decoding: Row.self).map { "\($0.type) \($0.name): \($0.sql ?? "")" }
        }
        struct Column: Decodable {
            let table_name: String; let column_name: String; let data_type: String; let is_nullable: String
        }
        struct Index: Decodable { let indexname: String; let indexdef: String }
        let columns = try await sql.raw(
            """
            SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY table_name, column_name
            """
        ).all(decoding: Column.self).map {
            "column \($0.table_name).\($0.column_name) \($0.data_type) \($0.is_nullable)"
        }
        let indexes = try await sql.raw(
            """
            SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname
            """
        ).all(decoding: Index.self).map { "index \($0.indexname): \($0.indexdef)" }
        return columns + indexes
    }
}

@Suite struct AuditTrailTests {
    @Test func everyChangeIsChainedAndVerifies() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            _ = try await ActionService(db: app.db, actor: try f.actor("rm"), today: Day.today(now: Date()))
                .transition(a.id!, to: .inProgress, reason: nil, version: 1)
            let results = try await AuditLog.verify(on: app.db)
            #expect(results.count == 2)
            #expect(results.allSatisfy { $0.firstBroken == nil })
            let entries = try await AuditEntry.query(on: app.db).filter(\.$entityID == a.id!).sort(\.$seq).all()
            #expect(entries.map(\.operation) == ["created", "status_changed"])
            #expect(entries[1].prevHash == entries[0].hash)
            #expect(entries[1].changes.contains("in_progress"))
        }
    }

    @Test func anAlteredRowIsNamedByVerify() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let entry = try await AuditEntry.query(on: app.db).filter(\.$entityID == a.id!).first()!
            entry.changes = entry.changes.replacingOccurrences(of: "Every MAR chart complete", with: "Something else")
            try await entry.update(on: app.db)
            let results = try await AuditLog.verify(on: app.db)
            let alpha = results.first { $0.organisation == "Alpha Care" }!
            #expect(alpha.firstBroken?.seq == entry.seq)
            #expect(alpha.firstBroken?.reason.contains("altered") == true)
            #expect(results.first { $0.organisation == "Beta Care" }?.firstBroken == nil)
        }
    }

    /// Every field the hash covers is covered: changing any one of them in a stored row is named.
    @Test(arguments: ["at_ms", "actor_id", "actor_name", "entity_type", "entity_id", "operation", "changes"])
    func alteringAnyHashedFieldIsNamed(column: String) async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let entry = try await AuditEntry.query(on: app.db).filter(\.$entityID == a.id!).first()!
            let sql = app.db as! any SQLDatabase
            let value: SQLExpression =
                switch column {
                case "at_ms": SQLBind(entry.atMilliseconds + 1)
                case "actor_id", "entity_id": SQLBind(UUID())
                case "actor_name": SQLBind(entry.actorName + " ")
                case "entity_type": SQLBind("evidence")
                case "operation": SQLBind("updated")
                default: SQLBind("[]")
                }
            try await sql.update(AuditEntry.schema).set(SQLIdentifier(column), to: value).where("id", .equal, entry.id!)
                .run()
            let alpha = try await AuditLog.verify(on: app.db).first { $0.organisation == "Alpha Care" }!
            #expect(alpha.firstBroken?.seq == entry.seq, "\(column)")
            #expect(alpha.firstBroken?.reason.contains("altered") == true, "\(column)")
        }
    }

    @Test func aRowDeletedFromTheMiddleIsNamed() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await f.createAction(app)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$organisation.$id == f.orgA).sort(\.$seq)
                .all()
            #expect(entries.count > 5)
            try await entries[3].delete(on: app.db)
            let alpha = try await AuditLog.verify(on: app.db).first { $0.organisation == "Alpha Care" }!
            #expect(alpha.firstBroken?.seq == entries[4].seq)
            #expect(
                alpha.firstBroken?.reason
                    == "entry \(entries[3].seq) is missing (next entry found is \(entries[4].seq))")
        }
    }

    @Test func aDeletedRowIsDetected() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await f.createAction(app)
            let last = try await AuditEntry.query(on: app.db).filter(\.$organisation.$id == f.orgA).sort(
                \.$seq, .descending
            ).first()!
            try await last.delete(on: app.db)
            let alpha = try await AuditLog.verify(on: app.db).first { $0.organisation == "Alpha Care" }!
            #expect(alpha.firstBroken?.reason.contains("entries were removed") == true)
        }
    }
}

@Suite struct DemoTests {
    @Test func demoProviderIsRealisticAndAudited() async throws {
        try await withGrip { app in
            let people = try await DemoSeeder.seed(app)
            #expect(Set(people.map(\.role)) == Set(Role.allCases))
            let services = try await Service.query(on: app.db).all()
            #expect(Set(services.map(\.serviceType)).isSuperset(of: [.supportedLiving, .residential, .domiciliary]))
            let actions = try await RecoveryAction.query(on: app.db).all()
            #expect((25...40).contains(actions.count))
            #expect(Set(actions.map(\.riskBand)) == Set(RiskBand.allCases))
            let statuses = Set(actions.map(\.status))
            #expect(statuses == Set(ActionStatus.allCases))
            let flags = try await AttentionQueries.flags(for: actions, today: Day.today(now: Date()), on: app.db)
            #expect(Set(flags.values.flatMap { $0.map(\.flag) }) == Set(AttentionFlag.allCases))
            #expect(try await Evidence.query(on: app.db).count() >= 10)
            #expect(try await EvidenceFile.query(on: app.db).count() >= 3)
            #expect(try await Review.query(on: app.db).count() >= 8)
            #expect(try await ReAudit.query(on: app.db).count() == 2)
            #expect(try await EvidenceRequest.query(on: app.db).count() >= 1)
            let today = Day.today(now: Date())
            #expect(actions.contains { Day(iso: $0.dueDay)! < today && $0.status.isLive })
            #expect(actions.contains { Day(iso: $0.dueDay)! > today })
            #expect(try await Source.query(on: app.db).filter(\.$kind == .cqcInspection).count() >= 3)
            #expect(try await DueDayChange.query(on: app.db).count() >= 1)
            let audited = try await AuditEntry.query(on: app.db).filter(\.$entityType == "action").filter(
                \.$operation == "created"
            ).count()
            #expect(audited == actions.count)
            // A meeting history: held meetings with minutes, challenges and decisions; an addendum; one coming up
            // today.
            let held = try await Meeting.query(on: app.db).filter(\.$status ~~ [MeetingStatus.held, .approved]).all()
            #expect(held.count >= 3 && held.filter { $0.status == .approved }.count >= 2)
            #expect(try await MeetingChallenge.query(on: app.db).count() >= 3)
            #expect(try await Decision.query(on: app.db).count() >= 3)
            #expect(try await Decision.query(on: app.db).filter(\.$status == .done).count() >= 1)
            #expect(try await MeetingAddendum.query(on: app.db).count() >= 1)
            #expect(
                try await Meeting.query(on: app.db).filter(\.$day == today.iso).filter(\.$status == .scheduled).count()
                    == 1)
            #expect(try await AuditLog.verify(on: app.db).allSatisfy { $0.firstBroken == nil })
            // Seeding again changes nothing.
            try await DemoSeeder.seed(app)
            #expect(try await RecoveryAction.query(on: app.db).count() == actions.count)
            // Every demo user can sign in with the printed password.
            for p in people {
                let b = try await Browser.signedIn(app, p.email, password: DemoSeeder.password)
                #expect(try await b.get("/").status == .ok)
            }
        }
    }
}
