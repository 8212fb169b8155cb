import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Two-factor sign-in end to end: setting it up, signing in with a code, replayed and wrong codes,
/// the organisation's requirement, turning it off, and an admin's reset for a lost phone.
@Suite struct TwoFactorWebTests {
    /// What an authenticator app would show for the secret, `steps` periods from now.
    static func code(_ secret: [UInt8], steps: Int64 = 0) -> String {
        code(secret, counter: UInt64(Int64(TOTP.counter(at: Date())) + steps))
    }

    /// The app's code for one fixed step (a code that was used stays the same code when the clock
    /// moves on to the next step, which `code(_:steps:)` would not).
    static func code(_ secret: [UInt8], counter: UInt64) -> String {
        TOTP.code(secret: secret, counter: counter, hmac: TwoFactor.hmac)
    }

    /// A wrong code that is not the right one for any step in the window.
    static func wrongCode(_ secret: [UInt8]) -> String {
        let near = Set((-2...2).map { code(secret, steps: Int64($0)) })
        return (0..<1000).lazy.map { String(format: "%06d", $0 * 997 % 1_000_000) }.first { !near.contains($0) }!
    }

    /// Sets two-factor sign-in up through the page, as the person would; returns the app's secret.
    static func enrol(_ b: Browser) async throws -> [UInt8] {
        let page = try await b.get(Paths.twoFactor)
        #expect(page.status == .ok)
        let html = page.body.string
        let start = try #require(html.range(of: #"id="totp-key">"#))
        let key = html[start.upperBound...].prefix { $0 != "<" }
        let secret = try #require(Base32.decode(String(key)))
        #expect(secret.count == TOTP.secretBytes)
        #expect(html.contains("otpauth://totp/"))
        let res = try await b.post(Paths.twoFactor, [("code", code(secret))])
        #expect(res.status == .seeOther)
        return secret
    }

    func user(_ app: Application, _ id: UUID) async throws -> User { try #require(try await User.find(id, on: app.db)) }

    func audits(_ app: Application, _ operation: String) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$operation == operation).count()
    }

    func signInWithPassword(_ b: Browser, _ email: String) async throws -> TestingHTTPResponse {
        try await b.get("/sign-in")
        return try await b.post("/sign-in", [("email", email), ("password", Fixture.password), ("next", "/actions")])
    }

    @Test func settingItUpThenSigningInNeedsAFreshCode() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            // A wrong code does not turn it on.
            let page = try await b.get(Paths.twoFactor)
            let key = try #require(page.body.string.range(of: #"id="totp-key">"#)).upperBound
            let secret = try #require(Base32.decode(String(page.body.string[key...].prefix { $0 != "<" })))
            let wrong = try await b.post(Paths.twoFactor, [("code", Self.wrongCode(secret))])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("That code is not right"))
            #expect(wrong.body.string.contains(#"id="code-error""#))
            #expect(try await user(app, f.id("rm")).totpEnabledAt == nil)
            // The same key stays on the page until it works.
            #expect(wrong.body.string.contains(TOTP.grouped(secret)))
            let used = TOTP.counter(at: Date())
            let ok = try await b.post(Paths.twoFactor, [("code", Self.code(secret, counter: used))])
            #expect(ok.status == .seeOther)
            let rm = try await user(app, f.id("rm"))
            #expect(rm.totpEnabledAt != nil)
            #expect(rm.totpSecret.flatMap(Base32.decode) == secret)
            #expect(try await audits(app, "two_factor_enabled") == 1)
            #expect(try await b.get(Paths.twoFactor).body.string.contains("Turn it off"))

            // Signing in: the password alone opens only the code page, on a new session id.
            let c = Browser(app)
            try await c.get("/sign-in")
            let anonymous = c.cookie
            let first = try await signInWithPassword(c, "rm@alpha.example")
            #expect(first.headers.first(name: .location) == Paths.signInCode)
            #expect(c.cookie != nil && c.cookie != anonymous)
            #expect(try await c.get("/actions").status == .seeOther)
            #expect(try await c.get(Paths.signInCode).status == .ok)
            let bad = try await c.post(Paths.signInCode, [("code", Self.wrongCode(secret))])
            #expect(bad.status == .unauthorized)
            #expect(bad.body.string.contains("That code is not right"))
            // The code used to set it up cannot be used again (even when the clock has moved to the next step).
            let replay = try await c.post(Paths.signInCode, [("code", Self.code(secret, counter: used))])
            #expect(replay.status == .unauthorized)
            #expect(try await c.get("/actions").status == .seeOther)
            // The next code works, spaces and all, and goes where the person was heading.
            let pending = c.cookie
            // A step after the one used and inside the window now, however long the test has taken.
            let next = Self.code(secret, counter: max(used + 1, TOTP.counter(at: Date())))
            let done = try await c.post(Paths.signInCode, [("code", next.prefix(3) + " " + next.dropFirst(3))])
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == "/actions")
            #expect(c.cookie != pending)
            #expect(try await c.get("/actions").status == .ok)
            // Failures were cleared by the success.
            #expect(try await SignInFailure.query(on: app.db).filter(\.$email == "rm@alpha.example").count() == 0)

            // Another sign-in cannot reuse that code either.
            let d = Browser(app)
            #expect(
                try await signInWithPassword(d, "rm@alpha.example").headers.first(name: .location) == Paths.signInCode)
            try await d.get(Paths.signInCode)
            #expect(try await d.post(Paths.signInCode, [("code", next)]).status == .unauthorized)
        }
    }

    @Test func theCodePageNeedsThePasswordFirst() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            let page = try await b.get(Paths.signInCode)
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/sign-in")
            try await b.get("/sign-in")
            let post = try await b.post(Paths.signInCode, [("code", "123456")])
            #expect(post.status == .seeOther)
            #expect(try await b.get("/actions").status == .seeOther)
            // People without two-factor sign-in go straight in.
            let s = Browser(app)
            #expect(try await signInWithPassword(s, "staff@alpha.example").headers.first(name: .location) == "/actions")
        }
    }

    @Test func wrongCodesArePausedLikeWrongPasswords() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let secret = try await Self.enrol(try await Browser.signedIn(app, "staff@alpha.example"))
            let b = Browser(app)
            _ = try await signInWithPassword(b, "staff@alpha.example")
            try await b.get(Paths.signInCode)
            for _ in 0..<SignInThrottle.perAccount {
                #expect(try await b.post(Paths.signInCode, [("code", Self.wrongCode(secret))]).status == .unauthorized)
            }
            let paused = try await b.post(Paths.signInCode, [("code", Self.code(secret, steps: 1))])
            #expect(paused.status == .tooManyRequests)
            #expect(paused.headers.first(name: .retryAfter) != nil)
            #expect(try await b.get("/actions").status == .seeOther)
        }
    }

    @Test func turningItOffNeedsACurrentCode() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let b = try await Browser.signedIn(app, "staff@alpha.example")
            let secret = try await Self.enrol(b)
            try await b.get(Paths.twoFactor)
            let wrong = try await b.post(Paths.twoFactor + "/disable", [("code", Self.wrongCode(secret))])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("That code is not right"))
            #expect(try await user(app, f.id("staff")).totpEnabledAt != nil)
            let off = try await b.post(Paths.twoFactor + "/disable", [("code", Self.code(secret, steps: 1))])
            #expect(off.status == .seeOther)
            let staff = try await user(app, f.id("staff"))
            #expect(staff.totpEnabledAt == nil && staff.totpSecret == nil && staff.totpLastStep == nil)
            #expect(try await audits(app, "two_factor_disabled") == 1)
            // Not signed in: refused, nothing changed.
            let anon = Browser(app)
            try await anon.get("/sign-in")
            #expect(try await anon.post(Paths.twoFactor, [("code", "123456")]).status == .unauthorized)
            #expect(try await anon.get(Paths.twoFactor).status == .seeOther)
            #expect(try await user(app, f.id("staff")).totpEnabledAt == nil)
        }
    }

    @Test func anOrganisationCanRequireItForChosenRoles() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            try await admin.get(Paths.adminSettings)
            // Bad input: a role that does not exist is refused and nothing is stored.
            let bad = try await admin.post(
                Paths.adminSettingsTwoFactor, [("roles[]", "registered_manager"), ("roles[]", "wizard")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("wizard is not a role"))
            #expect(try await Organisation.find(f.orgA, on: app.db)?.twoFactorRoles == "")
            // Wrong role and not signed in.
            let rm0 = try await Browser.signedIn(app, "rm@alpha.example")
            try await rm0.get("/actions")
            #expect(try await rm0.post(Paths.adminSettingsTwoFactor, [("roles[]", "staff")]).status == .forbidden)
            let anon = Browser(app)
            try await anon.get("/sign-in")
            #expect(try await anon.post(Paths.adminSettingsTwoFactor, [("roles[]", "staff")]).status == .unauthorized)
            #expect(try await Organisation.find(f.orgA, on: app.db)?.twoFactorRoles == "")

            let saved = try await admin.post(
                Paths.adminSettingsTwoFactor, [("roles[]", "registered_manager"), ("roles[]", "quality_lead")])
            #expect(saved.status == .seeOther)
            #expect(
                TwoFactorPolicy.parse(try #require(try await Organisation.find(f.orgA, on: app.db)).twoFactorRoles) == [
                    .registeredManager, .qualityLead
                ])
            #expect(try await audits(app, "two_factor_roles") == 1)
            // The other organisation is untouched.
            #expect(try await Organisation.find(f.orgB, on: app.db)?.twoFactorRoles == "")
            let settings = try await admin.get(Paths.adminSettings).body.string
            #expect(settings.contains("Rita Manager (Registered manager)"))
            #expect(!settings.contains("Sam Staff"))

            // A registered manager without it is sent to set it up, and can do nothing else.
            let rm = Browser(app)
            let signIn = try await signInWithPassword(rm, "rm@alpha.example")
            #expect(signIn.headers.first(name: .location) == Paths.twoFactor)
            let page = try await rm.get("/actions")
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == Paths.twoFactor)
            let required = try await rm.get(Paths.twoFactor)
            #expect(required.body.string.contains("Your organisation requires two-factor sign-in for your role"))
            #expect(try await rm.post("/actions", [("title", "x")]).status == .forbidden)
            // The already signed-in session is held too.
            #expect(try await rm0.get("/actions").headers.first(name: .location) == Paths.twoFactor)
            // Staff are not in a chosen role.
            #expect(try await Browser.signedIn(app, "staff@alpha.example").get("/actions").status == .ok)

            let secret = try await Self.enrol(rm)
            #expect(try await rm.get("/actions").status == .ok)
            // It cannot be turned off while required.
            let refused = try await rm.post(Paths.twoFactor + "/disable", [("code", Self.code(secret, steps: 1))])
            #expect(refused.status == .forbidden)
            #expect(try await user(app, f.id("rm")).totpEnabledAt != nil)
            #expect(
                !(try await admin.get(Paths.adminSettings).body.string.contains("Rita Manager (Registered manager)")))

            // Ticking nothing makes it optional again.
            try await admin.get(Paths.adminSettings)
            #expect(try await admin.post(Paths.adminSettingsTwoFactor, []).status == .seeOther)
            #expect(try await Organisation.find(f.orgA, on: app.db)?.twoFactorRoles == "")
        }
    }

    @Test func anAdminResetsALostPhone() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await Self.enrol(try await Browser.signedIn(app, "rm@alpha.example"))
            let reset = Paths.adminUserTwoFactorReset(f.id("rm"))
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            let userPage = try await admin.get(Paths.adminUser(f.id("rm")))
            #expect(userPage.body.string.contains(reset))
            // Another organisation's admin: not found, nothing changed.
            let other = try await Browser.signedIn(app, "admin@beta.example")
            try await other.get(Paths.adminUsers)
            #expect(try await other.post(reset, []).status == .notFound)
            // Not an admin.
            let ql = try await Browser.signedIn(app, "ql@alpha.example")
            #expect(try await ql.post(reset, []).status == .forbidden)
            #expect(try await user(app, f.id("rm")).totpEnabledAt != nil)

            #expect(try await admin.post(reset, []).status == .seeOther)
            #expect(try await user(app, f.id("rm")).totpEnabledAt == nil)
            #expect(try await audits(app, "two_factor_reset") == 1)
            // Nothing to reset a second time.
            try await admin.get(Paths.adminUser(f.id("rm")))
            let again = try await admin.post(reset, [])
            #expect(again.status == .unprocessableEntity)
            #expect(try await audits(app, "two_factor_reset") == 1)
            // They sign in with their password alone.
            #expect(
                try await signInWithPassword(Browser(app), "rm@alpha.example").headers.first(name: .location)
                    == "/actions")
        }
    }
}
