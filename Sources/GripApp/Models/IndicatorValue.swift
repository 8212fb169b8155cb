import Fluent
import Foundation
import GripCore

/// One measured value of an indicator for a service and period (the period's first day).
final class IndicatorValue: Model, @unchecked Sendable {
    static let schema = "indicator_values"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "period") var period: String
    @Field(key: "value") var value: Double

    // relationships
    @Parent(key: "indicator_id") var indicator: Indicator
    @Parent(key: "service_id") var service: Service

    init() {}
}

/// A series' SPC settings: a fixed baseline and the periods where new limits start.
final class SeriesSetting: Model, @unchecked Sendable {
    static let schema = "series_settings"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // data fields
    @OptionalField(key: "baseline_points") var baselinePoints: Int?
    @Field(key: "rebases") var rebases: String
    /// Why the settings were last changed, and when (shown on the chart).
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "changed_on") var changedOn: String?

    // relationships
    @Parent(key: "indicator_id") var indicator: Indicator
    @Parent(key: "service_id") var service: Service

    init() {}

    var rebasePeriods: Set<String> { Set(rebases.split(separator: ",").map(String.init)) }
}

extension IndicatorValue {
    var properties: [any AnyProperty] { [_id, _updatedAt, _period, _value, _indicator, _service] }
}

extension SeriesSetting {
    var properties: [any AnyProperty] {
        [_id, _version, _baselinePoints, _rebases, _reason, _changedOn, _indicator, _service]
    }
}

/// A series' current early warning: its latest special-cause concern in the warning window.
/// Derived, never edited: rewritten in the same transaction as the values or settings it comes from
/// (`SeriesWarnings.refresh`), so the dashboards read a few rows instead of analysing every series.
final class SeriesWarning: Model, @unchecked Sendable {
    static let schema = "series_warnings"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "period") var period: String
    @Field(key: "value") var value: Double

    // relationships
    @Parent(key: "indicator_id") var indicator: Indicator
    @Parent(key: "service_id") var service: Service

    init() {}
}

extension SeriesWarning {
    var properties: [any AnyProperty] { [_id, _period, _value, _indicator, _service] }
}
