import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Issue 23: people supported, minimised and scoped, with every view audited; commissioners see aggregates unless a
/// case is shared with them.
@Suite struct PeopleWebTests {
    static let today = Day.today(now: Date())

    static func person(
        _ f: Fixture, _ app: Application, reference: String = "RS-014", service: String = "one",
        by: String = "rm"
    ) async throws -> Person {
        try await PeopleService(db: app.db, actor: try f.actor(by), today: today).create(
            .init(
                serviceID: f.sid(service),
                facts: PersonFacts(
                    reference: reference, placement: "Flat 2", profile: RiskProfile([.falls: .high, .choking: .low]),
                    reviewDue: today.adding(days: 10), representative: "Mother", contact: .phone,
                    lastInvolved: today.adding(days: -3))))
    }

    static func viewed(_ id: UUID, _ app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$entityID == id).filter(\.$operation == "viewed").count()
    }

    @Test func aManagerAddsAPersonAndBadInputWritesNothing() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let audit = try await count(AuditEntry.self, app)
            // A name instead of a reference code, a rating that is not one, a day that is not a day.
            let bad = try await rm.post(
                "/people",
                [
                    ("service", f.sid("one").uuidString), ("reference", "Mary Smith"), ("placement", "Flat 1"),
                    ("risk_falls", "severe"), ("review_due", "next week")
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("never the person"))
            #expect(bad.body.string.contains("Rate falls low, medium or high"))
            #expect(bad.body.string.contains("The review day must be a real date"))
            #expect(bad.body.string.contains("Mary Smith"))  // what was typed is shown again
            #expect(try await count(Person.self, app) == 0)
            #expect(try await count(AuditEntry.self, app) == audit)
            // Another service's id is refused by name, not created there.
            let other = try await rm.post(
                "/people",
                [
                    ("service", f.sid("two").uuidString), ("reference", "RS-1"),
                    ("placement", "Flat 1")
                ])
            #expect(other.status == .unprocessableEntity)
            #expect(other.body.string.contains("Choose one of your services"))
            let good = try await rm.post(
                "/people",
                [
                    ("service", f.sid("one").uuidString), ("reference", "RS-014"), ("placement", "Flat 1"),
                    ("risk_falls", "high"), ("risk_behaviour", "medium"),
                    ("review_due", Self.today.adding(days: 7).iso),
                    ("representative", "Advocate"), ("contact", "video"), ("last_involved", Self.today.iso)
                ])
            #expect(good.status == .seeOther)
            let p = try #require(try await Person.query(on: app.db).first())
            #expect(p.profile.ratings == [.falls: .high, .behaviour: .medium])
            #expect(p.highestRisk == PersonRiskLevel.high.rank && p.contact == .video)
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$entityID == p.id!)
                    .filter(\.$operation == "created").count() == 1)
            // The same reference again is refused.
            let again = try await rm.post(
                "/people",
                [
                    ("service", f.sid("one").uuidString), ("reference", "RS-014"),
                    ("placement", "Room 3")
                ])
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("already the reference"))
            // Staff read people but do not add them.
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(try await staff.post("/people", [("reference", "RS-2")]).status == .forbidden)
            #expect(try await count(Person.self, app) == 1)
        }
    }

    @Test func everyViewIsAuditedAndOnlyThoseWhoMaySeeItDo() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await Self.person(f, app)
            let path = Paths.person(p.id!)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let page = try await rm.get(path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("RS-014") && page.body.string.contains("Falls"))
            #expect(try await Self.viewed(p.id!, app) == 1)
            #expect(try await Staff.read(app, "staff@alpha.example", path) == .ok)
            #expect(try await Self.viewed(p.id!, app) == 2)
            // Another service's manager, another organisation, and a commissioner without a shared case: 404, and
            // no view is recorded.
            for email in ["rm2@alpha.example", "rmb@beta.example", "commissioner@alpha.example"] {
                #expect(try await Staff.read(app, email, path) == .notFound, "\(email)")
            }
            #expect(try await Self.viewed(p.id!, app) == 2)
            // Not signed in: to the sign-in page.
            let nobody = Browser(app)
            let anon = try await nobody.get(path)
            #expect(anon.status == .seeOther && (anon.headers.first(name: .location) ?? "").hasPrefix("/sign-in"))
        }
    }

    @Test func aCommissionerSeesAggregatesUntilACaseIsShared() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await Self.person(f, app)
            _ = try await Self.person(f, app, reference: "RS-200", service: "two", by: "rm2")
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            let list = try await commissioner.get("/people")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("One House"))
            #expect(!list.body.string.contains("RS-014"))  // counts and profiles, not the person
            #expect(!list.body.string.contains("Two Court"))  // only their services
            #expect(try await commissioner.get("/safeguarding").status == .forbidden)
            // The manager shares the case: the commissioner opens it, and the share and the view are audited.
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let shared = try await rm.post(
                Paths.personShares(p.id!),
                [
                    ("commissioner", f.id("commissioner").uuidString),
                    ("share", "yes")
                ])
            #expect(shared.status == .seeOther)
            #expect(try await commissioner.get("/people").body.string.contains("RS-014"))
            #expect(try await commissioner.get(Paths.person(p.id!)).status == .ok)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$entityID == p.id!).all().map(\.operation)
            #expect(entries.contains("shared") && entries.filter { $0 == "viewed" }.count == 1)
            // A commissioner still records nothing about the person.
            #expect(try await commissioner.post(Paths.person(p.id!), [("version", "1")]).status == .forbidden)
            // Sharing with someone who is not a commissioner of the service is refused by name.
            let wrong = try await rm.post(
                Paths.personShares(p.id!),
                [
                    ("commissioner", f.id("staff").uuidString),
                    ("share", "yes")
                ])
            #expect(wrong.status == .unprocessableEntity)
            // Withdrawn: 404 again.
            _ = try await rm.post(
                Paths.personShares(p.id!),
                [
                    ("commissioner", f.id("commissioner").uuidString),
                    ("share", "no")
                ])
            #expect(try await commissioner.get(Paths.person(p.id!)).status == .notFound)
        }
    }

    /// A shared case's page shows a commissioner the person's first 20 interventions but no link on to the log,
    /// which is the provider's (it would be a 403); the manager gets the link.
    @Test func aSharedCaseDoesNotLinkACommissionerToTheLog() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await Self.person(f, app)
            let log = InterventionService(db: app.db, actor: try f.actor("rm"), now: Date())
            for n in 0..<21 {
                let started = Date().addingTimeInterval(Double(-(n + 2) * 3600))
                _ = try await log.create(InterventionWebTests.input(p.id!, started: started, debrief: started))
            }
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            _ = try await rm.post(
                Paths.personShares(p.id!), [("commissioner", f.id("commissioner").uuidString), ("share", "yes")])
            let more = "/interventions?service="
            #expect(try await rm.get(Paths.person(p.id!)).body.string.contains(more))
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            let page = try await commissioner.get(Paths.person(p.id!))
            #expect(page.status == .ok)
            #expect(!page.body.string.contains(more))
        }
    }

    @Test func anEditNeedsTheVersionReadAndTheRightRole() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await Self.person(f, app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let fields: [(String, String)] = [
                ("service", f.sid("one").uuidString), ("reference", "RS-014"),
                ("placement", "Flat 9"), ("risk_falls", "medium"),
                ("review_due", Self.today.adding(days: 30).iso)
            ]
            let saved = try await rm.post(Paths.person(p.id!), fields + [("version", "1")])
            #expect(saved.status == .seeOther)
            let after = try #require(try await Person.find(p.id, on: app.db))
            #expect(after.placement == "Flat 9" && after.version == 2 && after.profile.ratings == [.falls: .medium])
            let stale = try await rm.post(Paths.person(p.id!), fields + [("version", "1")])
            #expect(stale.status == .conflict)
            #expect(try await Person.find(p.id, on: app.db)?.version == 2)
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(try await staff.post(Paths.person(p.id!), fields + [("version", "2")]).status == .forbidden)
            let beta = try await Browser.signedIn(app, "rmb@beta.example")
            #expect(try await beta.post(Paths.person(p.id!), fields + [("version", "2")]).status == .notFound)
            // The service page shows the profile across placements, highest first.
            _ = try await Self.person(f, app, reference: "RS-300")
            let dash = try await rm.get(Paths.serviceDashboard(f.sid("one")))
            let body = dash.body.string
            let high = try #require(body.range(of: "RS-300"))
            let medium = try #require(body.range(of: "RS-014"))
            #expect(high.lowerBound < medium.lowerBound)
        }
    }
}

/// Signs in and reads one page: its status.
enum Staff {
    static func read(_ app: Application, _ email: String, _ path: String) async throws -> HTTPStatus {
        try await Browser.signedIn(app, email).get(path).status
    }
}
