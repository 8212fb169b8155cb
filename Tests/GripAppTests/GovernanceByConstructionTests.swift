import Fluent
import Foundation
import GripCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Issue 33's walk-arounds, each tried again on the API and the web form: every one is now refused, or held
/// as a pending change that applies only when the right person decides it.
@Suite struct GovernanceByConstructionTests {
    var today: Day { Day.today(now: Date()) }

    /// A second commissioner of service one (a missing filter between two commissioners would pass unseen with one).
    func secondCommissioner(_ app: Application, _ f: Fixture) async throws -> User {
        let (u, _) = try await AdminService(db: app.db, actor: try f.actor("admin")).createUser(
            .init(
                name: "Cara Commissioner", email: "commissioner2@alpha.example", role: .commissioner,
                serviceIDs: [f.sid("one")]), hasher: app.password)
        u.passwordHash = try app.password.hash(Fixture.password)
        try await u.update(on: app.db)
        return u
    }

    // MARK: 1. A lead cancels a high-risk action alone

    @Test func cancellingAHighActionWaitsForASecondPersonAndCountsUntilThen() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)  // high; lead: staff; reviewer: rm
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            let path = "/api/v1/actions/\(a.id!)/transitions"
            let held = try await staff.json(.POST, path, ["to": "cancelled", "reason": "No longer needed"])
            #expect(held.status == .accepted)
            #expect(
                held.json["operation"] as? String == "action_cancel" && held.json["needs"] as? String == "second_person"
            )
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .open)
            // It still counts: the list's overdue filter and the summaries see a live action.
            let listed = try await staff.send(.GET, "/api/v1/actions/\(a.id!)")
            #expect(listed.json["status"] as? String == "open")
            #expect((listed.json["pending_changes"] as? [[String: Any]])?.count == 1)
            // The lead cannot approve it, nor the commissioner; another organisation does not see it.
            let changeID = try #require(held.json["id"] as? String)
            let approve = "/api/v1/changes/\(changeID)/approve"
            #expect(try await staff.json(.POST, approve, ["version": 1]).status == .forbidden)
            #expect(
                try await APIClient.make(app, for: f.users["commissioner"]!).json(.POST, approve, ["version": 1])
                    .status == .forbidden)
            #expect(
                try await APIClient.make(app, for: f.users["adminB"]!).json(.POST, approve, ["version": 1])
                    .status == .notFound)
            // A stale approval is 409; the senior reviewer's approval cancels it, naming the policy version.
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            #expect(try await rm.json(.POST, approve, ["version": 3]).status == .conflict)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .open)
            let ok = try await rm.json(.POST, approve, ["version": 1])
            #expect(ok.status == .ok && ok.json["status"] as? String == "approved")
            let cancelled = try #require(try await RecoveryAction.find(a.id!, on: app.db))
            #expect(cancelled.status == .cancelled && cancelled.statusReason == "No longer needed")
            let entry = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$entityID == a.id!)
                    .filter(\.$operation == "cancel_approved").first())
            #expect(entry.changes.contains(ChangePolicy.version))
            // The commissioner pack lists it with its reason and approver.
            let data = try await PackData.load(
                actor: try f.actor("rm"), serviceIDs: nil,
                period: ReportPeriod(from: today.adding(days: -30), to: today)!,
                today: today, baseURL: "http://grip.test", on: app.db)
            let section = try #require(PackAssembly.commissioner(data).appendices.first { $0.id == "cancelled" })
            #expect(section.lines.first?.detail.contains("reason: No longer needed · approved by Rita Manager") == true)
        }
    }

    @Test func cancellingOnTheWebFormIsHeldTooAndALowActionIsCancelledAtOnce() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let high = try await f.createAction(app)
            var i = f.input(factors: (2, 1, 1, 1, 1))
            i.interimControls = ""
            let low = try await f.createAction(app, i)
            let b = try await Browser.signedIn(app, "staff@alpha.example")
            try await b.get("/actions/\(high.id!)")
            // No reason: refused, the field named, nothing held.
            let bare = try await b.post("/actions/\(high.id!)/transition", [("to", "cancelled"), ("version", "1")])
            #expect(bare.status == .unprocessableEntity && bare.body.string.contains("A reason is needed"))
            #expect(try await count(PendingChange.self, app) == 0)
            let res = try await b.post(
                "/actions/\(high.id!)/transition",
                [("to", "cancelled"), ("reason", "Merged into A-0002"), ("version", "1")])
            #expect(res.status == .seeOther)
            #expect(try await RecoveryAction.find(high.id!, on: app.db)?.status == .open)
            let page = try await b.get("/actions/\(high.id!)").body.string
            #expect(page.contains("Cancelling this action is waiting for approval"))
            #expect(page.contains("You proposed this change"))
            // The approver's My work and the route's next agenda show it.
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await rm.get("/").body.string.contains("Changes waiting for my approval (1)"))
            let meeting = try await MeetingService(db: app.db, actor: try f.actor("rm"), today: today)
                .schedule(routeID: f.rid("a"), day: today)
            let agenda = try await MeetingService(db: app.db, actor: try f.actor("rm"), today: today).liveAgenda(
                meeting)
            #expect(agenda.contains { $0.actionID == high.id && $0.section == Agenda.Section.pendingChanges.rawValue })
            // A low action needs only the reason.
            try await b.get("/actions/\(low.id!)")
            #expect(
                try await b.post(
                    "/actions/\(low.id!)/transition",
                    [("to", "cancelled"), ("reason", "Duplicate"), ("version", "1")]
                ).status == .seeOther)
            #expect(try await RecoveryAction.find(low.id!, on: app.db)?.status == .cancelled)
        }
    }

    // MARK: 2. A lead rewrites their own extreme action

    func extremeLedByRM(_ app: Application, _ f: Fixture) async throws -> RecoveryAction {
        var i = f.input(lead: "rm", reviewer: "ql", factors: (5, 4, 4, 5, 4))
        i.baselineDay = today.adding(days: -60)
        return try await f.createAction(app, i)
    }

    @Test func anEarlierBaselineAnotherMetricAndEmptierControlsWaitForProviderOversight() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await extremeLedByRM(app, f)
            #expect(a.riskBand == .extreme)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let path = "/api/v1/actions/\(a.id!)"
            let body: [String: Any] = [
                "version": 1, "baseline_day": "2024-01-01", "metric": "anything",
                "interim_controls": "none"
            ]
            let bare = try await rm.json(.PATCH, path, body)
            #expect(bare.status == .unprocessableEntity && bare.problemFields == ["change_reason"])
            var reasoned = body
            reasoned["change_reason"] = "The service has settled; these were too strict."
            let held = try await rm.json(.PATCH, path, reasoned)
            #expect(held.status == .accepted)
            let codes = Set(((held.json["weakenings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String })
            #expect(codes == ["earlier_baseline_day", "changed_metric", "cut_interim_controls"])
            let stored = try #require(try await RecoveryAction.find(a.id!, on: app.db))
            #expect(
                stored.baselineDay == a.baselineDay && stored.metric == a.metric
                    && stored.interimControls == a.interimControls)
            // Extreme: a registered manager or an admin may not approve it; a quality lead or the NI may.
            let changeID = try #require(held.json["id"] as? String)
            let approve = "\(path)/changes/\(changeID)/approve"
            #expect(
                try await APIClient.make(app, for: f.users["admin"]!).json(.POST, approve, ["version": 1])
                    .status == .forbidden)
            #expect(
                try await APIClient.make(app, for: f.users["rm"]!).json(.POST, approve, ["version": 1])
                    .status == .forbidden)
            let ni = try await APIClient.make(app, for: f.users["ni"]!)
            #expect(try await ni.json(.POST, approve, ["version": 1]).status == .ok)
            let applied = try #require(try await RecoveryAction.find(a.id!, on: app.db))
            #expect(
                applied.baselineDay == "2024-01-01" && applied.metric == "anything" && applied.interimControls == "none"
            )
        }
    }

    @Test func theSameEditsOnTheWebFormAreHeldAndAStrengtheningOneApplies() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await extremeLedByRM(app, f)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            let form = try await b.get("/actions/\(a.id!)/edit").body.string
            #expect(form.contains("name=\"change_reason\""))
            func fields(_ changes: [String: String]) -> [(String, String)] {
                let base: [String: String] = [
                    "title": a.title, "theme": a.theme, "service": f.sid("one").uuidString,
                    "baseline": a.baseline, "baseline_day": a.baselineDay, "metric": a.metric, "direction": "higher",
                    "baseline_value": "57", "target_value": "100", "target_day": a.targetDay, "harm": "5",
                    "people_affected": "4", "recurrence": "4", "regulatory_impact": "5", "control_weakness": "4",
                    "lead": f.id("rm").uuidString, "reviewer": f.id("ql").uuidString, "route": f.rid("a").uuidString,
                    "interim_controls": a.interimControls, "version": "1"
                ]
                return base.merging(changes) { _, new in new }.map { ($0.key, $0.value) } + [("statements[]", "S8")]
            }
            let held = try await b.post(
                "/actions/\(a.id!)/edit",
                fields([
                    "baseline_day": "2024-01-01",
                    "change_reason": "Older audits show the same picture."
                ]))
            #expect(held.status == .seeOther)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.baselineDay == a.baselineDay)
            #expect(try await b.get("/actions/\(a.id!)").body.string.contains("The baseline day moves earlier"))
            try await PendingChange.query(on: app.db).delete()
            // Adding a control strengthens: applied at once, no reason asked.
            try await b.get("/actions/\(a.id!)/edit")
            let stronger = try await b.post(
                "/actions/\(a.id!)/edit",
                fields(["interim_controls": a.interimControls + "\nManager checks nights"]))
            #expect(stronger.status == .seeOther)
            #expect(
                try await RecoveryAction.find(a.id!, on: app.db)?.interimControls.contains("Manager checks") == true)
        }
    }

    // MARK: 3. The provider steps itself out of the commissioner's oversight

    @Test func aProvidersStepDownWaitsForACommissionerOfTheService() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let other = try await secondCommissioner(app, f)
            let path = "/api/v1/services/\(f.sid("one"))/oversight"
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            let set = try await commissioner.json(
                .POST, path,
                [
                    "level": "enhanced_monitoring",
                    "since": today.adding(days: -30).iso, "cadence_days": 14
                ])
            #expect(set.status == .created)
            let admin = try await APIClient.make(app, for: f.users["admin"]!)
            let down: [String: Any] = ["level": "routine", "since": today.iso, "cadence_days": 28]
            let bare = try await admin.json(.POST, path, down)
            #expect(bare.status == .unprocessableEntity && bare.problemFields == ["note"])
            var reasoned = down
            reasoned["note"] = "Three months without a missed call; the audit is clean."
            let held = try await admin.json(.POST, path, reasoned)
            #expect(held.status == .accepted && held.json["needs"] as? String == "owner_confirmation")
            #expect(try await commissioner.send(.GET, path).json["level"] as? String == "enhanced_monitoring")
            // The commissioner sees it on My work; the provider's people cannot confirm it.
            let web = try await Browser.signedIn(app, "commissioner@alpha.example")
            #expect(try await web.get("/").body.string.contains("One House: commissioner oversight"))
            let changeID = try #require(held.json["id"] as? String)
            let approve = "/api/v1/changes/\(changeID)/approve"
            for who in ["admin", "ni", "ql", "rm"] {
                #expect(
                    try await APIClient.make(app, for: f.users[who]!).json(.POST, approve, ["version": 1])
                        .status == .forbidden, "\(who)")
            }
            #expect(
                try await APIClient.make(app, for: f.users["rm2"]!).json(.POST, approve, ["version": 1])
                    .status == .notFound)
            // Either commissioner of the service confirms; the level then steps down.
            let ok = try await APIClient.make(app, for: other).json(.POST, approve, ["version": 1])
            #expect(ok.status == .ok)
            #expect(try await commissioner.send(.GET, path).json["level"] as? String == "routine")
            // The provider raises at once; the commissioner steps down at once.
            #expect(
                try await admin.json(
                    .POST, path,
                    [
                        "level": "formal_improvement_plan", "since": today.iso,
                        "cadence_days": 7
                    ]
                ).status == .created)
            #expect(
                try await commissioner.json(
                    .POST, path,
                    [
                        "level": "routine", "since": today.iso,
                        "cadence_days": 28
                    ]
                ).status == .created)
        }
    }

    @Test func theStepDownFormSaysItWaitsAndTheCommissionerConfirmsOnThePage() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await OversightService(db: app.db, actor: try f.actor("commissioner"), today: today)
                .setLevel(
                    serviceID: f.sid("one"), level: .enhancedMonitoring, since: today.adding(days: -10),
                    cadenceDays: 14, note: "")
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let page = "/services/\(f.sid("one"))/dashboard"
            try await rm.get(page)
            let res = try await rm.post(
                "/services/\(f.sid("one"))/oversight",
                [
                    ("level", "routine"), ("since", today.iso), ("cadence_days", "28"),
                    ("note", "The action plan is complete and sustained.")
                ])
            #expect(res.status == .seeOther)
            let shown = try await rm.get(page).body.string
            #expect(shown.contains("A step-down of oversight is waiting for a commissioner"))
            #expect(shown.contains("The oversight level belongs to the commissioner"), "why the manager cannot decide")
            let c = try await Browser.signedIn(app, "commissioner@alpha.example")
            let mine = try await c.get(page).body.string
            #expect(mine.contains("Confirm: it takes effect now"))
            let change = try #require(try await PendingChange.query(on: app.db).first())
            let refused = try await c.post("/changes/\(change.id!)", [("decision", "refuse"), ("version", "1")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Say why you refuse"))
            #expect(
                try await c.post("/changes/\(change.id!)", [("decision", "approve"), ("version", "1")])
                    .status == .seeOther)
            let level = try await ServiceOversight.query(on: app.db).sort(\.$createdAt, .descending).first()?.level
            #expect(level == .routine)
        }
    }

    // MARK: 4. The CQC pack calls only sustained completed

    @Test func theCQCPackSaysClosedAwaitingOrOverdueForItsReAudit() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let waiting = try await f.createAction(app)
            let late = try await f.createAction(app)
            try await f.closedAgo(app, waiting.id!, days: 5)
            try await f.closedAgo(app, late.id!, days: 40)  // high: re-audit due after 28 days
            let data = try await PackData.load(
                actor: try f.actor("rm"), serviceIDs: nil,
                period: ReportPeriod(from: today.adding(days: -60), to: today)!,
                today: today, baseURL: "http://grip.test", on: app.db)
            let lines = PackAssembly.cqc(data).sections.flatMap { $0.subsections.flatMap(\.lines) }
            let due = today.adding(days: 23).ukFormat
            #expect(
                lines.contains {
                    $0.label == "Closed, awaiting re-audit (due \(due))" && $0.text.hasPrefix(waiting.reference)
                })
            #expect(
                lines.contains { $0.label.hasPrefix("Closed, re-audit overdue") && $0.text.hasPrefix(late.reference) })
            #expect(!lines.contains { $0.label.contains("completed") })
        }
    }

    // MARK: 5, 6. Re-audits: who, and when

    @Test func aLeadOfManagerRankCannotReAuditTheirOwnAction() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await extremeLedByRM(app, f)
            try await f.closedAgo(app, a.id!, days: 20)
            let sample = try await f.reAuditEvidence(app, a.id!)
            let body: [String: Any] = [
                "passed": true, "finding": "All fine", "sample": "10 records", "method": "Audit",
                "evidence_id": sample.uuidString
            ]
            let path = "/api/v1/actions/\(a.id!)/reaudits"
            let own = try await APIClient.make(app, for: f.users["rm"]!).json(.POST, path, body)
            #expect(own.status == .forbidden && own.body.string.contains("never the lead"))
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            try await web.get("/actions/\(a.id!)?tab=closure")
            #expect(
                try await web.post(
                    "/actions/\(a.id!)/reaudits",
                    [
                        ("passed", "pass"), ("finding", "Fine"),
                        ("sample", "x"), ("method", "y")
                    ]
                ).status == .forbidden)
            // An admin who is not the reviewer may not either; the quality lead (its reviewer) may.
            #expect(try await APIClient.make(app, for: f.users["admin"]!).json(.POST, path, body).status == .forbidden)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .monitoring)
            #expect(try await APIClient.make(app, for: f.users["ql"]!).json(.POST, path, body).status == .created)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .sustained)
        }
    }

    @Test func aReAuditTheDayAfterClosureOrBeforeItIsRefused() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            try await f.closedAgo(app, a.id!, days: 10)  // high: earliest 14 days after closure
            let sample = try await f.reAuditEvidence(app, a.id!)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let path = "/api/v1/actions/\(a.id!)/reaudits"
            for day in [today.adding(days: -9), today.adding(days: -11), today] {
                let res = try await rm.json(
                    .POST, path,
                    [
                        "passed": true, "finding": "Fine", "sample": "x", "method": "y",
                        "evidence_id": sample.uuidString, "date": day.iso
                    ])
                #expect(res.status == .unprocessableEntity && res.problemFields == ["date"], "\(day.iso)")
            }
            #expect(try await count(ReAudit.self, app) == 0)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .monitoring)
        }
    }

    /// The re-audit due day of a high action after a real closure (not set by hand).
    @Test func closingAHighActionSetsItsReAuditDueFourWeeksOn() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let rm = try f.actor("rm")
            for c in ["processes", "observation", "outcomes"] {
                _ = try await EvidenceService(db: app.db, actor: rm, today: today)
                    .record(actionIDs: [a.id!], .init(category: c, kind: .audit, day: today, summary: c), files: [])
            }
            _ = try await ReviewService(db: app.db, actor: rm, today: today)
                .record(actionID: a.id!, .init(rag: .green, measureValue: 100, commentary: "At target", decision: ""))
            let closed = try await ReviewService(db: app.db, actor: rm, today: today).close(
                actionID: a.id!, override: nil)
            #expect(closed.riskBand == .high)
            #expect(closed.reAuditDueDay == today.adding(days: 28).iso)
            let api = try await APIClient.make(app, for: f.users["rm"]!).send(.GET, "/api/v1/actions/\(a.id!)")
            #expect(api.json["closed_on"] as? String == today.iso)
            #expect(api.json["reaudit_due_day"] as? String == today.adding(days: 28).iso)
            #expect(
                api.json["after_closure"] as? String == "awaiting_reaudit"
                    && api.json["reaudit_overdue"] as? Bool == false)
        }
    }

    // MARK: 7. A handover cannot make one person lead and reviewer

    @Test func aHandoverToTheReviewerOfTheLeaversActionIsRefused() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app, f.input(lead: "rm", reviewer: "ql"))
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            try await admin.get("/admin/users/\(f.id("rm"))")
            let res = try await admin.post(
                "/admin/users/\(f.id("rm"))/deactivate",
                [("successor", f.id("ql").uuidString), ("version", "1")])
            #expect(res.status == .unprocessableEntity)
            #expect(
                res.body.string.contains("\(a.reference): Quinn Lead is its senior reviewer and cannot also lead it"))
            let kept = try #require(try await RecoveryAction.find(a.id!, on: app.db))
            #expect(kept.$lead.id == f.id("rm") && kept.$reviewer.id == f.id("ql"))
            #expect(try await User.find(f.id("rm"), on: app.db)?.active == true)
            // Handed to the nominated individual instead: allowed, and audited under the policy.
            #expect(
                try await admin.post(
                    "/admin/users/\(f.id("rm"))/deactivate",
                    [("successor", f.id("ni").uuidString), ("version", "1")]
                ).status == .seeOther)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.$lead.id == f.id("ni"))
        }
    }

    // MARK: 8. Rebasing a watched series

    @Test func rebasingTheOutcomeIndicatorOfAHighActionNeedsAReasonAndAQualityLead() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let indicator = try #require(
                try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                    .filter(\.$name == "Falls").first())
            var i = f.input()
            i.indicatorID = .some(indicator.id)
            _ = try await f.createAction(app, i)
            let path = "/api/v1/indicators/\(indicator.id!)/services/\(f.sid("one"))"
            _ = path
            let service = IndicatorService(db: app.db, actor: try f.actor("rm"), today: today)
            do {
                _ = try await service.setSeries(
                    indicatorID: indicator.id, serviceID: f.sid("one"), baselinePoints: nil,
                    rebases: [monthStart(2)], reason: nil, version: nil)
                Issue.record("a rebase without a reason was applied")
            } catch let e as AppError {
                #expect(e.status == .unprocessableEntity && e.fieldErrors.map(\.field) == ["reason"])
            }
            let outcome = try await service.setSeries(
                indicatorID: indicator.id, serviceID: f.sid("one"),
                baselinePoints: nil, rebases: [monthStart(2)],
                reason: "The new falls pathway started then.", version: nil)
            guard case .proposed(let c) = outcome else {
                Issue.record("not held")
                return
            }
            #expect(try await count(SeriesSetting.self, app) == 0)
            // The registered manager who proposed it, and an admin, may not approve; a quality lead does.
            let changes = "/api/v1/changes/\(c.id!)/approve"
            #expect(
                try await APIClient.make(app, for: f.users["rm"]!).json(.POST, changes, ["version": 1])
                    .status == .forbidden)
            #expect(
                try await APIClient.make(app, for: f.users["admin"]!).json(.POST, changes, ["version": 1])
                    .status == .forbidden)
            #expect(
                try await APIClient.make(app, for: f.users["ql"]!).json(.POST, changes, ["version": 1])
                    .status == .ok)
            let setting = try #require(try await SeriesSetting.query(on: app.db).first())
            #expect(
                setting.rebasePeriods == [monthStart(2).iso] && setting.reason == "The new falls pathway started then.")
            // The chart shows the reason.
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(
                try await web.get("/indicators/\(indicator.id!)/services/\(f.sid("one"))").body.string
                    .contains("The new falls pathway started then."))
        }
    }

    // MARK: 9. The month in progress of a computed series

    @Test func theMonthInProgressOfAComputedSeriesIsSoFarNotJudged() async throws {
        let indicator = Indicator()
        indicator.name = "Safeguarding concerns raised (log)"
        indicator.period = .month
        indicator.direction = .down
        indicator.feed = .concernsRaised
        let service = Service()
        let today = Day(iso: "2026-12-06")!
        var values: [IndicatorValue] = []
        for k in 0..<14 {
            let v = IndicatorValue()
            var m = Day(year: 2026, month: 12, day: 1)!
            for _ in 0..<(13 - k) {
                m =
                    m.month == 1
                    ? Day(year: m.year - 1, month: 12, day: 1)! : Day(year: m.year, month: m.month - 1, day: 1)!
            }
            v.period = m.iso
            // A steady ten a month, then a few quiet days in the month in progress.
            v.value = k == 13 ? 0 : 10 + Double(k % 2)
            values.append(v)
        }
        let s = IndicatorService.analyse(indicator, service, values: values, setting: nil, today: today)
        #expect(s.values.count == 13 && s.result.points.count == 13)
        #expect(s.soFar?.period == Day(iso: "2026-12-01") && s.soFar?.value == 0)
        #expect(!s.result.points.contains { $0.variation == .improvement }, "a few quiet days are not an improvement")
        // The same values typed in (not computed) are read whole.
        indicator.feed = nil
        let typed = IndicatorService.analyse(indicator, service, values: values, setting: nil, today: today)
        #expect(typed.result.points.count == 14 && typed.soFar == nil)
        // On 1 January the month has ended and is read.
        indicator.feed = .concernsRaised
        let next = IndicatorService.analyse(
            indicator, service, values: values, setting: nil,
            today: Day(iso: "2027-01-01")!)
        #expect(next.result.points.count == 14 && next.soFar == nil)
    }

    // MARK: rules that nothing tested

    @Test func aCaseSharedWithOneCommissionerIsNotVisibleToAnotherOfTheSameService() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let other = try await secondCommissioner(app, f)
            let people = PeopleService(db: app.db, actor: try f.actor("rm"), today: today)
            let p = try await people.create(
                .init(
                    serviceID: f.sid("one"),
                    facts: PersonFacts(reference: "MX-9", placement: "Room 9")))
            _ = try await people.setShared(p.id, commissionerID: f.id("commissioner"), share: true)
            let shared = try await APIClient.make(app, for: f.users["commissioner"]!)
                .send(.GET, "/api/v1/people/\(p.id!)")
            #expect(shared.status == .ok)
            let notShared = try await APIClient.make(app, for: other).send(.GET, "/api/v1/people/\(p.id!)")
            #expect(notShared.status == .notFound)
            let list = try await APIClient.make(app, for: other).send(.GET, "/api/v1/people")
            #expect((list.json["items"] as? [Any])?.count == 0)
        }
    }

    @Test func anOrganisationWideUserOfAnotherOrganisationListsNoneOfOurRecords() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let rm = try f.actor("rm")
            _ = try await MeetingService(db: app.db, actor: rm, today: today).schedule(routeID: f.rid("a"), day: today)
            let p = try await PeopleService(db: app.db, actor: rm, today: today).create(
                .init(
                    serviceID: f.sid("one"), facts: PersonFacts(reference: "MX-1", placement: "Room 1")))
            _ = try await SafeguardingService(db: app.db, actor: rm, now: Date()).create(
                MatrixBodies.concern(person: p.id!))
            _ = try await InterventionService(db: app.db, actor: rm, now: Date()).create(
                InterventionWebTests.input(p.id!, started: Date().addingTimeInterval(-7200)))
            _ = try await StatutoryNotificationService(db: app.db, actor: rm, now: Date()).create(
                .init(
                    event: .seriousInjury, serviceID: f.sid("one"), personID: p.id,
                    occurredAt: Date().addingTimeInterval(-60),
                    summary: "Fractured wrist after a fall.", sentAt: nil, reference: ""))
            let ours = try await APIClient.make(app, for: f.users["admin"]!)
            let theirs = try await APIClient.make(app, for: f.users["adminB"]!)
            for path in [
                "/api/v1/meetings", "/api/v1/people", "/api/v1/safeguarding-concerns",
                "/api/v1/restrictive-interventions", "/api/v1/cqc-notifications", "/api/v1/changes"
            ] {
                let seen = try await theirs.send(.GET, path)
                #expect(seen.status == .ok, "\(path)")
                #expect((seen.json["items"] as? [Any])?.count == 0, "\(path) leaks to another organisation")
                if path != "/api/v1/changes" {
                    #expect(((try await ours.send(.GET, path)).json["items"] as? [Any])?.isEmpty == false, "\(path)")
                }
            }
        }
    }

    /// A neutral indicator's rise, with no warning direction, is no improvement: it resolves no escalation.
    @Test func aNeutralRiseWithNoWarningDirectionDoesNotResolveAnEscalation() {
        let values: [Double] = [4, 5, 4, 6, 5, 4, 5, 6, 4, 5, 5, 4, 20]
        let periods = (0..<values.count).map { Day(iso: "2026-01-01")!.adding(days: 31 * $0) }
        let result = SPC.analyse(values.map { SPC.Point(value: $0) }, direction: .neutral)
        #expect(result.points.last?.variation == .neutralHigh)
        let raised = periods[10]
        #expect(!EscalationLifecycle.indicatorImproved(periods: periods, result: result, warnOn: nil, raisedOn: raised))
        #expect(
            !EscalationLifecycle.indicatorImproved(periods: periods, result: result, warnOn: .rise, raisedOn: raised))
        #expect(
            EscalationLifecycle.indicatorImproved(periods: periods, result: result, warnOn: .fall, raisedOn: raised))
    }
}

/// An upgrade: a change proposed before issue 33 (in `proposed_changes`) moves to `pending_changes` as it was,
/// still pending and decidable.
@Suite struct PendingChangesMigrationTests {
    @Test func aChangeProposedBeforeTheUpgradeMovesOverAndCanStillBeDecided() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            // Back to the schema before: `proposed_changes`, with one pending proposal in it.
            try await CreatePendingChanges().revert(on: app.db)
            let sql = app.db as! any SQLDatabase
            let id = UUID()
            let values = try ChangeDoor.json(
                ProposedValues(
                    base: try a.values(statements: ["S8"]),
                    proposed: try a.values(statements: ["S8"])))
            let weak = try ChangeDoor.json([Weakening(code: .lowerBand, message: "The risk band falls.")])
            try await sql.insert(into: "proposed_changes")
                .columns(
                    "id", "version", "created_at", "status", "reason", "proposed", "weakenings", "approval_band",
                    "action_version", "organisation_id", "action_id", "proposed_by_id"
                )
                .values(
                    SQLBind(id), SQLBind(1), SQLBind(Date()), SQLBind("pending"), SQLBind("Audit is clean."),
                    SQLBind(values), SQLBind(weak), SQLBind("high"), SQLBind(1), SQLBind(f.orgA), SQLBind(a.id!),
                    SQLBind(f.id("rm"))
                )
                .run()
            try await CreatePendingChanges().prepare(on: app.db)
            let moved = try #require(try await PendingChange.find(id, on: app.db))
            #expect(moved.status == .pending && moved.recordType == .action && moved.recordID == a.id)
            #expect(moved.operation == .actionUpdate && moved.approver == .approveChange && moved.approvalBand == .high)
            #expect(moved.proposedByName == "Rita Manager" && moved.$service.id == f.sid("one"))
            #expect(moved.decodedWeakenings.map(\.code) == [.lowerBand])
            let ql = try await APIClient.make(app, for: f.users["ql"]!)
            #expect(try await ql.json(.POST, "/api/v1/changes/\(id)/approve", ["version": 1]).status == .ok)
        }
    }
}
