import Fluent
import GripCore
import Vapor

/// The signed-in person (by session or bearer token) making a request.
struct Actor: Authenticatable, Sendable {
    let id: UUID
    let organisationID: UUID
    let name: String
    let email: String
    let role: Role

    let isSystem: Bool

    init(_ user: User) throws {
        self.id = try user.requireID()
        self.organisationID = user.$organisation.id
        self.name = user.name
        self.email = user.email
        self.role = user.role
        self.isSystem = false
    }

    /// The command line acting for a whole organisation (imports); audited under the command's name.
    init(system name: String, organisationID: UUID) {
        self.id = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        self.organisationID = organisationID
        self.name = name
        self.email = ""
        self.role = .providerAdmin
        self.isSystem = true
    }

    var seesAllServices: Bool { role.isOrganisationScoped }
    /// The person, for a record's "by" column: none for the command line, which is no user.
    var userID: UUID? { isSystem ? nil : id }
    var audit: AuditActor {
        isSystem ? AuditActor(id: nil, name: name) : AuditActor(id: id, name: "\(name) <\(email)>")
    }

    /// Asks the rulebook (`Permission.refusal`), the one place where roles and relations are compared.
    func require(_ permission: Permission, _ relation: RecordRelation = .none) throws {
        if let why = permission.refusal(for: role, relation) { throw AppError.forbidden(why) }
    }

    /// The same question for a button: shown only when the handler would allow it.
    func may(_ permission: Permission, _ relation: RecordRelation = .none) -> Bool { permission.allows(role, relation) }

    /// How this person stands to an action.
    func relation(to a: RecoveryAction, isOwner: Bool = false) -> RecordRelation {
        RecordRelation(isLead: a.$lead.id == id, isReviewer: a.$reviewer.id == id, isOwner: isOwner, band: a.riskBand)
    }
}

extension Request {
    /// The action named by the route's `id`, visible to the actor (404 otherwise) and asked of the
    /// rulebook for `permission` in the actor's relation to it (403 otherwise), before any body is read.
    func action(may permission: Permission) async throws -> (Actor, RecoveryAction) {
        let actor = try self.actor
        guard let s = parameters.get("id"), let id = UUID(uuidString: s) else { throw AppError.notFound("action") }
        let action = try await Access.action(id, for: actor, on: db)
        try actor.require(permission, actor.relation(to: action))
        return (actor, action)
    }

    /// The signed-in actor; 401 when there is none (the web group redirects before this).
    var actor: Actor {
        get throws {
            guard let actor = auth.get(Actor.self) else {
                throw AppError(.unauthorized, "Sign in first.")
            }
            return actor
        }
    }
}

/// Access scoping, as part of each query: organisation id, and for service-scoped roles a
/// join on the user's named services. Never "load ids then filter with IN".
extension QueryBuilder where Model == Service {
    func visible(to actor: Actor) -> Self {
        let q = filter(\Service.$organisation.$id == actor.organisationID)
        guard !actor.seesAllServices else { return q }
        return q.join(ServiceAccess.self, on: \Service.$id == \ServiceAccess.$service.$id)
            .filter(ServiceAccess.self, \.$user.$id == actor.id)
    }
}

extension QueryBuilder where Model == RecoveryAction {
    func visible(to actor: Actor) -> Self {
        let q = filter(\RecoveryAction.$organisation.$id == actor.organisationID)
        guard !actor.seesAllServices else { return q }
        return q.join(ServiceAccess.self, on: \RecoveryAction.$service.$id == \ServiceAccess.$service.$id)
            .filter(ServiceAccess.self, \.$user.$id == actor.id)
    }
}

extension QueryBuilder where Model == Source {
    func visible(to actor: Actor) -> Self {
        let q = filter(\Source.$organisation.$id == actor.organisationID)
        guard !actor.seesAllServices else { return q }
        return q.join(ServiceAccess.self, on: \Source.$service.$id == \ServiceAccess.$service.$id)
            .filter(ServiceAccess.self, \.$user.$id == actor.id)
    }
}

/// A record that belongs to one service of one organisation (issue 23's people and logs): one scoping for all.
protocol ServiceOwned: Model {
    static var organisationKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
    static var serviceKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension QueryBuilder where Model: ServiceOwned {
    /// The actor's organisation, and for service-scoped roles a join on their named services, in the query.
    func visible(to actor: Actor) -> Self {
        let q = filter(Model.organisationKey == actor.organisationID)
        guard !actor.seesAllServices else { return q }
        return q.join(ServiceAccess.self, on: Model.serviceKey == \ServiceAccess.$service.$id)
            .filter(ServiceAccess.self, \.$user.$id == actor.id)
    }
}

extension Person: ServiceOwned {
    static var organisationKey: KeyPath<Person, FieldProperty<Person, UUID>> { \.$organisation.$id }
    static var serviceKey: KeyPath<Person, FieldProperty<Person, UUID>> { \.$service.$id }
}

extension SafeguardingConcern: ServiceOwned {
    static var organisationKey: KeyPath<SafeguardingConcern, FieldProperty<SafeguardingConcern, UUID>> {
        \.$organisation.$id
    }
    static var serviceKey: KeyPath<SafeguardingConcern, FieldProperty<SafeguardingConcern, UUID>> { \.$service.$id }
}

extension RestrictiveIntervention: ServiceOwned {
    static var organisationKey: KeyPath<RestrictiveIntervention, FieldProperty<RestrictiveIntervention, UUID>> {
        \.$organisation.$id
    }
    static var serviceKey: KeyPath<RestrictiveIntervention, FieldProperty<RestrictiveIntervention, UUID>> {
        \.$service.$id
    }
}

extension StatutoryNotification: ServiceOwned {
    static var organisationKey: KeyPath<StatutoryNotification, FieldProperty<StatutoryNotification, UUID>> {
        \.$organisation.$id
    }
    static var serviceKey: KeyPath<StatutoryNotification, FieldProperty<StatutoryNotification, UUID>> {
        \.$service.$id
    }
}

enum Access {
    static func service(_ id: UUID?, for actor: Actor, on db: any Database) async throws -> Service {
        guard let id, let s = try await Service.query(on: db).visible(to: actor).filter(\.$id == id).first() else {
            throw AppError.notFound("service")
        }
        return s
    }

    static func action(_ id: UUID?, for actor: Actor, on db: any Database) async throws -> RecoveryAction {
        guard let id, let a = try await RecoveryAction.query(on: db).visible(to: actor).filter(\.$id == id).first()
        else {
            throw AppError.notFound("action")
        }
        return a
    }

    /// A user of the actor's organisation (admin pages).
    static func user(_ id: UUID?, for actor: Actor, on db: any Database) async throws -> User {
        guard let id,
            let u = try await User.query(on: db)
                .filter(\.$organisation.$id == actor.organisationID).filter(\.$id == id).first()
        else {
            throw AppError.notFound("user")
        }
        return u
    }

    static func route(_ id: UUID?, for actor: Actor, on db: any Database) async throws -> ReviewRoute {
        guard let id,
            let r = try await ReviewRoute.query(on: db)
                .filter(\.$organisation.$id == actor.organisationID).filter(\.$id == id).first()
        else {
            throw AppError.notFound("review route")
        }
        return r
    }
}
