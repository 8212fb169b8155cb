import Fluent
import Foundation

/// A series' sparkline on its service's dashboard, with its latest value and the verdict on it (issue 35).
/// Derived, never edited: drawn in the same transaction as the values, settings or service name it comes
/// from (`SeriesWarnings.refresh`), so a service's dashboard and the provider dashboard's small multiples read
/// one row a series instead of every value, and analyse and draw nothing. The chart is markup Grip drew
/// (`XmRChart`, escaped by construction) under the element id `SeriesSparks.storedID`, which a page renames.
final class SeriesSpark: Model, @unchecked Sendable {
    static let schema = "series_sparks"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "latest") var latest: String
    @Field(key: "verdict") var verdict: String
    @Field(key: "chart") var chart: String
    /// The last period the chart reads (none while a computed series' first period is in progress).
    @OptionalField(key: "period") var period: String?
    /// Whether that period is a special-cause concern (an early warning).
    @Field(key: "concern") var concern: Bool

    // relationships
    @Parent(key: "indicator_id") var indicator: Indicator
    @Parent(key: "service_id") var service: Service

    init() {}
}

extension SeriesSpark {
    var properties: [any AnyProperty] { [_id, _latest, _verdict, _chart, _period, _concern, _indicator, _service] }
}
