import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Over a real socket a body larger than one read arrives in pieces after the middleware has
/// started. A browser sends the CSRF token inside the form, so the CSRF check collects the body
/// first (to the route's own limit) before reading it; in memory every body arrives whole, which
/// is why these tests go over TCP.
@Suite struct LiveBodyTests {
    @Test func largeUploadsAndLongFormsCarryTheirTokenInTheBody() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let b = try await Browser.signedIn(app, "staff@alpha.example")
            b.over = .running(hostname: "127.0.0.1", port: 0)
            #expect(try await b.get("/actions/\(a.id!)?tab=evidence").status == .ok)
            // A 600 KB file and a long summary, the token in the form as a browser sends it.
            let file = Array(String(repeating: "12:00,complete\n", count: 40_000).utf8)
            // 3,900 characters (the rule allows 4,000)
            let summary = String(repeating: "Observed the lunchtime round. ", count: 130)
            let fields = [
                ("category", "observation"), ("kind", "observation"), ("date", Day.today(now: Date()).iso),
                ("summary", summary)
            ]
            let upload = try await b.postMultipart("/actions/\(a.id!)/evidence", fields, file: ("round.csv", file))
            // Over TCP the client follows the redirect to the action's page, so a success ends in 200.
            #expect(
                upload.status.code < 400,
                """
                \(upload.status): \
                \(upload.body.string.components(separatedBy: "field-error").dropFirst().map { $0.prefix(160) })
                """
            )
            let stored = try await EvidenceFile.query(on: app.db).all()
            #expect(stored.map(\.size) == [file.count])

            // A long urlencoded form (15,000 characters): checked as a sign-in, not refused as expired.
            let other = Browser(app)
            other.over = .running(hostname: "127.0.0.1", port: 0)
            try await other.get("/sign-in")
            let long = try await other.post(
                "/sign-in", [("email", "rm@alpha.example"), ("password", String(repeating: "x", count: 15_000))])
            #expect(long.status == .unauthorized)
            // Without the token, the same body is refused as it should be.
            let noToken = try await other.post(
                "/sign-in", [("email", "rm@alpha.example"), ("password", String(repeating: "x", count: 15_000))],
                csrf: false)
            #expect(noToken.status == .forbidden)
        }
    }
}
