import Fluent
import GripCore
import Vapor

/// The action list, with its filters, as a spreadsheet.
extension ActionsWebController {
    func export(_ req: Request, _ format: Exports.Format) async throws -> Response {
        let (filter, fw) = try await ActionFilter.checked(req)
        let today = req.today
        let table = try await Exports.actions(filter, framework: fw, actor: try req.actor, today: today, on: req.db)
        return try FileResponse.table(table, format, fileName: "grip-actions-\(today.iso)")
    }

    @Sendable func exportCSV(req: Request) async throws -> Response { try await export(req, .csv) }
    @Sendable func exportXLSX(req: Request) async throws -> Response { try await export(req, .xlsx) }
}
