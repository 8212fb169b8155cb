import Fluent
import Foundation
import GripCore

/// The demo's frameworks (issue 22): the 2023 quality statements in force, the 2017 key lines of enquiry shipped
/// alongside, and the county council's own PAMMS-style framework loaded with a crosswalk from the 2023 statements.
/// The quality lead re-maps the actions to it, so the commissioner pack can be built under either framework.
enum DemoFrameworks {
    static func seed(db: any Database, users: [String: User], today: Day) async throws {
        let admin = FrameworkService(db: db, actor: try Actor(users["admin"]!), today: today)
        let folder = URL(fileURLWithPath: GripResources.publicFiles)
        let council = try await admin.load(
            try Data(contentsOf: folder.appendingPathComponent("sample-framework.json")))
        _ = try await admin.loadCrosswalk(try Data(contentsOf: folder.appendingPathComponent("sample-crosswalk.csv")))
        _ = try await admin.chooseForCommissioner(
            "Northshire County Council", frameworkID: council.id,
            effectiveOn: council.effectiveFrom, version: nil)
        let ql = RemapService(db: db, actor: try Actor(users["ql"]!), today: today)
        let plan = try await ql.plan(from: Framework.cqc2023.id, to: council.id)
        let proposed = plan.lines.filter { $0.proposal.outcome == .proposed }.compactMap(\.action.id)
        if !proposed.isEmpty {
            _ = try await ql.confirm(
                from: Framework.cqc2023.id, to: council.id, actionIDs: proposed, digest: plan.digest)
        }
    }
}
