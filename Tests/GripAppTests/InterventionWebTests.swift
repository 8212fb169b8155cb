import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Issue 23: restrictive interventions, their debriefs and the panel's review; notifications to CQC; a person's
/// pattern cited by an escalation.
@Suite struct InterventionWebTests {
    static let today = Day.today(now: Date())

    static func fields(_ person: UUID, started: Date = Date().addingTimeInterval(-3 * 3600)) -> [(String, String)] {
        [
            ("person", person.uuidString), ("started_at", LocalTime.input(started)), ("minutes", "5"),
            ("place", "Lounge"), ("trigger", "Noise"), ("kind", "physical"), ("staff", "Two support workers"),
            ("injury", "none")
        ]
    }

    static func input(_ person: UUID, started: Date, debrief: Date? = nil) -> InterventionService.Input {
        InterventionService.Input(
            personID: person, startedAt: started, minutes: 5, place: "Lounge", trigger: "Noise", kind: .physical,
            staff: "Two support workers", injury: .noInjury, recoveryMinutes: 20, debriefAt: debrief,
            debriefBy: debrief == nil ? "" : "Shift leader", panelOn: nil, learning: "")
    }

    @Test func staffRecordAnInterventionAndItsDebriefFeedsTheSeries() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await PeopleWebTests.person(f, app)
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            let audit = try await count(AuditEntry.self, app)
            // Bad input: no duration, a debrief before it began without who held it, an unknown kind.
            let bad = try await staff.post(
                "/interventions",
                Self.fields(p.id!).filter { $0.0 != "minutes" && $0.0 != "kind" }
                    + [("kind", "tackle"), ("debrief_at", LocalTime.input(Date().addingTimeInterval(-4 * 3600)))])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Give how long it lasted"))
            #expect(bad.body.string.contains("Choose the kind of intervention from the list"))
            #expect(bad.body.string.contains("Say who held the debrief"))
            #expect(try await count(RestrictiveIntervention.self, app) == 0)
            #expect(try await count(AuditEntry.self, app) == audit)
            let created = try await staff.post("/interventions", Self.fields(p.id!))
            #expect(created.status == .seeOther)
            let i = try #require(try await RestrictiveIntervention.query(on: app.db).first())
            #expect(try await SafeguardingWebTests.fedValues(.interventions, f.sid("one"), app) == [1])
            #expect(try await SafeguardingWebTests.fedValues(.debriefs, f.sid("one"), app) == [0])
            // Staff record the debrief; the panel's sign-off is a manager's.
            let debrief =
                Self.fields(p.id!) + [
                    ("debrief_at", LocalTime.input(Date().addingTimeInterval(-60))),
                    ("debrief_by", "Shift leader")
                ]
            #expect(try await staff.post(Paths.intervention(i.id!), debrief + [("version", "1")]).status == .seeOther)
            #expect(try await SafeguardingWebTests.fedValues(.debriefs, f.sid("one"), app) == [100])
            let signOff = debrief + [("panel_on", Self.today.iso), ("learning", "Quiet space offered before meals.")]
            #expect(try await staff.post(Paths.intervention(i.id!), signOff + [("version", "2")]).status == .forbidden)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            // Signing off without learning is refused by name; then signed off; a stale version is 409.
            let noLearning = debrief + [("panel_on", Self.today.iso), ("version", "2")]
            let refused = try await rm.post(Paths.intervention(i.id!), noLearning)
            #expect(
                refused.status == .unprocessableEntity && refused.body.string.contains("signs off with its learning"))
            #expect(try await rm.post(Paths.intervention(i.id!), signOff + [("version", "2")]).status == .seeOther)
            #expect(try await rm.post(Paths.intervention(i.id!), signOff + [("version", "2")]).status == .conflict)
            let after = try #require(try await RestrictiveIntervention.find(i.id, on: app.db))
            #expect(after.panelOn == Self.today.iso && after.$panelBy.id == f.id("rm") && after.version == 3)
            // Staff correct the debrief of a reviewed intervention: their form has no panel fields, and the
            // panel's sign-off stays.
            let correction =
                Self.fields(p.id!) + [
                    ("debrief_at", LocalTime.input(Date().addingTimeInterval(-120))),
                    ("debrief_by", "Deputy manager"), ("version", "3")
                ]
            #expect(try await staff.post(Paths.intervention(i.id!), correction).status == .seeOther)
            let kept = try #require(try await RestrictiveIntervention.find(i.id, on: app.db))
            #expect(kept.debriefBy == "Deputy manager" && kept.panelOn == Self.today.iso && !kept.learning.isEmpty)
            // Scope: another service's manager and another organisation get 404, a commissioner 403.
            #expect(try await Staff.read(app, "rm2@alpha.example", Paths.intervention(i.id!)) == .notFound)
            #expect(try await Staff.read(app, "rmb@beta.example", Paths.intervention(i.id!)) == .notFound)
            #expect(try await Staff.read(app, "commissioner@alpha.example", Paths.intervention(i.id!)) == .forbidden)
            let list = try await rm.get("/interventions?service=\(f.sid("one").uuidString)")
            #expect(list.status == .ok && list.body.string.contains("Lounge"))
            #expect(try await rm.get("/interventions?status=sideways").status == .badRequest)
        }
    }

    @Test func thePanelsAgendaListsInterventionsAwaitingReview() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await PeopleWebTests.person(f, app)
            let log = InterventionService(db: app.db, actor: try f.actor("rm"), now: Date())
            let waiting = try await log.create(Self.input(p.id!, started: Date().addingTimeInterval(-86_400 * 3)))
            var reviewed = Self.input(p.id!, started: Date().addingTimeInterval(-86_400 * 5))
            reviewed.place = "Garden"
            reviewed.panelOn = Self.today
            reviewed.learning = "Reviewed."
            _ = try await log.create(reviewed)
            let panel = try await AdminService(db: app.db, actor: try f.actor("admin")).saveRoute(
                nil,
                .init(
                    name: "Restrictive practice panel", kind: .restrictivePracticePanel, cadenceDays: 28,
                    serviceIDs: [f.sid("one")], memberIDs: [f.id("rm")]), version: nil)
            let meetings = MeetingService(db: app.db, actor: try f.actor("rm"), today: Self.today)
            let m = try await meetings.schedule(routeID: panel.id, day: Self.today)
            let agenda = try await meetings.agenda(m).filter { $0.section == "interventions_awaiting_panel" }
            #expect(agenda.count == 1)
            #expect(agenda.first?.title.contains("RS-014") == true && agenda.first?.title.contains("Lounge") == true)
            #expect(agenda.first?.serviceID == waiting.$service.id)
            // Another kind of route does not list them.
            let other = try await meetings.schedule(routeID: f.rid("a"), day: Self.today)
            #expect(try await meetings.agenda(other).allSatisfy { $0.section != "interventions_awaiting_panel" })
        }
    }

    @Test func aConcernNeedingOnePromptsANotificationThatIsFlaggedWhenOverdue() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await PeopleWebTests.person(f, app)
            var input = MatrixBodies.concern(person: p.id!)
            input.raisedAt = Date().addingTimeInterval(-2 * 86_400)
            input.notifyCQC = true
            let concern = try await SafeguardingService(db: app.db, actor: try f.actor("staff"), now: Date()).create(
                input)
            let n = try #require(try await StatutoryNotification.query(on: app.db).first())
            #expect(n.event == .abuseOrAllegation && n.$concern.id == concern.id && n.sentAt == nil)
            // Overdue on the manager's My work and in the CQC pack.
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let home = try await rm.get("/")
            #expect(home.body.string.contains("Notifications to CQC overdue (1)"))
            #expect(home.body.string.contains("Safeguarding concerns awaiting a decision (1)"))
            let pack = try await PackRenderer.build(
                .cqc, actor: try f.actor("ql"), serviceIDs: nil,
                period: ReportPeriod(from: Self.today.adding(days: -30), to: Self.today)!,
                today: Self.today, baseURL: "", on: app.db)
            let section = try #require(pack.sections.first { $0.id == "notifications" })
            #expect(section.lines.count == 1 && section.lines[0].detail.contains("OVERDUE"))
            #expect(pack.sections.first?.figures.first { $0.label == "Notifications to CQC overdue" }?.value == 1)
            // Sending needs CQC's reference; staff cannot mark it sent; a stale version is 409.
            let path = Paths.notification(n.id!)
            let sent: [(String, String)] = [
                ("event", "abuse_or_allegation"),
                ("occurred_at", LocalTime.input(n.occurredAt)),
                ("summary", "Safeguarding concern."),
                ("sent_at", LocalTime.input(Date().addingTimeInterval(-60)))
            ]
            let noRef = try await rm.post(path, sent + [("version", "1")])
            #expect(
                noRef.status == .unprocessableEntity && noRef.body.string.contains("Give CQC&#39;s reference")
                    || noRef.body.string.contains("Give CQC's reference"))
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(
                try await staff.post(path, sent + [("reference", "CQC-1"), ("version", "1")]).status == .forbidden)
            #expect(try await rm.post(path, sent + [("reference", "CQC-1"), ("version", "1")]).status == .seeOther)
            #expect(try await rm.post(path, sent + [("reference", "CQC-1"), ("version", "1")]).status == .conflict)
            let after = try #require(try await StatutoryNotification.find(n.id, on: app.db))
            #expect(after.reference == "CQC-1" && after.sentAt != nil)
            #expect(NotificationRules.wasLate(occurredAt: after.occurredAt, sentAt: after.sentAt))
            #expect(try await rm.get("/").body.string.contains("Notifications to CQC overdue") == false)
            #expect(try await Staff.read(app, "rmb@beta.example", path) == .notFound)
            #expect(try await Staff.read(app, "commissioner@alpha.example", path) == .forbidden)
            // Recording one by hand: a bad time is named and nothing is written.
            let before = try await count(StatutoryNotification.self, app)
            let bad = try await rm.post(
                "/cqc-notifications",
                [
                    ("event", "death"), ("service", f.sid("one").uuidString),
                    ("occurred_at", "2026-13-01T10:00"), ("summary", "x")
                ])
            #expect(
                bad.status == .unprocessableEntity && bad.body.string.contains("When it happened must be a real time"))
            #expect(try await count(StatutoryNotification.self, app) == before)
        }
    }

    @Test func anEscalationCitesAPersonsPatternForTheCommissioner() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let p = try await PeopleWebTests.person(f, app)
            let log = InterventionService(db: app.db, actor: try f.actor("rm"), now: Date())
            for k in 1...3 {
                _ = try await log.create(Self.input(p.id!, started: Date().addingTimeInterval(-86_400 * Double(k))))
            }
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let fields: [(String, String)] = [
                ("service", f.sid("one").uuidString), ("category", "repeated_incidents"), ("facts", "Three holds."),
                ("safeguards", "2:1 staffing."), ("actions_taken", "Panel review."),
                ("support_needed", "Specialist input."),
                ("respond_by", Self.today.adding(days: 5).iso), ("raise", "raise")
            ]
            // Someone of another service cannot be cited.
            let other = try await PeopleWebTests.person(f, app, reference: "RS-777", service: "two", by: "rm2")
            let refused = try await rm.post("/escalations", fields + [("person", other.id!.uuidString)])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await count(Escalation.self, app) == 0)
            #expect(try await rm.post("/escalations", fields + [("person", p.id!.uuidString)]).status == .seeOther)
            let e = try #require(try await Escalation.query(on: app.db).first())
            #expect(e.$person.id == p.id)
            // The commissioner reads the pattern with the escalation, without the person's record.
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            let page = try await commissioner.get(Paths.escalation(e.id!)).body.string
            #expect(page.contains("Pattern it cites: RS-014"))
            #expect(page.contains("3 interventions and 0 safeguarding concerns in 12 weeks"))
            #expect(!page.contains(Paths.person(p.id!)))
            #expect(try await commissioner.get(Paths.person(p.id!)).status == .notFound)
        }
    }
}
