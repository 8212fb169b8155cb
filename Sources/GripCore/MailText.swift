import Foundation

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
