import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// One clock (issue 34): a test sets the day for the whole application — the pages' "today", the
/// packs' default period and every audit entry's time follow `app.clock`, not the machine's.
@Suite struct ClockTests {
    static func date(_ iso: String) -> Date { LocalTime.parse(iso)! }

    @Test func thePacksDefaultPeriodFollowsTheApplicationsClock() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["ql"]!)
            for (now, from, to) in [
                ("2031-05-15T10:00", "2031-02-01", "2031-04-30"), ("2029-11-03T10:00", "2029-08-01", "2029-10-31")
            ] {
                app.clock = .fixed(Self.date(now))
                let res = try await api.send(.GET, "/api/v1/reports/commissioner")
                #expect(res.status == .ok)
                #expect(res.json["from"] as? String == from, "\(now)")
                #expect(res.json["to"] as? String == to, "\(now)")
            }
        }
    }

    @Test func anAuditedWriteIsStampedWithTheClocksTime() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            let moment = Self.date("2030-03-04T09:30")
            app.clock = .fixed(moment)
            let saved = try await web.post("/account/mail", [("preference", "immediate"), ("version", "1")])
            #expect(saved.status == .seeOther)
            let entry = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$operation == "mail_preference_changed").first())
            #expect(entry.entityID == f.id("rm"))
            #expect(entry.at == moment)
        }
    }

    @Test func aRequestSeesOneMomentAndTheSystemClockIsTheDefault() async throws {
        try await withGrip { app in
            #expect(app.clock.now().timeIntervalSinceNow.magnitude < 60)
            let req = Request(application: app, on: app.eventLoopGroup.next())
            let first = req.now
            #expect(req.now == first)
            app.clock = .fixed(Self.date("2032-01-01T00:30"))
            #expect(req.now == first, "a request keeps the moment it first read")
            let later = Request(application: app, on: app.eventLoopGroup.next())
            #expect(later.today == Day(iso: "2032-01-01"))
        }
    }
}
