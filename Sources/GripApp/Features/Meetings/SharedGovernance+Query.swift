import Fluent
import Foundation
import GripCore

/// Governance as a commissioner may see it: the items of *approved* minutes that are about the
/// reader's services, with their challenges and decision-log entries. Never a meeting that is only
/// scheduled or held (its minutes are a draft), never an item about another service or about no
/// service. Five queries, at most `limit` items.
enum SharedGovernance {
    static let limit = 300

    /// The filters of the page and the API: one of the reader's services, and a period (default: the
    /// last six months). A bad one is a 400 naming it.
    enum Filters {
        static func parse(_ q: [String: String], today: Day) throws -> (service: UUID?, period: ReportPeriod) {
            var service: UUID?
            if let s = q["service"], !s.isEmpty {
                guard let id = UUID(uuidString: s) else {
                    throw AppError(
                        .badRequest, "service must be a service id.",
                        fields: [FieldError("service", "Choose a service from the list.")])
                }
                service = id
            }
            let from = q["from"], to = q["to"]
            if (from ?? "").isEmpty && (to ?? "").isEmpty {
                return (service, ReportPeriod(from: today.adding(days: -182), to: today)!)
            }
            do {
                return (service, try ReportPeriod.parse(from: from, to: to, today: today))
            } catch {
                throw AppError(.badRequest, error.errors.map(\.message).joined(separator: " "), fields: error.errors)
            }
        }
    }

    struct Item: Sendable {
        let meeting: Meeting
        let routeName: String
        let item: MeetingItem
        let service: Service
        let challenges: [MeetingChallenge]
        let decisions: [Decision]
    }

    /// `serviceIDs` narrows to some of the services the actor can see (nil: all of them).
    static func load(
        actor: Actor, serviceIDs: [UUID]? = nil, period: ReportPeriod,
        on db: any Database
    ) async throws -> [Item] {
        try actor.require(.readGovernance)
        var sq = Service.query(on: db).visible(to: actor)
        if let serviceIDs { sq = sq.filter(\.$id ~~ serviceIDs) }
        let services = try await sq.all()
        let serviceBy = Dictionary(services.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        guard !services.isEmpty else { return [] }
        let items = try await MeetingItem.query(on: db)
            .join(Meeting.self, on: \MeetingItem.$meeting.$id == \Meeting.$id)
            .scoped(Meeting.self, to: actor)
            .filter(Meeting.self, \.$status == .approved)
            .filter(Meeting.self, \.$day >= period.from.iso).filter(Meeting.self, \.$day <= period.to.iso)
            .filter(\.$service.$id ~~ Array(serviceBy.keys))
            .sort(Meeting.self, \.$day, .descending).sort(\.$position)
            .limit(limit).all()
        guard !items.isEmpty else { return [] }
        let ids = items.compactMap(\.id)
        let meetings = try items.map { try $0.joined(Meeting.self) }
        let routeIDs = Set(meetings.map { $0.$route.id })
        let routes = try await ReviewRoute.query(on: db).filter(\.$id ~~ routeIDs).all()
        let routeName = Dictionary(routes.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let challenges = try await MeetingChallenge.query(on: db).filter(\.$item.$id ~~ ids).with(\.$challenger)
            .sort(\.$createdAt).all()
        let decisions = try await Decision.query(on: db).filter(\.$item.$id ~~ ids).with(\.$owner).sort(\.$dueDay).all()
        let challengesBy = Dictionary(grouping: challenges, by: { $0.$item.id })
        let decisionsBy = Dictionary(grouping: decisions, by: { $0.$item.id })
        return zip(items, meetings).compactMap { item, meeting in
            guard let sid = item.$service.id, let service = serviceBy[sid] else { return nil }
            return Item(
                meeting: meeting, routeName: routeName[meeting.$route.id] ?? "", item: item, service: service,
                challenges: challengesBy[item.id!] ?? [], decisions: decisionsBy[item.id!] ?? [])
        }
    }
}
