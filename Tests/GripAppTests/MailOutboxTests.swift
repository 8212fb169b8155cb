import Fluent
import Foundation
import Glibc
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// A transport that keeps what it is given, or fails as told.
final class RecordingTransport: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var _sent: [(to: String, message: String)] = []
    var failure: MailSendFailure?
    /// Nanoseconds each send takes (to let another sender in between).
    var delay: UInt64 = 0
    var name: String { "the test transport" }
    var sent: [(to: String, message: String)] { lock.withLock { _sent } }

    func send(from: String, to: String, message: String) async throws {
        if delay > 0 { try await Task.sleep(nanoseconds: delay) }
        if let failure { throw failure }
        lock.withLock { _sent.append((to, message)) }
    }
}

/// Issue 24: reminders by e-mail. Messages are queued with their news, only for people who asked and who may see
/// the record; sent, retried after a failure, and given up only after three days; digests carry My work.
@Suite struct MailOutboxTests {
    var today: Day { Day.today(now: Date()) }

    func prefer(_ app: Application, _ f: Fixture, _ keys: [String], _ p: MailPreference) async throws {
        for k in keys {
            let u = try #require(try await User.find(f.id(k), on: app.db))
            u.mailPreference = p
            try await u.update(on: app.db)
        }
    }

    func messages(_ app: Application) async throws -> [MailMessage] {
        try await MailMessage.query(on: app.db).with(\.$user).sort(\.$createdAt).all()
    }

    @Test func anApprovalWaitingIsQueuedForThoseWhoMayApproveAndAskedToHearAtOnce() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            // The quality lead and the nominated individual may approve; only the quality lead asked for messages
            // at once. The other service's manager asked too, but cannot see the action.
            try await prefer(app, f, ["ql", "rm2", "staff"], .immediate)
            let a = try await f.createAction(app)
            let rm = try await APIClient.make(app, for: f.users["rm"]!)
            let low: [String: Any] = [
                "harm": 1, "people_affected": 1, "recurrence": 1, "regulatory_impact": 1,
                "control_weakness": 1
            ]
            let proposed = try await rm.json(
                .PATCH, "/api/v1/actions/\(a.id!)",
                ["version": 1, "risk": low, "change_reason": "No gaps for a month."])
            #expect(proposed.status == .accepted)
            let queued = try await messages(app)
            #expect(queued.map(\.toAddress) == ["ql@alpha.example"])
            let m = try #require(queued.first)
            #expect(m.kind == .approval && m.status == .queued && m.attempts == 0)
            #expect(m.subject == "Grip: \(a.reference) waits for your approval")
            #expect(m.body.contains("Rita Manager proposes a change to the oversight of \(a.reference)"))
            #expect(m.body.contains("Their reason: No gaps for a month."))
            #expect(m.body.contains("http://127.0.0.1:8080/actions/\(a.id!.uuidString)#pending-change"))
            // A refused proposal writes no message either.
            let again = try await rm.json(
                .PATCH, "/api/v1/actions/\(a.id!)",
                ["version": 1, "risk": low, "change_reason": "No gaps for a month."])
            #expect(again.status == .conflict)
            #expect(try await messages(app).count == 1)
        }
    }

    @Test func escalationNewsReachesTheOtherSideOnlyAndNeverAnotherServiceOrOrganisation() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            try await prefer(app, f, ["commissioner", "rm", "ni", "rm2", "ql"], .immediate)
            try await prefer(app, f, ["admin"], .digest)
            let rmB = try #require(try await User.find(f.id("rmB"), on: app.db))
            rmB.mailPreference = .immediate
            try await rmB.update(on: app.db)
            // A draft tells nobody; raising it tells the commissioner of its service.
            let e = try await EscalationService(db: app.db, actor: try f.actor("rm"), today: today).create(
                .init(
                    serviceID: f.sid("one"), category: .staffing, facts: "Nights below safe staffing.",
                    safeguards: "Agency.", actionsTaken: "Recruiting.", supportNeeded: "Block booking.",
                    respondBy: today.adding(days: 5), jointReviewDay: nil, raiseNow: false))
            #expect(try await messages(app).isEmpty)
            _ = try await EscalationService(db: app.db, actor: try f.actor("rm"), today: today)
                .transition(e.id, to: .raised, reason: "", evidenceIDs: [])
            var queued = try await messages(app)
            #expect(queued.map(\.toAddress) == ["commissioner@alpha.example"])
            #expect(queued.first?.kind == .escalationResponse)
            #expect(queued.first?.subject == "Grip: Rita Manager moved \(e.reference) to raised")
            // The commissioner answers: the provider side that can see service one hears (not its own side, not
            // Two Court's manager, not the other organisation).
            _ = try await EscalationService(db: app.db, actor: try f.actor("commissioner"), today: today)
                .respond(e.id, text: "We will fund two weeks of block booking.")
            queued = try await messages(app)
            #expect(
                Set(queued.dropFirst().map(\.toAddress)) == [
                    "rm@alpha.example", "ni@alpha.example",
                    "ql@alpha.example"
                ])
            // Who did what, with the link; what they wrote stays in Grip (it may be about a person).
            #expect(
                queued.dropFirst().allSatisfy {
                    $0.body.contains(
                        "Cal Commissioner responded on \(e.reference) (Staffing, One House). Read what they "
                            + "wrote in Grip.") && $0.body.contains("/escalations/\(e.id!.uuidString)")
                })
            #expect(!queued.contains { $0.body.contains("block booking") || $0.body.contains("safe staffing") })
            #expect(!queued.contains { $0.toAddress == "rm2@alpha.example" || $0.toAddress == "rmb@beta.example" })
            #expect(queued.allSatisfy { $0.$organisation.id == f.orgA })
        }
    }

    @Test func aFailedSendIsRetriedLaterAndAnOutageWaitsWithoutLosingAnything() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let now = Date()
            for k in ["rm", "ql", "ni"] {
                let u = try #require(try await User.find(f.id(k), on: app.db))
                try await MailMessage(
                    organisationID: f.orgA, userID: f.id(k), to: u.email, kind: .approval,
                    subject: "S \(k)", body: "B", now: now
                ).create(on: app.db)
            }
            let transport = RecordingTransport()
            let settings = MailSettings(
                transport: transport, from: "Grip <grip@alpha.example>",
                baseURL: "http://grip.test")
            // The mail server is down: the first try fails, and the rest of the batch waits.
            transport.failure = MailSendFailure("cannot connect to mail:25: Connection refused", unreachable: true)
            let down = try await MailOutbox.deliver(settings: settings, now: now, on: app.db)
            #expect(down == MailOutbox.Delivery(sent: 0, retrying: 1, gaveUp: 0, waiting: 2))
            let tried = try await messages(app).filter { $0.attempts == 1 }
            #expect(tried.count == 1)
            #expect(tried.first?.status == .queued)
            #expect(tried.first?.lastError == "cannot connect to mail:25: Connection refused")
            #expect(tried.first.map { abs($0.nextAttemptAt.timeIntervalSince(now) - 60) < 1 } == true)
            // Back up a minute later: all three go, each once, and nothing is left.
            transport.failure = nil
            let up = try await MailOutbox.deliver(settings: settings, now: now.addingTimeInterval(61), on: app.db)
            #expect(up.sent == 3)
            #expect(Set(transport.sent.map(\.to)) == ["rm@alpha.example", "ql@alpha.example", "ni@alpha.example"])
            #expect(
                try await messages(app).allSatisfy { $0.status == .sent && $0.sentAt != nil && $0.lastError == nil })
            let again = try await MailOutbox.deliver(settings: settings, now: now.addingTimeInterval(120), on: app.db)
            #expect(again == MailOutbox.Delivery())
            // The message as sent: headers, the quoted-printable body, the envelope's address from GRIP_MAIL_FROM.
            let text = try #require(transport.sent.first?.message)
            #expect(text.hasPrefix("From: Grip <grip@alpha.example>\r\nTo: "))
            #expect(text.contains("Content-Transfer-Encoding: quoted-printable"))
            #expect(settings.envelopeFrom == "grip@alpha.example")
        }
    }

    /// Two instances sending at once (each lists the same due messages): every message goes exactly once.
    @Test func twoSendersAtOnceSendEachMessageOnce() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let now = Date()
            for k in ["rm", "ql", "ni", "staff", "admin"] {
                let u = try #require(try await User.find(f.id(k), on: app.db))
                try await MailMessage(
                    organisationID: f.orgA, userID: f.id(k), to: u.email, kind: .approval,
                    subject: "S \(k)", body: "B", now: now
                ).create(on: app.db)
            }
            let transport = RecordingTransport()
            transport.delay = 20_000_000
            let settings = MailSettings(transport: transport, from: "g@x.example", baseURL: "")
            async let one = MailOutbox.deliver(settings: settings, now: now, on: app.db)
            async let two = MailOutbox.deliver(settings: settings, now: now, on: app.db)
            let (a, b) = try await (one, two)
            #expect(a.sent + b.sent == 5)
            #expect(transport.sent.count == 5)
            #expect(Set(transport.sent.map(\.to)).count == 5)
            #expect(try await messages(app).allSatisfy { $0.status == .sent && $0.attempts == 1 })
        }
    }

    @Test func aMessageThatCannotGoForThreeDaysIsGivenUpButKept() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let m = MailMessage(
                organisationID: f.orgA, userID: f.id("rm"), to: "rm@alpha.example", kind: .approval,
                subject: "S", body: "B", now: Date())
            try await m.create(on: app.db)
            let transport = RecordingTransport()
            transport.failure = MailSendFailure("550 no such user")
            let settings = MailSettings(transport: transport, from: "g@x.example", baseURL: "")
            let later = Date().addingTimeInterval(MailRetry.giveUpAfter + 60)
            let d = try await MailOutbox.deliver(settings: settings, now: later, on: app.db)
            #expect(d.gaveUp == 1 && d.sent == 0)
            let stored = try #require(try await MailMessage.find(m.id, on: app.db))
            #expect(stored.status == .failed)
            #expect(stored.lastError?.contains("Not sent within three days") == true)
            // Mail off: nothing is tried.
            let off = MailSettings(transport: nil, from: "g@x.example", baseURL: "")
            #expect(
                try await MailOutbox.deliver(settings: off, now: later, retryNow: true, on: app.db)
                    == MailOutbox.Delivery())
        }
    }

    @Test func theDigestCarriesMyWorkForThePersonsOwnServicesOnceADay() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            try await prefer(app, f, ["staff2"], .none)
            let mine = try await f.createAction(app)  // One House: lead staff, reviewer rm
            var other = f.input(service: "two", lead: "staff2", reviewer: "rm2")
            other.title = "Two Court's own action"
            let theirs = try await f.createAction(app, by: "ql", other)
            _ = try await f.createActionB(app)
            let n = try await MailDigests.queue(day: today, now: Date(), organisationID: f.orgA, on: app.db)
            let digests = try await messages(app)
            #expect(n == digests.count && n >= 2)
            #expect(digests.allSatisfy { $0.kind == .digest && $0.digestDay == today.iso && $0.status == .queued })
            let rm = try #require(digests.first { $0.toAddress == "rm@alpha.example" })
            #expect(rm.body.contains(mine.reference))
            #expect(rm.body.contains("/actions/\(mine.id!.uuidString)"))
            #expect(!rm.body.contains(theirs.title))
            #expect(!rm.body.contains("Beta"))
            // Staff of Two Court chose none: no digest, though they lead an action.
            #expect(!digests.contains { $0.toAddress == "staff2@alpha.example" })
            // Another organisation's people are not in this organisation's run.
            #expect(digests.allSatisfy { $0.$organisation.id == f.orgA })
            // Once a day: a second run queues nothing.
            #expect(try await MailDigests.queue(day: today, now: Date(), organisationID: f.orgA, on: app.db) == 0)
            #expect(try await Organisation.find(f.orgA, on: app.db)?.digestDay == today.iso)
        }
    }

    @Test func sendmailGetsTheMessageOnItsInputAndAFailureIsNamed() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("grip-sendmail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("message.txt").path
        try await SendmailTransport(command: "cat > '\(out)'").send(
            from: "g@x.example", to: "a@b.example",
            message: "Subject: S\r\n\r\nBody\r\n")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "Subject: S\n\nBody\n")
        await #expect(throws: MailSendFailure.self) {
            try await SendmailTransport(command: "echo refused >&2; exit 75").send(from: "g", to: "a", message: "x")
        }
        do {
            try await SendmailTransport(command: "echo refused >&2; exit 75").send(from: "g", to: "a", message: "x")
        } catch let e as MailSendFailure {
            #expect(e.description == "echo refused >&2; exit 75 exited 75: refused")
        }
    }

    @Test func badMailSettingsAreNamedAndNoneMeansOff() throws {
        #expect(try MailSettings.fromEnvironment([:]).isOn == false)
        let smtp = try MailSettings.fromEnvironment([
            "GRIP_SMTP_URL": "smtp://u:p%40ss@mail.example:2525",
            "GRIP_PUBLIC_URL": "https://grip.example/"
        ])
        #expect(smtp.transport?.name == "SMTP to mail.example:2525")
        #expect((smtp.transport as? SMTPTransport)?.password == "p@ss")
        #expect(smtp.baseURL == "https://grip.example")
        #expect(
            try MailSettings.fromEnvironment(["GRIP_SENDMAIL": "/usr/sbin/sendmail -t -i"]).transport?.name
                == "the command /usr/sbin/sendmail -t -i")
        #expect(throws: MailSendFailure.self) { try MailSettings.fromEnvironment(["GRIP_SMTP_URL": "mail.example"]) }
        do {
            _ = try MailSettings.fromEnvironment(["GRIP_SMTP_URL": "http://user:secret@mail.example"])
        } catch let e as MailSendFailure {
            #expect(e.description.contains("GRIP_SMTP_URL must look like smtp://"))
            #expect(!e.description.contains("secret"))
        }
    }

    /// A real SMTP dialogue with a one-message server on a local port: EHLO, AUTH PLAIN, MAIL, RCPT, DATA with a
    /// line that starts with a dot, QUIT.
    @Test func smtpSpeaksTheProtocolToARealSocket() async throws {
        let server = try OneMessageSMTPServer()
        let smtp = try #require(SMTPTransport(url: "smtp://grip:pw@127.0.0.1:\(server.port)"))
        let message = MailFormat.message(
            from: "g@x.example", to: "a@b.example", subject: "Hi", body: "One\n.Two",
            date: Date(), messageID: "m@grip")
        try await smtp.send(from: "g@x.example", to: "a@b.example", message: message)
        let said = server.finish()
        #expect(said.contains("EHLO grip"))
        #expect(said.contains("AUTH PLAIN " + Data("\0grip\0pw".utf8).base64EncodedString()))
        #expect(said.contains("MAIL FROM:<g@x.example>"))
        #expect(said.contains("RCPT TO:<a@b.example>"))
        #expect(said.contains("\r\n..Two\r\n.\r\n"))
        #expect(said.hasSuffix("QUIT\r\n"))
        // Nothing listening: the failure says the server cannot be reached.
        let closed = try #require(SMTPTransport(url: "smtp://127.0.0.1:\(server.port)"))
        do {
            try await closed.send(from: "g@x.example", to: "a@b.example", message: message)
            Issue.record("a send to a closed port succeeded")
        } catch let e as MailSendFailure {
            #expect(e.unreachable)
            #expect(e.description.hasPrefix("cannot connect to 127.0.0.1:\(server.port)"))
        }
    }
}

/// A blocking SMTP server for one message on 127.0.0.1: answers every command and records what it was sent.
final class OneMessageSMTPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let done = DispatchSemaphore(value: 0)
    private var transcript = ""

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        guard bound == 0, listen(fd, 1) == 0 else { throw MailSendFailure("the test server could not listen") }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    private func serve() {
        let c = accept(listener, nil, nil)
        func say(_ s: String) { _ = s.withCString { send(c, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
        say("220 test ready\r\n")
        var buffer = [UInt8]()
        var inData = false
        var chunk = [UInt8](repeating: 0, count: 4096)
        loop: while true {
            let n = recv(c, &chunk, chunk.count, 0)
            if n <= 0 { break }
            buffer += chunk[..<n]
            while let nl = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[...nl], as: UTF8.self)
                buffer.removeFirst(nl + 1)
                transcript += line
                if inData {
                    if line == ".\r\n" {
                        inData = false
                        say("250 queued\r\n")
                    }
                    continue
                }
                if line.hasPrefix("EHLO") {
                    say("250-test\r\n250 AUTH PLAIN\r\n")
                } else if line.hasPrefix("AUTH") {
                    say("235 ok\r\n")
                } else if line.hasPrefix("DATA") {
                    inData = true
                    say("354 go on\r\n")
                } else if line.hasPrefix("QUIT") {
                    say("221 bye\r\n")
                    break loop
                } else {
                    say("250 ok\r\n")
                }
            }
        }
        close(c)
        close(listener)
        done.signal()
    }

    func finish() -> String {
        done.wait()
        return transcript
    }
}
