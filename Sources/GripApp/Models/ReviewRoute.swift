import Fluent
import Foundation
import GripCore

/// A review route: a kind of meeting with a cadence, the services it covers and its members.
final class ReviewRoute: Model, @unchecked Sendable {
    static let schema = "review_routes"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: RouteKind
    @Field(key: "cadence_days") var cadenceDays: Int
    /// Route policy: a special-cause concern on a sustained action's outcome indicator reopens it.
    @Field(key: "reopen_on_concern") var reopenOnConcern: Bool

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Siblings(through: RouteService.self, from: \.$route, to: \.$service) var services: [Service]
    @Siblings(through: RouteMember.self, from: \.$route, to: \.$user) var members: [User]

    init() {}
}

final class RouteService: Model, @unchecked Sendable {
    static let schema = "route_services"
    @ID(key: .id) var id: UUID?
    @Parent(key: "route_id") var route: ReviewRoute
    @Parent(key: "service_id") var service: Service
    init() {}
}

final class RouteMember: Model, @unchecked Sendable {
    static let schema = "route_members"
    @ID(key: .id) var id: UUID?
    @Parent(key: "route_id") var route: ReviewRoute
    @Parent(key: "user_id") var user: User
    init() {}
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension ReviewRoute {
    var properties: [any AnyProperty] {
        [_id, _version, _name, _kind, _cadenceDays, _reopenOnConcern, _organisation, _services, _members]
    }
}
extension RouteService {
    var properties: [any AnyProperty] { [_id, _route, _service] }
}
extension RouteMember {
    var properties: [any AnyProperty] { [_id, _route, _user] }
}
