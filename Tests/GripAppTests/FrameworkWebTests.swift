import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 22: frameworks loaded from files, the framework in force, re-mapping and packs under two versions.
@Suite struct FrameworkWebTests {
    static let today = Day.today(now: Date())

    @Test func anAdminLoadsAFrameworkFileAndAnyProblemLoadsNothing() async throws {
        try await withGrip { app in
            _ = try await Fixture.make(app)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            let auditBefore = try await count(AuditEntry.self, app)
            // A CSV with a repeated id and a bad day: every problem named by row and column, nothing stored.
            let bad = """
                framework_id,framework_title,owner,kind,effective_from,group_id,group_title,item_id,item_title
                bad-1,Bad,Council,commissioner,1 April 2026,g1,Safety,1.1,Safeguarding
                ,,,,,g1,,1.1,Medicines

                """
            let refused = try await admin.postMultipart("/frameworks", [], file: ("bad.csv", Array(bad.utf8)))
            #expect(refused.status == .unprocessableEntity)
            #expect(
                refused.body.string.contains("row 2, column effective_from: &#39;1 April 2026&#39; is not a day")
                    || refused.body.string.contains("row 2, column effective_from: '1 April 2026' is not a day"))
            #expect(refused.body.string.contains("row 3, column item_id: The id"))
            #expect(try await count(FrameworkVersion.self, app) == 0)
            #expect(try await count(AuditEntry.self, app) == auditBefore)
            // No file at all.
            let empty = try await admin.postMultipart("/frameworks", [], file: nil)
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Choose the file to load"))
            // A good file: stored, audited, shown.
            let loaded = try await admin.postMultipart(
                "/frameworks", [],
                file: (
                    "council.json",
                    Array(FrameworkFixtures.councilJSON.utf8)
                ))
            #expect(loaded.status == .seeOther || loaded.status == .found)
            #expect(loaded.headers.first(name: .location) == "/frameworks/test-pamms-2026")
            #expect(try await count(FrameworkVersion.self, app) == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$operation == "loaded").count() == 1)
            let page = try await admin.get("/frameworks/test-pamms-2026")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Staffing levels"))
            // The same id again is refused: a version never changes once loaded.
            let again = try await admin.postMultipart(
                "/frameworks", [],
                file: (
                    "council.json",
                    Array(FrameworkFixtures.councilJSON.utf8)
                ))
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("already loaded"))
            // Downloads give the document back.
            let json = try await admin.get("/frameworks/test-pamms-2026?format=json")
            #expect(json.headers.contentType == .json)
            #expect(try FrameworkFile.parseJSON(Data(json.body.readableBytesView)).get().id == "test-pamms-2026")
            #expect(try await admin.get("/frameworks/test-pamms-2026?format=docx").status == .badRequest)
        }
    }

    @Test func onlyAnAdminLoadsAndOtherOrganisationsCannotSeeIt() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await FrameworkService(db: app.db, actor: try f.actor("admin"), today: Self.today)
                .load(Data(FrameworkFixtures.councilJSON.utf8))
            let ql = try await Browser.signedIn(app, "ql@alpha.example")
            let refused = try await ql.postMultipart("/frameworks", [], file: ("c.json", Array("{}".utf8)))
            #expect(refused.status == .forbidden)
            #expect(try await ql.get("/frameworks/test-pamms-2026").status == .ok)
            let beta = try await Browser.signedIn(app, "admin@beta.example")
            #expect(try await beta.get("/frameworks/test-pamms-2026").status == .notFound)
            #expect(try await beta.get("/frameworks").body.string.contains("test-pamms-2026") == false)
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            #expect(try await commissioner.get("/frameworks").status == .forbidden)
            let nobody = Browser(app)
            let anonymous = try await nobody.get("/frameworks")
            #expect(anonymous.headers.first(name: .location)?.hasPrefix("/sign-in") == true)
        }
    }

    /// Putting the 2017 key lines of enquiry in force keeps every 2023 mapping; the form, filter and page follow it.
    @Test func switchingTheFrameworkInForceLosesNoMapping() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            var input = f.input()
            input.statementIDs = ["S3", "S8"]
            let a = try await f.createAction(app, input)
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            // A commissioner's framework cannot be the one in force; a stale page is refused; a future day too.
            _ = try await FrameworkService(db: app.db, actor: try f.actor("admin"), today: Self.today)
                .load(Data(FrameworkFixtures.councilJSON.utf8))
            let council = try await admin.post(
                "/frameworks/in-force",
                [
                    ("framework", "test-pamms-2026"),
                    ("expected", "cqc-qs-2023")
                ])
            #expect(council.status == .unprocessableEntity)
            #expect(council.body.string.contains("the framework in force is the regulator"))
            let stale = try await admin.post(
                "/frameworks/in-force",
                [
                    ("framework", "cqc-kloe-2017"),
                    ("expected", "cqc-kloe-2017")
                ])
            #expect(stale.status == .conflict)
            let future = try await admin.post(
                "/frameworks/in-force",
                [
                    ("framework", "cqc-kloe-2017"),
                    ("effective_on", Self.today.adding(days: 3).iso)
                ])
            #expect(future.status == .unprocessableEntity)
            #expect(try await Organisation.find(f.orgA, on: app.db)?.frameworkVersion == "cqc-qs-2023")
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await rm.post("/frameworks/in-force", [("framework", "cqc-kloe-2017")]).status == .forbidden)
            let chosen = try await admin.post(
                "/frameworks/in-force",
                [
                    ("framework", "cqc-kloe-2017"),
                    ("expected", "cqc-qs-2023")
                ])
            #expect(chosen.status == .seeOther || chosen.status == .found)
            let org = try #require(try await Organisation.find(f.orgA, on: app.db))
            #expect(org.frameworkVersion == "cqc-kloe-2017")
            #expect(org.frameworkEffectiveOn == Self.today.iso)
            // Organisation B is untouched.
            #expect(try await Organisation.find(f.orgB, on: app.db)?.frameworkVersion == "cqc-qs-2023")
            // The form offers the 2017 lines; an edit chooses S4 (medicines) and keeps the 2023 mappings.
            let form = try await rm.get("/actions/\(a.id!)/edit")
            #expect(form.body.string.contains("Key lines of enquiry it serves"))
            #expect(form.body.string.contains("How does the provider ensure the proper and safe use of medicines?"))
            let fresh = try #require(try await RecoveryAction.find(a.id, on: app.db))
            var edit = ActionInput()
            edit.statementIDs = ["S7"]
            await #expect(throws: AppError.self) {
                _ = try await ActionService(db: app.db, actor: try f.actor("rm"), today: Self.today)
                    .update(fresh, edit, version: fresh.version)
            }
            edit.statementIDs = ["S4"]
            _ = try await ActionService(db: app.db, actor: try f.actor("rm"), today: Self.today)
                .update(fresh, edit, version: fresh.version)
            let mappings = try await ActionMapping.query(on: app.db).filter(\.$action.$id == a.id!).all()
                .map { "\($0.framework):\($0.itemID)" }.sorted()
            #expect(mappings == ["cqc-kloe-2017:S4", "cqc-qs-2023:S3", "cqc-qs-2023:S8"])
            // The page shows the version in force and the kept mappings; the list filters by the 2017 line.
            let page = try await rm.get("/actions/\(a.id!)").body.string
            #expect(page.contains("S4 How does the provider ensure the proper and safe use of medicines?"))
            #expect(page.contains("cqc-qs-2023: S8 Medicines optimisation"))
            #expect(try await rm.get("/actions?statement=S4").body.string.contains(a.reference))
            #expect(try await rm.get("/actions?statement=S1").body.string.contains(a.reference) == false)
            // A 2023 statement that is not a 2017 line is refused as a filter.
            #expect(try await rm.get("/actions?statement=S8").body.string.contains("is not a key line of enquiry"))
            // Putting 2023 back in force shows the 2023 mappings again, untouched.
            _ = try await FrameworkService(db: app.db, actor: try f.actor("admin"), today: Self.today)
                .choose("cqc-qs-2023", effectiveOn: nil, expected: nil)
            #expect(try await rm.get("/actions/\(a.id!)").body.string.contains("S8 Medicines optimisation"))
        }
    }

    @Test func aQualityLeadReMapsThroughTheCrosswalkInOneAuditedStep() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)  // S8 under 2023
            var other = f.input()
            other.statementIDs = []
            let unmapped = try await f.createAction(app, other)
            let ql = try await Browser.signedIn(app, "ql@alpha.example")
            let page = try await ql.get("/frameworks/remap?from=cqc-qs-2023&to=cqc-kloe-2017")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains(a.reference))
            #expect(html.contains("S4 How does the provider ensure the proper and safe use of medicines?"))
            #expect(html.contains("From S8: Proper and safe use of medicines."))
            let digest = try #require(html.firstMatch(of: /name="digest" value="([0-9a-f]+)"/)?.1)
            // Staff cannot, and an unknown version is named.
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            #expect(try await staff.get("/frameworks/remap?to=cqc-kloe-2017").status == .forbidden)
            #expect(try await ql.get("/frameworks/remap?to=nowhere").status == .unprocessableEntity)
            // A stale plan is refused and writes nothing.
            let stale = try await ql.post(
                "/frameworks/remap",
                [
                    ("from", "cqc-qs-2023"), ("to", "cqc-kloe-2017"),
                    ("digest", "0000"), ("actions[]", a.id!.uuidString)
                ])
            #expect(stale.status == .conflict)
            #expect(try await ActionMapping.query(on: app.db).filter(\.$framework == "cqc-kloe-2017").count() == 0)
            // An action with nothing proposed cannot be confirmed here.
            let nothing = try await ql.post(
                "/frameworks/remap",
                [
                    ("from", "cqc-qs-2023"), ("to", "cqc-kloe-2017"),
                    ("digest", String(digest)),
                    ("actions[]", unmapped.id!.uuidString)
                ])
            #expect(nothing.status == .unprocessableEntity)
            let auditBefore = try await count(AuditEntry.self, app)
            let done = try await ql.post(
                "/frameworks/remap",
                [
                    ("from", "cqc-qs-2023"), ("to", "cqc-kloe-2017"),
                    ("digest", String(digest)), ("actions[]", a.id!.uuidString)
                ])
            #expect(done.status == .seeOther || done.status == .found)
            let kloe = try await ActionMapping.query(on: app.db).filter(\.$action.$id == a.id!).all()
                .map { "\($0.framework):\($0.itemID)" }.sorted()
            #expect(kloe == ["cqc-kloe-2017:S4", "cqc-qs-2023:S8"])
            // One entry for the action and one for the organisation, in the same transaction.
            #expect(try await count(AuditEntry.self, app) == auditBefore + 2)
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$entityID == a.id!).filter(\.$operation == "remapped")
                    .count() == 1)
            // Shown again, the action is already mapped.
            let after = try await ql.get("/frameworks/remap?from=cqc-qs-2023&to=cqc-kloe-2017").body.string
            #expect(after.contains("<strong>1</strong> already mapped under cqc-kloe-2017"))
        }
    }

    @Test func packsAreMadeUnderTheVersionAskedForAndSayWhich() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let admin = try f.actor("admin")
            let service = FrameworkService(db: app.db, actor: admin, today: Self.today)
            let council = try await service.load(Data(FrameworkFixtures.councilJSON.utf8))
            _ = try await service.loadCrosswalk(Data(FrameworkFixtures.councilCrosswalk.utf8))
            _ = try await service.chooseForCommissioner(
                "Council", frameworkID: council.id, effectiveOn: nil, version: nil)
            let period = ReportPeriod.lastThreeFullMonths(today: Self.today)
            func pack(_ kind: Pack.Kind, _ framework: String?) async throws -> Pack {
                try await PackRenderer.build(
                    kind, actor: try f.actor("ql"), serviceIDs: nil, period: period, today: Self.today,
                    baseURL: "", framework: framework, on: app.db)
            }
            // Before re-mapping, a pack under the 2017 lines names the action as not mapped rather than losing it.
            let early = try await pack(.cqc, "cqc-kloe-2017")
            #expect(early.sections.first { $0.id == "unmapped" }?.lines.map(\.label) == [a.reference])
            let ql = RemapService(db: app.db, actor: try f.actor("ql"), today: Self.today)
            for to in [council.id, Framework.cqcKLOE2017.id] {
                let plan = try await ql.plan(from: nil, to: to)
                _ = try await ql.confirm(from: nil, to: to, actionIDs: [a.id!], digest: plan.digest)
            }
            func titles(_ p: Pack) -> [String] { p.sections.flatMap { [$0.title] + $0.subsections.map(\.title) } }
            let qs = try await pack(.cqc, nil)
            #expect(qs.frameworkID == "cqc-qs-2023")
            #expect(titles(qs).contains("S8 Medicines optimisation"))
            let kloe = try await pack(.cqc, "cqc-kloe-2017")
            #expect(kloe.frameworkID == "cqc-kloe-2017")
            #expect(kloe.framework.contains("key lines of enquiry"))
            #expect(titles(kloe).contains("S4 How does the provider ensure the proper and safe use of medicines?"))
            #expect(!titles(kloe).contains("S8 Medicines optimisation"))
            #expect(!kloe.sections.contains { $0.id == "unmapped" })
            // The commissioner pack under the council's framework adds the plan by standard, with owner and timeline.
            let plain = try await pack(.commissioner, nil)
            #expect(!(plain.sections + plain.appendices).contains { $0.id == "plan" })
            let councilPack = try await pack(.commissioner, council.id)
            // The plan is detail: the first appendix, after the body a commissioner reads in ten minutes.
            let plan = try #require(councilPack.appendices.first)
            #expect(plan.id == "plan" && plan.title == "Appendix A: Action plan by standard")
            let line = try #require(plan.subsections.flatMap(\.lines).first)
            #expect(line.label == "1.2")
            #expect(line.text == "\(a.reference) \(a.title)")
            #expect(line.detail.contains("owner Sam Staff"))
            #expect(line.detail.contains("due \(a.dueDay.isEmpty ? "" : Day(iso: a.dueDay)!.ukFormat)"))
            // Through the page, an unknown version is named.
            let browser = try await Browser.signedIn(app, "ql@alpha.example")
            let bad = try await browser.get("/reports/pack?kind=cqc&framework=nowhere")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("No framework version"))
            let ok = try await browser.get("/reports/pack?kind=cqc&framework=cqc-kloe-2017")
            #expect(ok.body.string.contains("CQC key lines of enquiry for adult social care (cqc-kloe-2017)"))
        }
    }

    /// A loaded regulator version (the final 2026 key lines of enquiry, say) can be put in force and used at once.
    @Test func aLoadedRegulatorVersionGoesInForce() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let json = FrameworkFixtures.councilJSON.replacingOccurrences(of: "\"commissioner\"", with: "\"regulator\"")
                .replacingOccurrences(of: "test-pamms-2026", with: "cqc-kloe-2026")
            let admin = FrameworkService(db: app.db, actor: try f.actor("admin"), today: Self.today)
            _ = try await admin.load(Data(json.utf8))
            _ = try await admin.choose("cqc-kloe-2026", effectiveOn: nil, expected: "cqc-qs-2023")
            let inForce = try await FrameworkCatalogue(db: app.db, organisationID: f.orgA).inForce()
            #expect(inForce.framework.id == "cqc-kloe-2026")
            #expect(inForce.since == Self.today)
            var input = f.input()
            input.statementIDs = ["1.2"]
            let a = try await f.createAction(app, input)
            #expect(
                try await ActionMapping.query(on: app.db).filter(\.$action.$id == a.id!).all()
                    .map { "\($0.framework):\($0.itemID)" } == ["cqc-kloe-2026:1.2"])
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await rm.get("/actions/\(a.id!)").body.string.contains("1.2 Medicines"))
            // Organisation B still has the 2023 statements, and cannot use A's version.
            #expect(
                try await FrameworkCatalogue(db: app.db, organisationID: f.orgB).inForce().framework.id == "cqc-qs-2023"
            )
            await #expect(throws: AppError.self) {
                _ = try await FrameworkService(db: app.db, actor: try f.actor("adminB"), today: Self.today)
                    .choose("cqc-kloe-2026", effectiveOn: nil, expected: nil)
            }
        }
    }

    @Test func aCommissionersFrameworkIsChosenByNameAndVersioned() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            _ = try await FrameworkService(db: app.db, actor: try f.actor("admin"), today: Self.today)
                .load(Data(FrameworkFixtures.councilJSON.utf8))
            let admin = try await Browser.signedIn(app, "admin@alpha.example")
            let missing = try await admin.post(
                "/frameworks/commissioners",
                [
                    ("commissioner", ""),
                    ("commissioner_framework", "test-pamms-2026")
                ])
            #expect(missing.status == .unprocessableEntity)
            #expect(try await count(CommissionerFramework.self, app) == 0)
            let saved = try await admin.post(
                "/frameworks/commissioners",
                [
                    ("commissioner", "Council"),
                    ("commissioner_framework", "test-pamms-2026")
                ])
            #expect(saved.status == .seeOther || saved.status == .found)
            let row = try #require(try await CommissionerFramework.query(on: app.db).first())
            #expect(row.frameworkID == "test-pamms-2026" && row.version == 1)
            let stale = try await admin.post(
                "/frameworks/commissioners",
                [
                    ("commissioner", "Council"),
                    ("commissioner_framework", "cqc-qs-2023"),
                    ("version", "7")
                ])
            #expect(stale.status == .conflict)
            let removed = try await admin.post(
                "/frameworks/commissioners",
                [
                    ("commissioner", "Council"),
                    ("commissioner_framework", "")
                ])
            #expect(removed.status == .seeOther || removed.status == .found)
            #expect(try await count(CommissionerFramework.self, app) == 0)
        }
    }
}
