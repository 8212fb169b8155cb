import Fluent
import Foundation
import GripCore
import SQLKit
import Testing
import Vapor
@testable import GripApp

/// Issue 35: the heat map and the dashboards read each service's counts from columns of their own, not the whole
/// summary's JSON with the map's rows; the columns say what the JSON says.
@Suite struct SummaryHeatTests {
    var today: Day { Day.today(now: Date()) }

    @Test func everyFlagAndAfterClosureStateHasAColumn() {
        #expect(Set(SummaryHeat.flags) == Set(AttentionFlag.allCases), "a new flag needs a migration adding its column")
        #expect(Set(SummaryHeat.afterClosure) == Set(AfterClosure.allCases))
        #expect(Set(SummaryHeat.counts).count == SummaryHeat.counts.count)
    }

    /// Each stored summary read for its counts equals the whole summary without the map's rows: as computed and
    /// stored, and as the migration fills the columns of summaries stored before them.
    @Test func theCountsReadAreTheWholeSummarysWithoutTheMapsRows() async throws {
        try await withGrip { app in
            try await DemoSeeder.seed(app)
            let org = try #require(try await Organisation.query(on: app.db).first()).id!
            _ = try await ServiceSummaries.refresh(organisationID: org, today: today, all: true, on: app.db)
            let ids = try await Service.query(on: app.db).all().compactMap(\.id)
            @Sendable func expectSame() async throws {
                let whole = try await ServiceSummaries.stored(ids, on: app.db).compactMapValues(\.summary)
                let heat = try await ServiceSummaries.stored(ids, part: .heat, on: app.db)
                #expect(whole.count == ids.count && heat.count == ids.count)
                for (id, summary) in whole {
                    // Without the map's rows; a zero count is an absent one to every reader (`count(_:)`, the
                    // pages' and the API's `?? 0`).
                    var expected = summary
                    expected.current = []
                    expected.flags = expected.flags.filter { $0.value != 0 }
                    expected.afterClosure = expected.afterClosure.filter { $0.value != 0 }
                    #expect(heat[id]?.summary == expected)
                    #expect(heat[id]?.data == nil)
                }
                // Not a comparison of empty summaries.
                let read = heat.values.compactMap(\.summary)
                #expect(read.contains { !$0.drift.isEmpty } && read.contains { !$0.flags.isEmpty })
                #expect(read.contains { !$0.afterClosure.isEmpty } && read.contains { $0.live > 0 })
                #expect(whole.values.contains { !$0.current.isEmpty })
            }
            try await expectSame()
            // Summaries stored before the columns: the migration fills them from the JSON.
            let sql = app.db as! any SQLDatabase
            let blank = sql.update(ServiceSummaries.table).set("drift", to: "[]")
            for column in SummaryHeat.counts { blank.set(column, to: 0) }
            try await blank.run()
            try await AddSummaryHeatColumns.fill(on: app.db)
            try await expectSame()
        }
    }
}
