import Foundation

/// The body of a pack as HTML, every value escaped: sections flow one after another, and the appendices start on a
/// new page (issue 24). The template `reports/pack` keeps the page's frame and cover.
enum PackHTML {
    static func body(_ pack: Pack) -> String {
        var h = pack.sections.map { section($0, level: 2) }.joined(separator: "\n")
        guard !pack.appendices.isEmpty else { return h }
        h += "\n<div class=\"appendices\" role=\"region\" aria-labelledby=\"appendices-h\">"
        h += "<h2 id=\"appendices-h\" class=\"appendices-title\">Appendices</h2>"
        h += "<ul class=\"appendix-contents\">"
        for a in pack.appendices { h += "<li><a href=\"#\(e(a.id))\">\(e(a.title))</a></li>" }
        h += "</ul>\n"
        h += pack.appendices.map { section($0, level: 2) }.joined(separator: "\n")
        return h + "</div>"
    }

    static func e(_ s: String) -> String { HTMLText.escape(s) }

    static func section(_ s: Pack.Section, level: Int) -> String {
        let hx = "h\(min(level, 4))"
        var h: String
        if level == 2 {
            h =
                "<section class=\"pack-section\" id=\"\(e(s.id))\" aria-labelledby=\"\(e(s.id))-h\">"
                + "<\(hx) id=\"\(e(s.id))-h\">\(e(s.title))</\(hx)>"
        } else {
            h = "<div class=\"pack-subsection\"><\(hx) id=\"\(e(s.id))\">\(e(s.title))</\(hx)>"
        }
        if !s.intro.isEmpty { h += "<p class=\"intro\(level > 2 ? " thin" : "")\">\(e(s.intro))</p>" }
        if !s.figures.isEmpty {
            h += "<ul class=\"figures\">"
            for f in s.figures {
                h += "<li><a href=\"\(e(f.href))\"><span class=\"value\">\(f.value)</span> \(e(f.label))</a></li>"
            }
            h += "</ul>"
        }
        for t in s.tables { h += table(t) }
        if !s.lines.isEmpty { h += s.list ? list(s.lines) : lines(s.lines) }
        for c in s.charts {
            h +=
                "<figure>\(c.svg)<figcaption>\(e(c.narrative)) <a href=\"\(e(c.href))\">Open the chart"
                + "<span class=\"visually-hidden\">: \(e(c.title))</span></a></figcaption></figure>"
        }
        for sub in s.subsections { h += section(sub, level: level + 1) }
        if s.lines.isEmpty && s.charts.isEmpty && s.subsections.isEmpty && s.figures.isEmpty && s.tables.isEmpty {
            h += "<p class=\"empty\">\(e(s.empty))</p>"
        }
        return h + (level == 2 ? "</section>" : "</div>")
    }

    static func lines(_ lines: [Pack.Line]) -> String {
        var h = "<table><thead><tr><th scope=\"col\">What</th><th scope=\"col\">Record</th></tr></thead><tbody>"
        for l in lines {
            h +=
                "<tr><th scope=\"row\">\(e(l.label))</th><td>"
                + (l.href.map { "<a href=\"\(e($0))\">\(e(l.text))</a>" } ?? e(l.text))
                + "<br><span class=\"detail\">\(e(l.detail))</span></td></tr>"
        }
        return h + "</tbody></table>"
    }

    static func list(_ lines: [Pack.Line]) -> String {
        var h = "<ul class=\"pack-list\">"
        for l in lines {
            h +=
                "<li><strong>\(e(l.label))</strong>: "
                + (l.href.map { "<a href=\"\(e($0))\">\(e(l.text))</a>" } ?? e(l.text))
                + (l.detail.isEmpty ? "" : " <span class=\"detail\">\(e(l.detail))</span>") + "</li>"
        }
        return h + "</ul>"
    }

    static func table(_ t: Pack.Table) -> String {
        var h =
            "<table class=\"compact\">" + (t.caption.isEmpty ? "" : "<caption>\(e(t.caption))</caption>")
            + "<thead><tr>"
        for (i, head) in t.header.enumerated() {
            let numeric = t.rows.first.map { $0.indices.contains(i) && $0[i].numeric } ?? false
            h += "<th scope=\"col\"\(numeric ? " class=\"num\"" : "")>\(e(head))</th>"
        }
        h += "</tr></thead><tbody>"
        for row in t.rows {
            h += "<tr>"
            for (i, c) in row.enumerated() {
                let text = c.href.map { "<a href=\"\(e($0))\">\(e(c.text))</a>" } ?? e(c.text)
                let tag = i == 0 ? "th scope=\"row\"" : "td"
                let close = i == 0 ? "th" : "td"
                let classes = [c.numeric ? "num" : nil, c.nowrap ? "nowrap" : nil].compactMap { $0 }
                h +=
                    "<\(tag)\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>"
                    + (c.svg ?? "") + (c.svg == nil ? "" : " ") + text + "</\(close)>"
            }
            h += "</tr>"
        }
        return h + "</tbody></table>"
    }
}
