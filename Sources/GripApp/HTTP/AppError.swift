import GripCore
import Vapor

/// An error that keeps its HTTP status, a plain message and, for bad input, the fields named.
struct AppError: AbortError, Sendable {
    let status: HTTPResponseStatus
    let reason: String
    let fieldErrors: [FieldError]

    init(_ status: HTTPResponseStatus, _ reason: String, fields: [FieldError] = []) {
        self.status = status
        self.reason = reason
        self.fieldErrors = fields
    }

    static func notFound(_ what: String) -> AppError {
        AppError(.notFound, "No \(what) with that id exists here.")
    }

    static func forbidden(_ why: String = "Your role does not allow this.") -> AppError {
        AppError(.forbidden, why)
    }

    static func invalid(_ errors: [FieldError]) -> AppError {
        AppError(
            .unprocessableEntity,
            errors.count == 1 ? errors[0].message : "There are \(errors.count) problems with what was sent.",
            fields: errors)
    }

    static func invalid(_ field: String, _ message: String) -> AppError {
        invalid([FieldError(field, message)])
    }

    static func stale(_ what: String, current: Int) -> AppError {
        AppError(
            .conflict,
            """
            This \(what) was changed by someone else since you opened it (it is now at version \(current)). \
            Reload it, check their change and try again.
            """,
            fields: [FieldError("version", "The record is now at version \(current).")])
    }
}

extension ValidationFailure {
    var appError: AppError { AppError.invalid(errors) }
}
