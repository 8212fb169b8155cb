import Fluent
import Foundation
import GripCore

/// A source of concern: a CQC finding, commissioner concern, audit, incident or complaint.
final class Source: Model, @unchecked Sendable {
    static let schema = "sources"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "kind") var kind: SourceKind
    @Field(key: "title") var title: String
    @Field(key: "detail") var detail: String
    @Field(key: "raised_on") var raisedOn: String
    @OptionalField(key: "key_question") var keyQuestion: String?
    @OptionalField(key: "statement_id") var statementID: String?
    /// The framework version `statementID` belongs to.
    @OptionalField(key: "statement_framework") var statementFramework: String?
    @OptionalField(key: "regulation") var regulation: String?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service

    init() {}
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension Source {
    var properties: [any AnyProperty] {
        [
            _id, _version, _kind, _title, _detail, _raisedOn, _keyQuestion, _statementID, _statementFramework,
            _regulation, _organisation, _service
        ]
    }
}
