import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct FirstRunTests {
    @Test func emptyDatabaseShowsTheSetupPageThenSignsTheAdminIn() async throws {
        try await withGrip { app in
            let b = Browser(app)
            let first = try await b.get("/sign-in")
            #expect(first.status == .seeOther)
            #expect(first.headers.first(name: .location) == "/setup")
            try await b.get("/setup")
            let bad = try await b.post(
                "/setup", [("organisation", ""), ("name", "Pat"), ("email", "not-an-email"), ("password", "short")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Enter the organisation"))
            #expect(bad.body.string.contains("at least 10 characters"))
            #expect(try await count(Organisation.self, app) == 0)
            let ok = try await b.post(
                "/setup",
                [
                    ("organisation", "Gamma Care"), ("name", "Pat Admin"), ("email", "pat@gamma.example"),
                    ("password", "a long enough password")
                ])
            #expect(ok.status == .seeOther)
            #expect(try await b.get("/admin/services").status == .ok)
            #expect(try await AuditLog.verify(on: app.db).first?.checked == 2 + IndicatorDefinition.defaults.count)
            // Once set up, the page is gone.
            let again = Browser(app)
            try await again.get("/sign-in")
            #expect(
                try await again.post(
                    "/setup",
                    [
                        ("organisation", "Evil"), ("name", "E"), ("email", "e@evil.example"),
                        ("password", "a long enough password")
                    ]
                ).status == .forbidden)
            #expect(try await count(Organisation.self, app) == 1)
        }
    }
}

@Suite struct AdminUsersTests {
    @Test func addsAPersonWhoSetsTheirPasswordByTheOneTimeLink() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            try await admin.get("/admin/users")
            let res = try await admin.post(
                "/admin/users",
                [
                    ("name", "Nell New"), ("email", "Nell@Alpha.example"), ("role", "staff"),
                    ("services[]", f.sid("one").uuidString)
                ])
            #expect(res.status == .seeOther)
            let page = try await admin.get(res.headers.first(name: .location)!)
            let html = page.body.string
            let link = try #require(
                html.range(of: "/reset-password/").map { r in
                    String(html[r.lowerBound...].prefix { $0 != " " && $0 != "<" && $0 != "\"" })
                })
            let user = try await User.query(on: app.db).filter(\.$email == "nell@alpha.example").first()!
            #expect(user.role == .staff)
            #expect(try await ServiceAccess.query(on: app.db).filter(\.$user.$id == user.id!).count() == 1)
            let nell = Browser(app)
            #expect(try await nell.get(link).status == .ok)
            let mismatch = try await nell.post(
                link, [("password", "tulip river lantern"), ("confirm", "tulip river lanter")])
            #expect(mismatch.status == .unprocessableEntity)
            #expect(
                try await nell.post(link, [("password", "tulip river lantern"), ("confirm", "tulip river lantern")])
                    .status == .seeOther)
            // The link works once.
            #expect(try await nell.get(link).status == .notFound)
            _ = try await Browser.signedIn(app, "nell@alpha.example", password: "tulip river lantern")
        }
    }

    @Test func badUserInputNamesTheFieldAndWritesNothing() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            try await admin.get("/admin/users")
            let before = try await count(User.self, app)
            let res = try await admin.post(
                "/admin/users", [("name", ""), ("email", "rm@alpha.example"), ("role", "registered_manager")])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("Enter the person"))
            #expect(html.contains("already has an account"))
            #expect(html.contains("choose at least one"))
            #expect(try await count(User.self, app) == before)
        }
    }

    @Test func roleChangesKeepVersionsAndHistory() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            try await admin.get("/admin/users/\(f.id("staff"))")
            let ok = try await admin.post(
                "/admin/users/\(f.id("staff"))",
                [
                    ("name", "Sam Staff"), ("email", "staff@alpha.example"), ("role", "registered_manager"),
                    ("services[]", f.sid("one").uuidString), ("services[]", f.sid("two").uuidString), ("version", "1")
                ])
            #expect(ok.status == .seeOther)
            let stale = try await admin.post(
                "/admin/users/\(f.id("staff"))",
                [
                    ("name", "Sam"), ("email", "staff@alpha.example"), ("role", "staff"),
                    ("services[]", f.sid("one").uuidString), ("version", "1")
                ])
            #expect(stale.status == .conflict)
            let u = try await User.find(f.id("staff"), on: app.db)!
            #expect(u.role == .registeredManager)
            #expect(try await ServiceAccess.query(on: app.db).filter(\.$user.$id == u.id!).count() == 2)
            let entry = try await AuditEntry.query(on: app.db).filter(\.$entityID == u.id!).filter(
                \.$operation == "updated"
            ).first()
            #expect(entry?.changes.contains("registered_manager") == true)
        }
    }

    @Test func aLeaverIsDeactivatedOnlyAfterHandover() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            // Quinn (quality lead) reviews an extreme action and owns a step.
            var i = f.input(lead: "rm", reviewer: "ql", factors: (5, 5, 5, 5, 5))
            i.title = "Extreme"
            let a = try await f.createAction(app, i)
            _ = try await ActionService(db: app.db, actor: try f.actor("rm"), today: Day.today(now: Date()))
                .addStep(
                    a.id!,
                    .init(
                        what: "Audit", ownerRole: "", ownerID: f.id("ql"), whereRecorded: "File",
                        dueDay: Day.today(now: Date())))
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            let page = try await admin.get("/admin/users/\(f.id("ql"))")
            #expect(page.body.string.contains("Senior reviewer of A-0001"))
            let none = try await admin.post(
                "/admin/users/\(f.id("ql"))/deactivate", [("successor", ""), ("version", "1")])
            #expect(none.status == .unprocessableEntity)
            #expect(none.body.string.contains("choose who takes them over"))
            // A registered manager cannot take over the review of an extreme action.
            let wrong = try await admin.post(
                "/admin/users/\(f.id("ql"))/deactivate", [("successor", f.id("rm2").uuidString), ("version", "1")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("quality lead or the nominated individual"))
            #expect(try await User.find(f.id("ql"), on: app.db)?.active == true)
            let ok = try await admin.post(
                "/admin/users/\(f.id("ql"))/deactivate", [("successor", f.id("ni").uuidString), ("version", "1")])
            #expect(ok.status == .seeOther)
            #expect(try await User.find(f.id("ql"), on: app.db)?.active == false)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.$reviewer.id == f.id("ni"))
            #expect(try await ActionStep.query(on: app.db).first()?.$owner.id == f.id("ni"))
            let handovers = try await AuditEntry.query(on: app.db).filter(\.$operation == "handed_over").count()
            #expect(handovers == 2)
            #expect(try await AuditLog.verify(on: app.db).allSatisfy { $0.firstBroken == nil })
        }
    }
}

@Suite struct AdminSetupTests {
    @Test func servicesFormValidatesAndSaves() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            try await admin.get("/admin/services")
            let bad = try await admin.post(
                "/admin/services", [("name", "One House"), ("cqc_location_id", "123"), ("service_type", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("already a service called One House"))
            #expect(bad.body.string.contains("looks like 1-123456789"))
            #expect(bad.body.string.contains("Choose the type"))
            let ok = try await admin.post(
                "/admin/services",
                [
                    ("name", "Three Lodge"), ("cqc_location_id", "1-555"), ("service_type", "nursing"),
                    ("rating_safe", "inadequate"), ("rating_well_led", "requires_improvement")
                ])
            #expect(ok.status == .seeOther)
            let s = try await Service.query(on: app.db).filter(\.$name == "Three Lodge").first()!
            #expect(s.ratingSafe == .inadequate)
            #expect(s.ratingWellLed == .requiresImprovement)
            let stale = try await admin.post(
                "/admin/services/\(s.id!)", [("name", "Three Lodge"), ("service_type", "nursing"), ("version", "0")])
            #expect(stale.status == .conflict)
        }
    }

    @Test func reviewRoutesNeedServicesAndACadence() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            try await admin.get("/admin/routes")
            let bad = try await admin.post(
                "/admin/routes", [("name", "Board"), ("kind", "board"), ("cadence_days", "0")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("from 1 to 366"))
            #expect(bad.body.string.contains("Choose the services"))
            let ok = try await admin.post(
                "/admin/routes",
                [
                    ("name", "Board"), ("kind", "board"), ("cadence_days", "56"),
                    ("services[]", f.sid("one").uuidString), ("members[]", f.id("ni").uuidString)
                ])
            #expect(ok.status == .seeOther)
            let r = try await ReviewRoute.query(on: app.db).filter(\.$name == "Board").first()!
            #expect(r.cadenceDays == 56)
            #expect(try await RouteMember.query(on: app.db).filter(\.$route.$id == r.id!).count() == 1)
            let foreign = try await admin.post(
                "/admin/routes",
                [("name", "X"), ("kind", "board"), ("cadence_days", "7"), ("services[]", f.sid("b").uuidString)])
            #expect(foreign.status == .unprocessableEntity)
        }
    }

    @Test func actionRouteMustCoverItsService() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try AdminService(db: app.db, actor: try f.actor("admin"))
            let narrow = try await admin.saveRoute(
                nil,
                .init(
                    name: "Two only", kind: .serviceRecoveryMeeting, cadenceDays: 14,
                    serviceIDs: [f.sid("two")], memberIDs: []), version: nil)
            var i = f.input()
            i.routeID = narrow.id
            await #expect(throws: AppError.self) { try await f.createAction(app, i) }
            do { _ = try await f.createAction(app, i) } catch let e as AppError {
                #expect(e.fieldErrors.map(\.field) == ["route"])
            }
        }
    }

    @Test func tokensAreShownOnceAndRevocable() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            try await admin.get("/admin/tokens")
            let bad = try await admin.post("/admin/tokens", [("name", ""), ("user", f.id("rm").uuidString)])
            #expect(bad.status == .unprocessableEntity)
            let res = try await admin.post(
                "/admin/tokens", [("name", "Council dashboard"), ("user", f.id("rm").uuidString)])
            #expect(res.status == .created)
            let html = res.body.string
            let token = try #require(
                html.range(of: "grip_").map { r in String(html[r.lowerBound...].prefix { $0 != "<" }) })
            let api = APIClient(app: app, token: token)
            #expect(try await api.send(.GET, "/api/v1/actions").status == .ok)
            let stored = try await ApiToken.query(on: app.db).filter(\.$name == "Council dashboard").first()!
            #expect(stored.tokenHash == Digests.sha256(token))
            #expect(try await admin.get("/admin/tokens").body.string.contains(token) == false)
            #expect(try await admin.post("/admin/tokens/\(stored.id!)/revoke", []).status == .seeOther)
            #expect(try await api.send(.GET, "/api/v1/actions").status == .unauthorized)
            // Another organisation's token is neither listed nor revocable here.
            let (foreign, _) = try await TokenService.create(
                name: "Beta feed", for: f.users["adminB"]!,
                actor: AuditActor(id: nil, name: "test"), on: app.db)
            let list = try await admin.get("/admin/tokens")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("Council dashboard"))
            #expect(!list.body.string.contains("Beta feed"))
            #expect(try await admin.post("/admin/tokens/\(foreign.id!)/revoke", []).status == .notFound)
            #expect(try await ApiToken.find(foreign.id!, on: app.db)?.revokedAt == nil)
        }
    }

    @Test func settingsShowTheVersionsInForce() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            let html = try await admin.get("/admin/settings").body.string
            #expect(html.contains("cqc-qs-2023"))
            #expect(html.contains("npsa-5x5-v1"))
            #expect(html.contains("review-policy-v1"))
            #expect(html.contains("Medicines optimisation"))
        }
    }
}

@Suite struct SourcesWebTests {
    @Test func recordsASourceOfConcern() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            try await rm.get("/sources")
            let bad = try await rm.post(
                "/sources",
                [
                    ("service", f.sid("one").uuidString), ("kind", "cqc_inspection"), ("title", "Staffing"),
                    ("raised_on", "2026-02-30"), ("statement", "")
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("real date"))
            let before = try await count(Source.self, app)
            let foreign = try await rm.post(
                "/sources",
                [
                    ("service", f.sid("two").uuidString), ("kind", "incident"), ("title", "Fall"),
                    ("raised_on", "2026-02-01")
                ])
            #expect(foreign.status == .unprocessableEntity)
            let ok = try await rm.post(
                "/sources",
                [
                    ("service", f.sid("one").uuidString), ("kind", "cqc_inspection"), ("title", "Staffing at night"),
                    ("detail", "Two staff for 22 people"), ("raised_on", "2026-02-01"), ("statement", "S6"),
                    ("regulation", "18")
                ])
            #expect(ok.status == .seeOther)
            #expect(try await count(Source.self, app) == before + 1)
            let s = try await Source.query(on: app.db).filter(\.$title == "Staffing at night").first()!
            #expect(s.keyQuestion == "safe")
        }
    }
}
