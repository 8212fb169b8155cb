import Foundation

/// What any one text field of a form or JSON body may hold, whatever the form: applied where
/// bodies are decoded, so no form can forget it. Names, titles and e-mail addresses are one
/// line; notes, descriptions and minutes may be long, but not a novel; no field may carry
/// control characters other than tab and line breaks (a NUL would not even store in PostgreSQL).
public enum InputLimits {
    /// One-line fields: names, titles, e-mail addresses (which may be 320 characters), references.
    public static let lineCharacters = 320
    /// Free text: descriptions, notes, minutes, responses.
    public static let textCharacters = 20_000
    /// A record's own narrative fields (a summary, facts, a baseline, commentary): concise, as
    /// an inspector or commissioner will read them.
    public static let narrativeCharacters = 4000
    /// Titles of actions.
    public static let titleCharacters = 200
    /// Short labels: an action's theme.
    public static let labelCharacters = 120
    /// An action's metric.
    public static let metricCharacters = 300
    /// Field names (last part of a path) that hold one line.
    public static let lineFields: Set<String> = [
        "name", "title", "email", "reference", "label", "service", "indicator",
        "lead", "reviewer", "owner", "role", "category", "unit", "period",
        "code", "version", "status"
    ]

    /// Fields that carry a whole file back (an import's preview re-posts it): only the route's body limit applies.
    public static let fileFields: Set<String> = ["payload"]

    /// The limit for a field: one line for the names above (and anything ending in `_id`, `_day`
    /// or `_date`), free text otherwise.
    public static func limit(for field: String) -> Int {
        let key = lastKey(field)
        if fileFields.contains(key) { return Int.max }
        if lineFields.contains(key) || key.hasSuffix("_id") || key.hasSuffix("_day") || key.hasSuffix("_date")
            || key.hasSuffix("Id")
        {
            return lineCharacters
        }
        return textCharacters
    }

    /// `items[2].title` → `title`; `roles[]` → `roles`.
    static func lastKey(_ field: String) -> String {
        var key = Substring(field)
        if let dot = key.lastIndex(of: ".") { key = key[key.index(after: dot)...] }
        while key.hasSuffix("]"), let open = key.lastIndex(of: "[") {
            let inside = key[key.index(after: open)..<key.index(before: key.endIndex)]
            if inside.isEmpty || inside.allSatisfy(\.isNumber) { key = key[..<open] } else { key = inside }
        }
        return String(key)
    }

    /// The problem with one field's value, in words naming the field, or nil when it is fine.
    public static func problem(field: String, value: String) -> String? {
        let limit = limit(for: field)
        // Characters as people count them; a quick byte check first keeps the common case cheap.
        if value.utf8.count > limit, value.count > limit {
            return "\(display(field)) is too long: \(value.count) characters, at most \(limit)."
        }
        if value.unicodeScalars.contains(where: isForbidden) {
            return "\(display(field)) contains a control character (such as NUL) that text cannot hold."
        }
        return nil
    }

    static func isForbidden(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F: true
        default: false
        }
    }

    static func display(_ field: String) -> String { field.isEmpty ? "A field" : field }

    /// Splits an `application/x-www-form-urlencoded` body into fields, decoding `+` and `%XX`.
    /// A field whose bytes are not UTF-8 is reported by name (with what could be read of the name).
    public static func formFields(_ body: [UInt8]) -> (fields: [(String, String)], badEncoding: String?) {
        var fields: [(String, String)] = []
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = Array(parts[0]), rawValue = parts.count > 1 ? Array(parts[1]) : []
            guard let name = percentDecoded(rawName) else {
                return (fields, String(decoding: rawName, as: UTF8.self).filter { $0.isASCII && !$0.isNewline })
            }
            guard let value = percentDecoded(rawValue) else { return (fields, name.isEmpty ? "a field" : name) }
            fields.append((name, value))
        }
        return (fields, nil)
    }

    /// `+` as space and `%XX` as a byte; nil when a `%` is not followed by two hex digits or the bytes are not UTF-8.
    static func percentDecoded(_ raw: [UInt8]) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if b == UInt8(ascii: "+") { out.append(0x20); i += 1; continue }
            if b == UInt8(ascii: "%") {
                guard i + 2 < raw.count, let hi = hex(raw[i + 1]), let lo = hex(raw[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 3
                continue
            }
            out.append(b)
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Every string in a JSON value with its path (`steps.0.title`); keys are checked as values too.
    public static func jsonStrings(_ value: Any, path: String = "", into out: inout [(String, String)]) {
        switch value {
        case let s as String:
            out.append((path, s))
        case let d as [String: Any]:
            for (k, v) in d {
                let p = path.isEmpty ? k : path + "." + k
                out.append((p, k))
                jsonStrings(v, path: p, into: &out)
            }
        case let a as [Any]:
            for (i, v) in a.enumerated() {
                jsonStrings(v, path: path.isEmpty ? String(i) : path + "." + String(i), into: &out)
            }
        default:
            break
        }
    }
}
