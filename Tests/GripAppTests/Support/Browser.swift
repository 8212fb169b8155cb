import Fluent
import Foundation
import NIOCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// A signed-in (or anonymous) browser: keeps the session cookie and CSRF token. Requests go to the
/// in-memory app, or (`over = .running(…)`) over a real socket, where a large body arrives in pieces.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookie: String?
    var csrf = ""
    var over: Application.Method = .inMemory

    init(_ app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: .accept, value: "text/html")
        if let cookie { headers.add(name: .cookie, value: cookie) }
        let res = try await app.testing(method: over).sendRequest(.GET, path, headers: headers)
        absorb(res)
        return res
    }

    /// Posts a form with the session's CSRF token (unless `csrf: false`).
    @discardableResult
    func post(
        _ path: String, _ fields: [(String, String)], csrf withToken: Bool = true
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
        if let cookie { headers.add(name: .cookie, value: cookie) }
        let all = (withToken ? [("_csrf", csrf)] : []) + fields
        let body = all.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        let res = try await app.testing(method: over).sendRequest(
            .POST, path, headers: headers, body: ByteBuffer(string: body))
        absorb(res)
        return res
    }

    /// Posts a multipart form (with the CSRF token) and an optional file.
    @discardableResult
    func postMultipart(
        _ path: String, _ fields: [(String, String)], file: (name: String, bytes: [UInt8])?
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        let (body, boundary) = Multipart.body([("_csrf", csrf)] + fields, file: file)
        headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        if let cookie { headers.add(name: .cookie, value: cookie) }
        let res = try await app.testing(method: over).sendRequest(.POST, path, headers: headers, body: body)
        absorb(res)
        return res
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
    }

    func absorb(_ res: TestingHTTPResponse) {
        for c in res.headers[.setCookie] where c.hasPrefix("grip_session=") {
            cookie = String(c.split(separator: ";")[0])
        }
        let html = res.body.string
        if let r = html.range(of: #"name="_csrf" value=""#) {
            let rest = html[r.upperBound...]
            if let end = rest.firstIndex(of: "\"") { csrf = String(rest[..<end]) }
        }
    }

    /// Signs in through the real sign-in form.
    static func signedIn(
        _ app: Application, _ email: String, password: String = Fixture.password
    ) async throws -> Browser {
        let b = Browser(app)
        try await b.get("/sign-in")
        let res = try await b.post("/sign-in", [("email", email), ("password", password), ("next", "/")])
        #expect(res.status == .seeOther, "sign-in as \(email) failed: \(res.status)")
        try await b.get("/")
        return b
    }
}

/// JSON API calls with a bearer token.
struct APIClient {
    let app: Application
    let token: String?

    static func make(_ app: Application, for user: User) async throws -> APIClient {
        let (_, secret) = try await TokenService.create(
            name: "test", for: user, actor: AuditActor(id: nil, name: "test"), on: app.db)
        return APIClient(app: app, token: secret)
    }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        if json != nil { headers.add(name: .contentType, value: "application/json") }
        return try await app.testing().sendRequest(
            method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func json(_ method: HTTPMethod, _ path: String, _ object: [String: Any]) async throws -> TestingHTTPResponse {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await send(method, path, json: String(decoding: data, as: UTF8.self))
    }
}

enum Multipart {
    static func body(_ fields: [(String, String)], file: (name: String, bytes: [UInt8])?) -> (ByteBuffer, String) {
        let boundary = "grip-test-\(UUID().uuidString)"
        var buffer = ByteBuffer()
        for (k, v) in fields {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n")
        }
        if let file {
            buffer.writeString(
                """
                --\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; \
                filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n
                """
            )
            buffer.writeBytes(file.bytes)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        return (buffer, boundary)
    }
}

extension APIClient {
    func multipart(
        _ path: String, _ fields: [(String, String)], file: (name: String, bytes: [UInt8])?
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        let (body, boundary) = Multipart.body(fields, file: file)
        headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: body)
    }
}

extension TestingHTTPResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.string.utf8))) as? [String: Any] ?? [:]
    }

    /// Field names of a problem+json error.
    var problemFields: [String] {
        (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}

func count<M: Model>(_ type: M.Type, _ app: Application) async throws -> Int {
    try await M.query(on: app.db).count()
}
