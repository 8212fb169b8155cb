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
