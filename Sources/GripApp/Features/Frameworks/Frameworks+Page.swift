import Fluent
import GripCore
import Vapor

/// Frameworks: versions and crosswalks loaded from files, the framework in force, commissioners' frameworks, and
/// re-mapping actions to another version (issue 22).
struct FrameworksWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.frameworks, use: list)
        routes.post(.frameworks, maxBytes: FrameworkFile.Limits.bytes + 65_536, use: load)
        routes.post(.frameworksInForce, use: chooseInForce)
        routes.post(.frameworksCommissioners, use: chooseForCommissioner)
        routes.get(.frameworksCrosswalk, use: crosswalk)
        routes.post(.frameworksCrosswalks, maxBytes: FrameworkFile.Limits.bytes + 65_536, use: loadCrosswalk)
        routes.get(.frameworksRemap, use: remap)
        routes.post(.frameworksRemap, use: confirmRemap)
        routes.get(.framework, use: show)
    }

    static func service(_ req: Request) throws -> FrameworkService {
        FrameworkService(db: req.db, actor: try req.actor, today: req.today)
    }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render("frameworks/list", try await FrameworksPage.load(req))
    }

    /// The list page again with the problems of a form, and its status.
    func rerender(_ req: Request, _ e: AppError, values: [String: String]) async throws -> Response {
        let errors = e.fieldErrors.isEmpty ? [FieldError("form", e.reason)] : e.fieldErrors
        return try await req.render(
            "frameworks/list",
            try await FrameworksPage.load(
                req,
                form: FormState(
                    values: values,
                    errors: errors)),
            status: e.status)
    }

    @Sendable func load(req: Request) async throws -> Response {
        try req.actor.require(.manageFrameworks)
        do {
            let fw = try await Self.service(req).load(
                try Uploads.data(req, missing: "Choose the file to load (JSON or CSV)."))
            req.flash("Loaded \(fw.name): \(fw.items.count) items. It is not in force until you choose it.")
            return req.redirect(to: Paths.framework(fw.id))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(req, e, values: [:])
        }
    }

    /// "In force from": empty for today, else a real day.
    static func optionalDay(_ text: String?, into errors: inout [FieldError]) -> Day? {
        (text ?? "").isEmpty ? nil : FormParse.day(text, "effective_on", "The day it took effect", into: &errors)
    }

    struct InForceForm: Content { var framework: String?; var effective_on: String?; var expected: String? }

    @Sendable func chooseInForce(req: Request) async throws -> Response {
        try req.actor.require(.manageFrameworks)
        let form = try req.content.decode(InForceForm.self)
        var errors: [FieldError] = []
        let day = Self.optionalDay(form.effective_on, into: &errors)
        let values = ["framework": form.framework ?? "", "effective_on": form.effective_on ?? ""]
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            guard let id = form.framework, !id.isEmpty else {
                throw AppError.invalid("framework", "Choose the framework version.")
            }
            let fw = try await Self.service(req).choose(id, effectiveOn: day, expected: form.expected)
            req.flash(
                "\(fw.name) is now the framework in force. Actions keep their mappings under earlier versions; "
                    + "re-map them to it from this page.")
            return req.redirect(to: Paths.frameworks)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            return try await rerender(req, e, values: values)
        }
    }

    struct CommissionerForm: Content {
        var commissioner: String?; var commissioner_framework: String?; var effective_on: String?; var version: String?
    }

    @Sendable func chooseForCommissioner(req: Request) async throws -> Response {
        try req.actor.require(.manageFrameworks)
        let form = try req.content.decode(CommissionerForm.self)
        var errors: [FieldError] = []
        let day = Self.optionalDay(form.effective_on, into: &errors)
        let values = [
            "commissioner": form.commissioner ?? "", "commissioner_framework": form.commissioner_framework ?? "",
            "effective_on": form.effective_on ?? ""
        ]
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let row = try await Self.service(req).chooseForCommissioner(
                form.commissioner ?? "",
                frameworkID: form.commissioner_framework,
                effectiveOn: day,
                version: form.version.flatMap { Int($0) })
            req.flash(
                row.map { "\($0.commissioner) now assesses against \($0.frameworkID)." }
                    ?? "\(form.commissioner ?? "The commissioner") has no framework of its own any more.")
            return req.redirect(to: Paths.frameworks)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            return try await rerender(req, e, values: values)
        }
    }

    @Sendable func loadCrosswalk(req: Request) async throws -> Response {
        try req.actor.require(.manageFrameworks)
        do {
            let cw = try await Self.service(req).loadCrosswalk(
                try Uploads.data(req, missing: "Choose the file to load (JSON or CSV)."))
            req.flash("Loaded the crosswalk from \(cw.from) to \(cw.to): \(cw.rows.count) rows.")
            return req.redirect(to: Paths.crosswalk(from: cw.from, to: cw.to))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await rerender(req, e, values: [:])
        }
    }

    @Sendable func show(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.readProviderWork)
        let catalogue = FrameworkCatalogue(db: req.db, organisationID: actor.organisationID)
        guard let id = req.parameters.get("fid"), let fw = try await catalogue.find(id) else {
            throw AppError.notFound("framework version")
        }
        switch req.query[String.self, at: "format"] ?? "" {
        case "json":
            return FileResponse.attachment(FrameworkFile.json(fw), type: .json, name: "\(fw.id).json")
        case "csv":
            return FileResponse.attachment(
                Data(FrameworkFile.csv(fw).utf8),
                type: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]),
                name: "\(fw.id).csv")
        case "": break
        default:
            throw AppError(
                .badRequest, "format must be json or csv.", fields: [FieldError("format", "Use json or csv.")])
        }
        let inForce = try await catalogue.inForce().framework.id == fw.id
        return try await req.render("frameworks/version", FrameworkVersionPage.make(req, fw, inForce: inForce))
    }

    @Sendable func crosswalk(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.readProviderWork)
        let catalogue = FrameworkCatalogue(db: req.db, organisationID: actor.organisationID)
        let from = req.parameters.get("from") ?? "", to = req.parameters.get("to") ?? ""
        guard let cw = try await catalogue.crosswalks().first(where: { $0.from == from && $0.to == to }) else {
            throw AppError.notFound("crosswalk")
        }
        if req.query[String.self, at: "format"] == "csv" {
            return FileResponse.attachment(
                Data(cw.csv.utf8),
                type: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]),
                name: "\(cw.from)_\(cw.to).csv")
        }
        let versions = try await catalogue.byID([from, to])
        let label = { (fw: String, item: String?) -> String in
            guard let item else { return "No equivalent" }
            return versions[fw]?.label(ofItem: item) ?? item
        }
        let page = CrosswalkPage(
            layout: Layout(req, title: "Crosswalk \(from) to \(to)", section: "actions"),
            from: versions[from]?.name ?? from, to: versions[to]?.name ?? to,
            rows: cw.rows.map { .init(from: label(from, $0.fromItem), to: label(to, $0.toItem), basis: $0.basis) },
            csvHref: Paths.crosswalk(from: from, to: to, format: "csv"))
        return try await req.render("frameworks/crosswalk", page)
    }

    static func remapService(_ req: Request) throws -> RemapService {
        RemapService(db: req.db, actor: try req.actor, today: req.today)
    }

    @Sendable func remap(req: Request) async throws -> Response {
        let service = try Self.remapService(req)
        let plan = try await service.plan(
            from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"])
        return try await req.render("frameworks/remap", RemapPage.make(req, plan))
    }

    struct RemapForm: Content { var from: String?; var to: String?; var digest: String?; var actions: [String]? }

    @Sendable func confirmRemap(req: Request) async throws -> Response {
        let service = try Self.remapService(req)
        try service.actor.require(.remapFrameworks)
        let form = try req.content.decode(RemapForm.self)
        var errors: [FieldError] = []
        let ids = FormParse.uuids(form.actions, "actions", into: &errors)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let count = try await service.confirm(from: form.from, to: form.to, actionIDs: ids, digest: form.digest)
            req.flash(
                "Re-mapped \(count) action\(count == 1 ? "" : "s") to \(form.to ?? ""). "
                    + "Their earlier mappings are kept."
            )
            return req.redirect(to: Paths.remap(from: form.from ?? "", to: form.to ?? ""))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let plan = try await service.plan(from: form.from, to: form.to)
            let page = RemapPage.make(
                req, plan,
                form: FormState(
                    errors: e.fieldErrors.isEmpty
                        ? [FieldError("form", e.reason)]
                        : e.fieldErrors))
            return try await req.render("frameworks/remap", page, status: e.status)
        }
    }
}
