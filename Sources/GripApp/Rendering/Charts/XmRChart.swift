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

    static func escape(_ s: String) -> String { HTMLText.escape(s) }

    /// One decimal place, as `%.1f` gives (coordinates and labels; thousands per page, so not `String(format:)`).
    static func num(_ v: Double) -> String {
        guard v.isFinite else { return String(format: "%.1f", v) }
        let tenths = (v * 10).rounded(.toNearestOrEven)
        guard abs(tenths) < 1e15 else { return String(format: "%.1f", v) }
        let t = Int(tenths), whole = abs(t) / 10, frac = abs(t) % 10
        return (t < 0 ? "-" : "") + String(whole) + "." + String(frac)
    }

    var svg: String {
        let width = size?.width ?? (small ? 240.0 : 760.0), height = size?.height ?? (small ? 70.0 : 300.0)
        let edge = size == nil ? 4.0 : 2.0
        let left = small ? edge : 56.0, right = small ? edge : 16.0
        let top = small ? edge : 16.0, bottom = small ? edge : 52.0
        let pts = result.points
        let desc = Self.escape(ChartWords.description(labels: labels, result: result, unit: unit))
        let t = Self.escape(title)
        guard !pts.isEmpty else {
            return
                """
                <svg class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(Int(width)) \
                \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\"><title id=\"\(id)-t\">\(t): no \
                data yet</title></svg>
                """
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
        var s =
            """
            <svg class=\"chart\(small ? " chart-small" : "")\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" \
            viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" \
            xmlns=\"http://www.w3.org/2000/svg\">
            """
        s += "<title id=\"\(id)-t\">\(t)</title><desc id=\"\(id)-d\">\(desc)</desc>"
        s +=
            """
            <rect x=\"\(Self.num(left))\" y=\"\(Self.num(top))\" width=\"\(Self.num(plotW))\" \
            height=\"\(Self.num(plotH))\" fill=\"#fff\" stroke=\"#b1b4b6\"/>
            """
        if !small {
            for k in 0...4 {
                let v = lo + (hi - lo) * Double(k) / 4
                s +=
                    """
                    <line x1=\"\(Self.num(left))\" x2=\"\(Self.num(width - right))\" y1=\"\(Self.num(y(v)))\" \
                    y2=\"\(Self.num(y(v)))\" stroke=\"#f3f2f1\"/>
                    """
                s +=
                    """
                    <text x=\"\(Self.num(left - 6))\" y=\"\(Self.num(y(v) + 4))\" text-anchor=\"end\" \
                    font-size=\"12\" \
                    fill=\"#0b0c0c\">\(Self.escape(ActionRules.display((v * 10).rounded() / 10)))</text>
                    """
            }
            let step = max(1, pts.count / 8)
            for i in stride(from: 0, to: pts.count, by: step) {
                s +=
                    """
                    <text x=\"\(Self.num(x(i)))\" y=\"\(Self.num(height - bottom + 16))\" text-anchor=\"middle\" \
                    font-size=\"12\" fill=\"#0b0c0c\">\(Self.escape(labels[i]))</text>
                    """
            }
        }
        // Limits and mean per period; rebase and fixed-baseline markers.
        for p in result.periods {
            let a = p.start, b = p.start + p.count - 1
            if p.start > 0 && !small {
                s +=
                    """
                    <line x1=\"\(Self.num(x(a)))\" x2=\"\(Self.num(x(a)))\" y1=\"\(Self.num(top))\" \
                    y2=\"\(Self.num(height - bottom))\" stroke=\"#0b0c0c\" stroke-dasharray=\"2 3\"/>
                    """
                s +=
                    """
                    <text x=\"\(Self.num(x(a) + 3))\" y=\"\(Self.num(top + 12))\" font-size=\"11\" \
                    fill=\"#0b0c0c\">Rebase</text>
                    """
            }
            if p.baselineCount < p.count && p.baselineCount > 0 && !small {
                let e = a + p.baselineCount - 1
                s +=
                    """
                    <line x1=\"\(Self.num(x(e)))\" x2=\"\(Self.num(x(e)))\" y1=\"\(Self.num(top))\" \
                    y2=\"\(Self.num(height - bottom))\" stroke=\"#505a5f\" stroke-dasharray=\"1 4\"/>
                    """
                s +=
                    """
                    <text x=\"\(Self.num(x(e) - 3))\" y=\"\(Self.num(height - bottom - 6))\" text-anchor=\"end\" \
                    font-size=\"11\" fill=\"#505a5f\">Limits fixed</text>
                    """
            }
            if let m = p.median {
                // A run chart (fewer than 12 points): the median, labelled, until limits can be set.
                s +=
                    "<line x1=\"\(Self.num(x(a)))\" x2=\"\(Self.num(x(b)))\" y1=\"\(Self.num(y(m)))\" "
                    + "y2=\"\(Self.num(y(m)))\" stroke=\"#505a5f\" stroke-width=\"1.5\" stroke-dasharray=\"10 3 2 3\"/>"
                if !small {
                    s +=
                        "<text x=\"\(Self.num(x(a) + 3))\" y=\"\(Self.num(y(m) - 5))\" font-size=\"11\" "
                        + "fill=\"#0b0c0c\">Median (run chart: fewer than \(SPC.minimumPoints) points)</text>"
                }
            }
            guard let l = p.limits else { continue }
            s +=
                """
                <line x1=\"\(Self.num(x(a)))\" x2=\"\(Self.num(x(b)))\" y1=\"\(Self.num(y(l.mean)))\" \
                y2=\"\(Self.num(y(l.mean)))\" stroke=\"#505a5f\" stroke-width=\"1.5\"/>
                """
            for v in [l.lower, l.upper] {
                s +=
                    """
                    <line x1=\"\(Self.num(x(a)))\" x2=\"\(Self.num(x(b)))\" y1=\"\(Self.num(y(v)))\" \
                    y2=\"\(Self.num(y(v)))\" stroke=\"#505a5f\" stroke-dasharray=\"6 4\"/>
                    """
            }
        }
        if let target {
            s +=
                """
                <line x1=\"\(Self.num(left))\" x2=\"\(Self.num(width - right))\" y1=\"\(Self.num(y(target)))\" \
                y2=\"\(Self.num(y(target)))\" stroke=\"#0b0c0c\" stroke-width=\"1.5\" stroke-dasharray=\"1 3\"/>
                """
            if !small {
                s +=
                    """
                    <text x=\"\(Self.num(width - right - 3))\" y=\"\(Self.num(y(target) - 4))\" \
                    text-anchor=\"end\" font-size=\"11\" fill=\"#0b0c0c\">Target</text>
                    """
            }
        }
        s +=
            "<polyline fill=\"none\" stroke=\"#0b0c0c\" stroke-width=\"\(small ? 1.5 : 2)\" points=\""
            + pts.indices.map { "\(Self.num(x($0))),\(Self.num(y(pts[$0].value)))" }.joined(separator: " ") + "\"/>"
        let r = size != nil ? 1.8 : small ? 2.5 : 4.5
        for (i, p) in pts.enumerated() {
            let cx = x(i), cy = y(p.value)
            switch p.variation {
            case .commonCause:
                s +=
                    """
                    <circle cx=\"\(Self.num(cx))\" cy=\"\(Self.num(cy))\" r=\"\(Self.num(r * 0.7))\" \
                    fill=\"#505a5f\"/>
                    """
            case .improvement:
                s +=
                    """
                    <path d=\"M\(Self.num(cx)) \(Self.num(cy - r * 1.4)) L\(Self.num(cx + r * 1.3)) \
                    \(Self.num(cy + r)) L\(Self.num(cx - r * 1.3)) \(Self.num(cy + r)) Z\" fill=\"#1d70b8\" \
                    stroke=\"#0b0c0c\"/>
                    """
            case .concern:
                s +=
                    """
                    <rect x=\"\(Self.num(cx - r))\" y=\"\(Self.num(cy - r))\" width=\"\(Self.num(2 * r))\" \
                    height=\"\(Self.num(2 * r))\" fill=\"#f47738\" stroke=\"#0b0c0c\"/>
                    """
            case .neutralHigh, .neutralLow:
                s +=
                    """
                    <path d=\"M\(Self.num(cx)) \(Self.num(cy - r * 1.3)) L\(Self.num(cx + r * 1.3)) \
                    \(Self.num(cy)) L\(Self.num(cx)) \(Self.num(cy + r * 1.3)) L\(Self.num(cx - r * 1.3)) \
                    \(Self.num(cy)) Z\" fill=\"#4c2c92\" stroke=\"#0b0c0c\"/>
                    """
            }
        }
        if !small {
            let ly = height - 14
            s += "<g font-size=\"12\" fill=\"#0b0c0c\">"
            s +=
                """
                <circle cx=\"\(Self.num(left + 6))\" cy=\"\(Self.num(ly - 4))\" r=\"3\" fill=\"#505a5f\"/><text \
                x=\"\(Self.num(left + 14))\" y=\"\(Self.num(ly))\">Common cause</text>
                """
            s +=
                """
                <path d=\"M\(Self.num(left + 126)) \(Self.num(ly - 10)) L\(Self.num(left + 132)) \(Self.num(ly)) \
                L\(Self.num(left + 120)) \(Self.num(ly)) Z\" fill=\"#1d70b8\" stroke=\"#0b0c0c\"/><text \
                x=\"\(Self.num(left + 138))\" y=\"\(Self.num(ly))\">Improvement</text>
                """
            s +=
                """
                <rect x=\"\(Self.num(left + 234))\" y=\"\(Self.num(ly - 9))\" width=\"9\" height=\"9\" \
                fill=\"#f47738\" stroke=\"#0b0c0c\"/><text x=\"\(Self.num(left + 248))\" \
                y=\"\(Self.num(ly))\">Concern</text>
                """
            s +=
                """
                <path d=\"M\(Self.num(left + 330)) \(Self.num(ly - 10)) L\(Self.num(left + 335)) \
                \(Self.num(ly - 5)) L\(Self.num(left + 330)) \(Self.num(ly)) L\(Self.num(left + 325)) \
                \(Self.num(ly - 5)) Z\" fill=\"#4c2c92\" stroke=\"#0b0c0c\"/><text x=\"\(Self.num(left + 342))\" \
                y=\"\(Self.num(ly))\">High or low (neutral)</text>
                """
            s += "<text x=\"\(Self.num(left + 500))\" y=\"\(Self.num(ly))\">— mean, - - limits, ··· target</text></g>"
        }
        return s + "</svg>"
    }
}

/// The verdicts of a chart in words (also the chart's description for screen readers).
enum ChartWords {
    static func variation(_ v: SPC.Variation) -> String {
        switch v {
        case .commonCause: "Common cause variation"
        case .improvement: "Special cause: improvement"
        case .concern: "Special cause: concern"
        case .neutralHigh: "Special cause: high"
        case .neutralLow: "Special cause: low"
        }
    }

    /// The verdict in a word or two, for a table's column.
    static func signal(_ v: SPC.Variation) -> String {
        switch v {
        case .commonCause: "Common cause"
        case .improvement: "Improvement"
        case .concern: "Concern"
        case .neutralHigh: "High"
        case .neutralLow: "Low"
        }
    }

    static func assurance(_ a: SPC.Assurance?) -> String? {
        switch a {
        case .consistentlyPassing: "The process is consistently passing the target."
        case .consistentlyFailing:
            "The process is consistently failing the target: it will not meet it without a change to the system."
        case .hitAndMiss: "The target is hit and miss: it will be met some periods and not others."
        case nil: nil
        }
    }

    static func description(labels: [String], result: SPC.Result, unit: String) -> String {
        guard let last = result.points.last, let label = labels.last else { return "No data yet." }
        var parts = [
            """
            \(labels.count) periods to \(label); latest \(ActionRules.display(last.value)) \(unit): \
            \(variation(last.variation).lowercased()).
            """
        ]
        if let l = last.limits {
            parts.append(
                """
                Mean \(ActionRules.display((l.mean * 10).rounded() / 10)), process limits \
                \(ActionRules.display((l.lower * 10).rounded() / 10)) to \
                \(ActionRules.display((l.upper * 10).rounded() / 10)).
                """
            )
        } else if let reason = result.periods.last?.noLimitsReason {
            parts.append("No process limits: \(reason)")
        }
        if let m = result.periods.last?.median {
            parts.append("Run chart median \(ActionRules.display((m * 10).rounded() / 10)).")
            let rules = Set(result.points.compactMap(\.rule).filter { $0 == .shift || $0 == .runChartTrend })
            for r in rules.sorted(by: { $0.rawValue < $1.rawValue }) { parts.append("Signal: \(r.label).") }
        }
        let concerns = result.points.filter { $0.variation == .concern }.count
        let improvements = result.points.filter { $0.variation == .improvement }.count
        if concerns + improvements > 0 {
            parts.append(
                "\(improvements) improvement and \(concerns) concern point\(concerns + improvements == 1 ? "" : "s").")
        }
        if let a = assurance(result.assurance) { parts.append(a) }
        return parts.joined(separator: " ")
    }
}
