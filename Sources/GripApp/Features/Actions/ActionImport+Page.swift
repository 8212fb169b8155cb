import Fluent
import GripCore
import Vapor

/// Importing an action plan spreadsheet: upload, map the columns on a preview page with every
/// problem listed by row and column, then import all or nothing.
extension ActionsWebController {
    struct MappingRow: Encodable { let id: String; let label: String; let required: Bool; let options: [Choice] }
    struct ProblemRow: Encodable { let row: Int; let column: String; let message: String }
    struct PreviewRow: Encodable {
        let line: Int; let title: String; let service: String; let lead: String; let due: String
    }

    struct ImportPage: Encodable {
        let layout: Layout
        let form: FormState
        let preview: Bool
        let payload: String
        let fileName: String
        let mapping: [MappingRow]
        let problems: [ProblemRow]
        let rows: [PreviewRow]
        let rowCount: Int
    }

    static func importService(_ req: Request) throws -> ActionImportService {
        let actor = try req.actor
        try actor.require(.createActions)
        return ActionImportService(db: req.db, actor: actor, today: req.today)
    }

    @Sendable func importForm(req: Request) async throws -> View {
        _ = try Self.importService(req)
        return try await req.view.render(
            "actions/import",
            ImportPage(
                layout: Layout(req, title: "Import an action plan", section: "actions"), form: FormState(),
                preview: false, payload: "", fileName: "", mapping: [], problems: [], rows: [], rowCount: 0))
    }

    /// The preview: the file read, the columns mapped, every row checked.
    func importPreview(
        _ req: Request, data: Data, fileName: String, mapping chosen: [String: Int]?
    ) async throws -> Response {
        let service = try Self.importService(req)
        let table: (header: [String], rows: [[String]])
        do { table = try SpreadsheetReader.read(data) } catch {
            let page = ImportPage(
                layout: Layout(req, title: "Import an action plan", section: "actions"),
                form: FormState(errors: [FieldError("file", error.message)]), preview: false, payload: "", fileName: "",
                mapping: [], problems: [], rows: [], rowCount: 0)
            return try await req.render("actions/import", page, status: .unprocessableEntity)
        }
        let mapping = chosen ?? ActionImport.autoMap(header: table.header)
        var problems: [ActionImport.Problem] = []
        var rows: [ActionImport.Row] = []
        do { rows = try await service.check(header: table.header, rows: table.rows, mapping: mapping).rows } catch let f
            as ActionImportService.Failure
        { problems = f.problems }
        let readRows = ActionImport.read(header: table.header, rows: table.rows, mapping: mapping, today: service.today)
            .rows
        let page = ImportPage(
            layout: Layout(req, title: "Import an action plan: check and map", section: "actions"),
            form: FormState(
                errors: problems.isEmpty
                    ? []
                    : [
                        FieldError(
                            "problems",
                            """
                            \(problems.count) problem(s) stop the import: nothing has been imported. Correct the \
                            file or the mapping.
                            """
                        )
                    ]),
            preview: true, payload: data.base64EncodedString(), fileName: fileName,
            mapping: ActionImport.fields.map { f in
                MappingRow(
                    id: f.id, label: f.label, required: f.required,
                    options: [Choice(value: "", label: "Not in the file", selected: mapping[f.id] == nil)]
                        + table.header.enumerated().map { i, h in
                            Choice(
                                value: String(i), label: h.isEmpty ? "Column \(Table.column(i))" : h,
                                selected: mapping[f.id] == i)
                        })
            },
            problems: problems.prefix(500).map { ProblemRow(row: $0.row, column: $0.column, message: $0.message) },
            rows: (rows.isEmpty ? readRows : rows).prefix(20).map {
                PreviewRow(
                    line: $0.line, title: $0.title, service: $0.service, lead: $0.leadEmail, due: $0.dueDay.ukFormat)
            },
            rowCount: (rows.isEmpty ? readRows : rows).count)
        return try await req.render("actions/import", page, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func importUpload(req: Request) async throws -> Response {
        _ = try Self.importService(req)
        struct Upload: Content { var file: File? }
        let upload = try req.content.decode(Upload.self)
        guard let file = upload.file, file.data.readableBytes > 0 else {
            let page = ImportPage(
                layout: Layout(req, title: "Import an action plan", section: "actions"),
                form: FormState(errors: [FieldError("file", "Choose the spreadsheet to import (CSV or XLSX).")]),
                preview: false,
                payload: "", fileName: "", mapping: [], problems: [], rows: [], rowCount: 0)
            return try await req.render("actions/import", page, status: .unprocessableEntity)
        }
        return try await importPreview(req, data: Data(buffer: file.data), fileName: file.filename, mapping: nil)
    }

    @Sendable func importConfirm(req: Request) async throws -> Response {
        let service = try Self.importService(req)
        let fields = try req.content.decode([String: String].self)
        guard let payload = fields["payload"], let data = Data(base64Encoded: payload) else {
            throw AppError(
                .badRequest, "The uploaded file was not sent back with the mapping: upload it again.",
                fields: [FieldError("file", "Upload the file again.")])
        }
        var mapping: [String: Int] = [:]
        for f in ActionImport.fields {
            guard let v = fields["map-\(f.id)"], !v.isEmpty else { continue }
            guard let i = Int(v) else {
                throw AppError(
                    .badRequest, "The mapping for \(f.label) is not a column.",
                    fields: [FieldError("map-\(f.id)", "Choose a column.")])
            }
            mapping[f.id] = i
        }
        let fileName = fields["file_name"] ?? ""
        guard fields["action"] == "import" else {
            return try await importPreview(req, data: data, fileName: fileName, mapping: mapping)
        }
        let table: (header: [String], rows: [[String]])
        do { table = try SpreadsheetReader.read(data) } catch {
            return try await importPreview(req, data: data, fileName: fileName, mapping: mapping)
        }
        do {
            let created = try await service.run(header: table.header, rows: table.rows, mapping: mapping)
            req.flash(
                """
                Imported \(created.count) action(s) from \(fileName.isEmpty ? "the file" : fileName): \
                \(created.first?.reference ?? "") to \(created.last?.reference ?? "").
                """
            )
            return req.redirect(to: Paths.actions)
        } catch is ActionImportService.Failure {
            return try await importPreview(req, data: data, fileName: fileName, mapping: mapping)
        }
    }
}
