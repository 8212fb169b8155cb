import Fluent
import GripCore
import Vapor

/// The safeguarding log (issue 23): list with this month's computed measures, recording a concern, and a concern's
/// page where a manager records the decision, referral and closure.
enum SafeguardingPages: CareLogPages {
    typealias Log = SafeguardingService
    static let listRoute = SiteRoute.safeguarding
    static let recordRoute = SiteRoute.concern
    static let newRoute: SiteRoute? = .newConcern
    static let importRoute: SiteRoute? = .safeguardingImport
    static let listView = "safeguarding/list"
    static let showView = "safeguarding/show"
    static let formView: String? = "safeguarding/form"
    static let importKind: CareLogImport.Log? = .concerns
    static func href(_ c: SafeguardingConcern) -> String { Paths.concern(c.id!) }
    static func created(_ c: SafeguardingConcern) -> String {
        "Concern recorded." + (c.decisionAt == nil ? " A manager records the decision today." : "")
    }
    static func saved(_ c: SafeguardingConcern) -> String { "Concern saved." }
    static func newValues(_ req: Request) -> [String: String] {
        ["person": req.query[String.self, at: "person"] ?? "", "raised_at": LocalTime.input(req.now)]
    }
    static func values(_ form: ConcernForm) -> [String: String] { ConcernFormPage.values(form) }

    static func listPage(_ req: Request) async throws -> any Encodable { try await SafeguardingListPage.load(req) }
    static func showPage(_ req: Request) async throws -> any Encodable { try await ConcernPage.load(req) }
    static func createRefused(_ req: Request, _ form: FormState) async throws -> (view: String, page: any Encodable) {
        ("safeguarding/form", try await ConcernFormPage.load(req, form: form))
    }
    static func updateRefused(
        _ req: Request, _ current: SafeguardingConcern, _ form: FormState
    ) async throws
        -> (view: String, page: any Encodable)
    { (showView, try await ConcernPage.load(req, form: form)) }
}
