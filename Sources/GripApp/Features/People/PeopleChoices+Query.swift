import Fluent
import Foundation
import GripCore

/// The people offered in a form's or a filter's list: the organisation-wide roles and those with
/// access to the service in question — not every user of a large group (two queries). Only what a
/// list shows is loaded: id, name, email and role.
enum People {
    static func choices(
        organisationID: UUID, serviceID: UUID?, including extra: UUID? = nil, activeOnly: Bool = true,
        on db: any Database
    ) async throws -> [User] {
        let wide = Role.allCases.filter(\.isOrganisationScoped)
        var q = Scoped.query(User.self, organisation: organisationID, on: db)
        if activeOnly { q = q.filter(\.$active == true) }
        var people = try await q.group(.or) { g in
            g.filter(\.$role ~~ wide)
            if let extra { g.filter(\.$id == extra) }
        }.field(\.$id).field(\.$name).field(\.$email).field(\.$role).all()
        if let serviceID {
            var s = Scoped.query(User.self, organisation: organisationID, on: db).filter(
                \.$role ~~ ActionRules.leadRoles
            )
            .join(ServiceAccess.self, on: \ServiceAccess.$user.$id == \User.$id)
            .filter(ServiceAccess.self, \.$service.$id == serviceID)
            if activeOnly { s = s.filter(\.$active == true) }
            people += try await s.field(\.$id).field(\.$name).field(\.$email).field(\.$role).all()
        }
        var seen = Set<UUID>()
        return people.filter { seen.insert($0.id!).inserted }.sorted { ($0.name, $0.email) < ($1.name, $1.email) }
    }
}
