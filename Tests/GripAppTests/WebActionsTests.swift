import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct WebAccessTests {
    @Test func signedOutPagesRedirectToSignInAndFormsAre401() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let anon = Browser(app)
            for path in ["/", "/actions", "/actions/new", "/actions/\(a.id!)", "/sources", "/admin/users"] {
                let res = try await anon.get(path)
                #expect(res.status == .seeOther, "\(path)")
                #expect(res.headers.first(name: .location)?.hasPrefix("/sign-in") == true, "\(path)")
            }
            try await anon.get("/sign-in")
            let post = try await anon.post("/actions/\(a.id!)/transition", [("to", "in_progress")])
            #expect(post.status == .unauthorized)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .open)
        }
    }

    @Test func signInRejectsBadPasswordsAndDeactivatedPeople() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let b = Browser(app)
            try await b.get("/sign-in")
            let bad = try await b.post("/sign-in", [("email", "rm@alpha.example"), ("password", "wrong password")])
            #expect(bad.status == .unauthorized)
            #expect(bad.body.string.contains("not right"))
            #expect(bad.body.string.contains("value=\"rm@alpha.example\""))
            _ = try await AdminService(db: app.db, actor: try f.actor("admin")).deactivate(
                f.id("commissioner"), handoverTo: nil, version: 1)
            let gone = try await b.post(
                "/sign-in", [("email", "commissioner@alpha.example"), ("password", Fixture.password)])
            #expect(gone.status == .unauthorized)
        }
    }

    @Test func signOutEndsTheSession() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await b.get("/actions").status == .ok)
            #expect(try await b.post("/sign-out", []).status == .seeOther)
            #expect(try await b.get("/actions").status == .seeOther)
        }
    }

    /// A page may be answered from the session as this instance last read it (issue 35); signing out
    /// forgets it at once, so a copy of the cookie is dead the moment its owner signs out.
    @Test func aCopiedCookieIsRefusedOnceItsOwnerSignsOut() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await b.get("/actions").status == .ok)
            let copy = Browser(app)
            copy.cookie = b.cookie
            #expect(try await copy.get("/actions").status == .ok, "the copy is remembered as signed in")
            #expect(try await b.post("/sign-out", []).status == .seeOther)
            #expect(try await copy.get("/actions").status == .seeOther)
        }
    }

    @Test func signInStartsANewSessionID() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let b = Browser(app)
            try await b.get("/sign-in")
            let anonymous = b.cookie
            #expect(anonymous != nil)
            #expect(
                try await b.post("/sign-in", [("email", "rm@alpha.example"), ("password", Fixture.password)]).status
                    == .seeOther)
            #expect(b.cookie != nil && b.cookie != anonymous)
            #expect(try await b.get("/actions").status == .ok)
            let fixated = Browser(app)
            fixated.cookie = anonymous
            #expect(try await fixated.get("/actions").status == .seeOther)
        }
    }

    @Test func sessionCookieIsHttpOnlyAndSameSite() async throws {
        try await withGrip { app in
            let res = try await app.testing().sendRequest(.GET, "/sign-in")
            let cookie = res.headers[.setCookie].first { $0.hasPrefix("grip_session=") } ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            let res = try await b.post(
                "/actions/\(a.id!)/transition", [("to", "in_progress"), ("version", "1")], csrf: false)
            #expect(res.status == .forbidden)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .open)
        }
    }

    @Test func everyPageRendersForEveryRole() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let pages = [
                "/", "/actions", "/actions?band=high&overdue=true&statement=S8", "/actions/\(a.id!)",
                "/actions/\(a.id!)?tab=steps", "/actions/\(a.id!)?tab=evidence", "/actions/\(a.id!)?tab=reviews",
                "/actions/\(a.id!)?tab=closure", "/actions/\(a.id!)?tab=history", "/dashboard", "/map", "/indicators",
                "/escalations",
                Paths.serviceDashboard(f.sid("one"))
            ]
            for key in ["admin", "ni", "ql", "rm", "staff", "commissioner"] {
                let b = try await Browser.signedIn(app, f.users[key]!.email)
                for p in pages {
                    let res = try await b.get(p)
                    #expect(res.status == .ok, "\(key) \(p)")
                    #expect(res.body.string.contains("</html>"), "\(key) \(p)")
                }
                let csv = try await b.get("/map.csv")
                #expect(csv.headers.contentType?.subType == "csv")
                #expect(csv.body.string.hasPrefix("service,theme,reference,action"))
                #expect(csv.body.string.contains("Every MAR chart complete"))
            }
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            for p in [
                "/actions/new", "/actions/\(a.id!)/edit", "/sources", "/admin", "/admin/services",
                "/admin/services/\(f.sid("one"))",
                "/admin/users", "/admin/users/\(f.id("rm"))", "/admin/routes", "/admin/routes/\(f.rid("a"))",
                "/admin/tokens", "/admin/settings"
            ] {
                let res = try await admin.get(p)
                #expect(res.status == .ok, "\(p)")
            }
        }
    }

    @Test func staffCannotReachAdminOrCreatePages() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            for p in ["/admin", "/admin/users", "/admin/tokens", "/admin/settings", "/actions/new", "/sources"] {
                #expect(try await staff.get(p).status == .forbidden, "\(p)")
            }
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await rm.get("/admin/users").status == .forbidden)
            let post = try await staff.post(
                "/admin/users",
                [
                    ("name", "X"), ("email", "x@alpha.example"), ("role", "staff"),
                    ("services[]", f.sid("one").uuidString)
                ])
            #expect(post.status == .forbidden)
            #expect(try await User.query(on: app.db).filter(\.$email == "x@alpha.example").count() == 0)
        }
    }

    @Test func anotherOrganisationsPagesAre404() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let b = try await f.createActionB(app)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            for p in [
                "/actions/\(b.id!)", "/actions/\(b.id!)/edit", "/admin/users/\(f.id("rmB"))",
                "/admin/services/\(f.sid("b"))", "/admin/routes/\(f.rid("b"))"
            ] {
                let res = try await admin.get(p)
                #expect(res.status == .notFound, "\(p)")
                #expect(!res.body.string.contains("Beta Home"), "\(p)")
            }
            #expect(try await admin.post("/actions/\(b.id!)/transition", [("to", "in_progress")]).status == .notFound)
            #expect(
                try await admin.post("/admin/users/\(f.id("rmB"))/deactivate", [("version", "1")]).status == .notFound)
            #expect(try await User.find(f.id("rmB"), on: app.db)?.active == true)
            #expect(try await RecoveryAction.find(b.id!, on: app.db)?.status == .open)
            // A registered manager of service one cannot open service two's actions either.
            var i = f.input(service: "two", lead: "staff2", reviewer: "rm2")
            i.title = "Two"
            let two = try await f.createAction(app, by: "rm2", i)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await rm.get("/actions/\(two.id!)").status == .notFound)
        }
    }
}

@Suite struct WebActionsTests {
    func form(_ f: Fixture, title: String = "Body maps for every unexplained mark") -> [(String, String)] {
        let today = Day.today(now: Date())
        return [
            ("title", title), ("theme", "Safeguarding"), ("service", f.sid("one").uuidString),
            ("source", f.sources["one"]!.id!.uuidString),
            ("statements[]", "S3"), ("statements[]", "S8"), ("baseline", "3 of 7 marks had a body map"),
            ("baseline_day", today.adding(days: -3).iso), ("metric", "% of marks with a body map"),
            ("direction", "higher"),
            ("baseline_value", "43"), ("target_value", "100"), ("target_day", today.adding(days: 60).iso),
            ("harm", "4"), ("people_affected", "3"), ("recurrence", "3"), ("regulatory_impact", "4"),
            ("control_weakness", "3"),
            ("lead", f.id("staff").uuidString), ("reviewer", f.id("rm").uuidString), ("route", f.rid("a").uuidString),
            ("interim_controls", "Shift lead checks daily notes"), ("due_day", today.adding(days: 30).iso),
            ("status", "open")
        ]
    }

    /// The form's fields with the action's own oversight terms, so an edit weakens nothing.
    func keepingOversight(_ fields: [(String, String)], of a: RecoveryAction) -> [(String, String)] {
        let kept = [
            "target_day": a.targetDay, "metric": a.metric,
            "baseline_value": ActionRules.display(a.baselineValue), "interim_controls": a.interimControls
        ]
        return fields.map { (k, v) in (k, kept[k] ?? v) }
    }

    @Test func createsAnActionFromTheForm() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            try await b.get("/actions/new")
            let res = try await b.post("/actions", form(f))
            #expect(res.status == .seeOther)
            let a = try await RecoveryAction.query(on: app.db).first()!
            #expect(res.headers.first(name: .location) == Paths.action(a.id!))
            #expect(a.riskScore == 12)
            #expect(a.riskBand == .high)
            #expect(a.$source.id == f.sources["one"]!.id)
            let mappings = try await a.$mappings.query(on: app.db).all()
            #expect(mappings.map(\.itemID).sorted() == ["S3", "S8"])
            #expect(Set(mappings.map(\.framework)) == ["cqc-qs-2023"])
            let page = try await b.get("/actions/\(a.id!)")
            #expect(page.body.string.contains("Action A-0001 created."))
            #expect(page.body.string.contains("High risk, score 12"))
            #expect(page.body.string.contains("S3 Safeguarding"))
        }
    }

    @Test func badFormInputReRendersWithEveryFieldNamedAndWritesNothing() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            try await b.get("/actions/new")
            var fields = form(f, title: "")
            fields = fields.map { $0.0 == "baseline_value" ? ($0.0, "lots") : $0 }
            fields = fields.map { $0.0 == "due_day" ? ($0.0, "31/02/2026") : $0 }
            fields = fields.map { $0.0 == "interim_controls" ? ($0.0, "") : $0 }
            fields = fields.map { $0.0 == "reviewer" ? ($0.0, f.id("staff").uuidString) : $0 }
            let res = try await b.post("/actions", fields)
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("There is a problem"))
            #expect(html.contains("Baseline value must be a number"))
            #expect(html.contains("Due day must be a real date"))
            #expect(try await count(RecoveryAction.self, app) == 0)
            // The rules are checked once the values parse.
            fields = form(f).map { $0.0 == "interim_controls" ? ($0.0, "") : $0 }.map {
                $0.0 == "reviewer" ? ($0.0, f.id("staff").uuidString) : $0
            }
            let rules = try await b.post("/actions", fields)
            #expect(rules.status == .unprocessableEntity)
            #expect(rules.body.string.contains("needs interim controls"))
            #expect(rules.body.string.contains("different person from the lead"))
            #expect(rules.body.string.contains("value=\"Body maps for every unexplained mark\""))
            #expect(try await count(RecoveryAction.self, app) == 0)
        }
    }

    @Test func editKeepsHistoryAndRefusesStaleVersions() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            try await b.get("/actions/\(a.id!)/edit")
            // The same target day, metric, baseline value and interim controls as the action's (a later day, another
            // metric, an easier baseline or a cut control would weaken oversight and wait for approval).
            let edited =
                keepingOversight(form(f, title: "Body maps, reviewed weekly"), of: a)
                .filter { $0.0 != "due_day" && $0.0 != "status" } + [("version", "1")]
            let ok = try await b.post("/actions/\(a.id!)/edit", edited)
            #expect(ok.status == .seeOther)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.title == "Body maps, reviewed weekly")
            let lost = keepingOversight(form(f, title: "Lost update"), of: a).filter { $0.0 != "due_day" }
            let stale = try await b.post("/actions/\(a.id!)/edit", lost + [("version", "1")])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("changed by someone else"))
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.title == "Body maps, reviewed weekly")
            let history = try await b.get("/actions/\(a.id!)?tab=history")
            #expect(history.body.string.contains("Body maps, reviewed weekly"))
            #expect(history.body.string.contains("Every MAR chart complete"))
            #expect(history.body.string.contains("Rita Manager"))
        }
    }

    @Test func transitionsFromThePage() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            try await b.get("/actions/\(a.id!)")
            #expect(
                try await b.post("/actions/\(a.id!)/transition", [("to", "in_progress"), ("version", "1")]).status
                    == .seeOther)
            let bad = try await b.post(
                "/actions/\(a.id!)/transition", [("to", "cancelled"), ("reason", ""), ("version", "2")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("A reason is needed"))
            let gated = try await b.post("/actions/\(a.id!)/transition", [("to", "sustained"), ("version", "2")])
            #expect(gated.status == .unprocessableEntity)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .inProgress)
            let other = try await Browser.signedIn(app, "commissioner@alpha.example")
            #expect(
                try await other.post("/actions/\(a.id!)/transition", [("to", "awaiting_assurance")]).status
                    == .forbidden)
        }
    }

    @Test func overdueHighRiskDueDayMovesNeedAControlChange() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            var i = f.input(due: today.adding(days: -2))
            i.targetDay = today.adding(days: 20)
            let a = try await f.createAction(app, i)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            try await b.get("/actions/\(a.id!)")
            let noControl = try await b.post(
                "/actions/\(a.id!)/due-day",
                [
                    ("due_day", today.adding(days: 14).iso), ("reason", "Staff sickness"), ("control_change", ""),
                    ("version", "1")
                ])
            #expect(noControl.status == .unprocessableEntity)
            #expect(noControl.body.string.contains("record the change to its operational control"))
            let noReason = try await b.post(
                "/actions/\(a.id!)/due-day",
                [
                    ("due_day", today.adding(days: 14).iso), ("reason", " "), ("control_change", "Agency nurse"),
                    ("version", "1")
                ])
            #expect(noReason.status == .unprocessableEntity)
            #expect(try await DueDayChange.query(on: app.db).count() == 0)
            let ok = try await b.post(
                "/actions/\(a.id!)/due-day",
                [
                    ("due_day", today.adding(days: 14).iso), ("reason", "Staff sickness"),
                    ("control_change", "Agency nurse covers the morning round"), ("version", "1")
                ])
            #expect(ok.status == .seeOther)
            let fresh = try await RecoveryAction.find(a.id!, on: app.db)!
            #expect(fresh.dueDay == today.adding(days: 14).iso)
            #expect(fresh.interimControls.contains("Agency nurse covers the morning round"))
            let page = try await b.get("/actions/\(a.id!)")
            #expect(page.body.string.contains("Staff sickness"))
            let stale = try await b.post(
                "/actions/\(a.id!)/due-day",
                [("due_day", today.adding(days: 20).iso), ("reason", "again"), ("version", "1")])
            #expect(stale.status == .conflict)
        }
    }

    @Test func stepsAreAddedInOrderAndCompleted() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            try await b.get("/actions/\(a.id!)?tab=steps")
            let due = Day.today(now: Date()).adding(days: 5).iso
            #expect(
                try await b.post(
                    "/actions/\(a.id!)/steps",
                    [
                        ("what", "Daily MAR check"), ("owner_role", "Senior carer"),
                        ("owner", f.id("staff").uuidString),
                        ("where_recorded", "Handover log"), ("due_day", due)
                    ]
                ).status == .seeOther)
            #expect(
                try await b.post(
                    "/actions/\(a.id!)/steps",
                    [
                        ("what", "Weekly audit"), ("owner_role", "Deputy"), ("owner", ""),
                        ("where_recorded", "Audit file"), ("due_day", due)
                    ]
                ).status == .seeOther)
            let bad = try await b.post(
                "/actions/\(a.id!)/steps", [("what", ""), ("owner_role", ""), ("where_recorded", ""), ("due_day", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Say what is done"))
            let outsider = try await b.post(
                "/actions/\(a.id!)/steps",
                [
                    ("what", "x"), ("owner_role", ""), ("owner", f.id("staff2").uuidString),
                    ("where_recorded", "y"), ("due_day", due)
                ])
            #expect(outsider.status == .unprocessableEntity)
            let steps = try await ActionStep.query(on: app.db).sort(\.$position).all()
            #expect(steps.map(\.position) == [1, 2])
            // The step's owner marks it done; someone else's step is refused.
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            try await staff.get("/actions/\(a.id!)?tab=steps")
            // Sue works in the same service but neither owns the step nor leads the action: refused.
            let other = try await Browser.signedIn(app, "staff3@alpha.example")
            try await other.get("/actions/\(a.id!)?tab=steps")
            #expect(try await other.post("/actions/\(a.id!)/steps/\(steps[0].id!)/done", []).status == .forbidden)
            #expect(try await ActionStep.find(steps[0].id!, on: app.db)?.doneOn == nil)
            #expect(try await staff.post("/actions/\(a.id!)/steps/\(steps[0].id!)/done", []).status == .seeOther)
            #expect(try await ActionStep.find(steps[0].id!, on: app.db)?.doneOn != nil)
            // The second step has no owner: the lead (Sam) may mark it done; Sue may not.
            #expect(try await other.post("/actions/\(a.id!)/steps/\(steps[1].id!)/done", []).status == .forbidden)
            #expect(try await ActionStep.find(steps[1].id!, on: app.db)?.doneOn == nil)
            let home = try await staff.get("/")
            #expect(!home.body.string.contains("Daily MAR check"))
        }
    }
}
