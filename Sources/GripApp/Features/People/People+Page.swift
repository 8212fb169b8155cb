import Fluent
import GripCore
import Vapor

/// People supported (issue 23): the list (aggregates for commissioners), a person's audited record, adding and
/// editing, and sharing a case with a commissioner.
struct PeopleWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let p = routes.grouped("people")
        p.get(use: list)
        p.get("new", use: newForm)
        p.post(use: create)
        p.get(":id", use: show)
        p.get(":id", "edit", use: editForm)
        p.post(":id", use: update)
        p.post(":id", "shares", use: share)
    }

    static func service(_ req: Request) throws -> PeopleService {
        PeopleService(db: req.db, actor: try req.actor, today: req.today)
    }

    static func id(_ req: Request) -> UUID? { req.parameters.get("id").flatMap(UUID.init(uuidString:)) }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render("people/list", try await PeopleListPage.load(req))
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("people/show", try await PersonPage.load(req))
    }

    @Sendable func newForm(req: Request) async throws -> View {
        let service = req.query[String.self, at: "service"] ?? ""
        return try await req.view.render(
            "people/form",
            try await PersonFormPage.load(
                req, form: FormState(values: ["service": service])))
    }

    @Sendable func editForm(req: Request) async throws -> View {
        try req.actor.require(.recordPeople)
        // The form shows the record: opening it is a view, audited like the record's page.
        let p = try await Self.service(req).view(Self.id(req))
        return try await req.view.render(
            "people/form",
            try await PersonFormPage.load(
                req, person: p, form: FormState(values: PersonFormPage.values(p))))
    }

    /// Reads the form, with the risk ratings from their `risk_<area>` fields.
    static func form(_ req: Request) throws -> PersonForm {
        var f = try req.content.decode(PersonForm.self)
        let raw = (try? req.content.decode([String: String].self)) ?? [:]
        var risks = f.risks ?? [:]
        for area in PersonRiskArea.allCases {
            if let level = raw["risk_\(area.rawValue)"] { risks[area.rawValue] = level }
        }
        f.risks = risks
        return f
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.actor.require(.recordPeople)
        let f = try Self.form(req)
        let (input, unreadable) = f.parse()
        do {
            if !unreadable.isEmpty {
                throw AppError.invalid(
                    InputParse.merge(
                        unreadable,
                        PeopleService.problems(
                            input,
                            today: req.today)))
            }
            let p = try await Self.service(req).create(input)
            req.flash("\(p.reference) added.")
            return req.redirect(to: Paths.person(p.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "people/form",
                try await PersonFormPage.load(
                    req, form: FormState(values: PersonFormPage.values(f), errors: e.fieldErrors)), status: e.status)
        }
    }

    @Sendable func update(req: Request) async throws -> Response {
        let service = try Self.service(req)
        let existing = try await service.find(Self.id(req))
        try req.actor.require(.recordPeople)
        let f = try Self.form(req)
        let (input, unreadable) = f.parse()
        do {
            if !unreadable.isEmpty {
                throw AppError.invalid(
                    InputParse.merge(
                        unreadable,
                        PeopleService.problems(
                            input,
                            today: req.today)))
            }
            let p = try await service.update(existing.id, input, version: f.version)
            req.flash("\(p.reference) saved.")
            return req.redirect(to: Paths.person(p.id!))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let current = try await service.find(existing.id)
            var state = FormState(
                values: PersonFormPage.values(f),
                errors: e.fieldErrors.isEmpty
                    ? [FieldError("version", e.reason)] : e.fieldErrors)
            state.values["version"] = String(current.version)
            return try await req.render(
                "people/form", try await PersonFormPage.load(req, person: current, form: state),
                status: e.status)
        }
    }

    struct ShareForm: Content { var commissioner: String?; var share: String? }

    @Sendable func share(req: Request) async throws -> Response {
        let service = try Self.service(req)
        let p = try await service.find(Self.id(req))
        try req.actor.require(.recordPeople)
        let f = try req.content.decode(ShareForm.self)
        var errors: [FieldError] = []
        let commissioner = InputParse.uuid(f.commissioner, "commissioner", "a commissioner", into: &errors)
        guard errors.isEmpty, f.share == "yes" || f.share == "no" else {
            throw AppError.invalid(
                errors.isEmpty
                    ? [FieldError("share", "Say whether to share (yes or no).")]
                    : errors)
        }
        _ = try await service.setShared(p.id, commissionerID: commissioner, share: f.share == "yes")
        req.flash(
            f.share == "yes"
                ? "\(p.reference)'s case is shared: the commissioner can open this record now."
                : "\(p.reference)'s case is no longer shared.")
        return req.redirect(to: Paths.person(p.id!))
    }
}
