import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct SignInThrottleWebTests {
    func attempt(_ b: Browser, _ email: String, _ password: String) async throws -> TestingHTTPResponse {
        try await b.get("/sign-in")
        return try await b.post("/sign-in", [("email", email), ("password", password), ("next", "/")])
    }

    /// Wrong passwords, one per e-mail address given, each answered 401.
    func fail(_ b: Browser, _ emails: [String], _ password: String = "not the password") async throws {
        for email in emails { #expect(try await attempt(b, email, password).status == .unauthorized) }
    }

    func failures(_ email: String, _ app: Application) async throws -> Int {
        try await SignInFailure.query(on: app.db).filter(\.$email == email).count()
    }

    @Test func fiveWrongPasswordsPauseTheAccountEvenForTheRightOne() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await fail(b, Array(repeating: "rm@alpha.example", count: SignInThrottle.perAccount))
            #expect(try await failures("rm@alpha.example", app) == SignInThrottle.perAccount)
            let paused = try await attempt(b, "RM@alpha.example ", Fixture.password)
            #expect(paused.status == .tooManyRequests)
            let retry = Int(paused.headers.first(name: .retryAfter) ?? "")
            #expect(retry.map { $0 > 0 && $0 <= 900 } == true)
            // The wait counts from the first failure: 15 minutes unless the five tries took a minute or more (a
            // loaded machine), and always the message's minutes for the Retry-After's seconds.
            let minutes = SignInThrottle.minutes(TimeInterval(retry ?? 0))
            #expect((14...15).contains(minutes))
            #expect(
                paused.body.string.contains("Too many sign-in attempts that did not match. Wait \(minutes) minutes"))
            // Not signed in, and a refused try does not lengthen the pause.
            #expect(try await b.get("/dashboard").status == .seeOther)
            #expect(try await failures("rm@alpha.example", app) == SignInThrottle.perAccount)
            // Another account from the same address is not paused.
            #expect(try await attempt(Browser(app), "staff@alpha.example", Fixture.password).status == .seeOther)
            // Once the failures are older than the window, the right password works and clears them.
            try await SignInFailure.query(on: app.db)
                .set(\.$at, to: Date().addingTimeInterval(-SignInThrottle.window - 1)).update()
            let ok = Browser(app)
            #expect(try await attempt(ok, "rm@alpha.example", Fixture.password).status == .seeOther)
            #expect(try await ok.get("/dashboard").status != .seeOther)
            #expect(try await failures("rm@alpha.example", app) == 0)
        }
    }

    @Test func anAccountThatDoesNotExistPausesTheSameWay() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await fail(
                b, Array(repeating: "nobody@alpha.example", count: SignInThrottle.perAccount), "a guess at it")
            // Same answer as for a real account: nothing tells a guesser which addresses exist.
            #expect(try await attempt(b, "nobody@alpha.example", "a guess at it").status == .tooManyRequests)
        }
    }

    @Test func aSuccessForgetsEarlierFailures() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await fail(b, Array(repeating: "staff@alpha.example", count: SignInThrottle.perAccount - 1))
            #expect(try await attempt(b, "staff@alpha.example", Fixture.password).status == .seeOther)
            #expect(try await failures("staff@alpha.example", app) == 0)
            // So one more mistake later does not pause the account.
            #expect(try await attempt(Browser(app), "staff@alpha.example", "wrong again!").status == .unauthorized)
            #expect(try await attempt(Browser(app), "staff@alpha.example", Fixture.password).status == .seeOther)
        }
    }

    @Test func oneAddressTryingManyAccountsIsPaused() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await fail(b, (1...SignInThrottle.perAddress).map { "guess\($0)@alpha.example" }, "Summer2026!")
            // A real account with its right password, from that address: paused too.
            let paused = try await attempt(b, "admin@alpha.example", Fixture.password)
            #expect(paused.status == .tooManyRequests)
            #expect(try await count(SignInFailure.self, app) == SignInThrottle.perAddress)
        }
    }
}
