import Fluent
import GripCore
import Vapor

/// API routes need a signed-in actor: 401 problem+json otherwise.
struct RequireActorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard req.auth.has(Actor.self) else {
            throw AppError(.unauthorized, "Send a bearer token: Authorization: Bearer <token>.")
        }
        return try await next.respond(to: req)
    }
}

/// Web pages need a signed-in person: redirect to sign-in (with the page to return to).
struct RequireSignInMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard req.auth.has(Actor.self) else {
            if req.method == .GET {
                return req.redirect(to: Paths.signIn(next: req.url.path))
            }
            throw AppError(.unauthorized, "Your session has ended. Sign in again.")
        }
        return try await next.respond(to: req)
    }
}

/// CSRF: every state-changing form carries the session's token in `_csrf`.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.session.data["csrf"] == nil {
            req.session.data["csrf"] = Secrets.random()
        }
        if req.method != .GET && req.method != .HEAD {
            var sent = req.headers.first(name: "X-CSRF-Token")
            if sent == nil {
                // A browser sends the token in the form. A body larger than one read arrives as a
                // stream: collect it first (to the route's own limit), as the route would.
                if req.body.data == nil {
                    let limit = req.route?.bodyLimit ?? req.application.routes.defaultMaxBodySize.value
                    _ = try await req.eventLoop.flatSubmit { req.body.collect(max: limit) }.get()
                }
                sent = try Self.token(in: req)
            }
            guard let expected = req.session.data["csrf"], Secrets.equal(sent ?? "", expected) else {
                throw AppError(
                    .forbidden,
                    "This form has expired or did not come from Grip. Go back, reload the page and try again.")
            }
        }
        return try await next.respond(to: req)
    }

    /// The `_csrf` field of a form or multipart body, read without decoding the rest (whose
    /// problems, such as text that is not UTF-8, the handler then reports by field). A multipart
    /// body no parser may be given is a 400 here already.
    static func token(in req: Request) throws -> String? {
        guard let body = req.body.data else { return nil }
        if req.headers.contentType == .urlEncodedForm {
            return InputLimits.formFields(Array(body.readableBytesView)).fields.first { $0.0 == field }?.1
        }
        if req.headers.contentType == .formData {
            // The framing check's 400 goes on; any other parse error is the handler's to report.
            do {
                return try InputCheck.multipartFields(
                    body, boundary: req.headers.contentType?.parameters["boundary"] ?? ""
                ).fields.first { $0.0 == field }?.1
            } catch let framing as AppError { throw framing } catch { return nil }
        }
        return try? req.content.get(String.self, at: field)
    }
}

extension Request {
    var csrfToken: String { session.data["csrf"] ?? "" }
}
