import Fluent
import GripCore
import Vapor

extension EvidenceService.Input {
    /// An evidence form's or API call's fields, each bad one named in `errors`.
    static func parse(
        category: String?, kind: String?, date: String?, summary: String?, statements: [String]?,
        request: String?, into errors: inout [FieldError]
    ) -> EvidenceService.Input {
        var input = EvidenceService.Input()
        input.category = category.flatMap { $0.isEmpty ? nil : $0 }
        if let k = kind, !k.isEmpty {
            input.kind = EvidenceKind(rawValue: k)
            if input.kind == nil {
                let kinds = EvidenceKind.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(FieldError("kind", "Unknown kind '\(k)': use one of \(kinds)."))
            }
        }
        input.day = FormParse.day(date, "date", "The evidence date", into: &errors)
        input.summary = summary ?? ""
        input.statementIDs = statements
        input.requestID = FormParse.uuid(request, "request", "a request", into: &errors)
        return input
    }
}

extension EvidenceService {
    /// Sends an evidence file to someone who can see one of its actions, as an attachment with a safe type.
    static func download(_ req: Request) async throws -> Response {
        let actor = try req.actor
        guard let s = req.parameters.get("id"), let id = UUID(uuidString: s),
            let f = req.parameters.get("file"), let fileID = UUID(uuidString: f)
        else { throw AppError.notFound("file") }
        _ = try await EvidenceService.visible(id, for: actor, on: req.db)
        guard
            let file = try await EvidenceFile.query(on: req.db).filter(\.$evidence.$id == id).filter(\.$id == fileID)
                .with(\.$storedFile).first()
        else { throw AppError.notFound("file") }
        return FileResponse.stored(
            file.storedFile.bytes, filename: file.filename, contentType: file.contentType,
            safeTypes: FileCheck.safeDownloadTypes)
    }
}

extension EvidenceService {
    /// An item of evidence's files, the actions it serves and its framework items (it is the caller's).
    static func parts(
        of id: UUID, on db: any Database
    ) async throws -> (files: [EvidenceFile], actions: [UUID], mappings: [EvidenceMapping]) {
        let files = try await EvidenceFile.query(on: db).filter(\.$evidence.$id == id).all()
        let actions = try await EvidenceAction.query(on: db).filter(\.$evidence.$id == id).all().map { $0.$action.id }
        let mappings = try await EvidenceMapping.query(on: db).filter(\.$evidence.$id == id).sort(\.$framework)
            .sort(\.$itemID).all()
        return (files, actions, mappings)
    }

    /// The first action an item of evidence serves (where its page links back to).
    static func firstAction(of e: Evidence, on db: any Database) async throws -> EvidenceAction? {
        try await EvidenceAction.query(on: db).filter(\.$evidence.$id == e.requireID()).first()
    }
}
