import Fluent
import GripCore
import Vapor

/// Evidence pages outside an action: edit, and file downloads.
struct EvidenceWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.evidenceEdit, use: editForm)
        routes.post(.evidenceEdit, use: update)
        routes.get(.evidenceFile, use: download)
    }

    struct EditPage: Encodable {
        let layout: Layout
        let form: FormState
        let version: Int
        let categories: [Choice]
        let kinds: [Choice]
        let action: String
        let backHref: String
    }

    struct EditForm: Content {
        var category: String?; var kind: String?; var date: String?; var summary: String?; var version: String?
    }

    func page(_ req: Request, _ e: Evidence, values: [String: String], errors: [FieldError]) async throws -> EditPage {
        let link = try await EvidenceService.firstAction(of: e, on: req.db)
        return EditPage(
            layout: Layout(req, title: "Change evidence", section: "actions"),
            form: FormState(values: values, errors: errors),
            version: e.version,
            categories: Reference.evidenceCategories.map {
                Choice(
                    value: $0.id, label: $0.title,
                    selected: values["category"] == $0.id)
            },
            kinds: EvidenceKind.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: values["kind"] == $0.rawValue)
            },
            action: Paths.editEvidence(e.id!),
            backHref: link.map { Paths.action($0.$action.id, tab: "evidence") } ?? Paths.actions)
    }

    func evidenceID(_ req: Request) throws -> UUID {
        guard let s = req.parameters.get("id"), let id = UUID(uuidString: s) else {
            throw AppError.notFound("evidence")
        }
        return id
    }

    @Sendable func editForm(req: Request) async throws -> View {
        let actor = try req.actor
        let e = try await EvidenceService.visible(try evidenceID(req), for: actor, on: req.db)
        try actor.require(.editEvidence, RecordRelation(isOwner: e.$recordedBy.id == actor.id))
        return try await req.view.render(
            "evidence/edit",
            try await page(
                req, e,
                values: [
                    "category": e.category, "kind": e.kind.rawValue,
                    "date": e.day, "summary": e.summary
                ], errors: []))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try evidenceID(req)
        let form = try req.content.decode(EditForm.self)
        var errors: [FieldError] = []
        let input = EvidenceService.Input.parse(
            category: form.category, kind: form.kind, date: form.date, summary: form.summary,
            statements: nil, request: nil, into: &errors)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let e = try await EvidenceService(db: req.db, actor: actor, today: req.today).update(
                id, input, version: form.version.flatMap { Int($0) })
            req.flash("Evidence changed.")
            let link = try await EvidenceService.firstAction(of: e, on: req.db)
            return req.redirect(to: link.map { Paths.action($0.$action.id, tab: "evidence") } ?? Paths.actions)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let current = try await EvidenceService.visible(id, for: actor, on: req.db)
            let values = [
                "category": form.category ?? "", "kind": form.kind ?? "", "date": form.date ?? "",
                "summary": form.summary ?? ""
            ]
            let res = try await req.view.render(
                "evidence/edit",
                try await page(
                    req, current, values: values,
                    errors: e.fieldErrors.isEmpty ? [FieldError("version", e.reason)] : e.fieldErrors)
            ).encodeResponse(for: req)
            res.status = e.status
            return res
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        try await EvidenceService.download(req)
    }
}
