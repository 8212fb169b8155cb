import Fluent
import Foundation
import GripCore
import Testing
import VaporTesting
@testable import GripApp

@Suite struct BenchTests {
    @Test func optionsDefaultToSmallSQLiteWithSixteenClients() {
        let (o, problems) = BenchOptions.parse([])
        #expect(problems.isEmpty)
        #expect(o == BenchOptions(scale: .small, database: .sqlite, out: nil, clients: 16, port: 18_181, keep: false))
    }

    @Test func optionsTakeBothSpellings() {
        let (o, problems) = BenchOptions.parse([
            "--scale", "group", "--database=postgres", "--out", "b.json", "--clients=4", "--port", "20000", "--keep"
        ])
        #expect(problems.isEmpty)
        #expect(
            o == BenchOptions(scale: .group, database: .postgres, out: "b.json", clients: 4, port: 20000, keep: true))
    }

    @Test func badOptionsAreEachNamed() {
        let (_, problems) = BenchOptions.parse([
            "--scale", "huge", "--database", "mysql", "--clients", "0", "--port", "80", "--out", "--verbose"
        ])
        #expect(problems.contains("--scale: use small, group or national (not 'huge')"))
        #expect(problems.contains("--database: use sqlite or postgres (not 'mysql')"))
        #expect(problems.contains("--clients: use a whole number from 1 to 256 (not '0')"))
        #expect(problems.contains("--port: use a port from 1024 to 65535 (not '80')"))
        #expect(problems.contains("--out: give a value"))
        #expect(problems.contains { $0.hasPrefix("unknown flag '--verbose'") })
        #expect(problems.count == 6)
    }

    @Test func moreThanOneServerIsCheckedAndNeedsPostgreSQL() {
        let (two, ok) = BenchOptions.parse(["--database", "postgres", "--instances", "2", "--port", "20000"])
        #expect(ok.isEmpty)
        #expect(two.instances == 2 && two.port == 20000)
        #expect(BenchOptions.parse([]).0.instances == 1)
        let (_, sqlite) = BenchOptions.parse(["--instances=2"])
        #expect(
            sqlite == [
                "--instances: more than one server needs --database postgres (SQLite's one writer is one process)"
            ])
        let (_, bad) = BenchOptions.parse(["--database", "postgres", "--instances", "9"])
        #expect(bad == ["--instances: use a whole number from 1 to 8 (not '9')"])
        let (_, high) = BenchOptions.parse(["--database", "postgres", "--instances", "3", "--port", "65534"])
        #expect(high == ["--port: 3 servers need ports 65534…65536"])
    }

    /// With two servers, each client keeps to its own (client c to server c mod 2), warm-up included.
    @Test func clientsTakeTurnsBetweenTheServers() async throws {
        var apps: [Application] = []
        var bases: [String] = []
        for name in ["first", "second"] {
            let app = try await Application.make(.testing)
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            app.get("who") { _ in name }
            try app.server.start()
            apps.append(app)
            bases.append("http://127.0.0.1:\(try #require(app.http.server.shared.localAddress?.port))")
        }
        let client = BenchLoad.makeClient()
        let load = BenchLoad(client: client, bases: bases)
        let answered = Locked([Int: Set<String>]())
        let outcome = await load.run(
            clients: 4, total: 20, warmUp: 4, make: { _, _ in BenchRequest(path: "/who") },
            check: { c, answer in
                answered.with { _ = $0[c, default: []].insert(answer.text) }
                return answer.status == .ok
            })
        #expect(outcome.errors == 0 && outcome.milliseconds.count == 20)
        #expect(answered.with { $0 } == [0: ["first"], 1: ["second"], 2: ["first"], 3: ["second"]])
        #expect(try await load.send(BenchRequest(path: "/who")).text == "first")
        #expect(try await load.send(BenchRequest(path: "/who"), client: 3).text == "second")
        try await client.shutdown()
        for app in apps {
            await app.server.shutdown()
            try await app.asyncShutdown()
        }
    }

    @Test func theDataSetIsComplete() async throws {
        try await withGrip { app in
            let today = Day(iso: "2026-11-23")!
            let manifest = try await BenchData.generate(
                .small, services: 2, passwordHash: try app.password.hash(BenchData.password), today: today, on: app.db)
            // Per service: 10 people, 100 actions with 10 evidence records each, 20 indicators over 24 months, 25
            // meetings.
            #expect(manifest.counts["services"] == 2)
            #expect(manifest.counts["users"] == 3 + 20)
            #expect(manifest.counts["actions"] == 200)
            #expect(manifest.counts["evidence"] == 2000)
            #expect(manifest.counts["indicator_values"] == 2 * 20 * 24)
            #expect(manifest.counts["meetings"] == 50)
            #expect(try await RecoveryAction.query(on: app.db).count() == 200)
            #expect(try await Evidence.query(on: app.db).count() == 2000)
            #expect(try await IndicatorValue.query(on: app.db).count() == 960)
            #expect(try await Decision.query(on: app.db).count() == 100)
            #expect(manifest.services.map(\.actions.count) == [100, 100])
            #expect(manifest.firstMonth == "2024-11-01")
            // The audit trail is a valid chain with an entry for every record it describes.
            let verified = try #require(try await AuditLog.verify(on: app.db).first)
            #expect(verified.firstBroken == nil)
            #expect(verified.checked == manifest.counts["audit_entries"])
            let org = try #require(try await Organisation.query(on: app.db).first())
            #expect(org.nextActionNumber == 201)
            // And the records the harness asks for are there.
            let first = try #require(manifest.services.first)
            #expect(try await RecoveryAction.find(first.actions[0], on: app.db)?.$service.id == first.id)
            #expect(try await User.find(first.manager, on: app.db)?.role == .registeredManager)
        }
    }

    /// The same seed gives the same data, whether the services are written all at once or one at a time.
    @Test func theSameSeedGivesTheSameData() async throws {
        var ids: [[UUID]] = [], heads: [String] = [], evidence: [[UUID]] = []
        for chunk in [100, 1] {
            try await withGrip { app in
                let m = try await BenchData.generate(
                    .small, services: 2, chunk: chunk, passwordHash: "x", today: Day(iso: "2026-11-23")!,
                    on: app.db)
                ids.append(m.services.flatMap(\.actions))
                heads.append(try #require(try await Organisation.query(on: app.db).first()).auditHead)
                evidence.append(try await Evidence.query(on: app.db).sort(\.$id).all().map { $0.id! })
                #expect(try await AuditLog.verify(on: app.db).first?.firstBroken == nil)
                #expect(m.counts["actions"] == 200 && m.counts["evidence"] == 2000)
            }
        }
        #expect(ids[0] == ids[1])
        #expect(heads[0] == heads[1])
        #expect(evidence[0] == evidence[1] && evidence[0].count == 2000)
        #expect(ids[0].count == 200)
    }
}
