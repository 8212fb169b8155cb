import Fluent
import GripCore
import Vapor

/// The admin pages' reads: the admin's organisation's people, services, review routes and tokens, each in
/// one query (the admin pages are organisation-wide).
struct AdminQuery {
    let db: any Database
    let actor: Actor

    /// Everyone, with the services they are named for, by name.
    func users() async throws -> [User] {
        try await Scoped.query(User.self, for: actor, on: db).with(\.$services).sort(\.$name).all()
    }

    /// The people who can sign in, by name.
    func activePeople() async throws -> [User] {
        try await Scoped.query(User.self, for: actor, on: db).filter(\.$active == true).sort(\.$name).all()
    }

    /// Who can take over a person's open items: active leads other than them.
    func successors(of id: UUID) async throws -> [User] {
        try await Scoped.query(User.self, for: actor, on: db)
            .filter(\.$active == true).filter(\.$id != id).filter(\.$role ~~ ActionRules.leadRoles)
            .sort(\.$name).all()
    }

    /// People in these roles who have not set up two-factor sign-in.
    func withoutTwoFactor(in roles: [Role]) async throws -> [User] {
        guard !roles.isEmpty else { return [] }
        return try await Scoped.query(User.self, for: actor, on: db)
            .filter(\.$active == true).filter(\.$role ~~ roles).filter(\.$totpEnabledAt == nil)
            .sort(\.$name).all()
    }

    /// The services a person is named for (their id is the admin's organisation's: `Access.user`).
    func serviceIDs(of user: UUID) async throws -> [UUID] {
        try await ServiceAccess.query(on: db).filter(\.$user.$id == user).all().map(\.$service.id)
    }

    func services() async throws -> [Service] {
        try await Scoped.query(Service.self, for: actor, on: db).sort(\.$name).all()
    }

    /// Every review route, with its services and members, by name.
    func routes() async throws -> [ReviewRoute] {
        try await Scoped.query(ReviewRoute.self, for: actor, on: db)
            .with(\.$services).with(\.$members).sort(\.$name).all()
    }

    /// A route's services and members (the route is the admin's organisation's: `Access.route`).
    func routeMembership(_ route: UUID) async throws -> (services: [UUID], members: [UUID]) {
        let services = try await RouteService.query(on: db).filter(\.$route.$id == route).all().map(\.$service.id)
        let members = try await RouteMember.query(on: db).filter(\.$route.$id == route).all().map(\.$user.id)
        return (services, members)
    }

    /// The API tokens, newest first, with their people.
    func tokens() async throws -> [ApiToken] {
        try await Scoped.query(ApiToken.self, for: actor, on: db).with(\.$user).sort(\.$createdAt, .descending).all()
    }
}

extension Request {
    /// The admin pages' reads, for the signed-in admin.
    var admin: AdminQuery { get throws { AdminQuery(db: db, actor: try actor) } }
}
