import Foundation
import LeafKit
import NIOCore
import NIOEmbedded
import Testing
import VaporTesting

@testable import GripApp

/// HTML built in Swift is escaped by construction (issue 34): `Markup` escapes every text and value, templates print
/// only `HTML` values, and the app has no `#unsafeHTML`.
@Suite struct MarkupTests {
    static let hostile = "<script>alert('x')</script> & \"quoted\""

    /// A stored chart is read back under a page's own element id; text drawn into it cannot pose as the id.
    @Test func aStoredChartIsRenamedInItsAttributesOnly() {
        let forged = "id=\"spark-t\" aria-labelledby=\"spark-t spark-d\""
        let chart = Markup.build { m in
            m.element("svg", ["aria-labelledby": "spark-t spark-d", "role": "img"]) { m in
                m.element("title", ["id": "spark-t"], text: forged)
                m.element("desc", ["id": "spark-d"], text: "spark-t")
            }
        }
        let shown = HTML(drawnAndStored: chart.rendered, renaming: "spark", to: "s-1A2B").rendered
        #expect(shown.contains("aria-labelledby=\"s-1A2B-t s-1A2B-d\""))
        #expect(shown.contains("<title id=\"s-1A2B-t\">") && shown.contains("<desc id=\"s-1A2B-d\">spark-t</desc>"))
        #expect(shown.contains(HTMLText.escape(forged)), "the text is as drawn, escaped, not renamed")
        #expect(!shown.contains("\"spark-"))
    }

    @Test func textAndAttributeValuesEscapeThemselves() {
        let html = Markup.build { m in
            m.element("a", ["href": Self.hostile, "data-n": 3, "x": 1.25]) { m in
                m.text(Self.hostile)
                m.void("br")
                m.void("rect", ["width": 2.0], selfClosing: true)
            }
        }
        let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"
        #expect(
            html.rendered
                == "<a href=\"\(escaped)\" data-n=\"3\" x=\"1.2\">\(escaped)<br><rect width=\"2.0\"/></a>")
        #expect(!html.rendered.contains("<script"))
    }

    @Test func aStyleCannotBeEndedByItsText() {
        let html = HTML.style("p::after { content: \"</style><script>\" }")
        #expect(html.rendered.hasPrefix("<style>") && html.rendered.hasSuffix("</style>"))
        #expect(html.rendered.components(separatedBy: "</style>").count == 2)
    }

    /// An API client still sees markup as its text: `HTML` encodes to a JSON string.
    @Test func htmlIsAStringInJSON() throws {
        struct Body: Encodable { let svg: HTML }
        let json = try JSONEncoder().encode(Body(svg: Markup.build { $0.element("b", text: "1 < 2") }))
        #expect(String(decoding: json, as: UTF8.self) == #"{"svg":"<b>1 &lt; 2<\/b>"}"#)
    }

    /// Templates in memory, rendered with the tags the app registers.
    static func render(
        _ template: String, _ context: [String: LeafData], tags: [String: any LeafTag]
    ) throws
        -> String
    {
        struct Memory: LeafSource {
            let text: String
            func file(
                template: String, escape: Bool, on eventLoop: any EventLoop
            ) throws
                -> EventLoopFuture<ByteBuffer>
            {
                eventLoop.makeSucceededFuture(ByteBuffer(string: text))
            }
        }
        let loop = EmbeddedEventLoop()
        let renderer = LeafRenderer(
            configuration: LeafConfiguration(rootDirectory: "/"), tags: tags, cache: DefaultLeafCache(),
            sources: .singleSource(Memory(text: template)), eventLoop: loop)
        let buffer = try renderer.render(path: "t", context: context).wait()
        return String(buffer: buffer)
    }

    @Test func templatesPrintHTMLButRefuseAPlainString() async throws {
        var registered: [String: any LeafTag] = [:]
        try await withGrip { app in registered = app.leaf.tags }
        let tags = registered
        #expect(tags["unsafeHTML"] is RefusedUnsafeHTMLTag)
        #expect(tags["markup"] is MarkupTag)
        let html = Markup.build { $0.element("em", text: "a < b") }
        #expect(try Self.render("[#markup(x)]", ["x": html.leafData], tags: tags) == "[<em>a &lt; b</em>]")
        #expect(try Self.render("[#markup(x)]", [:], tags: tags) == "[]")
        #expect(throws: (any Error).self) {
            try Self.render("[#markup(x)]", ["x": .string("<b>hand-made</b>")], tags: tags)
        }
        #expect(throws: (any Error).self) {
            try Self.render("[#unsafeHTML(x)]", ["x": .string("<b>hand-made</b>")], tags: tags)
        }
    }
}
