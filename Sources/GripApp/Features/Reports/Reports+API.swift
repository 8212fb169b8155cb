import Fluent
import GripCore
import Vapor

/// Packs and exports over the API: the same assembly as the pages and the command line.
struct ReportsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let heavy = routes.grouped(HeavyWorkMiddleware())
        heavy.get(.apiReport, use: report)
        heavy.get(.apiExportsActions, use: exportActions)
        heavy.get(.apiExportsMap, use: exportMap)
        routes.post(.apiImportsActions, maxBytes: 32 * 1_048_576, use: importActions)
    }

    struct ImportResultDTO: Content {
        let checked: Int
        let imported: Int
        let dryRun: Bool
        let actions: [RefDTO]
    }

    /// The spreadsheet as the body (CSV or XLSX), or multipart with `file`; columns matched by their
    /// header names. `?dry_run=true` checks without importing. Problems: 422 naming row and column.
    @Sendable func importActions(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.createActions)
        var data = Data(buffer: req.body.data ?? ByteBuffer())
        if req.headers.contentType?.type == "multipart" {
            struct Upload: Content { var file: File? }
            let missing = Self.badRequest("file", "Send the spreadsheet as the multipart field file.")
            let upload: Upload
            do { upload = try req.content.decode(Upload.self) } catch let checked as AppError { throw checked } catch {
                throw missing
            }
            guard let file = upload.file else { throw missing }
            data = Data(buffer: file.data)
        }
        let dryRun: Bool
        switch req.query[String.self, at: "dry_run"] ?? "false" {
        case "true", "1": dryRun = true
        case "false", "0": dryRun = false
        default: throw Self.badRequest("dry_run", "dry_run must be true or false.")
        }
        let table: (header: [String], rows: [[String]])
        do { table = try SpreadsheetReader.read(data) } catch { throw AppError.invalid("file", error.message) }
        let service = ActionImportService(db: req.db, actor: actor, today: req.today)
        let mapping = ActionImport.autoMap(header: table.header)
        do {
            if dryRun {
                let checked = try await service.check(header: table.header, rows: table.rows, mapping: mapping)
                return try await ImportResultDTO(checked: checked.rows.count, imported: 0, dryRun: true, actions: [])
                    .encodeResponse(status: .ok, for: req)
            }
            let created = try await service.run(header: table.header, rows: table.rows, mapping: mapping)
            return try await ImportResultDTO(
                checked: created.count, imported: created.count, dryRun: false,
                actions: created.map { RefDTO(id: $0.id!, name: "\($0.reference) \($0.title)") }
            )
            .encodeResponse(status: .created, for: req)
        } catch let f as ActionImportService.Failure {
            throw AppError(
                .unprocessableEntity, "\(f.problems.count) problem(s): nothing was imported.",
                fields: f.problems.map {
                    FieldError("row \($0.row)" + ($0.column.isEmpty ? "" : ", \($0.column)"), $0.message)
                })
        }
    }

    static func badRequest(_ field: String, _ message: String) -> AppError {
        AppError(.badRequest, message, fields: [FieldError(field, message)])
    }

    @Sendable func report(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let kind = Pack.Kind(rawValue: req.parameters.get("kind") ?? "") else {
            throw AppError(.notFound, "No such pack: use commissioner, cqc or oversight.")
        }
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let formatText = raw["format"] ?? "json"
        guard formatText == "json" || PackRenderer.Format(rawValue: formatText) != nil else {
            throw Self.badRequest("format", "format must be json, html, pdf or csv.")
        }
        var ids: [UUID]?
        if let s = raw["services"], !s.isEmpty {
            let parts = s.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            let parsed = parts.compactMap(UUID.init(uuidString:))
            guard parsed.count == parts.count else {
                throw Self.badRequest("services", "services must be service ids separated by commas.")
            }
            ids = parsed
        }
        let today = req.today
        let period: ReportPeriod
        do { period = try ReportPeriod.parse(from: raw["from"], to: raw["to"], today: today) } catch {
            throw AppError(.badRequest, error.errors.map(\.message).joined(separator: " "), fields: error.errors)
        }
        let pack = try await PackRenderer.build(
            kind, actor: actor, serviceIDs: ids, period: period, today: today,
            baseURL: req.publicBaseURL,
            framework: raw["framework"], on: req.db)
        if let format = PackRenderer.Format(rawValue: formatText) {
            return try await PackRenderer.response(pack, format, standalone: true, views: req.view)
        }
        let res = Response(status: .ok)
        try res.content.encode(pack, as: .json)
        return res
    }

    static func format(_ req: Request) throws -> Exports.Format {
        let f = req.query[String.self, at: "format"] ?? "xlsx"
        guard let format = Exports.Format(rawValue: f) else {
            throw badRequest("format", "format must be csv or xlsx.")
        }
        return format
    }

    @Sendable func exportActions(req: Request) async throws -> Response {
        let format = try Self.format(req)
        let (filter, fw) = try await ActionFilter.checked(req, ignoring: ["format"])
        let today = req.today
        let table = try await Exports.actions(filter, framework: fw, actor: try req.actor, today: today, on: req.db)
        return try FileResponse.table(table, format, fileName: "grip-actions-\(today.iso)")
    }

    @Sendable func exportMap(req: Request) async throws -> Response {
        let actor = try req.actor
        let format = try Self.format(req)
        var f = RecoveryMap.Filter()
        if let s = req.query[String.self, at: "service"], !s.isEmpty {
            guard let id = UUID(uuidString: s) else {
                throw Self.badRequest("service", "service must be a service id.")
            }
            f.serviceID = id
        }
        if let b = req.query[String.self, at: "band"], !b.isEmpty {
            guard let band = RiskBand(rawValue: b) else {
                throw Self.badRequest("band", "band must be low, moderate, high or extreme.")
            }
            f.band = band
        }
        if let t = req.query[String.self, at: "theme"], !t.isEmpty { f.theme = t }
        return try FileResponse.table(
            try await Exports.map(f, actor: actor, on: req.db), format,
            fileName: "recovery-map-\(req.today.iso)")
    }
}
