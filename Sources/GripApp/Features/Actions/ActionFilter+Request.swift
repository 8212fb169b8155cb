import Fluent
import GripCore
import Vapor

extension ActionFilter {
    /// The filter a request's query asks for, read under the framework in force; a filter that cannot be read is
    /// refused with a 400 naming each (`ignoring`: parameters that are not filters, such as `format`).
    static func checked(_ req: Request, ignoring: [String] = []) async throws -> (ActionFilter, Framework) {
        var raw = (try? req.query.decode([String: String].self)) ?? [:]
        for name in ignoring { raw[name] = nil }
        let fw = try await FrameworkCatalogue(db: req.db, organisationID: try req.actor.organisationID)
            .inForceRemembered()
            .framework
        let (filter, errors) = ActionFilter.parse(raw, framework: fw)
        guard errors.isEmpty else {
            throw AppError(.badRequest, errors.map(\.message).joined(separator: " "), fields: errors)
        }
        return (filter, fw)
    }
}
