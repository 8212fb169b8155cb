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
