import Fluent
import FluentPostgresDriver
import Foundation
import GripCore
import NIOCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Runs tests on an in-memory SQLite database by default, or on PostgreSQL when
/// `GRIP_TEST_DATABASE_URL` is set (then one test at a time, on a fresh schema).
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["GRIP_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Serialises tests that share one PostgreSQL database.
actor TestGate {
    static let shared = TestGate()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

func withGrip(
    maxUploadBytes: Int = FileCheck.defaultLimitBytes, bankHolidays: BankHolidays = .shipped,
    _ test: (Application) async throws -> Void
) async throws {
    let pg = TestDatabase.postgresURL
    if pg != nil { await TestGate.shared.enter() }
    defer { if pg != nil { Task { await TestGate.shared.leave() } } }
    if let pg { try await resetPostgres(pg) }
    let app = try await Application.make(.testing)
    do {
        let store: GripConfig.Store = pg.map { .postgres($0) } ?? .sqliteMemory
        var config = GripConfig(
            store: store, dataDirectory: NSTemporaryDirectory(), bcryptCost: 4, maxUploadBytes: maxUploadBytes)
        config.bankHolidays = bankHolidays
        try await configure(app, config: config)
        try await test(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// Engine-specific, test-only: start a PostgreSQL test on an empty schema.
func resetPostgres(_ url: String) async throws {
    let app = try await Application.make(.testing)
    do {
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
        let sql = app.db as! any SQLDatabase
        try await sql.raw("DROP SCHEMA public CASCADE").run()
        try await sql.raw("CREATE SCHEMA public").run()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// Two organisations with people in every role, services, routes and sources.
struct Fixture {
    let orgA: UUID
    let orgB: UUID
    var users: [String: User] = [:]
    var services: [String: Service] = [:]
    var routes: [String: ReviewRoute] = [:]
    var sources: [String: Source] = [:]
    static let password = "correct horse battery"

    func actor(_ key: String) throws -> Actor { try Actor(users[key]!) }
    func id(_ key: String) -> UUID { users[key]!.id! }
    func sid(_ key: String) -> UUID { services[key]!.id! }
    func rid(_ key: String) -> UUID { routes[key]!.id! }

    static func make(_ app: Application) async throws -> Fixture {
        let db = app.db
        let (a, adminA) = try await OrganisationService.createWithAdmin(
            name: "Alpha Care", adminName: "Ada Admin", email: "admin@alpha.example",
            password: password, hasher: app.password, on: db)
        let (b, adminB) = try await OrganisationService.createWithAdmin(
            name: "Beta Care", adminName: "Bea Admin", email: "admin@beta.example",
            password: password, hasher: app.password, on: db)
        var f = Fixture(orgA: a.id!, orgB: b.id!)
        f.users["admin"] = adminA
        f.users["adminB"] = adminB
        let adminSvcA = try AdminService(db: db, actor: try Actor(adminA))
        let adminSvcB = try AdminService(db: db, actor: try Actor(adminB))
        f.services["one"] = try await adminSvcA.saveService(
            nil,
            .init(
                name: "One House", cqcLocationID: "1-111", serviceType: .residential, commissioners: "Council",
                ratings: [:]), version: nil)
        f.services["two"] = try await adminSvcA.saveService(
            nil,
            .init(
                name: "Two Court", cqcLocationID: "1-222", serviceType: .supportedLiving, commissioners: "",
                ratings: [:]), version: nil)
        f.services["b"] = try await adminSvcB.saveService(
            nil,
            .init(
                name: "Beta Home", cqcLocationID: "1-333", serviceType: .domiciliary, commissioners: "", ratings: [:]),
            version: nil)
        let people: [(String, String, Role, [String], AdminService)] = [
            ("ni", "Nia Individual", .nominatedIndividual, [], adminSvcA),
            ("ql", "Quinn Lead", .qualityLead, [], adminSvcA),
            ("rm", "Rita Manager", .registeredManager, ["one"], adminSvcA),
            ("rm2", "Ravi Manager", .registeredManager, ["two"], adminSvcA),
            ("staff", "Sam Staff", .staff, ["one"], adminSvcA),
            // A second member of staff of service one: neither lead nor owner of the fixture's records.
            ("staff3", "Sue Staff", .staff, ["one"], adminSvcA),
            ("staff2", "Sol Staff", .staff, ["two"], adminSvcA),
            ("commissioner", "Cal Commissioner", .commissioner, ["one"], adminSvcA),
            ("rmB", "Rob Beta", .registeredManager, ["b"], adminSvcB)
        ]
        let hash = try app.password.hash(password)
        for (key, name, role, svcs, admin) in people {
            let (u, _) = try await admin.createUser(
                .init(
                    name: name,
                    email: "\(key.lowercased())@\(admin.actor.organisationID == f.orgA ? "alpha" : "beta").example",
                    role: role, serviceIDs: svcs.map { f.sid($0) }), hasher: app.password)
            u.passwordHash = hash
            try await u.update(on: db)
            f.users[key] = u
        }
        f.routes["a"] = try await adminSvcA.saveRoute(
            nil,
            .init(
                name: "Recovery meeting", kind: .serviceRecoveryMeeting, cadenceDays: 14,
                serviceIDs: [f.sid("one"), f.sid("two")], memberIDs: [f.id("rm")]), version: nil)
        f.routes["b"] = try await adminSvcB.saveRoute(
            nil,
            .init(
                name: "Beta meeting", kind: .providerOversight, cadenceDays: 28,
                serviceIDs: [f.sid("b")], memberIDs: []), version: nil)
        f.sources["one"] = try await SourceService(db: db, actor: try f.actor("ql")).create(
            .init(
                serviceID: f.sid("one"), kind: .cqcInspection, title: "Medicines", detail: "MAR gaps",
                raisedOn: Day(iso: "2026-01-10"),
                statementID: "S8", regulation: "12"))
        return f
    }

    /// A valid high-risk action input for service one.
    func input(
        service: String = "one", lead: String = "staff", reviewer: String = "rm", route: String = "a",
        factors: (Int, Int, Int, Int, Int) = (4, 3, 3, 4, 3), due: Day = Day.today(now: Date()).adding(days: 30)
    ) -> ActionInput {
        var i = ActionInput()
        i.title = "Every MAR chart complete"
        i.theme = "Medicines"
        i.serviceID = services[service]!.id
        i.sourceID = .some(nil)
        i.statementIDs = ["S8"]
        i.baseline = "57% complete"
        i.baselineDay = Day.today(now: Date()).adding(days: -10)
        i.metric = "% MAR complete"
        i.direction = .higher
        i.baselineValue = 57
        i.targetValue = 100
        i.targetDay = due.adding(days: 10)
        (i.harm, i.peopleAffected, i.recurrence, i.regulatoryImpact, i.controlWeakness) = factors
        i.leadID = users[lead]!.id
        i.reviewerID = users[reviewer]!.id
        i.routeID = routes[route]!.id
        i.interimControls = "Daily check by the shift lead"
        i.dueDay = due
        return i
    }

    func createAction(_ app: Application, by: String = "rm", _ input: ActionInput? = nil) async throws -> RecoveryAction
    {
        try await ActionService(db: app.db, actor: try actor(by), today: Day.today(now: Date())).create(
            input ?? self.input())
    }

    /// An action in organisation B.
    func createActionB(_ app: Application) async throws -> RecoveryAction {
        var i = input(service: "b", lead: "rmB", reviewer: "adminB", route: "b", factors: (2, 2, 2, 2, 2))
        i.interimControls = ""
        return try await ActionService(db: app.db, actor: try actor("adminB"), today: Day.today(now: Date())).create(i)
    }
}

/// The first day of the month `back` months before this one.
func monthStart(_ back: Int) -> Day {
    let today = Day.today(now: Date())
    var y = today.year, m = today.month - back
    while m < 1 { m += 12; y -= 1 }
    return Day(year: y, month: m, day: 1)!
}

extension Fixture {
    /// Moves an action's closure `days` back (as if signed off then), with the re-audit due day the policy gives, so
    /// a re-audit today is past its earliest day (half the interval: 14 days for high, 28 for moderate).
    func closedAgo(_ app: Application, _ actionID: UUID, days: Int) async throws {
        let today = Day.today(now: Date())
        guard let a = try await RecoveryAction.find(actionID, on: app.db) else { return }
        let closed = today.adding(days: -days)
        a.status = .monitoring
        a.closedOn = closed.iso
        a.reAuditDueDay = ReAuditPolicy.current.dueDay(closedOn: closed, band: a.riskBand).iso
        a.reAuditPolicyVersion = ReAuditPolicy.current.version
        try await a.update(on: app.db)
    }

    /// Evidence on the action dated `day` (after closure), for a re-audit to rest on.
    func reAuditEvidence(
        _ app: Application, _ actionID: UUID, by: String = "rm", day: Day = Day.today(now: Date())
    )
        async throws -> UUID
    {
        try await EvidenceService(db: app.db, actor: try actor(by), today: Day.today(now: Date())).record(
            actionIDs: [actionID], .init(category: "processes", kind: .audit, day: day, summary: "Re-audit sample"),
            files: []
        ).id!
    }
}
