import Fluent
import Foundation
import GripCore

/// A meeting's minutes, loaded whole in a fixed number of queries (for the page, the API and packs).
struct MeetingMinutes: Sendable {
    let meeting: Meeting
    let route: ReviewRoute
    let items: [MeetingItem]
    let attendance: [(user: User, presence: Presence)]
    let members: [User]
    let challenges: [UUID: [MeetingChallenge]]
    let decisions: [UUID: [Decision]]
    let followUps: [UUID: [RecoveryAction]]
    let addenda: [MeetingAddendum]

    static func load(_ m: Meeting, on db: any Database) async throws -> MeetingMinutes {
        let id = try m.requireID()
        guard let route = try await ReviewRoute.find(m.$route.id, on: db) else {
            throw AppError.notFound("review route")
        }
        let members = try await User.query(on: db).join(RouteMember.self, on: \User.$id == \RouteMember.$user.$id)
            .filter(RouteMember.self, \.$route.$id == m.$route.id).sort(\.$name).all()
        let items = try await MeetingItem.query(on: db).filter(\.$meeting.$id == id).sort(\.$position).all()
        let itemIDs = items.compactMap(\.id)
        let attendance = try await MeetingAttendance.query(on: db).filter(\.$meeting.$id == id).with(\.$user).all()
            .sorted { $0.user.name < $1.user.name }.map { (user: $0.user, presence: $0.presence) }
        var challenges: [UUID: [MeetingChallenge]] = [:]
        var decisions: [UUID: [Decision]] = [:]
        var followUps: [UUID: [RecoveryAction]] = [:]
        if !itemIDs.isEmpty {
            challenges = Dictionary(
                grouping: try await MeetingChallenge.query(on: db).filter(\.$item.$id ~~ itemIDs).with(\.$challenger)
                    .sort(\.$createdAt).all(),
                by: { $0.$item.id })
            decisions = Dictionary(
                grouping: try await Decision.query(on: db).filter(\.$item.$id ~~ itemIDs).with(\.$owner).sort(
                    \.$createdAt
                ).all(),
                by: { $0.$item.id })
            let links = try await MeetingFollowUp.query(on: db).filter(\.$item.$id ~~ itemIDs).with(\.$action).all()
            followUps = Dictionary(grouping: links, by: { $0.$item.id }).mapValues {
                $0.map(\.action).sorted { $0.reference < $1.reference }
            }
        }
        let addenda = try await MeetingAddendum.query(on: db).filter(\.$meeting.$id == id).with(\.$author).sort(\.$seq)
            .all()
        return MeetingMinutes(
            meeting: m, route: route, items: items, attendance: attendance, members: members, challenges: challenges,
            decisions: decisions, followUps: followUps, addenda: addenda)
    }
}
