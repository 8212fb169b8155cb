import Fluent
import GripCore
import Vapor

/// `/account/mail`: how Grip e-mails me (issue 24), whether mail is on here, and the latest messages sent to me.
struct MailSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.accountMail, use: page)
        routes.post(.accountMail, use: save)
    }

    struct Page: Encodable {
        struct Sent: Encodable {
            let subject: String
            let kind: String
            let status: String
            let when: String
        }
        let layout: Layout
        struct Option: Encodable {
            let value: String
            let label: String
            let hint: String
            let selected: Bool
        }
        let choices: [Option]
        let email: String
        let mailOn: Bool
        let version: Int
        let recent: [Sent]
        let form: FormState
    }

    struct Form: Content {
        var preference: String?
        var version: String?
    }

    func render(
        _ req: Request, chosen: String? = nil, form: FormState = FormState(),
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let actor = try req.actor
        let user = try await MailPreferences(db: req.db, actor: actor).user()
        let recent = try await MailOutbox.recent(to: actor, on: req.db)
        let current = chosen ?? user.mailPreference.rawValue
        let page = Page(
            layout: Layout(req, title: "E-mail reminders"),
            choices: MailPreference.allCases.map {
                Page.Option(value: $0.rawValue, label: $0.label, hint: Self.hint($0), selected: $0.rawValue == current)
            },
            email: user.email, mailOn: (try? MailSettings.fromEnvironment())?.isOn ?? false, version: user.version,
            recent: recent.map { m in
                Page.Sent(
                    subject: m.subject, kind: m.kind.label, status: m.status.label,
                    when: UKTime.format(m.sentAt ?? m.createdAt ?? req.now))
            },
            form: form)
        return try await req.render("account/mail", page, status: status)
    }

    static func hint(_ p: MailPreference) -> String {
        switch p {
        case .digest:
            "Each morning at 7, what is due or waiting for you, highest risk first: the same as My work. No message "
                + "on a day with nothing."
        case .immediate:
            "The digest, and a message as soon as a change waits for your approval or sign-off, or the other side "
                + "answers an escalation you can see."
        case .none: "Nothing by e-mail. My work and the calendar feed still show it all."
        }
    }

    @Sendable func page(req: Request) async throws -> Response { try await render(req) }

    @Sendable func save(req: Request) async throws -> Response {
        let actor = try req.actor
        let form = try req.content.decode(Form.self)
        var version: Int?
        if let raw = form.version, !raw.isEmpty {
            guard let v = Int(raw) else { throw AppError.invalid("version", "The form's version must be a number.") }
            version = v
        }
        do {
            _ = try await MailPreferences(db: req.db, actor: actor).set(form.preference, version: version)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let errors =
                e.status == .conflict
                ? [
                    FieldError(
                        "preference",
                        "Your choice was changed elsewhere since this page was opened. Check it "
                            + "and save again.")
                ]
                : e.fieldErrors.isEmpty ? [FieldError("preference", e.reason)] : e.fieldErrors
            return try await render(
                req, chosen: e.status == .conflict ? nil : form.preference,
                form: FormState(values: ["preference": form.preference ?? ""], errors: errors),
                status: e.status)
        }
        req.flash("Your e-mail choice is saved.")
        return req.redirect(to: Paths.mailSettings)
    }
}
