import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// Issue 24: each person chooses how Grip e-mails them, at /account/mail.
@Suite struct MailSettingsWebTests {
    @Test func aPersonChoosesImmediateMessagesAndTheChoiceIsAudited() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let web = try await Browser.signedIn(app, "rm@alpha.example")
            let page = try await web.get("/account/mail")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("value=\"digest\" aria-describedby=\"preference-digest-hint\" checked"))
            #expect(html.contains("E-mail is off on this Grip."))
            #expect(html.contains("What Grip sends to rm@alpha.example."))
            let saved = try await web.post("/account/mail", [("preference", "immediate"), ("version", "1")])
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "/account/mail")
            let user = try #require(try await User.find(f.id("rm"), on: app.db))
            #expect(user.mailPreference == .immediate && user.version == 2)
            let entry = try #require(
                try await AuditEntry.query(on: app.db)
                    .filter(\.$operation == "mail_preference_changed").first())
            #expect(entry.entityID == f.id("rm") && entry.changes.contains("\"immediate\""))
            let again = try await web.get("/account/mail")
            #expect(
                again.body.string.contains(
                    "value=\"immediate\" aria-describedby=\"preference-immediate-hint\" checked"))
            #expect(again.body.string.contains("Your e-mail choice is saved."))
        }
    }

    @Test func aBadChoiceIsNamedAndNothingIsWritten() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let web = try await Browser.signedIn(app, "staff@alpha.example")
            let audits = try await count(AuditEntry.self, app)
            for (value, words) in [
                ("weekly", "is not a choice: use digest, immediate or none."),
                ("", "Choose how Grip should e-mail you")
            ] {
                let res = try await web.post("/account/mail", [("preference", value), ("version", "1")])
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("id=\"preference-error\""))
                #expect(res.body.string.contains(words))
            }
            let version = try await web.post("/account/mail", [("preference", "none"), ("version", "x")])
            #expect(version.status == .unprocessableEntity)
            #expect(try await count(AuditEntry.self, app) == audits)
            #expect(try await User.find(f.id("staff"), on: app.db)?.mailPreference == .digest)
        }
    }

    @Test func aStaleFormIsRefusedAndSigningInComesFirst() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let web = try await Browser.signedIn(app, "ql@alpha.example")
            #expect(
                try await web.post("/account/mail", [("preference", "none"), ("version", "1")]).status == .seeOther)
            let stale = try await web.post("/account/mail", [("preference", "immediate"), ("version", "1")])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("id=\"preference-error\""))
            #expect(stale.body.string.contains("Your choice was changed elsewhere since this page was opened"))
            // The page re-rendered carries the account's new version, so saving again works.
            #expect(stale.body.string.contains("name=\"version\" value=\"2\""))
            #expect(try await User.find(f.id("ql"), on: app.db)?.mailPreference == MailPreference.none)
            let anonymous = Browser(app)
            let page = try await anonymous.get("/account/mail")
            #expect(page.status == .seeOther && page.headers.first(name: .location)?.hasPrefix("/sign-in") == true)
            let post = try await anonymous.post("/account/mail", [("preference", "none")], csrf: false)
            #expect(post.status == .seeOther || post.status == .unauthorized || post.status == .forbidden)
            #expect(try await User.find(f.id("ql"), on: app.db)?.mailPreference == MailPreference.none)
        }
    }

    /// The page lists the latest messages to the person, never anyone else's.
    @Test func theLatestMessagesAreThePersonsOwn() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            for (k, subject) in [("rm", "Grip: for Rita"), ("rm2", "Grip: for Ravi"), ("rmB", "Grip: for Rob")] {
                let u = try #require(try await User.find(f.id(k), on: app.db))
                try await MailMessage(
                    organisationID: u.$organisation.id, userID: f.id(k), to: u.email, kind: .approval,
                    subject: subject, body: "B", now: Date()
                ).create(on: app.db)
            }
            let html = try await Browser.signedIn(app, "rm@alpha.example").get("/account/mail").body.string
            #expect(html.contains("Grip: for Rita"))
            #expect(!html.contains("Grip: for Ravi") && !html.contains("Grip: for Rob"))
        }
    }
}
