import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Each way issue 18 found to walk around Grip's governance, tried again on the web form and the
/// API: every one is now refused, or waits for a second person.
@Suite struct GovernanceEnforcementTests {
    var today: Day { Day.today(now: Date()) }

    /// The fixture's high-risk action (lead: staff; senior reviewer: the registered manager).
    func path(_ a: RecoveryAction) -> String { "/api/v1/actions/\(a.id!)" }

    // MARK: 1. Changes that weaken oversight need a second person

    @Test func loweringTheBandOverTheAPIWaitsForASecondPerson() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let low: [String: Any] = [
                "harm": 1, "people_affected": 1, "recurrence": 1, "regulatory_impact": 1, "control_weakness": 1
            ]
            // No reason: refused, field named, nothing written.
            let bare = try await rm.json(.PATCH, path(a), ["version": 1, "risk": low])
            #expect(bare.status == .unprocessableEntity)
            #expect(bare.problemFields == ["change_reason"])
            #expect(try await count(PendingChange.self, app) == 0)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.riskBand == .high)
            // With a reason: 202 and a pending change; the action keeps its band.
            let proposed = try await rm.json(
                .PATCH, path(a), ["version": 1, "risk": low, "change_reason": "The audit shows no gaps for a month."])
            #expect(proposed.status == .accepted)
            #expect(proposed.json["status"] as? String == "pending")
            #expect((proposed.json["weakenings"] as? [[String: Any]])?.first?["code"] as? String == "lower_band")
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.riskBand == .high)
            let changeID = try #require(proposed.json["id"] as? String)
            let approve = path(a) + "/changes/\(changeID)/approve"
            // A second proposal waits for the first.
            let again = try await rm.json(
                .PATCH, path(a), ["version": 1, "risk": low, "change_reason": "The audit shows no gaps for a month."])
            #expect(again.status == .conflict)
            // Not the proposer, not the lead, not staff or the commissioner; another organisation does not see it.
            #expect(try await rm.json(.POST, approve, ["version": 1]).status == .forbidden)
            #expect(
                try await APIClient.make(app, for: f.users["staff"]!).json(.POST, approve, ["version": 1]).status
                    == .forbidden)
            #expect(
                try await APIClient.make(app, for: f.users["commissioner"]!).json(.POST, approve, ["version": 1]).status
                    == .forbidden)
            #expect(
                try await APIClient.make(app, for: f.users["adminB"]!).json(.POST, approve, ["version": 1]).status
                    == .notFound)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.riskBand == .high)
            // The quality lead approves: applied. A stale or repeated approval is 409.
            let ql = try await APIClient.make(app, for: f.users["ql"]!)
            #expect(try await ql.json(.POST, approve, ["version": 7]).status == .conflict)
            let ok = try await ql.json(.POST, approve, ["version": 1])
            #expect(ok.status == .ok)
            #expect(ok.json["status"] as? String == "approved")
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.riskBand == .low)
            #expect(try await ql.json(.POST, approve, ["version": 2]).status == .conflict)
            let history = try await AuditEntry.query(on: app.db).filter(\.$entityID == a.id!).all().map(\.operation)
            #expect(history.contains("change_proposed") && history.contains("change_approved"))
            let list = try await rm.send(.GET, path(a) + "/changes")
            #expect((list.json["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test(arguments: ["target_value", "target_day", "statements", "lead", "reviewer"])
    func everyWeakeningOverTheAPIIsProposedNotApplied(field: String) async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            var body: [String: Any] = ["version": 1, "change_reason": "Circumstances changed this month."]
            switch field {
            case "target_value": body["target_value"] = 90
            case "target_day": body["target_day"] = Day(iso: a.targetDay)!.adding(days: 14).iso
            case "statements": body["statements"] = ["S3"]
            case "lead": body["lead_id"] = f.id("rm").uuidString; body["reviewer_id"] = f.id("ql").uuidString
            default: body["reviewer_id"] = f.id("ql").uuidString
            }
            let res = try await rm.json(.PATCH, path(a), body)
            #expect(res.status == .accepted, "\(field): \(res.body.string.prefix(300))")
            let stored = try #require(try await RecoveryAction.find(a.id!, on: app.db))
            #expect(
                stored.targetValue == 100 && stored.targetDay == a.targetDay && stored.$lead.id == f.id("staff")
                    && stored.$reviewer.id == f.id("rm") && stored.version == 1)
            #expect(
                try await ActionMapping.query(on: app.db).filter(\.$action.$id == a.id!).all().map(\.itemID)
                    == ["S8"])
        }
    }

    @Test func changesThatStrengthenOversightApplyAtOnce() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app, f.input(factors: (2, 2, 3, 2, 2)))  // moderate
            #expect(a.riskBand == .moderate)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let res = try await rm.json(
                .PATCH, path(a),
                [
                    "version": 1, "statements": ["S8", "S3"], "target_day": Day(iso: a.targetDay)!.adding(days: -5).iso,
                    "risk": [
                        "harm": 4, "people_affected": 3, "recurrence": 3, "regulatory_impact": 4, "control_weakness": 3
                    ]
                ])
            #expect(res.status == .ok)
            #expect((res.json["risk"] as? [String: Any])?["band"] as? String == "high")
            #expect(try await count(PendingChange.self, app) == 0)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.riskBand == .high)
        }
    }

    @Test func loweringTheBandOnTheWebFormWaitsAndTheApproverSeesIt() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            try await rm.get("/actions/\(a.id!)/edit")
            let fields: [(String, String)] = [
                ("harm", "1"), ("people_affected", "1"), ("recurrence", "1"), ("regulatory_impact", "1"),
                ("control_weakness", "1"), ("statements[]", "S8"), ("version", "1")
            ]
            let bare = try await rm.post("/actions/\(a.id!)/edit", fields)
            #expect(bare.status == .unprocessableEntity)
            #expect(bare.body.string.contains("This change weakens oversight"))
            #expect(try await count(PendingChange.self, app) == 0)
            let proposed = try await rm.post(
                "/actions/\(a.id!)/edit", fields + [("change_reason", "No gaps for a month in the audit.")])
            #expect(proposed.status == .seeOther)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.riskBand == .high)
            let page = try await rm.get("/actions/\(a.id!)")
            #expect(page.body.string.contains("waiting for approval"))
            #expect(page.body.string.contains("The risk band falls from high to low."))
            #expect(page.body.string.contains("You proposed this change"))
            // The approver's My work lists it, and the route's next agenda too.
            let ql = try await Browser.signedIn(app, "ql@alpha.example")
            #expect(try await ql.get("/").body.string.contains("Changes waiting for my approval (1)"))
            let meeting = try await MeetingService(db: app.db, actor: try f.actor("rm"), today: today).schedule(
                routeID: f.rid("a"), day: today)
            let agenda = try await MeetingService(db: app.db, actor: try f.actor("rm"), today: today).liveAgenda(
                meeting)
            #expect(agenda.contains { $0.actionID == a.id && $0.section == Agenda.Section.pendingChanges.rawValue })
            // Refusing needs a reason; with one, the action stays as it was.
            let change = try #require(try await PendingChange.query(on: app.db).first())
            try await ql.get("/actions/\(a.id!)")
            let noReason = try await ql.post(
                "/actions/\(a.id!)/changes/\(change.id!)", [("decision", "refuse"), ("version", "1")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Say why you refuse the change"))
            let refused = try await ql.post(
                "/actions/\(a.id!)/changes/\(change.id!)",
                [("decision", "refuse"), ("reason", "Two gaps found on nights last week."), ("version", "1")])
            #expect(refused.status == .seeOther)
            #expect(try await PendingChange.find(change.id!, on: app.db)?.status == .refused)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.riskBand == .high)
            let stale = try await ql.post(
                "/actions/\(a.id!)/changes/\(change.id!)", [("decision", "approve"), ("version", "1")])
            #expect(stale.status == .conflict)
        }
    }

    // MARK: 2. Change the control, not the date — whenever it matters

    @Test func aHighActionMovesLaterOnlyWithAControlChangeOrEscalationEvenBeforeItIsDue() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)  // high, due in 30 days: not overdue
            let later = Day(iso: a.dueDay)!.adding(days: 14).iso
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let bare = try await rm.json(
                .POST, path(a) + "/due-day", ["due_day": later, "reason": "Staff sickness", "version": 1])
            #expect(bare.status == .unprocessableEntity)
            #expect(bare.problemFields == ["control_change"])
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            try await web.get("/actions/\(a.id!)")
            let form = try await web.post(
                "/actions/\(a.id!)/due-day", [("due_day", later), ("reason", "Staff sickness"), ("version", "1")])
            #expect(form.status == .unprocessableEntity)
            #expect(form.body.string.contains("is moving later"))
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.dueDay == a.dueDay)
            #expect(try await count(DueDayChange.self, app) == 0)
            let escalated = try await rm.json(
                .POST, path(a) + "/due-day",
                [
                    "due_day": later, "reason": "Staff sickness", "version": 1,
                    "escalation": "To the recovery meeting: agency cover needed."
                ])
            #expect(escalated.status == .ok)
            let stored = try #require(try await RecoveryAction.find(a.id!, on: app.db))
            #expect(stored.dueDay == later && stored.escalation == "To the recovery meeting: agency cover needed.")
            let meeting = try await MeetingService(db: app.db, actor: try f.actor("rm"), today: today).schedule(
                routeID: f.rid("a"), day: today)
            let agenda = try await MeetingService(db: app.db, actor: try f.actor("rm"), today: today).liveAgenda(
                meeting)
            #expect(agenda.contains { $0.actionID == a.id && $0.section == Agenda.Section.escalated.rawValue })
            #expect(
                try await rm.json(.POST, path(a) + "/due-day", ["due_day": later, "reason": "x", "version": 1]).status
                    == .conflict)
        }
    }

    /// A live action with no outcome evidence and no linked indicator is on its route's agenda as disconnected, at
    /// any band, until outcome evidence is recorded (issue 36).
    @Test func aDisconnectedActionIsOnTheAgendaUntilItsOutcomesAreEvidenced() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)  // high, not yet due for review, not overdue, no evidence
            let meetings = MeetingService(db: app.db, actor: try f.actor("rm"), today: today)
            let meeting = try await meetings.schedule(routeID: f.rid("a"), day: today)
            let before = try await meetings.liveAgenda(meeting)
            #expect(before.contains { $0.actionID == a.id && $0.section == Agenda.Section.disconnected.rawValue })
            // Evidence of a process does not connect it; evidence of outcomes does.
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            for category in ["processes", "outcomes"] {
                let res = try await staff.json(
                    .POST, path(a) + "/evidence",
                    [
                        "category": category, "kind": "audit", "date": today.iso,
                        "summary": "MAR audit: 14 of 14 complete", "statements": ["S8"]
                    ])
                #expect(res.status == .created, "\(res.body.string)")
                let agenda = try await meetings.liveAgenda(meeting)
                #expect(agenda.contains { $0.actionID == a.id } == (category == "processes"), "after \(category)")
            }
        }
    }

    @Test func aRedReviewNeedsAControlChangeOrEscalation() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let red: [String: Any] = ["rag": "red", "measure_value": 60, "commentary": "Night gaps again"]
            let bare = try await rm.json(.POST, path(a) + "/reviews", red)
            #expect(bare.status == .unprocessableEntity)
            #expect(bare.problemFields == ["control_change"])
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            try await web.get("/actions/\(a.id!)?tab=reviews")
            let form = try await web.post(
                "/actions/\(a.id!)/reviews", [("rag", "red"), ("measure_value", "60"), ("commentary", "Night gaps")])
            #expect(form.status == .unprocessableEntity)
            #expect(form.body.string.contains("Red progress needs a response"))
            #expect(try await count(Review.self, app) == 0)
            var withControl = red
            withControl["control_change"] = "Night senior checks every chart at handover."
            let ok = try await rm.json(.POST, path(a) + "/reviews", withControl)
            #expect(ok.status == .created)
            #expect(
                try await RecoveryAction.find(a.id!, on: app.db)?.interimControls.contains(
                    "Night senior checks every chart at handover.") == true)
        }
    }

    // MARK: 3. Delivery separated from assurance

    @Test func theLeadRecordsProgressNotTheAssuranceReviewTheGateReads() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)  // lead: staff
            let lead = try await APIClient.make(app, for: f.users["staff"]!)
            let review = try await lead.json(
                .POST, path(a) + "/reviews", ["rag": "green", "measure_value": 100, "commentary": "Done"])
            #expect(review.status == .forbidden)
            #expect(review.body.string.contains("progress updates"))
            let web = try await Browser.signedIn(app, "staff@alpha.example")
            let page = try await web.get("/actions/\(a.id!)?tab=reviews")
            #expect(page.body.string.contains("Record a progress update"))
            #expect(!page.body.string.contains("Record an assurance review"))
            #expect(
                try await web.post(
                    "/actions/\(a.id!)/reviews", [("rag", "green"), ("measure_value", "100"), ("commentary", "Done")]
                ).status
                    == .forbidden)
            #expect(try await count(Review.self, app) == 0)
            // Another member of staff of the service, not the lead, may not assure either.
            let update = try await web.post(
                "/actions/\(a.id!)/progress", [("measure_value", "100"), ("commentary", "Every chart complete")])
            #expect(update.status == .seeOther)
            let bad = try await web.post("/actions/\(a.id!)/progress", [("measure_value", "lots"), ("commentary", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("The reported measure"))
            #expect(try await count(ProgressUpdate.self, app) == 1)
            let gate = try await ReviewService(db: app.db, actor: try f.actor("rm"), today: today).gate(actionID: a.id!)
            #expect(gate.contains { $0.code == .targetMet }, "the lead's reported 100 is not assured")
            #expect(
                try await APIClient.make(app, for: f.users["commissioner"]!)
                    .json(.POST, path(a) + "/progress-updates", ["commentary": "x"]).status == .forbidden)
            #expect(
                try await APIClient.make(app, for: f.users["rmB"]!)
                    .json(.POST, path(a) + "/progress-updates", ["commentary": "x"]).status == .notFound)
        }
    }

    // MARK: 4. A stricter gate for high and extreme

    @Test func noOverrideOnAHighActionAndADisconnectedOneCannotClose() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let lead = try await APIClient.make(app, for: f.users["staff"]!)
            for c in ["processes", "staff", "observation"] {
                #expect(
                    try await lead.json(
                        .POST, path(a) + "/evidence",
                        ["category": c, "kind": "audit", "date": today.iso, "summary": "Evidence \(c)"]
                    ).status == .created)
            }
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            #expect(
                try await rm.json(
                    .POST, path(a) + "/reviews", ["rag": "green", "measure_value": 100, "commentary": "At target"]
                ).status == .created)
            let refused = try await rm.send(.POST, path(a) + "/close")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.problemFields == ["connected"])
            let waived = try await rm.json(
                .POST, path(a) + "/close",
                ["override": ["condition": "connected", "reason": "Outcome data is not collected for this."]])
            #expect(waived.status == .unprocessableEntity)
            #expect(waived.problemFields == ["override.condition"])
            #expect(waived.body.string.contains("allows no override"))
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            let closure = try await web.get("/actions/\(a.id!)?tab=closure")
            #expect(closure.body.string.contains("must be connected to outcomes"))
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .open)
            // Outcome evidence connects it.
            #expect(
                try await lead.json(
                    .POST, path(a) + "/evidence",
                    ["category": "outcomes", "kind": "incident_data", "date": today.iso, "summary": "No errors"]
                ).status == .created)
            #expect(try await rm.send(.POST, path(a) + "/close").status == .ok)
        }
    }
}
