import Foundation
import Vapor

extension Request {
    /// A record's id from the path; a missing or malformed one is a 404 naming the record, like one not found.
    func uuid(_ name: String, notFound record: String) throws -> UUID {
        guard let s = parameters.get(name), let id = UUID(uuidString: s) else { throw AppError.notFound(record) }
        return id
    }

    /// Grip's address as calendar apps and e-mails should use it: `GRIP_PUBLIC_URL`, else the request's host.
    var publicBaseURL: String {
        if let u = Environment.get("GRIP_PUBLIC_URL"), !u.isEmpty { return u.hasSuffix("/") ? String(u.dropLast()) : u }
        return "http://" + (headers.first(name: .host) ?? "127.0.0.1:8080")
    }
}
