import Fluent
import GripCore
import Vapor

/// Governance shared with commissioners over the API: approved minutes about the caller's
/// services, with challenges and decisions (`SharedGovernance`).
struct SharedGovernanceDTO: Content {
    struct Challenge: Content { let challenger: PersonDTO; let challenge: String; let answer: String }
    struct DecisionEntry: Content {
        let id: UUID; let text: String; let owner: PersonDTO; let dueDay: Day; let status: DecisionStatus;
        let doneOn: Day?
    }
    struct Item: Content {
        let meetingId: UUID; let route: String; let day: Day; let approvedAt: Date?
        let itemId: UUID; let title: String; let discussion: String; let service: RefDTO
        let challenges: [Challenge]; let decisions: [DecisionEntry]
    }
    let from: Day
    let to: Day
    let items: [Item]
}

struct GovernanceAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiGovernance, use: list)
    }

    @Sendable func list(req: Request) async throws -> SharedGovernanceDTO {
        let actor = try req.actor
        try actor.require(.readGovernance)
        let (serviceID, period) = try SharedGovernance.Filters.parse(
            (try? req.query.decode([String: String].self)) ?? [:],
            today: req.today)
        if let serviceID { _ = try await Access.service(serviceID, for: actor, on: req.db) }
        let items = try await SharedGovernance.load(
            actor: actor, serviceIDs: serviceID.map { [$0] }, period: period,
            on: req.db)
        return SharedGovernanceDTO(
            from: period.from, to: period.to,
            items: items.map { i in
                .init(
                    meetingId: i.meeting.id!, route: i.routeName, day: i.meeting.meetingDay,
                    approvedAt: i.meeting.approvedAt,
                    itemId: i.item.id!, title: i.item.title, discussion: i.item.discussion,
                    service: RefDTO(id: i.service.id!, name: i.service.name),
                    challenges: i.challenges.map {
                        .init(
                            challenger: PersonDTO($0.challenger), challenge: $0.challenge,
                            answer: $0.answer)
                    },
                    decisions: i.decisions.map { d in
                        .init(
                            id: d.id!, text: d.text, owner: PersonDTO(d.owner), dueDay: Day(iso: d.dueDay)!,
                            status: d.status,
                            doneOn: d.doneOn.flatMap(Day.init(iso:)))
                    })
            })
    }
}
