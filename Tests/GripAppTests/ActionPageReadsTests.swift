import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Issue 35: the action page reads its action with every parent in one statement, its children with their
/// people joined, and works out its flags and closure facts from what it has already read.
@Suite struct ActionPageReadsTests {
    @Test func theActionAndItsParentsAreOneStatementAndStayScoped() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            var i = f.input()
            i.sourceID = .some(f.sources["one"]!.id)
            let a = try await f.createAction(app, i)
            let plain = try await f.createAction(app)
            let history = QueryHistory()
            let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: history)!
            let got = try await ActionQueries.withParents(a.id, for: try f.actor("ql"), on: db)
            #expect(history.queries.count == 1)
            #expect(got.service.id == f.sid("one") && got.service.name == "One House")
            #expect(got.lead.id == f.id("staff") && got.reviewer.id == f.id("rm"))
            #expect(got.lead.name == "Sam Staff" && got.reviewer.name == "Rita Manager")
            #expect(got.route.id == f.rid("a") && got.source?.id == f.sources["one"]!.id)
            let noSource = try await ActionQueries.withParents(plain.id, for: try f.actor("rm"), on: app.db)
            #expect(noSource.$source.id == nil && noSource.source == nil)
            // Another organisation's people, and a person without the service: not found, as `Access.action`.
            for outsider in ["rmB", "adminB", "rm2", "staff2"] {
                await #expect(throws: AppError.self) {
                    _ = try await ActionQueries.withParents(a.id, for: try f.actor(outsider), on: app.db)
                }
            }
        }
    }

    /// Issue 35: "also counts for other actions in this service" reads the service's other live actions through
    /// the action (no organisation filter, so SQLite uses the service's index): never another service's, another
    /// organisation's, a closed one or the action itself.
    @Test func otherActionsOfferedAreTheServicesOwnOnly() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            var i = f.input()
            i.title = "The action shown"
            let a = try await f.createAction(app, by: "ql", i)
            i.title = "A sibling in One House"
            let sibling = try await f.createAction(app, by: "ql", i)
            i.title = "A cancelled sibling"
            let cancelled = try await f.createAction(app, by: "ql", i)
            try await RecoveryAction.query(on: app.db).filter(\.$id == cancelled.id!).set(\.$status, to: .cancelled)
                .update()
            var t = f.input(service: "two", lead: "staff2", reviewer: "rm2")
            t.title = "An action at Two Court"
            _ = try await f.createAction(app, by: "ql", t)
            _ = try await f.createActionB(app)
            for who in ["ql", "rm"] {
                let b = try await Browser.signedIn(app, f.users[who]!.email)
                let page = try await b.get("/actions/\(a.id!)?tab=evidence").body.string
                #expect(page.contains("id=\"also-\(sibling.id!)\""), "\(who)")
                #expect(page.contains("Also counts for other actions in this service (1)"), "\(who)")
                #expect(!page.contains("also-\(a.id!)") && !page.contains("also-\(cancelled.id!)"), "\(who)")
                #expect(!page.contains("Two Court</label>") && !page.contains("An action at Two Court"), "\(who)")
            }
        }
    }

    @Test func peopleReloadOnlyWhenMissingOrChanged() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            let history = QueryHistory()
            let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any(), history: history)!
            let fresh = try #require(try await RecoveryAction.find(a.id, on: app.db))
            try await ActionQueries.loadPeopleAndService(of: fresh, on: db)
            #expect(history.queries.count == 1 && fresh.lead.id == f.id("staff"))
            try await ActionQueries.loadPeopleAndService(of: fresh, on: db)
            #expect(history.queries.count == 1, "all there: nothing read")
            // A new lead, saved (as a change does): the person shown is read again.
            try await RecoveryAction.query(on: app.db).filter(\.$id == a.id!).set(\.$lead.$id, to: f.id("staff3"))
                .update()
            fresh.$lead.id = f.id("staff3")
            try await ActionQueries.loadPeopleAndService(of: fresh, on: db)
            #expect(history.queries.count == 2)
            #expect(fresh.lead.id == f.id("staff3") && fresh.lead.name == "Sue Staff")
        }
    }

    /// The page's flags from its own reads are the lists' flags from the database's aggregates.
    @Test func thePagesFlagsAreTheListsFlags() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let today = Day.today(now: Date())
            let rm = try f.actor("rm")
            let quiet = try await f.createAction(app)
            let busy = try await f.createAction(app)
            _ = try await EvidenceService(db: app.db, actor: rm, today: today).record(
                actionIDs: [busy.id!], .init(category: "processes", kind: .audit, day: today, summary: "audit"),
                files: [])
            // Three measures, the last above the baseline (57): weak progress only if read in the wrong order.
            for (measure, rag) in [(50.0, RAG.red), (52.0, RAG.amber), (70.0, RAG.green)] {
                _ = try await ReviewService(db: app.db, actor: rm, today: today).record(
                    actionID: busy.id!,
                    .init(
                        rag: rag, measureValue: measure, commentary: "c", decision: "",
                        controlChange: rag == .red ? "A second check each shift" : ""))
            }
            for a in [quiet, busy] {
                let stored = try #require(try await RecoveryAction.find(a.id, on: app.db))
                let evidence = try await Evidence.query(on: app.db)
                    .join(EvidenceAction.self, on: \Evidence.$id == \EvidenceAction.$evidence.$id)
                    .filter(EvidenceAction.self, \.$action.$id == a.id!).all()
                let reviews = try await Review.query(on: app.db).filter(\.$action.$id == a.id!)
                    .sort(\.$day, .descending).sort(\.$createdAt, .descending).all()
                let fromPage = AttentionQueries.flags(for: stored, evidence: evidence, reviews: reviews, today: today)
                let fromList = try await AttentionQueries.flags(for: [stored], today: today, on: app.db)[a.id!] ?? []
                #expect(fromPage.map(\.flag) == fromList.map(\.flag))
                #expect(!fromList.contains { $0.flag == .weakProgress }, "the latest measure is the last reviewed")
                // A later day shows a different set for the quiet action (no evidence for weeks): still equal.
                let later = today.adding(days: 40)
                let pageLater = AttentionQueries.flags(for: stored, evidence: evidence, reviews: reviews, today: later)
                let listLater = try await AttentionQueries.flags(for: [stored], today: later, on: app.db)[a.id!] ?? []
                #expect(pageLater.map(\.flag) == listLater.map(\.flag))
                #expect(!listLater.isEmpty, "forty days on, something is flagged")
            }
        }
    }
}
