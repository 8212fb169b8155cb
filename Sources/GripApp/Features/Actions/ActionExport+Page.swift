import Fluent
import GripCore
import Vapor

/// The action list, with its filters, as a spreadsheet.
extension ActionsWebController {
    func export(_ req: Request, _ format: Exports.Format) async throws -> Response {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let fw = try await FrameworkCatalogue(db: req.db, organisationID: actor.organisationID).inForce().framework
        let (filter, errors) = ActionFilter.parse(raw, framework: fw)
        guard errors.isEmpty else {
            throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors)
        }
        let today = req.today
        let table = try await Exports.actions(filter, framework: fw, actor: actor, today: today, on: req.db)
        return try FileResponse.table(table, format, fileName: "grip-actions-\(today.iso)")
    }

    @Sendable func exportCSV(req: Request) async throws -> Response { try await export(req, .csv) }
    @Sendable func exportXLSX(req: Request) async throws -> Response { try await export(req, .xlsx) }
}
