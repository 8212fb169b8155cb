import Foundation
import GripCore

/// A series' sparkline as its service's dashboard shows it: drawn once, when the series changes, and stored.
enum SeriesSparks {
    /// `values` are the series' values in period order; `result` their analysis (`IndicatorService.result`):
    /// the chart, the latest value and the verdict read the periods that analysis read (`completed`).
    static func draw(
        _ indicator: Indicator, serviceID: UUID, serviceName: String, values: [SeriesWarnings.ValueRow],
        result: SPC.Result, today: Day
    ) -> SeriesSpark {
        let done = values.prefix(IndicatorService.completed(indicator, periods: values.map(\.period), today: today))
        let labels = done.compactMap { Day(iso: $0.period) }.map { indicator.period.label($0) }
        let spark = SeriesSpark()
        spark.$indicator.id = indicator.id!
        spark.$service.id = serviceID
        spark.chart = chart(indicator, serviceName: serviceName, labels: labels, result: result).rendered
        spark.latest = done.last.map { "\(ActionRules.display($0.value)) \(indicator.unit)" } ?? ""
        spark.verdict = result.points.last.map { ChartWords.variation($0.variation) } ?? ""
        spark.period = done.last?.period
        spark.concern = result.latestConcern() != nil
        return spark
    }

    /// The element id a stored chart is drawn under; each page gives it its own (`HTML(drawnAndStored:…)`).
    static let storedID = "spark"

    /// The small chart (also drawn from a series read in full, to check a stored one).
    static func chart(
        _ indicator: Indicator, serviceName: String, labels: [String], result: SPC.Result, id: String = storedID
    ) -> HTML {
        XmRChart(
            id: id, title: "\(indicator.name), \(serviceName)",
            labels: labels, result: result, target: indicator.target, unit: indicator.unit, small: true
        ).svg
    }
}
