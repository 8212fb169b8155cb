import Foundation
import GripCore

/// Server-rendered SVG XmR charts: legible in greyscale (shapes, not only colour), with a title
/// and description for screen readers; the page carries the data table as the text alternative.
struct XmRChart {
    let id: String
    let title: String
    let labels: [String]
    let result: SPC.Result
    let target: Double?
    let unit: String
    var small = false
    /// A smaller drawing than `small`'s 240 × 70 (the pack's tables: a sparkline in a row).
    var size: (width: Double, height: Double)?

    /// One decimal place, as `%.1f` gives.
    static func num(_ v: Double) -> String { Markup.decimal(v) }

    var svg: HTML {
        let width = size?.width ?? (small ? 240.0 : 760.0), height = size?.height ?? (small ? 70.0 : 300.0)
        let edge = size == nil ? 4.0 : 2.0
        let left = small ? edge : 56.0, right = small ? edge : 16.0
        let top = small ? edge : 16.0, bottom = small ? edge : 52.0
        let pts = result.points
        let box = "0 0 \(Int(width)) \(Int(height))"
        var m = Markup(reserving: small ? 2048 : 8192)
        guard !pts.isEmpty else {
            m.element(
                "svg",
                [
                    "class": "chart", "role": "img", "aria-labelledby": id + "-t", "viewBox": box, "width": Int(width),
                    "height": Int(height)
                ]
            ) { $0.element("title", ["id": id + "-t"], text: title + ": no data yet") }
            return m.html
        }
        var ys = pts.map(\.value)
        for p in result.periods {
            if let l = p.limits { ys += [l.lower, l.upper, l.mean] }
            if let m = p.median { ys.append(m) }
        }
        if let target { ys.append(target) }
        var lo = ys.min()!, hi = ys.max()!
        if hi == lo { hi += 1; lo -= 1 }
        let pad = (hi - lo) * 0.08
        lo -= pad; hi += pad
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ i: Int) -> Double { left + (pts.count == 1 ? plotW / 2 : plotW * Double(i) / Double(pts.count - 1)) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - lo) / (hi - lo)) }
        m.open(
            "svg",
            [
                "class": small ? "chart chart-small" : "chart", "role": "img", "aria-labelledby": "\(id)-t \(id)-d",
                "viewBox": box, "width": Int(width), "height": Int(height), "xmlns": "http://www.w3.org/2000/svg"
            ])
        m.element("title", ["id": id + "-t"], text: title)
        m.element("desc", ["id": id + "-d"], text: ChartWords.description(labels: labels, result: result, unit: unit))
        m.void(
            "rect", ["x": left, "y": top, "width": plotW, "height": plotH, "fill": "#fff", "stroke": "#b1b4b6"],
            selfClosing: true)
        if !small {
            for k in 0...4 {
                let v = lo + (hi - lo) * Double(k) / 4
                m.void(
                    "line", ["x1": left, "x2": width - right, "y1": y(v), "y2": y(v), "stroke": "#f3f2f1"],
                    selfClosing: true)
                m.element(
                    "text",
                    ["x": left - 6, "y": y(v) + 4, "text-anchor": "end", "font-size": 12, "fill": "#0b0c0c"],
                    text: ActionRules.display((v * 10).rounded() / 10))
            }
            let step = max(1, pts.count / 8)
            for i in stride(from: 0, to: pts.count, by: step) {
                m.element(
                    "text",
                    [
                        "x": x(i), "y": height - bottom + 16, "text-anchor": "middle", "font-size": 12,
                        "fill": "#0b0c0c"
                    ], text: labels[i])
            }
        }
        // Limits and mean per period; rebase and fixed-baseline markers.
        for p in result.periods {
            let a = p.start, b = p.start + p.count - 1
            if p.start > 0 && !small {
                m.void(
                    "line",
                    [
                        "x1": x(a), "x2": x(a), "y1": top, "y2": height - bottom, "stroke": "#0b0c0c",
                        "stroke-dasharray": "2 3"
                    ], selfClosing: true)
                m.element(
                    "text", ["x": x(a) + 3, "y": top + 12, "font-size": 11, "fill": "#0b0c0c"], text: "Rebase")
            }
            if p.baselineCount < p.count && p.baselineCount > 0 && !small {
                let e = a + p.baselineCount - 1
                m.void(
                    "line",
                    [
                        "x1": x(e), "x2": x(e), "y1": top, "y2": height - bottom, "stroke": "#505a5f",
                        "stroke-dasharray": "1 4"
                    ], selfClosing: true)
                m.element(
                    "text",
                    [
                        "x": x(e) - 3, "y": height - bottom - 6, "text-anchor": "end", "font-size": 11,
                        "fill": "#505a5f"
                    ], text: "Limits fixed")
            }
            if let median = p.median {
                // A run chart (fewer than 12 points): the median, labelled, until limits can be set.
                m.void(
                    "line",
                    [
                        "x1": x(a), "x2": x(b), "y1": y(median), "y2": y(median), "stroke": "#505a5f",
                        "stroke-width": 1.5, "stroke-dasharray": "10 3 2 3"
                    ], selfClosing: true)
                if !small {
                    m.element(
                        "text", ["x": x(a) + 3, "y": y(median) - 5, "font-size": 11, "fill": "#0b0c0c"],
                        text: "Median (run chart: fewer than \(SPC.minimumPoints) points)")
                }
            }
            guard let l = p.limits else { continue }
            m.void(
                "line",
                [
                    "x1": x(a), "x2": x(b), "y1": y(l.mean), "y2": y(l.mean), "stroke": "#505a5f",
                    "stroke-width": 1.5
                ], selfClosing: true)
            for v in [l.lower, l.upper] {
                m.void(
                    "line",
                    [
                        "x1": x(a), "x2": x(b), "y1": y(v), "y2": y(v), "stroke": "#505a5f",
                        "stroke-dasharray": "6 4"
                    ], selfClosing: true)
            }
        }
        if let target {
            m.void(
                "line",
                [
                    "x1": left, "x2": width - right, "y1": y(target), "y2": y(target), "stroke": "#0b0c0c",
                    "stroke-width": 1.5, "stroke-dasharray": "1 3"
                ], selfClosing: true)
            if !small {
                m.element(
                    "text",
                    [
                        "x": width - right - 3, "y": y(target) - 4, "text-anchor": "end", "font-size": 11,
                        "fill": "#0b0c0c"
                    ], text: "Target")
            }
        }
        let line = pts.indices.map { Self.num(x($0)) + "," + Self.num(y(pts[$0].value)) }.joined(separator: " ")
        m.void(
            "polyline",
            ["fill": "none", "stroke": "#0b0c0c", "stroke-width": small ? 1.5 : 2.0, "points": line],
            selfClosing: true)
        let r = size != nil ? 1.8 : small ? 2.5 : 4.5
        for (i, p) in pts.enumerated() {
            Self.marker(p.variation, x: x(i), y: y(p.value), r: r, into: &m)
        }
        if !small { Self.legend(left: left, y: height - 14, into: &m) }
        m.close("svg")
        return m.html
    }

    /// A point's shape: grey dot, blue triangle, orange square or purple diamond (they read apart in greyscale).
    private static func marker(_ variation: SPC.Variation, x cx: Double, y cy: Double, r: Double, into m: inout Markup)
    {
        let n = Self.num
        switch variation {
        case .commonCause:
            m.void("circle", ["cx": cx, "cy": cy, "r": r * 0.7, "fill": "#505a5f"], selfClosing: true)
        case .improvement:
            let d = "M\(n(cx)) \(n(cy - r * 1.4)) L\(n(cx + r * 1.3)) \(n(cy + r)) L\(n(cx - r * 1.3)) \(n(cy + r)) Z"
            m.void("path", ["d": d, "fill": "#1d70b8", "stroke": "#0b0c0c"], selfClosing: true)
        case .concern:
            m.void(
                "rect",
                ["x": cx - r, "y": cy - r, "width": 2 * r, "height": 2 * r, "fill": "#f47738", "stroke": "#0b0c0c"],
                selfClosing: true)
        case .neutralHigh, .neutralLow:
            let d =
                "M\(n(cx)) \(n(cy - r * 1.3)) L\(n(cx + r * 1.3)) \(n(cy)) L\(n(cx)) \(n(cy + r * 1.3)) "
                + "L\(n(cx - r * 1.3)) \(n(cy)) Z"
            m.void("path", ["d": d, "fill": "#4c2c92", "stroke": "#0b0c0c"], selfClosing: true)
        }
    }

    /// The key under a full-size chart.
    private static func legend(left: Double, y ly: Double, into m: inout Markup) {
        let n = Self.num
        m.element("g", ["font-size": 12, "fill": "#0b0c0c"]) { m in
            m.void("circle", ["cx": left + 6, "cy": ly - 4, "r": 3, "fill": "#505a5f"], selfClosing: true)
            m.element("text", ["x": left + 14, "y": ly], text: "Common cause")
            let triangle = "M\(n(left + 126)) \(n(ly - 10)) L\(n(left + 132)) \(n(ly)) L\(n(left + 120)) \(n(ly)) Z"
            m.void("path", ["d": triangle, "fill": "#1d70b8", "stroke": "#0b0c0c"], selfClosing: true)
            m.element("text", ["x": left + 138, "y": ly], text: "Improvement")
            m.void(
                "rect",
                ["x": left + 234, "y": ly - 9, "width": 9, "height": 9, "fill": "#f47738", "stroke": "#0b0c0c"],
                selfClosing: true)
            m.element("text", ["x": left + 248, "y": ly], text: "Concern")
            let diamond =
                "M\(n(left + 330)) \(n(ly - 10)) L\(n(left + 335)) \(n(ly - 5)) L\(n(left + 330)) \(n(ly)) "
                + "L\(n(left + 325)) \(n(ly - 5)) Z"
            m.void("path", ["d": diamond, "fill": "#4c2c92", "stroke": "#0b0c0c"], selfClosing: true)
            m.element("text", ["x": left + 342, "y": ly], text: "High or low (neutral)")
            m.element("text", ["x": left + 500, "y": ly], text: "— mean, - - limits, ··· target")
        }
    }
}
