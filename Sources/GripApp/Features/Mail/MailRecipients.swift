import Fluent
import Foundation
import GripCore

/// Who hears of news at once: active people of the organisation who chose immediate messages and can see the
/// service (organisation-wide roles, or those named on it).
enum MailRecipients {
    static func immediate(organisationID: UUID, serviceID: UUID, on db: any Database) async throws -> [User] {
        let users = try await Scoped.query(User.self, organisation: organisationID, on: db)
            .filter(\.$active == true).filter(\.$mailPreference == .immediate).all()
        let scoped = users.filter { !$0.role.isOrganisationScoped }.compactMap(\.id)
        let named =
            scoped.isEmpty
            ? Set<UUID>()
            : Set(
                try await ServiceAccess.query(on: db)
                    .filter(\.$service.$id == serviceID).filter(\.$user.$id ~~ scoped).all().map { $0.$user.id })
        return users.filter { $0.role.isOrganisationScoped || named.contains($0.id!) }
    }

    /// A held change waits for a decision: everyone who may decide it (the rulebook, in their relation to the
    /// change and its action), but its proposer.
    static func deciders(
        of change: PendingChange, action: RecoveryAction?, on db: any Database
    ) async throws
        -> [User]
    {
        try await immediate(organisationID: change.$organisation.id, serviceID: change.$service.id, on: db)
            .filter { user in
                guard user.id != change.$proposedBy.id, let who = try? Actor(user) else { return false }
                return who.may(change.approver, PendingChanges.relation(of: who, to: change, action: action))
            }
    }

    /// News on an escalation from one side: the people of the other side who can see it (a commissioner sees no
    /// draft).
    static func otherSide(of party: Party, on e: Escalation, on db: any Database) async throws -> [User] {
        try await immediate(organisationID: e.$organisation.id, serviceID: e.$service.id, on: db).filter { user in
            guard let side = Party.of(user.role), side != party else { return false }
            return side == .provider || e.status.visibleToCommissioner
        }
    }
}
