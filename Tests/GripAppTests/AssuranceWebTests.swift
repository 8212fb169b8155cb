import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct AssuranceWebTests {
    var today: Day { Day.today(now: Date()) }

    @Test func recordsEvidenceWithAFileFromTheActionPage() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let b = try await Browser.signedIn(app, "staff@alpha.example")
            let page = try await b.get("/actions/\(a.id!)?tab=evidence")
            #expect(page.body.string.contains("enctype=\"multipart/form-data\""))
            let fields = [
                ("category", "observation"), ("kind", "observation"), ("date", today.iso),
                ("summary", "Observed the lunchtime round"), ("statements[]", "S8")
            ]
            let ok = try await b.postMultipart(
                "/actions/\(a.id!)/evidence", fields, file: ("round.csv", Array("time,chart\n12:00,complete\n".utf8)))
            #expect(ok.status == .seeOther)
            let tab = try await b.get("/actions/\(a.id!)?tab=evidence")
            #expect(tab.body.string.contains("Observed the lunchtime round"))
            #expect(tab.body.string.contains("round.csv"))
            let mapping = try await EvidenceMapping.query(on: app.db).first()
            #expect(mapping?.itemID == "S8" && mapping?.framework == "cqc-qs-2023")
            // One item of evidence can count for several actions.
            var i = f.input()
            i.title = "Second action"
            let second = try await f.createAction(app, i)
            #expect(try await b.get("/actions/\(a.id!)?tab=evidence").body.string.contains("Second action"))
            #expect(
                try await b.postMultipart(
                    "/actions/\(a.id!)/evidence", fields + [("also[]", second.id!.uuidString)], file: nil
                ).status == .seeOther)
            #expect(try await EvidenceAction.query(on: app.db).filter(\.$action.$id == second.id!).count() == 1)
            let foreign = try await b.postMultipart(
                "/actions/\(a.id!)/evidence", fields + [("also[]", try await f.createActionB(app).id!.uuidString)],
                file: nil)
            #expect(foreign.status == .notFound)
            let bad = try await b.postMultipart(
                "/actions/\(a.id!)/evidence", fields, file: ("round.pdf", [0x4D, 0x5A, 0x90, 0x00]))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("program or script"))
            #expect(bad.body.string.contains("Observed the lunchtime round"))
            let noCSRF = Browser(app)
            noCSRF.cookie = b.cookie
            #expect(
                try await noCSRF.postMultipart("/actions/\(a.id!)/evidence", fields, file: nil).status == .forbidden)
            #expect(try await count(Evidence.self, app) == 2)
        }
    }

    @Test func onlyTheRecorderOrAManagerChangesEvidence() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let e = try await EvidenceService(db: app.db, actor: try f.actor("staff"), today: today)
                .record(
                    actionIDs: [a.id!], .init(category: "processes", kind: .audit, day: today, summary: "Audit"),
                    files: [])
            // staff2 cannot see service one at all; the commissioner sees it but cannot change it.
            let staff2 = try await Browser.signedIn(app, "staff2@alpha.example")
            #expect(try await staff2.get("/evidence/\(e.id!)/edit").status == .notFound)
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            #expect(try await commissioner.get("/evidence/\(e.id!)/edit").status == .forbidden)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            try await rm.get("/evidence/\(e.id!)/edit")
            let ok = try await rm.post(
                "/evidence/\(e.id!)/edit",
                [
                    ("category", "outcomes"), ("kind", "incident_data"), ("date", today.iso),
                    ("summary", "Audit, corrected"), ("version", "1")
                ])
            #expect(ok.status == .seeOther)
            let stale = try await rm.post(
                "/evidence/\(e.id!)/edit",
                [
                    ("category", "processes"), ("kind", "audit"), ("date", today.iso), ("summary", "Lost"),
                    ("version", "1")
                ])
            #expect(stale.status == .conflict)
            let bad = try await rm.post(
                "/evidence/\(e.id!)/edit",
                [
                    ("category", "processes"), ("kind", "audit"), ("date", "yesterday"), ("summary", "x"),
                    ("version", "2")
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await Evidence.find(e.id!, on: app.db)?.summary == "Audit, corrected")
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$entityID == e.id!).filter(\.$operation == "updated")
                    .count() == 1)
        }
    }

    @Test func evidenceLinksFollowTheirEvidenceSoTheAttentionFlagsDo() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let old = today.adding(days: -200)
            let service = EvidenceService(db: app.db, actor: try f.actor("rm"), today: today)
            let e = try await service.record(
                actionIDs: [a.id!], .init(category: "processes", kind: .audit, day: old, summary: "Audit"), files: [])
            let link = try await EvidenceAction.query(on: app.db).filter(\.$evidence.$id == e.id!).first()
            #expect(link?.day == old.iso)
            #expect(link?.category == "processes")
            let before = try await AttentionQueries.flags(for: [a], today: today, on: app.db)[a.id!] ?? []
            let stalled = before.first { $0.flag == .stalled }
            #expect(stalled?.explanation.contains(old.ukFormat) == true)
            #expect(before.contains { $0.flag == .disconnected })
            // Corrected to outcome evidence from today: the link follows, and so do the flags.
            _ = try await service.update(
                e.id!, .init(category: "outcomes", kind: .audit, day: today, summary: "Audit"), version: 1)
            let moved = try await EvidenceAction.query(on: app.db).filter(\.$evidence.$id == e.id!).first()
            #expect(moved?.day == today.iso)
            #expect(moved?.category == "outcomes")
            let after = try await AttentionQueries.flags(for: [a], today: today, on: app.db)[a.id!] ?? []
            #expect(!after.contains { $0.flag == .stalled })
            #expect(!after.contains { $0.flag == .disconnected })
        }
    }

    @Test func upgradingCopiesEachLinksDayAndCategoryFromItsEvidence() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let day = today.adding(days: -3)
            let e = try await EvidenceService(db: app.db, actor: try f.actor("rm"), today: today)
                .record(
                    actionIDs: [a.id!], .init(category: "people", kind: .feedback, day: day, summary: "Staff said"),
                    files: [])
            // A database from before the migration: the columns do not exist; running it fills them.
            // On one connection (an in-memory SQLite database is shared by several, each with its own view of the
            // schema).
            try await app.db.transaction { db in
                let migration = UpdateEvidenceActionsAddDayAndCategory()
                try await migration.revert(on: db)
                try await migration.prepare(on: db)
            }
            let link = try await EvidenceAction.query(on: app.db).filter(\.$evidence.$id == e.id!).first()
            #expect(link?.day == day.iso)
            #expect(link?.category == "people")
        }
    }

    @Test func reviewAndClosureFromThePage() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            var i = f.input(factors: (2, 2, 2, 2, 2))
            i.interimControls = ""
            let a = try await f.createAction(app, i)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let closure = try await rm.get("/actions/\(a.id!)?tab=closure")
            #expect(closure.body.string.contains("Needs evidence from 2 different CQC evidence categories"))
            #expect(closure.body.string.contains("No review has recorded a measure value yet"))
            try await rm.get("/actions/\(a.id!)?tab=reviews")
            let badReview = try await rm.post(
                "/actions/\(a.id!)/reviews", [("rag", ""), ("measure_value", "lots"), ("commentary", "")])
            #expect(badReview.status == .unprocessableEntity)
            #expect(badReview.body.string.contains("Choose the progress RAG"))
            #expect(
                try await rm.post(
                    "/actions/\(a.id!)/reviews",
                    [("rag", "green"), ("measure_value", "100"), ("commentary", "Done"), ("decision", "Close")]
                ).status == .seeOther)
            for c in ["processes", "people"] {
                _ = try await EvidenceService(db: app.db, actor: try f.actor("rm"), today: today)
                    .record(actionIDs: [a.id!], .init(category: c, kind: .audit, day: today, summary: c), files: [])
            }
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            try await staff.get("/actions/\(a.id!)?tab=closure")
            #expect(try await staff.post("/actions/\(a.id!)/close", []).status == .forbidden)
            try await rm.get("/actions/\(a.id!)?tab=closure")
            #expect(try await rm.post("/actions/\(a.id!)/close", [("override_condition", "")]).status == .seeOther)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .monitoring)
            let after = try await rm.get("/actions/\(a.id!)?tab=closure")
            #expect(after.body.string.contains("Record a re-audit"))
            // The evidence behind the closure cannot carry its re-audit: that rests on evidence dated after closure.
            try await f.closedAgo(app, a.id!, days: 60)
            let before = try await f.reAuditEvidence(app, a.id!, day: today.adding(days: -61))
            let old = try await rm.post(
                "/actions/\(a.id!)/reaudits",
                [
                    ("passed", "pass"), ("finding", "Fine"),
                    ("sample", "Night charts"), ("method", "Audit"),
                    ("evidence", before.uuidString)
                ])
            #expect(old.status == .unprocessableEntity && old.body.string.contains("evidence dated after the closure"))
            let evidenceID = try await f.reAuditEvidence(app, a.id!)
            let bare = try await rm.post(
                "/actions/\(a.id!)/reaudits",
                [
                    ("passed", "fail"), ("finding", "Two gaps"), ("sample", "Night charts"),
                    ("method", "Audit")
                ])
            #expect(bare.status == .unprocessableEntity && bare.body.string.contains("say which control changes"))
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .monitoring)
            #expect(
                try await rm.post(
                    "/actions/\(a.id!)/reaudits",
                    [
                        ("passed", "fail"), ("finding", "Two gaps"), ("sample", "Night charts"),
                        ("method", "Audit"), ("control_change", "Night senior checks charts"),
                        ("evidence", evidenceID.uuidString)
                    ]
                ).status == .seeOther)
            #expect(try await RecoveryAction.find(a.id!, on: app.db)?.status == .reopened)
            let page = try await rm.get("/actions/\(a.id!)?tab=closure").body.string
            #expect(page.contains("Control to change: Night senior checks charts") && page.contains("Evidence: "))
        }
    }

    @Test func flagsShowInWordsOnTheListAndThePage() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            var i = f.input()
            i.baselineDay = today.adding(days: -40)
            let a = try await f.createAction(app, i)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let list = try await rm.get("/actions")
            #expect(list.body.string.contains("Stalled"))
            #expect(list.body.string.contains("Disconnected"))
            let page = try await rm.get("/actions/\(a.id!)")
            #expect(page.body.string.contains("more than two review periods"))
            #expect(page.body.string.contains("no outcome evidence and no linked indicator"))
        }
    }
}
