import Fluent
import Foundation
import GripCore

/// A CQC location run by the provider.
final class Service: Model, @unchecked Sendable {
    static let schema = "services"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "cqc_location_id") var cqcLocationID: String
    @Field(key: "service_type") var serviceType: ServiceType
    @Field(key: "commissioners") var commissioners: String
    @Field(key: "rating_safe") var ratingSafe: CQCRating
    @Field(key: "rating_effective") var ratingEffective: CQCRating
    @Field(key: "rating_caring") var ratingCaring: CQCRating
    @Field(key: "rating_responsive") var ratingResponsive: CQCRating
    @Field(key: "rating_well_led") var ratingWellLed: CQCRating

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, name: String, cqcLocationID: String, serviceType: ServiceType,
        commissioners: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.name = name
        self.cqcLocationID = cqcLocationID
        self.serviceType = serviceType
        self.commissioners = commissioners
        self.ratingSafe = .notRated
        self.ratingEffective = .notRated
        self.ratingCaring = .notRated
        self.ratingResponsive = .notRated
        self.ratingWellLed = .notRated
        self.version = 1
    }

    /// Ratings keyed by the framework's key-question ids.
    var ratings: [String: CQCRating] {
        get {
            [
                "safe": ratingSafe, "effective": ratingEffective, "caring": ratingCaring,
                "responsive": ratingResponsive, "well-led": ratingWellLed
            ]
        }
    }

    func setRating(_ keyQuestion: String, _ rating: CQCRating) {
        switch keyQuestion {
        case "safe": ratingSafe = rating
        case "effective": ratingEffective = rating
        case "caring": ratingCaring = rating
        case "responsive": ratingResponsive = rating
        default: ratingWellLed = rating
        }
    }
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension Service {
    var properties: [any AnyProperty] {
        [
            _id, _version, _name, _cqcLocationID, _serviceType, _commissioners, _ratingSafe, _ratingEffective,
            _ratingCaring, _ratingResponsive, _ratingWellLed, _organisation
        ]
    }
}
