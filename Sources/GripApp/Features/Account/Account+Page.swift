import Fluent
import GripCore
import Vapor

/// Sign-in, sign-out, the first-run page and password-reset links.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.signIn, use: signInPage)
        routes.post(.signIn, use: signIn)
        routes.get(.signInCode, use: codePage)
        routes.post(.signInCode, use: code)
        routes.post(.signOut, use: signOut)
        routes.get(.setup, use: setupPage)
        routes.post(.setup, use: setup)
        routes.get(.resetPassword, use: resetPage)
        routes.post(.resetPassword, use: reset)
    }

    struct SignInPage: Encodable {
        let layout: Layout
        let form: FormState
        let next: String
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\") else { return Paths.home }
        return raw
    }

    @Sendable func signInPage(req: Request) async throws -> Response {
        if try await AccountQuery.noOrganisationYet(on: req.db) { return req.redirect(to: Paths.setup) }
        if req.auth.has(Actor.self) { return req.redirect(to: Paths.home) }
        let next = Self.safeNext(try? req.query.get(String.self, at: "next"))
        return try await req.view.render(
            "sign-in", SignInPage(layout: Layout(req, title: "Sign in"), form: FormState(), next: next)
        ).encodeResponse(for: req)
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = EmailAddress.normalised(form.email ?? "") ?? ""
        let password = form.password ?? ""
        let address = Self.address(of: req)
        func refuse(_ message: String, _ status: HTTPResponseStatus) async throws -> Response {
            let page = SignInPage(
                layout: Layout(req, title: "Sign in"),
                form: FormState(values: ["email": form.email ?? ""], errors: [FieldError("email", message)]),
                next: Self.safeNext(form.next))
            return try await req.render("sign-in", page, status: status)
        }
        // Paused after repeated failures: the password is not even checked.
        if let wait = try await SignInFailures.wait(email: email, address: address, now: req.now, on: req.db) {
            let res = try await refuse(SignInThrottle.message(wait), .tooManyRequests)
            res.headers.replaceOrAdd(name: .retryAfter, value: String(Int(wait.rounded(.up))))
            return res
        }
        var user: User?
        if !email.isEmpty, let candidate = try await AccountQuery.user(email: email, on: req.db),
            candidate.active
        {
            if try await req.password.async.verify(password, created: candidate.passwordHash) { user = candidate }
        }
        guard let user else {
            try await SignInFailures.record(email: email, address: address, now: req.now, on: req.db)
            return try await refuse(
                "The e-mail address or password is not right, or the account is deactivated.", .unauthorized)
        }
        // With two-factor sign-in, the password only opens the code page, on a new session id.
        if TwoFactor.isEnrolled(user) {
            try await Self.rotate(req)
            req.session.data["pending_uid"] = try user.requireID().uuidString
            req.session.data["pending_at"] = String(Int(req.now.timeIntervalSince1970))
            req.session.data["pending_next"] = Self.safeNext(form.next)
            return req.redirect(to: Paths.signInCode)
        }
        try await SignInFailures.clear(email: email, on: req.db)
        try await Self.startSession(req, for: user)
        if try await TwoFactor.mustEnrol(user, on: req.db) { return req.redirect(to: Paths.twoFactor) }
        return req.redirect(to: Self.safeNext(form.next))
    }

    /// How long the code page waits after the password.
    static let codeWindow: TimeInterval = 5 * 60

    struct CodePage: Encodable {
        let layout: Layout
        let form: FormState
    }

    /// The person whose password was right and who now owes a code, if the wait has not run out.
    static func pending(_ req: Request) async throws -> User? {
        guard let raw = req.session.data["pending_uid"], let id = UUID(uuidString: raw),
            let at = req.session.data["pending_at"].flatMap(Double.init),
            req.now.timeIntervalSince1970 - at <= codeWindow,
            let user = try await User.find(id, on: req.db), user.active, TwoFactor.isEnrolled(user)
        else { return nil }
        return user
    }

    @Sendable func codePage(req: Request) async throws -> Response {
        guard try await Self.pending(req) != nil else { return req.redirect(to: Paths.signIn()) }
        return try await req.render(
            "sign-in-code", CodePage(layout: Layout(req, title: "Enter your code"), form: FormState()))
    }

    @Sendable func code(req: Request) async throws -> Response {
        guard let user = try await Self.pending(req) else {
            // The wait ran out (or there was none): the password is asked again. A signed-in session is left alone.
            for key in ["pending_uid", "pending_at", "pending_next"] { req.session.data[key] = nil }
            return req.redirect(to: Paths.signIn())
        }
        let form = try req.content.decode(TwoFactorController.CodeForm.self)
        let address = Self.address(of: req)
        func refuse(_ message: String, _ status: HTTPResponseStatus) async throws -> Response {
            try await req.render(
                "sign-in-code",
                CodePage(
                    layout: Layout(req, title: "Enter your code"),
                    form: FormState(errors: [FieldError("code", message)])), status: status)
        }
        // Wrong codes count with wrong passwords: the same pause stops guessing.
        if let wait = try await SignInFailures.wait(email: user.email, address: address, now: req.now, on: req.db) {
            let res = try await refuse(SignInThrottle.message(wait), .tooManyRequests)
            res.headers.replaceOrAdd(name: .retryAfter, value: String(Int(wait.rounded(.up))))
            return res
        }
        guard try await TwoFactor.verify(form.code ?? "", for: user, now: req.now, on: req.db) else {
            try await SignInFailures.record(email: user.email, address: address, now: req.now, on: req.db)
            return try await refuse(TwoFactor.badCode.message, .unauthorized)
        }
        let next = Self.safeNext(req.session.data["pending_next"])
        try await SignInFailures.clear(email: user.email, on: req.db)
        try await Self.startSession(req, for: user)
        return req.redirect(to: next)
    }

    /// The address a sign-in came from (behind a proxy, the proxy's: Grip does not trust forwarded headers).
    static func address(of req: Request) -> String {
        req.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Signs a person in on a new session id (the anonymous one is deleted), with a fresh CSRF token.
    static func startSession(_ req: Request, for user: User) async throws {
        try await rotate(req)
        req.session.data["uid"] = try user.requireID().uuidString
        req.session.data["csrf"] = Secrets.random()
    }

    /// A new session id, the old one deleted, with nothing carried over.
    static func rotate(_ req: Request) async throws {
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        for key in req.session.data.snapshot.keys { req.session.data[key] = nil }
        req.session.data["csrf"] = Secrets.random()
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        req.auth.logout(Actor.self)
        req.session.destroy()
        return req.redirect(to: Paths.signIn())
    }

    struct SetupPage: Encodable {
        let layout: Layout
        let form: FormState
    }

    struct SetupForm: Content {
        var organisation: String?
        var name: String?
        var email: String?
        var password: String?
    }

    @Sendable func setupPage(req: Request) async throws -> Response {
        guard try await AccountQuery.noOrganisationYet(on: req.db) else { return req.redirect(to: Paths.signIn()) }
        return try await req.view.render(
            "setup", SetupPage(layout: Layout(req, title: "Set up Grip"), form: FormState())
        ).encodeResponse(for: req)
    }

    @Sendable func setup(req: Request) async throws -> Response {
        guard try await AccountQuery.noOrganisationYet(on: req.db) else {
            throw AppError.forbidden("Grip is already set up. Ask a provider admin for an account.")
        }
        let form = try req.content.decode(SetupForm.self)
        do {
            let (_, admin) = try await OrganisationService.createWithAdmin(
                name: form.organisation ?? "", adminName: form.name ?? "", email: form.email ?? "",
                password: form.password ?? "", hasher: req.application.password, on: req.db)
            try await Self.startSession(req, for: admin)
            req.flash("Grip is set up. Next: add your services, then your people and review routes.")
            return req.redirect(to: Paths.adminServices)
        } catch let e as AppError where !e.fieldErrors.isEmpty {
            let values = ["organisation": form.organisation ?? "", "name": form.name ?? "", "email": form.email ?? ""]
            return try await req.render(
                "setup",
                SetupPage(
                    layout: Layout(req, title: "Set up Grip"), form: FormState(values: values, errors: e.fieldErrors)),
                status: e.status)
        }
    }

    struct ResetPage: Encodable {
        let layout: Layout
        let form: FormState
        let name: String
        let action: String
    }

    struct ResetForm: Content {
        var password: String?
        var confirm: String?
    }

    func validReset(_ req: Request) async throws -> (PasswordReset, User) {
        let token = req.parameters.get("token") ?? ""
        guard
            let reset = try await AccountQuery.reset(token: token, on: req.db),
            reset.usedAt == nil, reset.expiresAt > req.now, reset.user.active
        else {
            throw AppError(
                .notFound,
                """
                This password link is not valid: it has been used, has expired, or was never issued. Ask your \
                admin for a new one.
                """
            )
        }
        return (reset, reset.user)
    }

    @Sendable func resetPage(req: Request) async throws -> View {
        let (_, user) = try await validReset(req)
        return try await req.view.render(
            "reset-password",
            ResetPage(
                layout: Layout(req, title: "Choose a password"), form: FormState(), name: user.name,
                action: Paths.resetPassword(req.parameters.get("token") ?? "")))
    }

    @Sendable func reset(req: Request) async throws -> Response {
        let (reset, user) = try await validReset(req)
        let form = try req.content.decode(ResetForm.self)
        let password = form.password ?? ""
        var errors: [FieldError] = []
        if let p = PasswordPolicy.problem(password) { errors.append(FieldError("password", p)) }
        if password != (form.confirm ?? "") {
            errors.append(FieldError("confirm", "The two passwords are not the same."))
        }
        guard errors.isEmpty else {
            let res = try await req.view.render(
                "reset-password",
                ResetPage(
                    layout: Layout(req, title: "Choose a password"), form: FormState(errors: errors),
                    name: user.name, action: Paths.resetPassword(req.parameters.get("token") ?? ""))
            ).encodeResponse(for: req)
            res.status = .unprocessableEntity
            return res
        }
        let hash = try await req.password.async.hash(password)
        try await AuditLog.transaction(
            on: req.db, organisationID: user.$organisation.id,
            actor: AuditActor(id: user.id, name: "\(user.name) <\(user.email)>")
        ) { rec in
            reset.usedAt = req.now
            try await reset.update(on: rec.db)
            user.passwordHash = hash
            try await user.update(on: rec.db)
            try await rec.record(
                "user", user.requireID(), "password_set",
                [AuditChange(field: "password", before: nil, after: "changed by reset link")])
        }
        req.flash("Your password is set. Sign in with it now.")
        return req.redirect(to: Paths.signIn())
    }
}
