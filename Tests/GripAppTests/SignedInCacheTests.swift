import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 35: who a session or a token is, remembered for a few seconds, forgotten at once when a change to a
/// person, a token or an organisation commits on this instance, and within the lifetime otherwise.
@Suite struct SignedInCacheTests {
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
            SignedInCache.shared.revoke(organisation: f.orgA)
            #expect(try await api.send(.GET, "/api/v1/actions").status == .ok)
            let cold = recorder.queries
            #expect(try await api.send(.GET, "/api/v1/actions").status == .ok)
            let warm = recorder.queries
            #expect(cold.filter { $0.schema == "api_tokens" }.count == 1, "the first call reads its token")
            #expect(!warm.contains { $0.schema == "api_tokens" }, "the next one remembers it")
            #expect(warm.count == cold.count - 1)

            let browser = try await Browser.signedIn(app, f.users["ql"]!.email)
            SignedInCache.shared.revoke(organisation: f.orgA)
            #expect(try await browser.get("/account/mail").status == .ok)
            #expect(recorder.queries.contains(where: Self.signInQuery))
            #expect(try await browser.get("/account/mail").status == .ok)
            #expect(!recorder.queries.contains(where: Self.signInQuery))
            // Another organisation's change leaves this one's people remembered.
            SignedInCache.shared.revoke(organisation: f.orgB)
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
            app.clock = .fixed(moment.addingTimeInterval(SignedInCache.lifetime - 0.5))
            #expect(try await api.send(.GET, "/api/v1/services").status == .ok, "still within the lifetime")
            app.clock = .fixed(moment.addingTimeInterval(SignedInCache.lifetime))
            #expect(try await api.send(.GET, "/api/v1/services").status == .unauthorized)
        }
    }

    /// What was read before a change committed is not remembered after it.
    @Test func aReadFromBeforeARevocationIsNotRemembered() throws {
        let cache = SignedInCache()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let someone = SignedInCache.SignedIn(
            actor: Actor(system: "x", organisationID: UUID()), twoFactorRoles: [], enrolled: false, enrolledAt: nil)
        let read = cache.revocations
        cache.revoke(organisation: someone.actor.organisationID)
        cache.remember(someone, as: "t:a", readAt: read, now: now)
        #expect(cache.recall("t:a", now: now) == nil)
        cache.remember(someone, as: "t:a", readAt: cache.revocations, now: now)
        #expect(cache.recall("t:a", now: now)?.actor.name == "x")
        #expect(cache.recall("t:a", now: now.addingTimeInterval(-1)) == nil, "a clock that went back forgets")
        #expect(cache.recall("t:b", now: now) == nil)
    }
}
