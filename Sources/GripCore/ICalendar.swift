import Foundation

/// An all-day event of a calendar feed.
public struct CalendarEvent: Sendable, Equatable {
    public let uid: String
    public let day: Day
    public let summary: String
    public let description: String
    public let url: String?

    public init(uid: String, day: Day, summary: String, description: String = "", url: String? = nil) {
        self.uid = uid
        self.day = day
        self.summary = summary
        self.description = description
        self.url = url
    }
}

/// iCalendar (RFC 5545) text: CRLF line ends, lines folded at 75 octets, text values escaped.
public enum ICalendar {
    public static func document(name: String, events: [CalendarEvent], stamp: Date) -> String {
        let dtstamp = timestamp(stamp)
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Grip//Grip governance calendar//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:Europe/London",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"
        ]
        for e in events.sorted(by: { ($0.day, $0.uid) < ($1.day, $1.uid) }) {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + escape(e.uid))
            lines.append("DTSTAMP:" + dtstamp)
            lines.append("DTSTART;VALUE=DATE:" + date(e.day))
            lines.append("DTEND;VALUE=DATE:" + date(e.day.adding(days: 1)))
            lines.append("SUMMARY:" + escape(e.summary))
            if !e.description.isEmpty { lines.append("DESCRIPTION:" + escape(e.description)) }
            if let url = e.url { lines.append("URL;VALUE=URI:" + url) }
            lines.append("TRANSP:TRANSPARENT")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines.
    public static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r\n", "\n", "\r": out += "\\n"
            default:
                // Other control characters are not allowed in TEXT values.
                if ch.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) { out.append(ch) }
            }
        }
        return out
    }

    /// Folds a content line into lines of at most 75 octets, never splitting a UTF-8 character (§3.1).
    public static func fold(_ line: String) -> String {
        var result = ""
        var count = 0
        var limit = 75
        for ch in line {
            let n = String(ch).utf8.count
            if count + n > limit {
                result += "\r\n "
                count = 0
                limit = 74  // the leading space counts
            }
            result.append(ch)
            count += n
        }
        return result
    }

    static func date(_ d: Day) -> String { String(format: "%04d%02d%02d", d.year, d.month, d.day) }

    static func timestamp(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
