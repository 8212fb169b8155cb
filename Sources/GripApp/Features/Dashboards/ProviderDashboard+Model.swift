import Foundation
import GripCore

/// The provider dashboard (issue 24): a heat map of services by signals, where recovery is most fragile first,
/// and one indicator's SPC charts across every service as small multiples. The rows and cards are built here as
/// HTML, not by the template: at 200 services, Leaf's work per row was half the page's time (Benchmarks.md).
struct ProviderDashboardPage: Encodable {
    struct Warning: Encodable {
        let indicator: String
        let href: String
        let period: String
        let value: String
    }
    struct DriftRow: Encodable {
        let label: String
        let reason: String
    }
    struct DriftKindCount: Encodable {
        let label: String
        let services: Int
    }

    /// One service's row of the heat map.
    struct Row {
        let id: UUID
        let name: String
        let worstRating: String
        let live: Int
        let extremeHigh: Int
        let fragility: Int
        let oversight: OversightLevel
        let updateDue: String?
        let updateOverdue: Bool
        /// Every signal but oversight, as a count.
        let counts: [ProviderSignal: Int]
        let warnings: [Warning]
        let drift: [DriftRow]

        var href: String { Paths.serviceDashboard(id) }

        var order: HeatMapOrder.Row {
            var all = counts
            all[.oversight] = oversight.rank
            return .init(name: name, fragility: fragility, counts: all)
        }

        /// Where a cell's count is listed.
        func link(_ signal: ProviderSignal) -> String {
            switch signal {
            case .overdue: Paths.actions + "?service=\(id.uuidString)&overdue=true"
            case .reviewOverdue, .stalled, .weakProgress, .disconnected: href + "#attention"
            case .warnings: href + "#warnings"
            case .drift: href + "#drift"
            case .escalations: href + "#escalations"
            case .lateEscalations: href + "#drift"
            case .oversight: href + "#oversight"
            }
        }

        /// The row: the service, its rating and live actions, then a shaded cell per signal that says its count
        /// (and, to a screen reader, what it counts).
        func write(into m: inout Markup) {
            m.element("tr") { m in
                m.element("th", ["scope": "row"]) { $0.link(href, text: name) }
                m.element("td", ["class": "num"]) { $0.text(fragility) }
                m.element("td", text: worstRating)
                m.element("td", ["class": "num"]) { m in
                    m.text(live)
                    if extremeHigh > 0 {
                        m.void("br")
                        m.element("span", ["class": "small"], text: "\(extremeHigh) high or extreme")
                    }
                }
                m.element("td", ["class": "heat heat-\(Heat.of(oversight).rawValue)"]) { m in
                    m.link(link(.oversight), text: oversight.label)
                    if let updateDue {
                        m.void("br")
                        m.element("span", ["class": "small"], text: "Update due \(updateDue)")
                        if updateOverdue {
                            m.text(" ")
                            m.element("strong", ["class": "tag tag-overdue"], text: "Overdue")
                        }
                    }
                }
                for signal in ProviderSignal.allCases where signal != .oversight {
                    let n = counts[signal] ?? 0
                    m.element("td", ["class": "heat heat-\(Heat.of(n).rawValue) num"]) { m in
                        if n == 0 {
                            m.text(0)
                            m.element("span", ["class": "visually-hidden"], text: " " + signal.noun)
                        } else {
                            m.element("a", ["href": link(signal)]) { m in
                                m.text(n)
                                m.element("span", ["class": "visually-hidden"], text: " " + signal.noun)
                            }
                        }
                    }
                }
            }
        }

        /// The service's entry in the page's drift list: its name, then each signal with its reason.
        func writeDrift(into m: inout Markup) {
            m.element("h3") { $0.link(href + "#drift", text: name) }
            m.text("\n")
            m.element("ul") { m in
                for d in drift {
                    m.element("li") { m in
                        m.element("strong", text: d.label)
                        m.text(": " + d.reason)
                    }
                }
            }
        }

        /// The service's entry in the page's early-warnings list.
        func writeWarnings(into m: inout Markup) {
            m.element("li") { m in
                m.link(href + "#warnings", text: name)
                m.text(": ")
                for (i, w) in warnings.enumerated() {
                    if i > 0 { m.text("; ") }
                    m.link(w.href, text: w.indicator)
                    m.text(", concern in \(w.period) (\(w.value))")
                }
            }
        }
    }

    /// One service's small SPC chart of the chosen indicator.
    struct Multiple {
        let service: String
        let href: String
        let svg: HTML?
        let latest: String
        let verdict: String
        let concern: Bool

        func write(into m: inout Markup) {
            m.element("li", ["class": concern ? "multiple multiple-concern" : "multiple"]) { m in
                m.element("h3") { $0.link(href, text: service) }
                if let svg {
                    m.append(svg)
                    m.element("p", ["class": "small"]) { m in
                        m.text("Latest \(latest): ")
                        if concern { m.element("strong", text: verdict) } else { m.text(verdict) }
                    }
                } else {
                    m.element("p", ["class": "small"], text: "No values yet.")
                }
            }
        }
    }

    /// Pieces one after another, a line apart, in one buffer (a page has hundreds of rows).
    static func markup<T>(_ items: [T], reserving: Int, _ write: (T, inout Markup) -> Void) -> HTML {
        Markup.build(reserving: items.count * reserving) { m in
            for (i, item) in items.enumerated() {
                if i > 0 { m.text("\n") }
                write(item, &m)
            }
        }
    }

    struct Column: Encodable {
        let label: String
        let href: String
        let sorted: Bool
        let numeric: Bool
    }
    struct Legend: Encodable {
        let label: String
        let level: Int
    }

    struct Trends {
        let indicator: String
        let unit: String
        let href: String
        let multiples: [Multiple]
        /// Services whose latest periods show a special-cause concern (the stored warnings), and services in all.
        let concerns: Int
        let services: Int
    }

    let layout: Layout
    let rows: [Row]
    let order: HeatMapOrder
    let indicators: [Choice]
    let trends: Trends?
    /// The chosen indicator's id, kept when the order changes.
    let indicatorID: UUID?
    let page: Int
    let pages: Int

    init(layout: Layout, content: ProviderDashboardQuery.Content) {
        self.layout = layout
        rows = content.rows
        order = content.order
        indicators = content.indicators
        trends = content.trends
        indicatorID = content.indicatorID
        page = content.page
        pages = content.pages
    }

    var columns: [Column] {
        func col(_ label: String, _ o: HeatMapOrder, numeric: Bool = true) -> Column {
            Column(
                label: label, href: Paths.dashboard(sort: o.parameter, indicator: indicatorID, fragment: "heat"),
                sorted: o == order, numeric: numeric)
        }
        return [col("Fragility", .fragility), col("Commissioner oversight", .signal(.oversight), numeric: false)]
            + ProviderSignal.allCases.filter { $0 != .oversight }.map { col($0.label, .signal($0)) }
    }

    var driftRows: [Row] { rows.filter { !$0.drift.isEmpty } }

    /// Across the provider: how many services show each kind of drift.
    var driftAcross: [DriftKindCount] {
        Drift.Kind.allCases.compactMap { kind in
            let n = rows.filter { $0.drift.contains { $0.label == kind.label } }.count
            return n == 0 ? nil : DriftKindCount(label: kind.label.lowercased(), services: n)
        }
    }

    enum CodingKeys: String, CodingKey {
        case layout, tableRows, serviceCount, driftCount, driftAcross, driftingServices, driftList, columns,
            nameHref, nameSorted, legend, warningList, warningServices, indicators, trendName, trendHref,
            trendUnit, multiples, trendConcerns, trendServices, sort, page, pages, previousHref, nextHref, firstShown,
            lastShown
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let drifting = driftRows
        let warned = rows.filter { !$0.warnings.isEmpty }
        try c.encode(layout, forKey: .layout)
        try c.encode(Self.markup(rows, reserving: 1200) { $0.write(into: &$1) }, forKey: .tableRows)
        try c.encode(rows.count, forKey: .serviceCount)
        try c.encode(rows.reduce(0) { $0 + $1.drift.count }, forKey: .driftCount)
        try c.encode(driftAcross.map { "\($0.label) in \($0.services)" }.joined(separator: "; "), forKey: .driftAcross)
        try c.encode(drifting.count, forKey: .driftingServices)
        try c.encode(Self.markup(drifting, reserving: 400) { $0.writeDrift(into: &$1) }, forKey: .driftList)
        try c.encode(Self.markup(warned, reserving: 300) { $0.writeWarnings(into: &$1) }, forKey: .warningList)
        try c.encode(warned.count, forKey: .warningServices)
        try c.encode(columns, forKey: .columns)
        try c.encode(Paths.dashboard(sort: "name", indicator: indicatorID, fragment: "heat"), forKey: .nameHref)
        try c.encode(order == .name, forKey: .nameSorted)
        try c.encode(order.parameter, forKey: .sort)
        try c.encode(Heat.allCases.map { Legend(label: $0.label, level: $0.rawValue) }, forKey: .legend)
        try c.encode(indicators, forKey: .indicators)
        try c.encodeIfPresent(trends?.indicator, forKey: .trendName)
        try c.encodeIfPresent(trends?.href, forKey: .trendHref)
        try c.encodeIfPresent(trends?.unit, forKey: .trendUnit)
        try c.encode(Self.markup(trends?.multiples ?? [], reserving: 3000) { $0.write(into: &$1) }, forKey: .multiples)
        try c.encode(trends?.concerns ?? 0, forKey: .trendConcerns)
        try c.encode(trends?.services ?? 0, forKey: .trendServices)
        try c.encode(page, forKey: .page)
        try c.encode(pages, forKey: .pages)
        let first = (page - 1) * ProviderDashboardQuery.perPage
        try c.encode(first + 1, forKey: .firstShown)
        try c.encode(first + (trends?.multiples.count ?? 0), forKey: .lastShown)
        let sortParameter = order.parameter
        if page > 1 {
            try c.encode(
                Paths.dashboard(
                    sort: sortParameter, indicator: indicatorID, page: page - 1,
                    fragment: "trends"), forKey: .previousHref)
        }
        if page < pages {
            try c.encode(
                Paths.dashboard(
                    sort: sortParameter, indicator: indicatorID, page: page + 1,
                    fragment: "trends"), forKey: .nextHref)
        }
    }
}

extension Service {
    /// The worst of the service's CQC ratings, for a dashboard's row.
    var worstRating: String {
        let order: [CQCRating] = [.inadequate, .requiresImprovement, .good, .outstanding, .notRated]
        return order.first { r in ratings.values.contains(r) }?.label ?? "Not rated"
    }
}
