import Fluent
import SQLKit
import Foundation
import GripCore

/// The action pages' reads beyond the list: the form's choices, the page's parts, its history, and the
/// changes waiting on actions. The action itself is found through `Access.action` (scoped to the actor).
extension ActionQueries {
    struct FormChoices {
        let services: [Service]
        let sources: [Source]
        let people: [User]
        let routes: [ReviewRoute]
        let indicators: [Indicator]
    }

    /// What an action's form offers: the services and sources the actor sees, the people who may lead,
    /// the review routes and the indicators.
    static func formChoices(for actor: Actor, on db: any Database) async throws -> FormChoices {
        FormChoices(
            services: try await Service.query(on: db).visible(to: actor).sort(\.$name).all(),
            sources: try await Source.query(on: db).visible(to: actor).with(\.$service)
                .sort(\.$raisedOn, .descending).all(),
            people: try await Scoped.query(User.self, for: actor, on: db)
                .filter(\.$active == true).filter(\.$role ~~ ActionRules.leadRoles).sort(\.$name).all(),
            routes: try await Scoped.query(ReviewRoute.self, for: actor, on: db).sort(\.$name).all(),
            indicators: try await Scoped.query(Indicator.self, for: actor, on: db).sort(\.$name).all())
    }

    /// A visible action with its service, lead, reviewer, review route and source, in one statement (it
    /// took six); not found as `Access.action` is.
    static func withParents(_ id: UUID?, for actor: Actor, on db: any Database) async throws -> RecoveryAction {
        guard let id,
            let a = try await RecoveryAction.query(on: db).visible(to: actor).filter(\.$id == id)
                .join(Service.self, on: \RecoveryAction.$service.$id == \Service.$id)
                .join(ActionLead.self, on: \RecoveryAction.$lead.$id == \ActionLead.$id)
                .join(ActionReviewer.self, on: \RecoveryAction.$reviewer.$id == \ActionReviewer.$id)
                .join(ReviewRoute.self, on: \RecoveryAction.$route.$id == \ReviewRoute.$id)
                .join(Source.self, on: \RecoveryAction.$source.$id == \Source.$id, method: .left)
                .first()
        else { throw AppError.notFound("action") }
        a.$service.value = try a.joined(Service.self)
        a.$lead.value = try a.joined(ActionLead.self).model
        a.$reviewer.value = try a.joined(ActionReviewer.self).model
        a.$route.value = try a.joined(ReviewRoute.self)
        a.$source.value = .some(a.$source.id == nil ? nil : try a.joined(Source.self))
        return a
    }

    /// Makes sure an action carries its service, lead and reviewer as they now are: one statement when any
    /// is missing or was changed since it was loaded (a new action, a new lead), none when all are there.
    static func loadPeopleAndService(of a: RecoveryAction, on db: any Database) async throws {
        guard
            a.$service.value?.id != a.$service.id || a.$lead.value?.id != a.$lead.id
                || a.$reviewer.value?.id != a.$reviewer.id
        else { return }
        guard
            let row = try await RecoveryAction.query(on: db).filter(\.$id == a.requireID())
                .filter(\.$organisation.$id == a.$organisation.id)
                .join(Service.self, on: \RecoveryAction.$service.$id == \Service.$id)
                .join(ActionLead.self, on: \RecoveryAction.$lead.$id == \ActionLead.$id)
                .join(ActionReviewer.self, on: \RecoveryAction.$reviewer.$id == \ActionReviewer.$id).first()
        else { throw AppError.notFound("action") }
        a.$service.value = try row.joined(Service.self)
        a.$lead.value = try row.joined(ActionLead.self).model
        a.$reviewer.value = try row.joined(ActionReviewer.self).model
    }

    /// The items of a framework an action serves.
    static func items(of a: RecoveryAction, framework: String, on db: any Database) async throws -> [String] {
        try await a.$mappings.query(on: db).filter(\.$framework == framework).all().map(\.itemID)
    }

    /// An action page's mappings (every framework), steps with their owners, and due-day changes in order.
    static func parts(
        of a: RecoveryAction, on db: any Database
    ) async throws -> (mappings: [ActionMapping], steps: [ActionStep], changes: [DueDayChange]) {
        let id = try a.requireID()
        let mappings = try await a.$mappings.query(on: db).sort(\.$framework).sort(\.$itemID).all()
        let steps = try await a.$steps.query(on: db).sort(\.$position)
            .join(User.self, on: \ActionStep.$owner.$id == \User.$id, method: .left).all()
        for s in steps { s.$owner.value = .some(s.$owner.id == nil ? nil : try s.joined(User.self)) }
        let changes = try await DueDayChange.query(on: db).filter(\.$action.$id == id)
            .sort(\.$createdAt).allWithPerson(\.$changedBy)
        return (mappings, steps, changes)
    }

    /// An action's audit history, newest first (the last 500 entries).
    static func history(of id: UUID, for actor: Actor, on db: any Database) async throws -> [AuditEntry] {
        try await Scoped.query(AuditEntry.self, for: actor, on: db)
            .filter(\.$entityID == id).sort(\.$seq, .descending).limit(500).all()
    }

    /// The changes waiting for a decision on these actions (one query; the actions are already the caller's).
    static func pending(_ ids: [UUID], on db: any Database) async throws -> [UUID: [PendingChange]] {
        guard !ids.isEmpty else { return [:] }
        let list = try await PendingChange.query(on: db).filter(\.$action.$id ~~ ids).filter(\.$status == .pending)
            .all()
        return Dictionary(grouping: list, by: { $0.$action.id! })
    }

    /// The services the actor sees, by name (ids and names only, for a filter).
    /// The services the actor sees, by name, as plain rows (the list's filter offers every one).
    static func serviceNames(for actor: Actor, on db: any Database) async throws -> [Named] {
        let q = Scoped.from(Service.self, as: "s", service: "id", for: actor, into: (db as! any SQLDatabase).select())
        return try await q.column(SQLColumn("id", table: "s")).column(SQLColumn("name", table: "s"))
            .orderBy(SQLColumn("name", table: "s")).all(decoding: Named.self)
    }

    /// A record's id and name.
    struct Named: Decodable, Sendable {
        let id: UUID
        let name: String
    }

    /// A page of the services the actor sees, by name.
    static func services(
        for actor: Actor, page: PageRequest, on db: any Database
    ) async throws -> Page<Service> {
        try await Service.query(on: db).visible(to: actor).sort(\.$name).leanPage(page)
    }
}
