import Fluent
import GripCore
import Vapor

/// What one care log's pages declare (issue 34): its routes, views and messages, and the pages that show a refused
/// write again. Its form, permissions and writes are its service's (`CareLogService`). `CareLogWebController` does
/// the rest the same way for every log: people, safeguarding concerns, restrictive interventions and CQC
/// notifications.
protocol CareLogPages: Sendable {
    associatedtype Log: CareLogService
    typealias Form = Log.Form
    typealias Record = Log.Record

    /// The log's list (`/safeguarding`, where a new record is posted) and a record's page (`/safeguarding/:id`).
    static var listRoute: SiteRoute { get }
    static var recordRoute: SiteRoute { get }
    /// The new-record form (`/safeguarding/new`) and the CSV import; nil where the log has none.
    static var newRoute: SiteRoute? { get }
    static var importRoute: SiteRoute? { get }
    static var listView: String { get }
    static var showView: String { get }
    /// The new-record form's view; nil where the list holds the form (CQC notifications).
    static var formView: String? { get }
    /// The CSV import's kind; nil where the log has none.
    static var importKind: CareLogImport.Log? { get }

    static func href(_ record: Record) -> String
    static func created(_ record: Record) -> String
    static func saved(_ record: Record) -> String
    /// What a new-record form starts with (the person chosen, the time now).
    static func newValues(_ req: Request) -> [String: String]
    /// The form's fields as text, to show again with its problems.
    static func values(_ form: Form) -> [String: String]

    static func listPage(_ req: Request) async throws -> any Encodable
    static func showPage(_ req: Request) async throws -> any Encodable
    /// The page that shows a refused new record again: the form, or the list that holds it.
    static func createRefused(_ req: Request, _ form: FormState) async throws -> (view: String, page: any Encodable)
    /// The page that shows a refused update again (a 409 carries the version now stored).
    static func updateRefused(
        _ req: Request, _ current: Record, _ form: FormState
    ) async throws
        -> (view: String, page: any Encodable)
}

extension CareLogPages {
    static var formView: String? { nil }
    static var importKind: CareLogImport.Log? { nil }
    static var newRoute: SiteRoute? { nil }
    static var importRoute: SiteRoute? { nil }
    static func newValues(_ req: Request) -> [String: String] { [:] }
}

/// The web pages of a care log: the list, the new-record form, the CSV import, recording, a record's page and its
/// update. Handlers decode, call the log's service and render; the problems of a refused write are shown by field.
struct CareLogWebController<Pages: CareLogPages>: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(Pages.listRoute, use: list)
        if let new = Pages.newRoute { routes.get(new, use: newForm) }
        if let file = Pages.importRoute {
            routes.get(file, use: importForm)
            routes.post(file, maxBytes: 8 * 1_048_576, use: importFile)
        }
        routes.post(Pages.listRoute, use: create)
        routes.get(Pages.recordRoute, use: show)
        routes.post(Pages.recordRoute, use: update)
    }

    static func id(_ req: Request) -> UUID? { req.parameters.get("id").flatMap(UUID.init(uuidString:)) }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render(Pages.listView, try await Pages.listPage(req))
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render(Pages.showView, try await Pages.showPage(req))
    }

    @Sendable func newForm(req: Request) async throws -> View {
        let refused = try await Pages.createRefused(req, FormState(values: Pages.newValues(req)))
        return try await req.view.render(refused.view, refused.page)
    }

    @Sendable func importForm(req: Request) async throws -> View {
        try await req.view.render("carelogs/import", try CareLogImportPage.load(req, Pages.importKind!))
    }

    @Sendable func importFile(req: Request) async throws -> Response {
        try await CareLogImportPage.run(req, Pages.importKind!)
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.actor.require(Pages.Log.mayCreate)
        let f = try Pages.Log.decode(req)
        do {
            let record = try await Pages.Log.create(from: f, req)
            req.flash(Pages.created(record))
            return req.redirect(to: Pages.href(record))
        } catch let e as AppError where e.status == .unprocessableEntity {
            let state = FormState(values: Pages.values(f), errors: e.fieldErrors)
            let refused = try await Pages.createRefused(req, state)
            return try await req.render(refused.view, refused.page, status: e.status)
        }
    }

    @Sendable func update(req: Request) async throws -> Response {
        let log = try Pages.Log.make(req)
        let existing = try await log.find(Self.id(req))
        try req.actor.require(Pages.Log.mayUpdate)
        let f = try Pages.Log.decode(req)
        do {
            let record = try await log.update(existing.id, from: f, req)
            req.flash(Pages.saved(record))
            return req.redirect(to: Pages.href(record))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let current = try await log.find(existing.id)
            var state = FormState(
                values: Pages.values(f),
                errors: e.fieldErrors.isEmpty ? [FieldError("version", e.reason)] : e.fieldErrors)
            if e.status == .conflict { state.values["version"] = String(Pages.Log.version(of: current)) }
            let refused = try await Pages.updateRefused(req, current, state)
            return try await req.render(refused.view, refused.page, status: e.status)
        }
    }
}
