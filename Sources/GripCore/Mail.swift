import Foundation

/// What a person wants by e-mail (issue 24).
public enum MailPreference: String, CaseIterable, Sendable, Codable {
    /// One message a day with what is due or waiting (the default).
    case digest
    /// The daily digest, and a message at once when an approval waits for them or the other side answers an
    /// escalation.
    case immediate
    /// Nothing by e-mail: My work and the calendar feed only.
    case none

    public var label: String {
        switch self {
        case .digest: "A daily digest"
        case .immediate: "A daily digest, and a message at once for approvals and escalation responses"
        case .none: "No e-mail"
        }
    }

    public var wantsDigest: Bool { self != .none }
    public var wantsImmediate: Bool { self == .immediate }
}

/// The messages Grip sends.
public enum MailKind: String, CaseIterable, Sendable, Codable {
    case digest
    case approval
    case escalationResponse = "escalation_response"

    public var label: String {
        switch self {
        case .digest: "Daily digest"
        case .approval: "Approval waiting"
        case .escalationResponse: "Escalation response"
        }
    }
}

public enum MailStatus: String, CaseIterable, Sendable, Codable {
    case queued, sent, failed

    public var label: String {
        switch self {
        case .queued: "Queued"
        case .sent: "Sent"
        case .failed: "Gave up"
        }
    }
}

/// When to try again after a failed send: 1, 5, 15 and 60 minutes, then every three hours, for three days. A mail
/// outage loses nothing; a message that cannot go for three days is marked failed (and stays in the outbox).
public enum MailRetry {
    public static let giveUpAfter: TimeInterval = 3 * 86_400

    public static func delay(afterAttempt n: Int) -> TimeInterval {
        switch n {
        case ...1: 60
        case 2: 5 * 60
        case 3: 15 * 60
        case 4: 60 * 60
        default: 3 * 60 * 60
        }
    }

    /// The next try after `attempts` failures, or nil to give up.
    public static func next(attempts: Int, queuedAt: Date, now: Date) -> Date? {
        let at = now.addingTimeInterval(delay(afterAttempt: attempts))
        return at.timeIntervalSince(queuedAt) > giveUpAfter ? nil : at
    }
}

/// The daily digest: composed at 07:00, London time, once a day per person.
public enum DigestSchedule {
    public static let hour = 7

    /// The day whose digest is due at `now`: today from 07:00, else none yet.
    public static func dueDay(now: Date) -> Day? {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Day.london
        return cal.component(.hour, from: now) >= hour ? Day.today(now: now) : nil
    }
}

/// A digest's content: sections of items, each with its link. Highest risk first within a section; the sections
/// in the order of My work's urgency.
public struct DigestContent: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public let text: String
        public let path: String
        public let when: String
        public let overdue: Bool
        /// The action's risk score, where the item is about an action (0 otherwise).
        public let risk: Int
        public init(text: String, path: String, when: String, overdue: Bool, risk: Int = 0) {
            self.text = text
            self.path = path
            self.when = when
            self.overdue = overdue
            self.risk = risk
        }
    }

    public struct Section: Sendable, Equatable {
        public let title: String
        public let items: [Item]
        public init(title: String, items: [Item]) {
            self.title = title
            self.items = items
        }
    }

    public let sections: [Section]
    public init(sections: [Section]) { self.sections = sections.filter { !$0.items.isEmpty } }

    public var isEmpty: Bool { sections.isEmpty }
    public var count: Int { sections.reduce(0) { $0 + $1.items.count } }
    public var overdue: Int { sections.reduce(0) { $0 + $1.items.filter(\.overdue).count } }
}

/// Composes the messages as plain text: what each says and where its links point.
public enum MailText {
    /// Items by risk, highest first, then overdue first, then in their given order.
    public static func ordered(_ items: [DigestContent.Item]) -> [DigestContent.Item] {
        items.enumerated().sorted { a, b in
            if a.element.risk != b.element.risk { return a.element.risk > b.element.risk }
            if a.element.overdue != b.element.overdue { return a.element.overdue }
            return a.offset < b.offset
        }.map(\.element)
    }

    public static func digest(
        to name: String, day: Day, content: DigestContent,
        baseURL: String
    ) -> (subject: String, body: String) {
        let n = content.count
        let late = content.overdue
        let subject =
            "Grip: \(n) thing\(n == 1 ? "" : "s") due or waiting for you"
            + (late > 0 ? ", \(late) overdue" : "") + " (\(day.ukFormat))"
        var body = "Hello \(name),\n\nWhat is due or waiting for you in Grip on \(day.ukFormat), highest risk first.\n"
        for section in content.sections {
            let heading = "\(section.title) (\(section.items.count))"
            body += "\n" + heading + "\n" + String(repeating: "-", count: heading.count) + "\n"
            for item in ordered(section.items) {
                body +=
                    "- " + (item.overdue ? "OVERDUE: " : "") + item.text
                    + (item.when.isEmpty ? "" : " – \(item.when)") + "\n  " + baseURL + item.path + "\n"
            }
        }
        body += "\nMy work: \(baseURL)/\n" + footer(baseURL)
        return (subject, body)
    }

    public static func immediate(
        to name: String, subject: String, lines: [String], path: String,
        baseURL: String
    ) -> (subject: String, body: String) {
        let body =
            "Hello \(name),\n\n" + lines.joined(separator: "\n") + "\n\n" + baseURL + path + "\n"
            + footer(baseURL)
        return ("Grip: " + subject, body)
    }

    static func footer(_ baseURL: String) -> String {
        "\n--\nYou receive this because of your e-mail choice in Grip. Change it at \(baseURL)/account/mail\n"
    }
}

/// An Internet message (RFC 5322) in UTF-8: headers without line breaks, a subject encoded as RFC 2047 words where it
/// is not ASCII, and a quoted-printable body, so any relay carries it unchanged.
public enum MailFormat {
    /// A header value on one line: line breaks and other controls become spaces (no header injection).
    public static func headerValue(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// ASCII stays as it is; anything else becomes `=?UTF-8?B?…?=` words of at most 45 bytes each.
    public static func encodedWord(_ s: String) -> String {
        let clean = headerValue(s)
        guard !clean.unicodeScalars.allSatisfy({ $0.isASCII }) else { return clean }
        var words: [String] = []
        var chunk = ""
        for ch in clean {
            if (chunk + String(ch)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(ch)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// Quoted-printable (RFC 2045): lines of at most 76 characters, CRLF line ends.
    public static func quotedPrintable(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        return lines.map { line -> String in
            var out = ""
            var width = 0
            let bytes = Array(line.utf8)
            for (i, b) in bytes.enumerated() {
                let last = i == bytes.count - 1
                let plain = (b >= 33 && b <= 126 && b != 61) || ((b == 32 || b == 9) && !last)
                let piece = plain ? String(UnicodeScalar(b)) : "=" + String(format: "%02X", b)
                if width + piece.count > 75 {
                    out += "=\r\n"
                    width = 0
                }
                out += piece
                width += piece.count
            }
            return out
        }.joined(separator: "\r\n")
    }

    public static func message(
        from: String, to: String, subject: String, body: String, date: Date,
        messageID: String
    ) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let headers = [
            "From: \(headerValue(from))",
            "To: \(headerValue(to))",
            "Subject: \(encodedWord(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(headerValue(messageID))>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "Auto-Submitted: auto-generated"
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + quotedPrintable(body) + "\r\n"
    }

    /// For SMTP's DATA: a line starting with a dot gets another (RFC 5321 §4.5.2).
    public static func dotStuffed(_ message: String) -> String {
        message.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
    }

    /// A plausible address: one @, something either side, no spaces or controls.
    public static func isAddress(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !s.unicodeScalars.contains {
                $0.properties.generalCategory == .control || $0 == " " || $0 == "<" || $0 == ">"
            }
    }
}
