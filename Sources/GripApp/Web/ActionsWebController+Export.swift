import Fluent
import GripCore
import Vapor

/// Downloads of a table as CSV or XLSX (attachments, never shown inline).
enum ExportResponse {
    static func make(_ table: Table, _ format: Exports.Format, fileName: String) throws -> Response {
        let res: Response
        switch format {
        case .csv:
            res = Response(status: .ok, body: .init(string: table.csv()))
            res.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        case .xlsx:
            res = Response(status: .ok, body: .init(data: try table.xlsx()))
            res.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        res.headers.contentDisposition = .init(.attachment, filename: "\(fileName).\(format.rawValue)")
        return res
    }
}

/// The action list, with its filters, as a spreadsheet.
extension ActionsWebController {
    func export(_ req: Request, _ format: Exports.Format) async throws -> Response {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let fw = try await FrameworkCatalogue(db: req.db, organisationID: actor.organisationID).inForce().framework
        let (filter, errors) = ActionFilter.parse(raw, framework: fw)
        guard errors.isEmpty else { throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors) }
        let today = Day.today(now: Date())
        let table = try await Exports.actions(filter, framework: fw, actor: actor, today: today, on: req.db)
        return try ExportResponse.make(table, format, fileName: "grip-actions-\(today.iso)")
    }

    @Sendable func exportCSV(req: Request) async throws -> Response { try await export(req, .csv) }
    @Sendable func exportXLSX(req: Request) async throws -> Response { try await export(req, .xlsx) }
}
