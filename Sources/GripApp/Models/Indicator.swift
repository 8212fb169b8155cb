import Fluent
import Foundation
import GripCore

/// An indicator of the organisation's catalogue: unit, period, improvement direction, optional target.
final class Indicator: Model, @unchecked Sendable {
    static let schema = "indicators"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "unit") var unit: String
    @Field(key: "period") var period: IndicatorPeriodKind
    @Field(key: "direction") var direction: SPC.Direction
    @OptionalField(key: "target") var target: Double?
    @Field(key: "statements") var statements: String
    /// The framework version `statements` belong to (nil while there are none).
    @OptionalField(key: "statements_framework") var statementsFramework: String?
    /// A neutral indicator's side that warns all the same (`rise` or `fall`), or none.
    @OptionalField(key: "warn_on") var warnOn: SPC.WarnOn?
    /// The log Grip computes this indicator from; nil for an indicator of typed values.
    @OptionalField(key: "feed") var feed: IndicatorFeed?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation

    init() {}

    var statementIDs: [String] { statements.split(separator: ",").map(String.init) }
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension Indicator {
    var properties: [any AnyProperty] {
        [
            _id, _version, _name, _unit, _period, _direction, _target, _statements, _statementsFramework, _warnOn,
            _feed,
            _organisation
        ]
    }
}
