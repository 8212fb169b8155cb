import Fluent
import GripCore
import Vapor

/// Importing concerns or interventions from a file: the columns, a sample, and every problem by row and column.
struct CareLogImportPage: Encodable {
    let layout: Layout
    let heading: String
    let action: String
    let header: String
    let required: String
    let sampleHref: String
    let backHref: String
    let form: FormState
    let problems: [CareLogImport.Problem]

    static func load(
        _ req: Request, _ log: CareLogImport.Log, form: FormState = FormState(),
        problems: [CareLogImport.Problem] = []
    ) throws -> CareLogImportPage {
        try req.actor.require(.decideConcerns)
        let concerns = log == .concerns
        return CareLogImportPage(
            layout: Layout(
                req, title: concerns ? "Import safeguarding concerns" : "Import restrictive interventions",
                section: concerns ? "safeguarding" : "interventions"),
            heading: concerns ? "Import safeguarding concerns" : "Import restrictive interventions",
            action: (concerns ? SiteRoute.safeguardingImport : SiteRoute.interventionsImport).pattern,
            header: CareLogImport.header(log),
            required: CareLogImport.columns(log).required.joined(separator: ", "),
            sampleHref: concerns ? "/sample-concerns.csv" : "/sample-interventions.csv",
            backHref: concerns ? Paths.safeguarding : Paths.interventions, form: form, problems: problems)
    }

    struct Upload: Content { var file: File? }

    /// Reads the upload and imports it: a redirect with the count, or the page again with every problem (422).
    static func run(_ req: Request, _ log: CareLogImport.Log) async throws -> Response {
        let actor = try req.actor
        try actor.require(.decideConcerns)
        let upload = try req.content.decode(Upload.self)
        guard let file = upload.file, file.data.readableBytes > 0 else {
            return try await req.render(
                "carelogs/import",
                try load(
                    req, log,
                    form: FormState(errors: [
                        FieldError("file", "Choose the file to import (CSV or XLSX).")
                    ])), status: .unprocessableEntity)
        }
        do {
            let n = try await CareLogImport(db: req.db, actor: actor, now: req.now).run(
                log, data: Data(buffer: file.data))
            req.flash("Imported \(n) \(log == .concerns ? "concern" : "intervention")\(n == 1 ? "" : "s").")
            return req.redirect(to: log == .concerns ? Paths.safeguarding : Paths.interventions)
        } catch let f as CareLogImport.Failure {
            return try await req.render(
                "carelogs/import",
                try load(
                    req, log,
                    form: FormState(errors: [
                        FieldError(
                            "file", "\(f.problems.count) problem(s) stop the import: nothing has been imported.")
                    ]), problems: Array(f.problems.prefix(500))), status: .unprocessableEntity)
        }
    }
}
