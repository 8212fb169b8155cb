import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct OversightTests {
    @Test func theCommissionersLevelAndTheUpdatesDue() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let path = "/services/\(f.sid("one"))"
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            try await commissioner.get(path + "/dashboard")
            let bad = try await commissioner.post(
                path + "/oversight", [("level", ""), ("since", "soon"), ("cadence_days", "0")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Choose the oversight level"))
            #expect(try await count(ServiceOversight.self, app) == 0)
            let ok = try await commissioner.post(
                path + "/oversight",
                [
                    ("level", "enhanced_monitoring"), ("since", today.adding(days: -20).iso), ("cadence_days", "14"),
                    ("note", "After inspection")
                ])
            #expect(ok.status == .seeOther)
            // The commissioner cannot see, so cannot set, another service's oversight.
            #expect(
                try await commissioner.post(
                    "/services/\(f.sid("two"))/oversight",
                    [("level", "routine"), ("since", today.iso), ("cadence_days", "14")]
                ).status == .notFound)
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            try await staff.get("/")
            #expect(
                try await staff.post(
                    path + "/oversight", [("level", "routine"), ("since", today.iso), ("cadence_days", "14")]
                ).status == .forbidden)
            // Due 6 days ago (20 days since the start, every 14): on the manager's My work and the dashboard.
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let home = try await rm.get("/")
            #expect(home.body.string.contains("Commissioner updates due"))
            #expect(home.body.string.contains(today.adding(days: -6).ukFormat))
            #expect(try await rm.get("/dashboard").body.string.contains("Enhanced monitoring"))
            try await rm.get(path + "/dashboard")
            #expect(
                try await rm.post(
                    path + "/oversight-updates", [("day", today.iso), ("summary", "Medicines audit results")]
                ).status == .seeOther)
            let positions = try await OversightService.positions([f.sid("one")], on: app.db)
            #expect(positions[f.sid("one")]?.nextUpdateDue == today.adding(days: 14))
            #expect(
                try await commissioner.post(path + "/oversight-updates", [("day", today.iso), ("summary", "x")]).status
                    == .forbidden)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$operation == "oversight_changed").count() == 1)
            let other = try await Browser.signedIn(app, "admin@beta.example")
            #expect(try await other.get(path + "/dashboard").status == .notFound)
        }
    }
}
