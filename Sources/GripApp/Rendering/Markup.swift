import Foundation

/// Markup Grip built in Swift (charts, dashboard rows, a pack's body). Only `Markup` makes one, and `Markup`
/// escapes every text node and attribute value it is given: a value from the database can never become a tag.
/// Templates print it with `#markup(…)`, which refuses a plain string (see `HTML+Leaf.swift`); JSON carries it as
/// its text, so an API client sees the same string as before.
struct HTML: Sendable, Equatable, Encodable, CustomStringConvertible {
    /// The markup, ready to write into a page.
    let rendered: String

    fileprivate init(_ rendered: String) { self.rendered = rendered }

    static let empty = HTML("")
    /// A comment naming a place in a page (`<!--name-->`): where a streamed page splits its frame.
    static func mark(_ name: MarkupName) -> HTML { HTML("<!--" + name.text + "-->") }

    var description: String { rendered }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rendered)
    }

    /// A `<style>` element for a stylesheet Grip ships or writes itself: `</` cannot end it early.
    static func style(_ css: String) -> HTML {
        HTML("<style>" + css.replacingOccurrences(of: "</", with: "<\\/") + "</style>")
    }

    /// Markup Grip drew itself (escaped by construction, as every `HTML`) and stored in a derived table
    /// (`SeriesSpark.chart`, issue 35), read back with its element id `stored` renamed `id` (a page shows
    /// several). Nothing a person sends reaches a derived table's markup except through the `Markup` that drew
    /// it, which escapes every quote: the attributes renamed here cannot be forged by text.
    init(drawnAndStored rendered: String, renaming stored: String, to id: String) {
        precondition(
            id.utf8.allSatisfy {
                $0 == 0x2D || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                    || (0x61...0x7A).contains($0)
            }, "an element id of letters, digits and hyphens")
        // One pass over the bytes (Foundation's `replacingOccurrences` took a fifth of a service dashboard's time).
        let pairs: [([UInt8], [UInt8])] = [
            ("aria-labelledby=\"\(stored)-t \(stored)-d\"", "aria-labelledby=\"\(id)-t \(id)-d\""),
            ("aria-labelledby=\"\(stored)-t\"", "aria-labelledby=\"\(id)-t\""),
            ("id=\"\(stored)-t\"", "id=\"\(id)-t\""), ("id=\"\(stored)-d\"", "id=\"\(id)-d\"")
        ].map { (Array($0.0.utf8), Array($0.1.utf8)) }
        let source = Array(rendered.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(source.count + 64)
        var i = 0
        scan: while i < source.count {
            let byte = source[i]
            if byte == UInt8(ascii: "a") || byte == UInt8(ascii: "i") {
                for (from, to) in pairs
                where i + from.count <= source.count && source[i..<(i + from.count)].elementsEqual(from) {
                    out.append(contentsOf: to)
                    i += from.count
                    continue scan
                }
            }
            out.append(byte)
            i += 1
        }
        self.rendered = String(decoding: out, as: UTF8.self)
    }

    /// Several pieces, one after another.
    static func joined(_ parts: [HTML], separator: String = "\n") -> HTML {
        HTML(parts.map(\.rendered).joined(separator: HTMLText.escape(separator)))
    }
}

/// An element or attribute name. It can only be written as a literal in Grip's code, never made from data.
struct MarkupName: ExpressibleByStringLiteral, Sendable {
    let text: String
    init(stringLiteral value: StaticString) { text = value.description }
}

/// A value an attribute can take: text (escaped), a whole number, or a coordinate (one decimal place).
protocol AttributeValue { func write(to out: inout String) }

extension String: AttributeValue {
    func write(to out: inout String) { out += HTMLText.escape(self) }
}

extension Int: AttributeValue {
    func write(to out: inout String) { out += String(self) }
}

extension Double: AttributeValue {
    func write(to out: inout String) { out += Markup.decimal(self) }
}

/// Writes HTML and SVG: element and attribute names are literals, and every text and value is escaped on the way
/// in. `var m = Markup(); m.element("p", ["class": "small"]) { $0.text(name) }; return m.html`.
struct Markup {
    typealias Attributes = KeyValuePairs<MarkupName, any AttributeValue>

    private var out = ""

    init(reserving capacity: Int = 0) { out.reserveCapacity(capacity) }

    /// Builds one piece of markup.
    static func build(reserving capacity: Int = 0, _ body: (inout Markup) -> Void) -> HTML {
        var m = Markup(reserving: capacity)
        body(&m)
        return m.html
    }

    var html: HTML { HTML(out) }

    mutating func text(_ s: String) { out += HTMLText.escape(s) }

    mutating func text(_ n: Int) { out += String(n) }

    mutating func append(_ html: HTML?) {
        if let html { out += html.rendered }
    }

    /// `<tag a="v">`: close it with `close(_:)`.
    mutating func open(_ tag: MarkupName, _ attributes: Attributes = [:]) {
        out += "<"
        out += tag.text
        write(attributes)
        out += ">"
    }

    mutating func close(_ tag: MarkupName) {
        out += "</"
        out += tag.text
        out += ">"
    }

    /// An element with no content: `<br>` in HTML, `<rect …/>` in SVG (`selfClosing`).
    mutating func void(_ tag: MarkupName, _ attributes: Attributes = [:], selfClosing: Bool = false) {
        out += "<"
        out += tag.text
        write(attributes)
        out += selfClosing ? "/>" : ">"
    }

    /// `<tag a="v">text</tag>`.
    mutating func element(_ tag: MarkupName, _ attributes: Attributes = [:], text: String) {
        open(tag, attributes)
        self.text(text)
        close(tag)
    }

    /// `<tag a="v">…</tag>`, the content written by `content`.
    mutating func element(_ tag: MarkupName, _ attributes: Attributes = [:], _ content: (inout Markup) -> Void) {
        open(tag, attributes)
        content(&self)
        close(tag)
    }

    /// A link: `<a href="…">text</a>`.
    mutating func link(_ href: String, text: String) { element("a", ["href": href], text: text) }

    private mutating func write(_ attributes: Attributes) {
        for (name, value) in attributes {
            out += " "
            out += name.text
            out += "=\""
            value.write(to: &out)
            out += "\""
        }
    }

    /// One decimal place, as `%.1f` gives (coordinates; thousands per page, so not `String(format:)`).
    static func decimal(_ v: Double) -> String {
        guard v.isFinite else { return String(format: "%.1f", v) }
        let tenths = (v * 10).rounded(.toNearestOrEven)
        guard abs(tenths) < 1e15 else { return String(format: "%.1f", v) }
        let t = Int(tenths), whole = abs(t) / 10, frac = abs(t) % 10
        return (t < 0 ? "-" : "") + String(whole) + "." + String(frac)
    }
}
