import GripCore
import Vapor

/// Turns every error into a response that keeps its status: RFC 9457 problem+json under /api,
/// a plain, readable error page elsewhere. Never a stack trace or SQL.
struct GripErrorMiddleware: AsyncMiddleware {
    let environment: Environment

    struct Problem: Content {
        struct Field: Content { let field: String; let message: String }
        let type: String
        let title: String
        let status: Int
        let detail: String
        let errors: [Field]?
    }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch {
            let (status, detail, fields) = describe(error, req)
            if status == .internalServerError { req.logger.report(error: error) }
            if req.url.path.hasPrefix("/api") { return try problem(status, detail, fields) }
            return await page(req, status, detail, fields)
        }
    }

    func describe(_ error: any Error, _ req: Request) -> (HTTPResponseStatus, String, [FieldError]) {
        switch error {
        case let e as AppError:
            return (e.status, e.reason, e.fieldErrors)
        case let e as DecodingError:
            let (field, message) = Self.explain(e)
            return (.badRequest, message, [FieldError(field, message)])
        case let e as any AbortError:
            return (e.status, e.status == .notFound ? "There is no page at this address." : e.reason, [])
        case _ where String(reflecting: type(of: error)).hasPrefix("MultipartKit."):
            // A malformed multipart body (a wrong boundary, a broken part): the sender's mistake.
            let message = "The form could not be read: send multipart/form-data whose parts match its boundary."
            return (.badRequest, message, [FieldError("body", message)])
        default:
            return (
                .internalServerError, "Something went wrong on our side. The error has been logged; please try again.",
                []
            )
        }
    }

    static func explain(_ e: DecodingError) -> (String, String) {
        func path(_ p: [any CodingKey]) -> String {
            p.map { $0.intValue.map(String.init) ?? snakeCase($0.stringValue) }.joined(separator: ".")
        }
        switch e {
        case .keyNotFound(let key, let ctx):
            let f = path(ctx.codingPath + [key])
            return (f, "\(f) is required.")
        case .typeMismatch(let type, let ctx):
            let f = path(ctx.codingPath)
            return (f, "\(f.isEmpty ? "The body" : f) has the wrong type (expected \(Self.name(of: type))).")
        case .valueNotFound(let type, let ctx):
            let f = path(ctx.codingPath)
            return (f, "\(f) must not be null (expected \(Self.name(of: type))).")
        case .dataCorrupted(let ctx):
            let f = path(ctx.codingPath)
            return (f.isEmpty ? "body" : f, f.isEmpty ? "The body is not valid JSON." : "\(f): \(ctx.debugDescription)")
        @unknown default:
            return ("body", "The body could not be read.")
        }
    }

    /// The API's field name for a Swift key: `serviceId` → `service_id`.
    static func snakeCase(_ key: String) -> String {
        var out = ""
        for c in key {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    static func name(of type: Any.Type) -> String {
        let n = String(describing: type)
        switch n {
        case "String": return "text"
        case "Int", "Double": return "a number"
        case "Bool": return "true or false"
        default: return n.lowercased().contains("array") ? "a list" : "text"
        }
    }

    func problem(_ status: HTTPResponseStatus, _ detail: String, _ fields: [FieldError]) throws -> Response {
        let body = Problem(
            type: "about:blank", title: status.reasonPhrase, status: Int(status.code), detail: detail,
            errors: fields.isEmpty ? nil : fields.map { .init(field: $0.field, message: $0.message) })
        let res = Response(status: status)
        try res.content.encode(body, as: .json)
        res.headers.contentType = HTTPMediaType(
            type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        if status == .unauthorized { res.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
        return res
    }

    func page(_ req: Request, _ status: HTTPResponseStatus, _ detail: String, _ fields: [FieldError]) async -> Response
    {
        let ctx = ErrorPage(
            layout: Layout(req, title: status.reasonPhrase), status: Int(status.code),
            heading: Self.heading(status), detail: detail, fields: fields)
        do {
            let res = try await req.view.render("error", ctx).encodeResponse(for: req)
            res.status = status
            return res
        } catch {
            let res = Response(status: status, body: .init(string: "\(status.code) \(status.reasonPhrase): \(detail)"))
            res.headers.contentType = .plainText
            return res
        }
    }

    static func heading(_ s: HTTPResponseStatus) -> String {
        switch s {
        case .notFound: "Page not found"
        case .forbidden: "You cannot do this"
        case .unauthorized: "Sign in to continue"
        case .conflict: "Someone else changed this first"
        case .unprocessableEntity, .badRequest: "There is a problem"
        default: "Sorry, there is a problem with Grip"
        }
    }
}

struct ErrorPage: Encodable {
    let layout: Layout
    let status: Int
    let heading: String
    let detail: String
    let fields: [FieldError]
}

/// Headers every response carries.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let res = try await next.respond(to: req)
        res.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        res.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        res.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        res.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value:
                """
                default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors \
                'none'; form-action 'self'
                """
        )
        return res
    }
}
