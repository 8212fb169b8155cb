import Foundation

/// Reads a body's fields as text whichever way they came: a form's `review_due`, or JSON's `review_due` after the
/// API's snake-case key conversion (`reviewDue`), as a string, number or boolean. The services' own parsing then
/// names any value it cannot read, so the web and the API refuse bad input with the same messages.
struct FormText {
    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    let container: KeyedDecodingContainer<Key>

    init(_ decoder: any Decoder) throws { container = try decoder.container(keyedBy: Key.self) }

    static func camel(_ snake: String) -> String {
        let parts = snake.split(separator: "_")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
    }

    private func key(_ name: String) -> Key? {
        [name, Self.camel(name)].map(Key.init).first { container.contains($0) }
    }

    /// The field as text; nil when absent or null. A list or an object is refused naming the field.
    func text(_ name: String) throws -> String? {
        guard let k = key(name), try !container.decodeNil(forKey: k) else { return nil }
        if let s = try? container.decode(String.self, forKey: k) { return s }
        if let i = try? container.decode(Int.self, forKey: k) { return String(i) }
        if let d = try? container.decode(Double.self, forKey: k) { return String(d) }
        if let b = try? container.decode(Bool.self, forKey: k) { return b ? "true" : "false" }
        throw DecodingError.typeMismatch(
            String.self,
            .init(
                codingPath: [k],
                debugDescription:
                    "\(name) must be text, a number or true or false."))
    }

    func int(_ name: String) throws -> Int? {
        guard let t = try text(name) else { return nil }
        guard let i = Int(t) else {
            throw DecodingError.typeMismatch(
                Int.self,
                .init(
                    codingPath: [Key(name)],
                    debugDescription:
                        "\(name) must be a whole number."))
        }
        return i
    }

    /// A JSON object of text values (`{"falls": "high"}`).
    func dictionary(_ name: String) throws -> [String: String]? {
        guard let k = key(name), try !container.decodeNil(forKey: k) else { return nil }
        return try container.decode([String: String].self, forKey: k)
    }
}

extension PersonForm {
    init(from decoder: any Decoder) throws {
        let t = try FormText(decoder)
        self.init(
            service: try t.text("service"), reference: try t.text("reference"), placement: try t.text("placement"),
            risks: try t.dictionary("risks"), review_due: try t.text("review_due"),
            representative: try t.text("representative"), contact: try t.text("contact"),
            last_involved: try t.text("last_involved"), version: try t.int("version"))
    }
}

extension ConcernForm {
    init(from decoder: any Decoder) throws {
        let t = try FormText(decoder)
        self.init(
            person: try t.text("person"), raised_at: try t.text("raised_at"),
            raised_by_role: try t.text("raised_by_role"), category: try t.text("category"),
            summary: try t.text("summary"), safeguards: try t.text("safeguards"), decision: try t.text("decision"),
            rationale: try t.text("rationale"), decision_at: try t.text("decision_at"),
            referred_at: try t.text("referred_at"), la_reference: try t.text("la_reference"),
            notify_cqc: try t.text("notify_cqc"), review_due: try t.text("review_due"),
            outcome: try t.text("outcome"), learning: try t.text("learning"), closed_at: try t.text("closed_at"),
            version: try t.int("version"))
    }
}

extension InterventionForm {
    init(from decoder: any Decoder) throws {
        let t = try FormText(decoder)
        self.init(
            person: try t.text("person"), started_at: try t.text("started_at"), minutes: try t.text("minutes"),
            place: try t.text("place"), trigger: try t.text("trigger"), kind: try t.text("kind"),
            staff: try t.text("staff"), injury: try t.text("injury"),
            recovery_minutes: try t.text("recovery_minutes"), debrief_at: try t.text("debrief_at"),
            debrief_by: try t.text("debrief_by"), panel_on: try t.text("panel_on"),
            learning: try t.text("learning"), version: try t.int("version"))
    }
}

extension NotificationForm {
    init(from decoder: any Decoder) throws {
        let t = try FormText(decoder)
        self.init(
            event: try t.text("event"), service: try t.text("service"), person: try t.text("person"),
            occurred_at: try t.text("occurred_at"), summary: try t.text("summary"),
            sent_at: try t.text("sent_at"), reference: try t.text("reference"), version: try t.int("version"))
    }
}
