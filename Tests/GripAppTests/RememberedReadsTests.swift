import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 35: who a session or a token is, remembered for a few seconds, forgotten at once when a change to a
/// person, a token or an organisation commits on this instance, and within the lifetime otherwise.
@Suite struct RememberedReadsTests {
    /// The Fluent queries one request makes (the middleware runs before the sign-in middleware).
    final class LastQueries: AsyncMiddleware, @unchecked Sendable {
        private let lock = NSLock()
        private var last: [DatabaseQuery] = []
        var queries: [DatabaseQuery] { lock.withLock { last } }

        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            request.fluent.history.start()
            let response = try await next.respond(to: request)
            let queries = request.fluent.history.queries
            lock.withLock { last = queries }
            return response
        }
    }

    static func signInQuery(_ q: DatabaseQuery) -> Bool {
        q.schema == "users" && q.joins.contains { "\($0)".contains("organisations") }
    }

    @Test func aPersonKnownAMomentAgoNeedsNoQuery() async throws {
        try await withGrip { app in
            let recorder = LastQueries()
            app.middleware.use(recorder)
            // The moment stands still, so a slow machine does not outlive what is remembered between two calls.
            app.clock = .fixed(Date())
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            RememberedReads.shared.revoke(organisation: f.orgA)
            #expect(try await api.send(.GET, "/api/v1/actions").status == .ok)
            let cold = recorder.queries
            #expect(try await api.send(.GET, "/api/v1/actions").status == .ok)
            let warm = recorder.queries
            #expect(cold.filter { $0.schema == "api_tokens" }.count == 1, "the first call reads its token")
            #expect(!warm.contains { $0.schema == "api_tokens" }, "the next one remembers it")
            #expect(warm.count == cold.count - 1)

            let browser = try await Browser.signedIn(app, f.users["ql"]!.email)
            RememberedReads.shared.revoke(organisation: f.orgA)
            #expect(try await browser.get("/account/mail").status == .ok)
            #expect(recorder.queries.contains(where: Self.signInQuery))
            #expect(try await browser.get("/account/mail").status == .ok)
            #expect(!recorder.queries.contains(where: Self.signInQuery))
            // Another organisation's change leaves this one's people remembered.
            RememberedReads.shared.revoke(organisation: f.orgB)
            #expect(try await browser.get("/account/mail").status == .ok)
            #expect(!recorder.queries.contains(where: Self.signInQuery))
        }
    }

    @Test func aDeactivatedPersonIsSignedOutAtOnce() async throws {
        try await withGrip { app in
            app.clock = .fixed(Date())  // nothing forgotten by lifetime: only the revocation can
            let f = try await Fixture.make(app)
            let browser = try await Browser.signedIn(app, f.users["staff"]!.email)
            let api = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(try await browser.get("/account/mail").status == .ok)
            #expect(try await api.send(.GET, "/api/v1/actions").status == .ok)
            let admin = try AdminService(db: app.db, actor: try f.actor("admin"))
            let staff = try #require(try await User.find(f.id("staff"), on: app.db))
            _ = try await admin.deactivate(f.id("staff"), handoverTo: f.id("rm"), version: staff.version)
            #expect(try await browser.get("/account/mail").status == .seeOther, "sent to sign in")
            #expect(try await api.send(.GET, "/api/v1/actions").status == .unauthorized)
        }
    }

    @Test func aChangedRoleIsTheNextRequestsRole() async throws {
        try await withGrip { app in
            app.clock = .fixed(Date())  // nothing forgotten by lifetime: only the revocation can
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(try await api.send(.GET, "/api/v1/services").status == .ok)
            let body = #"{"name":"New","service_type":"residential"}"#
            #expect(try await api.send(.POST, "/api/v1/services", json: body).status == .forbidden)
            let staff = try #require(try await User.find(f.id("staff"), on: app.db))
            let admin = try AdminService(db: app.db, actor: try f.actor("admin"))
            _ = try await admin.updateUser(
                f.id("staff"), .init(name: staff.name, email: staff.email, role: .providerAdmin, serviceIDs: []),
                version: staff.version)
            #expect(try await api.send(.POST, "/api/v1/services", json: body).status == .created)
        }
    }

    /// A change the audit log does not see on this instance (another instance's, or the command line's) is
    /// seen once the lifetime has passed.
    @Test func aChangeMadeElsewhereIsSeenWithinTheLifetime() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let moment = Date(timeIntervalSince1970: 1_800_000_000)
            app.clock = .fixed(moment)
            let (token, secret) = try await TokenService.create(
                name: "elsewhere", for: f.users["rm"]!, actor: AuditActor(id: nil, name: "t"), on: app.db)
            let api = APIClient(app: app, token: secret)
            #expect(try await api.send(.GET, "/api/v1/services").status == .ok)
            token.revokedAt = moment
            try await token.update(on: app.db)
            #expect(try await api.send(.GET, "/api/v1/services").status == .ok, "remembered")
            app.clock = .fixed(moment.addingTimeInterval(RememberedReads.lifetime - 0.5))
            #expect(try await api.send(.GET, "/api/v1/services").status == .ok, "still within the lifetime")
            app.clock = .fixed(moment.addingTimeInterval(RememberedReads.lifetime))
            #expect(try await api.send(.GET, "/api/v1/services").status == .unauthorized)
        }
    }

    /// Putting another framework in force is seen by the next read at once, though the last was remembered.
    @Test func aFrameworkPutInForceIsSeenAtOnce() async throws {
        try await withGrip { app in
            app.clock = .fixed(Date())
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let before = try await api.send(.GET, "/api/v1/actions/\(a.id!)")
            #expect(before.json["framework"] as? String == "cqc-qs-2023")
            _ = try await FrameworkService(db: app.db, actor: try f.actor("admin"), today: Day.today(now: Date()))
                .choose("cqc-kloe-2017", effectiveOn: nil, expected: "cqc-qs-2023")
            let after = try await api.send(.GET, "/api/v1/actions/\(a.id!)")
            #expect(after.json["framework"] as? String == "cqc-kloe-2017")
        }
    }

    /// What was read before a change committed is not remembered after it; one organisation's change leaves
    /// another's remembered.
    @Test func aReadFromBeforeARevocationIsNotRemembered() throws {
        let cache = RememberedReads()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let org = UUID(), other = UUID()
        let read = cache.revocations
        cache.revoke(organisation: org)
        cache.remember("x", as: "k", of: org, readAt: read, now: now)
        #expect(cache.recall("k", as: String.self, now: now) == nil)
        cache.remember("x", as: "k", of: org, readAt: cache.revocations, now: now)
        cache.remember("y", as: "j", of: other, readAt: cache.revocations, now: now)
        #expect(cache.recall("k", as: String.self, now: now) == "x")
        #expect(cache.recall("k", as: Int.self, now: now) == nil, "asked as another type")
        #expect(cache.recall("k", as: String.self, now: now.addingTimeInterval(-1)) == nil, "a clock gone back")
        #expect(cache.recall("k", as: String.self, now: now.addingTimeInterval(RememberedReads.lifetime)) == nil)
        cache.revoke(organisation: other)
        #expect(cache.recall("k", as: String.self, now: now) == "x")
        #expect(cache.recall("j", as: String.self, now: now) == nil)
    }
}
