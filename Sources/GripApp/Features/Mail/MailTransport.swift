import Foundation
import Glibc
import GripCore

/// Hands a message to the mail system. `SMTPTransport` or `SendmailTransport`, as configured; tests use their own.
protocol MailTransport: Sendable {
    /// What it is, for logs and the outbox ("SMTP to mail.example.org:25").
    var name: String { get }
    /// Sends one message (RFC 5322 text, CRLF line ends) from `from` to `to`; throws with the reason it failed.
    func send(from: String, to: String, message: String) async throws
}

struct MailSendFailure: Error, CustomStringConvertible {
    let description: String
    /// The mail system could not be reached at all: the rest of a batch waits for the next round.
    let unreachable: Bool
    init(_ description: String, unreachable: Bool = false) {
        self.description = description
        self.unreachable = unreachable
    }
}

/// Where mail goes (issue 24), from the environment:
/// - `GRIP_SMTP_URL`: `smtp://[user:password@]host[:port]` (port 25 by default; AUTH PLAIN when a user is given);
/// - `GRIP_SENDMAIL`: a sendmail-compatible command that reads the message on its standard input and finds the
///   recipient in its headers, such as `/usr/sbin/sendmail -t -i` or `msmtp -t` (for a relay that needs TLS);
/// - `GRIP_MAIL_FROM`: the sender (default `Grip <grip@localhost>`);
/// - `GRIP_PUBLIC_URL`: the address links point to.
/// With neither of the first two, mail is off: nothing is composed or sent.
struct MailSettings: Sendable {
    let transport: (any MailTransport)?
    let from: String
    let baseURL: String

    var isOn: Bool { transport != nil }

    static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> MailSettings {
        let from = env["GRIP_MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "Grip <grip@localhost>"
        var transport: (any MailTransport)?
        if let url = env["GRIP_SMTP_URL"], !url.isEmpty {
            guard let smtp = SMTPTransport(url: url) else {
                let shown = url.replacingOccurrences(of: #":[^:@/]*@"#, with: ":…@", options: .regularExpression)
                throw MailSendFailure(
                    "GRIP_SMTP_URL must look like smtp://host:25 or smtp://user:password@host:587, not '\(shown)'.")
            }
            transport = smtp
        } else if let command = env["GRIP_SENDMAIL"], !command.trimmingCharacters(in: .whitespaces).isEmpty {
            transport = SendmailTransport(command: command)
        }
        return MailSettings(transport: transport, from: from, baseURL: baseURL(env))
    }

    static func baseURL(_ env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard let u = env["GRIP_PUBLIC_URL"], !u.isEmpty else { return "http://127.0.0.1:8080" }
        return u.hasSuffix("/") ? String(u.dropLast()) : u
    }

    /// The address part of `GRIP_MAIL_FROM` ("Grip <grip@x.org>" → "grip@x.org"), for the envelope.
    var envelopeFrom: String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else {
            return from
        }
        return String(from[from.index(after: open)..<close])
    }
}
