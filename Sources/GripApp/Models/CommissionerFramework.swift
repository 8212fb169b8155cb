import Fluent
import Foundation

/// The framework a commissioner (as named on services) assesses this organisation's services against, from a day.
final class CommissionerFramework: Model, @unchecked Sendable {
    static let schema = "commissioner_frameworks"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // data fields
    /// The commissioner's name as services list it ("Northshire Council").
    @Field(key: "commissioner") var commissioner: String
    @Field(key: "framework_id") var frameworkID: String
    @Field(key: "effective_on") var effectiveOn: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation

    init() {}
}

extension CommissionerFramework {
    var properties: [any AnyProperty] { [_id, _version, _commissioner, _frameworkID, _effectiveOn, _organisation] }
}
