/// A problem with one named input field, in words a user can act on.
public struct FieldError: Hashable, Sendable, Codable, Error {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Several field problems found together; thrown by rules that validate a whole input.
public struct ValidationFailure: Error, Sendable, Equatable {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }

    public func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }
}
