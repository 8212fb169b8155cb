import Foundation

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
