import Fluent
import GripCore
import Vapor

/// The person's own two-factor sign-in: set it up with an authenticator app, or turn it off.
struct TwoFactorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.accountTwoFactor, use: page)
        routes.post(.accountTwoFactor, use: enable)
        routes.post(.accountTwoFactorDisable, use: disable)
    }

    struct Page: Encodable {
        let layout: Layout
        let form: FormState
        let enabled: Bool
        let enabledOn: String?
        let required: Bool
        /// While setting up: the key to type into the app, and the address a phone can open.
        let key: String?
        let uri: String?
    }

    /// A code typed from the app (here, and on the sign-in code page).
    struct CodeForm: Content { var code: String? }

    /// The key being set up lives in the session until a code from it checks.
    static func pendingSecret(_ req: Request) -> [UInt8] {
        if let s = req.session.data["totp_setup"], let bytes = Base32.decode(s), bytes.count == TOTP.secretBytes {
            return bytes
        }
        let fresh = TwoFactor.newSecret()
        req.session.data["totp_setup"] = Base32.encode(fresh)
        return fresh
    }

    func render(_ req: Request, errors: [FieldError] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.actor
        // The session middleware has read the person and their organisation's rule already.
        guard let signedIn = req.storage[SessionUserKey.self], signedIn.actor.id == actor.id else {
            throw AppError.notFound("user")
        }
        let enabled = signedIn.enrolled
        let required = signedIn.twoFactorRoles.contains(actor.role)
        var key: String?, uri: String?
        if !enabled {
            let secret = Self.pendingSecret(req)
            let org = try await Organisation.find(actor.organisationID, on: req.db)
            key = TOTP.grouped(secret)
            uri = TOTP.provisioningURI(secret: secret, account: actor.email, issuer: "Grip (\(org?.name ?? "Grip"))")
        }
        let page = Page(
            layout: Layout(req, title: "Two-factor sign-in"), form: FormState(errors: errors), enabled: enabled,
            enabledOn: signedIn.enrolledAt.map { Day.today(now: $0).ukFormat }, required: required, key: key, uri: uri)
        return try await req.render("account/two-factor", page, status: status)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable func enable(req: Request) async throws -> Response {
        let actor = try req.actor
        let form = try req.content.decode(CodeForm.self)
        guard let secret = req.session.data["totp_setup"] else {
            return try await render(
                req,
                errors: [
                    FieldError("code", "The set-up key has expired. Add the key below to your app and try again.")
                ], status: .unprocessableEntity)
        }
        do {
            try await TwoFactor.enable(actor, secret: secret, code: form.code ?? "", now: req.now, on: req.db)
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await render(req, errors: e.fieldErrors, status: e.status)
        }
        req.session.data["totp_setup"] = nil
        req.flash("Two-factor sign-in is on. From now on Grip asks for a code from your app after your password.")
        return req.redirect(to: Paths.twoFactor)
    }

    @Sendable func disable(req: Request) async throws -> Response {
        let actor = try req.actor
        let form = try req.content.decode(CodeForm.self)
        do {
            try await TwoFactor.disable(actor, code: form.code ?? "", now: req.now, on: req.db)
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await render(req, errors: e.fieldErrors, status: e.status)
        }
        req.flash("Two-factor sign-in is off.")
        return req.redirect(to: Paths.twoFactor)
    }
}

/// While the organisation requires two-factor sign-in of a person's role and they have not set it
/// up, every page sends them to set it up (sign-out still works).
struct RequireTwoFactorEnrolmentMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = req.url.path
        guard let actor = req.auth.get(Actor.self), !path.hasPrefix(Paths.twoFactor), path != Paths.signOut,
            let signedIn = req.storage[SessionUserKey.self], signedIn.actor.id == actor.id,
            TwoFactorPolicy.mustEnrol(role: actor.role, required: signedIn.twoFactorRoles, enrolled: signedIn.enrolled)
        else {
            return try await next.respond(to: req)
        }
        if req.method == .GET { return req.redirect(to: Paths.twoFactor) }
        throw AppError.forbidden("Your organisation requires two-factor sign-in for your role: set it up first.")
    }
}
