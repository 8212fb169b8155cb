import Fluent
import GripCore
import Vapor

/// The restrictive interventions log (issue 23): list with this month's computed measures, recording an
/// intervention, and its page for the debrief and the panel's sign-off.
enum InterventionPages: CareLogPages {
    typealias Log = InterventionService
    static let listRoute = SiteRoute.interventions
    static let recordRoute = SiteRoute.intervention
    static let newRoute: SiteRoute? = .newIntervention
    static let importRoute: SiteRoute? = .interventionsImport
    static let listView = "interventions/list"
    static let showView = "interventions/show"
    static let formView: String? = "interventions/form"
    static let importKind: CareLogImport.Log? = .interventions
    static func href(_ i: RestrictiveIntervention) -> String { Paths.intervention(i.id!) }
    static func created(_ i: RestrictiveIntervention) -> String {
        "Intervention recorded." + (i.debriefAt == nil ? " Hold the debrief within 24 hours." : "")
    }
    static func saved(_ i: RestrictiveIntervention) -> String { "Intervention saved." }
    static func newValues(_ req: Request) -> [String: String] {
        ["person": req.query[String.self, at: "person"] ?? "", "started_at": LocalTime.input(req.now)]
    }
    static func values(_ form: InterventionForm) -> [String: String] { InterventionFormPage.values(form) }

    static func listPage(_ req: Request) async throws -> any Encodable { try await InterventionListPage.load(req) }
    static func showPage(_ req: Request) async throws -> any Encodable { try await InterventionPage.load(req) }
    static func createRefused(_ req: Request, _ form: FormState) async throws -> (view: String, page: any Encodable) {
        ("interventions/form", try await InterventionFormPage.load(req, form: form))
    }
    static func updateRefused(
        _ req: Request, _ current: RestrictiveIntervention, _ form: FormState
    ) async throws
        -> (view: String, page: any Encodable)
    { (showView, try await InterventionPage.load(req, form: form)) }
}
