import Fluent
import Foundation
import GripCore

/// A person's pattern as a server-rendered SVG (issue 23): concerns and interventions per week as stacked bars —
/// interventions solid, concerns hatched, so the two read apart in greyscale — with a title and a description for
/// screen readers. The page carries the same figures as tables.
struct PatternChart {
    let id: String
    let title: String
    let pattern: PersonPattern

    var description: String {
        let busiest = pattern.weeks.max { ($0.concerns + $0.interventions) < ($1.concerns + $1.interventions) }
        let parts = pattern.byDayPart.filter { $0.interventions + $0.concerns > 0 }
            .sorted { ($0.interventions + $0.concerns) > ($1.interventions + $1.concerns) }
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        var words =
            count(pattern.interventions, "intervention", "interventions") + " and "
            + count(pattern.concerns, "safeguarding concern", "safeguarding concerns")
            + " in \(pattern.weeks.count) weeks."
        if let b = busiest, b.concerns + b.interventions > 0 {
            words +=
                " Most in the week of \(b.start.ukFormat): " + count(b.interventions, "intervention", "interventions")
                + ", " + count(b.concerns, "concern", "concerns") + "."
        }
        if let p = parts.first { words += " Most often in the \(p.part.rawValue)." }
        if let place = pattern.byPlace.first { words += " Most often in the \(place.label.lowercased())." }
        return words
    }

    var svg: HTML {
        let width = 760.0
        let height = 260.0
        let left = 40.0
        let right = 12.0
        let top = 16.0
        let bottom = 56.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let maxCount = max(1, pattern.weeks.map { $0.concerns + $0.interventions }.max() ?? 1)
        let slot = plotW / Double(max(pattern.weeks.count, 1))
        let bar = slot * 0.6
        func y(_ v: Int) -> Double { top + plotH * (1 - Double(v) / Double(maxCount)) }
        let hatch = "url(#\(id)-h)"
        var m = Markup(reserving: 8192)
        m.open(
            "svg",
            [
                "class": "chart", "role": "img", "aria-labelledby": "\(id)-t \(id)-d",
                "viewBox": "0 0 \(Int(width)) \(Int(height))", "width": Int(width), "height": Int(height),
                "xmlns": "http://www.w3.org/2000/svg"
            ])
        m.element("title", ["id": id + "-t"], text: title)
        m.element("desc", ["id": id + "-d"], text: description)
        m.element("defs") { m in
            m.element(
                "pattern",
                [
                    "id": id + "-h", "width": 6, "height": 6, "patternUnits": "userSpaceOnUse",
                    "patternTransform": "rotate(45)"
                ]
            ) { m in
                m.void("rect", ["width": 6, "height": 6, "fill": "#fff"], selfClosing: true)
                m.void(
                    "line", ["x1": 0, "y1": 0, "x2": 0, "y2": 6, "stroke": "#942514", "stroke-width": 3],
                    selfClosing: true)
            }
        }
        m.void(
            "rect", ["x": left, "y": top, "width": plotW, "height": plotH, "fill": "#fff", "stroke": "#b1b4b6"],
            selfClosing: true)
        let step = max(1, maxCount / 4)
        for v in stride(from: 0, through: maxCount, by: step) {
            m.void(
                "line", ["x1": left, "x2": width - right, "y1": y(v), "y2": y(v), "stroke": "#f3f2f1"],
                selfClosing: true)
            m.element(
                "text",
                [
                    "x": left - 6, "y": y(v) + 4, "text-anchor": "end", "font-size": 12, "fill": "#0b0c0c"
                ]
            ) { $0.text(v) }
        }
        for (k, w) in pattern.weeks.enumerated() {
            let x = left + slot * Double(k) + (slot - bar) / 2
            let solidTop = y(w.interventions)
            let hatchTop = y(w.interventions + w.concerns)
            if w.interventions > 0 {
                m.void(
                    "rect", ["x": x, "y": solidTop, "width": bar, "height": y(0) - solidTop, "fill": "#1d70b8"],
                    selfClosing: true)
            }
            if w.concerns > 0 {
                m.void(
                    "rect",
                    [
                        "x": x, "y": hatchTop, "width": bar, "height": solidTop - hatchTop, "fill": hatch,
                        "stroke": "#942514"
                    ], selfClosing: true)
            }
            if k % 2 == 0 || pattern.weeks.count <= 8 {
                m.element(
                    "text",
                    [
                        "x": x + bar / 2, "y": height - bottom + 16, "text-anchor": "middle", "font-size": 11,
                        "fill": "#0b0c0c"
                    ], text: "\(w.start.day) \(Day.monthNames[w.start.month - 1].prefix(3))")
            }
        }
        let ly = height - 16
        m.void("rect", ["x": left, "y": ly - 10, "width": 12, "height": 12, "fill": "#1d70b8"], selfClosing: true)
        m.element(
            "text", ["x": left + 18, "y": ly, "font-size": 12, "fill": "#0b0c0c"], text: "Restrictive interventions")
        m.void(
            "rect",
            ["x": left + 200, "y": ly - 10, "width": 12, "height": 12, "fill": hatch, "stroke": "#942514"],
            selfClosing: true)
        m.element("text", ["x": left + 218, "y": ly, "font-size": 12, "fill": "#0b0c0c"], text: "Safeguarding concerns")
        m.element(
            "text", ["x": width - right, "y": ly, "text-anchor": "end", "font-size": 12, "fill": "#0b0c0c"],
            text: "Weeks beginning")
        m.close("svg")
        return m.html
    }
}
