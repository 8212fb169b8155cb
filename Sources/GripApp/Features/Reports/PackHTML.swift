import Foundation

/// The body of a pack as HTML, built by `Markup` (every value escapes itself): sections flow one after another,
/// and the appendices start on a new page (issue 24). The template `reports/pack` keeps the page's frame and cover.
enum PackHTML {
    static func body(_ pack: Pack) -> HTML {
        Markup.build(reserving: 64 * 1024) { m in
            for draw in pieces(pack) { m.append(draw()) }
        }
    }

    /// The body a piece at a time, in order (each section, the appendices' opening, each appendix, their close),
    /// each drawn when asked for: a served pack sends each piece as it is drawn and never holds the whole page
    /// (issue 35).
    static func pieces(_ pack: Pack) -> [() -> HTML] {
        var out: [() -> HTML] = pack.sections.enumerated().map { i, s in
            {
                Markup.build { m in
                    if i > 0 { m.text("\n") }
                    section(s, level: 2, into: &m)
                }
            }
        }
        guard !pack.appendices.isEmpty else { return out }
        out.append {
            Markup.build { m in
                m.text("\n")
                m.open("div", ["class": "appendices", "role": "region", "aria-labelledby": "appendices-h"])
                m.element("h2", ["id": "appendices-h", "class": "appendices-title"], text: "Appendices")
                m.element("ul", ["class": "appendix-contents"]) { m in
                    for a in pack.appendices { m.element("li") { $0.link("#" + a.id, text: a.title) } }
                }
            }
        }
        for a in pack.appendices {
            out.append {
                Markup.build { m in
                    m.text("\n")
                    section(a, level: 2, into: &m)
                }
            }
        }
        out.append { Markup.build { $0.close("div") } }
        return out
    }

    static func section(_ s: Pack.Section, level: Int, into m: inout Markup) {
        let hx: MarkupName = level <= 2 ? "h2" : level == 3 ? "h3" : "h4"
        let frame: MarkupName = level == 2 ? "section" : "div"
        if level == 2 {
            m.open("section", ["class": "pack-section", "id": s.id, "aria-labelledby": s.id + "-h"])
            m.element(hx, ["id": s.id + "-h"], text: s.title)
        } else {
            m.open("div", ["class": "pack-subsection"])
            m.element(hx, ["id": s.id], text: s.title)
        }
        if !s.intro.isEmpty { m.element("p", ["class": level > 2 ? "intro thin" : "intro"], text: s.intro) }
        if !s.figures.isEmpty {
            m.element("ul", ["class": "figures"]) { m in
                for f in s.figures {
                    m.element("li") { m in
                        m.element("a", ["href": f.href]) { m in
                            m.element("span", ["class": "value"]) { $0.text(f.value) }
                            m.text(" " + f.label)
                        }
                    }
                }
            }
        }
        for t in s.tables { table(t, into: &m) }
        if !s.lines.isEmpty {
            if s.list { list(s.lines, into: &m) } else { lines(s.lines, into: &m) }
        }
        for c in s.charts {
            m.element("figure") { m in
                m.append(c.svg)
                m.element("figcaption") { m in
                    m.text(c.narrative + " ")
                    m.element("a", ["href": c.href]) { m in
                        m.text("Open the chart")
                        m.element("span", ["class": "visually-hidden"], text: ": " + c.title)
                    }
                }
            }
        }
        for sub in s.subsections { section(sub, level: level + 1, into: &m) }
        if s.lines.isEmpty && s.charts.isEmpty && s.subsections.isEmpty && s.figures.isEmpty && s.tables.isEmpty {
            m.element("p", ["class": "empty"], text: s.empty)
        }
        m.close(frame)
    }

    /// The record's text, linked to it where it has a link.
    private static func record(_ text: String, href: String?, into m: inout Markup) {
        if let href { m.link(href, text: text) } else { m.text(text) }
    }

    static func lines(_ lines: [Pack.Line], into m: inout Markup) {
        m.element("table") { m in
            m.element("thead") { m in
                m.element("tr") { m in
                    m.element("th", ["scope": "col"], text: "What")
                    m.element("th", ["scope": "col"], text: "Record")
                }
            }
            m.element("tbody") { m in
                for l in lines {
                    m.element("tr") { m in
                        m.element("th", ["scope": "row"], text: l.label)
                        m.element("td") { m in
                            record(l.text, href: l.href, into: &m)
                            m.void("br")
                            m.element("span", ["class": "detail"], text: l.detail)
                        }
                    }
                }
            }
        }
    }

    static func list(_ lines: [Pack.Line], into m: inout Markup) {
        m.element("ul", ["class": "pack-list"]) { m in
            for l in lines {
                m.element("li") { m in
                    m.element("strong", text: l.label)
                    m.text(": ")
                    record(l.text, href: l.href, into: &m)
                    if !l.detail.isEmpty {
                        m.text(" ")
                        m.element("span", ["class": "detail"], text: l.detail)
                    }
                }
            }
        }
    }

    static func table(_ t: Pack.Table, into m: inout Markup) {
        m.element("table", ["class": "compact"]) { m in
            if !t.caption.isEmpty { m.element("caption", text: t.caption) }
            m.element("thead") { m in
                m.element("tr") { m in
                    for (i, head) in t.header.enumerated() {
                        let numeric = t.rows.first.map { $0.indices.contains(i) && $0[i].numeric } ?? false
                        if numeric {
                            m.element("th", ["scope": "col", "class": "num"], text: head)
                        } else {
                            m.element("th", ["scope": "col"], text: head)
                        }
                    }
                }
            }
            m.element("tbody") { m in
                for row in t.rows {
                    m.element("tr") { m in
                        for (i, c) in row.enumerated() { cell(c, header: i == 0, into: &m) }
                    }
                }
            }
        }
    }

    private static func cell(_ c: Pack.Table.Cell, header: Bool, into m: inout Markup) {
        let classes = [c.numeric ? "num" : nil, c.nowrap ? "nowrap" : nil].compactMap { $0 }.joined(separator: " ")
        let tag: MarkupName = header ? "th" : "td"
        switch (header, classes.isEmpty) {
        case (true, true): m.open(tag, ["scope": "row"])
        case (true, false): m.open(tag, ["scope": "row", "class": classes])
        case (false, true): m.open(tag)
        case (false, false): m.open(tag, ["class": classes])
        }
        if let svg = c.svg {
            m.append(svg)
            m.text(" ")
        }
        record(c.text, href: c.href, into: &m)
        m.close(tag)
    }
}
