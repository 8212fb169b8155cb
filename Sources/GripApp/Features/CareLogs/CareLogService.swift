import Fluent
import GripCore
import Vapor

/// A care log's service as the pages and the API call it (issue 34): its form and permissions, and how it finds,
/// creates and updates a record. People, safeguarding concerns, restrictive interventions and CQC notifications
/// conform (`<Log>+CareLog.swift`), so a form and a JSON body are read, checked and written the same way.
protocol CareLogService {
    associatedtype Form: Decodable
    associatedtype Input
    associatedtype Record: Model where Record.IDValue == UUID

    static var mayCreate: Permission { get }
    static var mayUpdate: Permission { get }
    /// The service for a request's actor, database and clock.
    static func make(_ req: Request) throws -> Self
    static func decode(_ req: Request) throws -> Form
    static func parse(_ form: Form) -> (Input, [FieldError])
    /// The version the writer read.
    static func version(_ form: Form) -> Int?
    /// The rules' problems with the input (GripCore).
    static func problems(_ input: Input, _ req: Request) -> [FieldError]
    /// The record's version, for a form shown again after a 409.
    static func version(of record: Record) -> Int

    func find(_ id: UUID?) async throws -> Record
    func create(_ input: Input) async throws -> Record
    func update(_ id: UUID?, _ input: Input, version: Int?) async throws -> Record
}

extension CareLogService {
    static func decode(_ req: Request) throws -> Form { try req.content.decode(Form.self) }

    /// The form's input; what cannot be read is refused (422) together with what the rules say of the rest.
    static func input(_ form: Form, _ req: Request) throws -> Input {
        let (input, unreadable) = parse(form)
        if !unreadable.isEmpty { throw AppError.invalid(InputParse.merge(unreadable, problems(input, req))) }
        return input
    }

    /// Records what the form says (the caller has checked `mayCreate`).
    static func create(from form: Form, _ req: Request) async throws -> Record {
        try await make(req).create(input(form, req))
    }

    /// Updates the record as the form says, with the version it read (the caller has checked `mayUpdate`).
    func update(_ id: UUID?, from form: Form, _ req: Request) async throws -> Record {
        try await update(id, Self.input(form, req), version: Self.version(form))
    }
}
