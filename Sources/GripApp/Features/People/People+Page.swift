import Fluent
import GripCore
import Vapor

/// People supported (issue 23): the list (aggregates for commissioners), a person's audited record, adding and
/// editing. The list, form and writes are the care logs' (`CareLogWebController`); editing and sharing a case
/// with a commissioner are the person's own.
enum PeoplePages: CareLogPages {
    typealias Log = PeopleService
    static let listRoute = SiteRoute.people
    static let recordRoute = SiteRoute.person
    static let newRoute: SiteRoute? = .newPerson
    static let listView = "people/list"
    static let showView = "people/show"
    static let formView: String? = "people/form"
    static func href(_ p: Person) -> String { Paths.person(p.id!) }
    static func created(_ p: Person) -> String { "\(p.reference) added." }
    static func saved(_ p: Person) -> String { "\(p.reference) saved." }
    static func newValues(_ req: Request) -> [String: String] {
        ["service": req.query[String.self, at: "service"] ?? ""]
    }
    static func values(_ form: PersonForm) -> [String: String] { PersonFormPage.values(form) }

    static func listPage(_ req: Request) async throws -> any Encodable { try await PeopleListPage.load(req) }
    static func showPage(_ req: Request) async throws -> any Encodable { try await PersonPage.load(req) }
    static func createRefused(_ req: Request, _ form: FormState) async throws -> (view: String, page: any Encodable) {
        ("people/form", try await PersonFormPage.load(req, form: form))
    }
    /// The person's form again, with the version now stored (the record is shown as it is now).
    static func updateRefused(
        _ req: Request, _ current: Person, _ form: FormState
    ) async throws
        -> (view: String, page: any Encodable)
    {
        var form = form
        form.values["version"] = String(current.version)
        return ("people/form", try await PersonFormPage.load(req, person: current, form: form))
    }
}

/// A person's own pages beyond the care logs' frame: the edit form, and sharing the case with a commissioner.
struct PersonWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.personEdit, use: editForm)
        routes.post(.personShares, use: share)
    }

    @Sendable func editForm(req: Request) async throws -> View {
        try req.actor.require(.recordPeople)
        // The form shows the record: opening it is a view, audited like the record's page.
        let p = try await PeopleService.make(req).view(CareLogWebController<PeoplePages>.id(req))
        return try await req.view.render(
            "people/form",
            try await PersonFormPage.load(req, person: p, form: FormState(values: PersonFormPage.values(p))))
    }

    struct ShareForm: Content { var commissioner: String?; var share: String? }

    @Sendable func share(req: Request) async throws -> Response {
        let service = try PeopleService.make(req)
        let p = try await service.find(CareLogWebController<PeoplePages>.id(req))
        try req.actor.require(.recordPeople)
        let f = try req.content.decode(ShareForm.self)
        var errors: [FieldError] = []
        let commissioner = InputParse.uuid(f.commissioner, "commissioner", "a commissioner", into: &errors)
        guard errors.isEmpty, f.share == "yes" || f.share == "no" else {
            throw AppError.invalid(errors.isEmpty ? [FieldError("share", "Say whether to share (yes or no).")] : errors)
        }
        _ = try await service.setShared(p.id, commissionerID: commissioner, share: f.share == "yes")
        req.flash(
            f.share == "yes"
                ? "\(p.reference)'s case is shared: the commissioner can open this record now."
                : "\(p.reference)'s case is no longer shared.")
        return req.redirect(to: Paths.person(p.id!))
    }
}
