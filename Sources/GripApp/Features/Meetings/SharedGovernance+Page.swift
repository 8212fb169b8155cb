import Fluent
import GripCore
import Vapor

/// Governance shared with commissioners: approved minutes about the reader's services, their
/// challenges and decisions (`SharedGovernance`). Commissioners read it; the provider's people
/// see exactly what their commissioners see.
struct GovernanceWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.governance, use: list)
    }

    struct Challenge: Encodable { let challenge: String; let answer: String; let by: String }
    struct DecisionRow: Encodable {
        let text: String; let owner: String; let due: String; let status: String; let done: String
    }
    struct Item: Encodable {
        let title: String; let service: String; let discussion: String
        let challenges: [Challenge]; let decisions: [DecisionRow]
    }
    struct MeetingBlock: Encodable {
        let heading: String; let approved: String; let href: String?; let items: [Item]
    }
    struct Page: Encodable {
        let layout: Layout
        let services: [Choice]
        let from: String
        let to: String
        let meetings: [MeetingBlock]
        let challenges: Int
        let decisions: Int
        let limited: Bool
    }

    static func blocks(_ items: [SharedGovernance.Item], linkMeetings: Bool) -> [MeetingBlock] {
        var order: [UUID] = []
        var byMeeting: [UUID: [SharedGovernance.Item]] = [:]
        for i in items {
            let id = i.meeting.id!
            if byMeeting[id] == nil { order.append(id) }
            byMeeting[id, default: []].append(i)
        }
        return order.map { id in
            let list = byMeeting[id]!
            let m = list[0].meeting
            return MeetingBlock(
                heading: "\(list[0].routeName), \(m.meetingDay.ukFormat)",
                approved: m.approvedAt.map { "Minutes approved \(Day.today(now: $0).ukFormat)" } ?? "Minutes approved",
                href: linkMeetings ? Paths.meeting(id) : nil,
                items: list.map { i in
                    Item(
                        title: i.item.title, service: i.service.name, discussion: i.item.discussion,
                        challenges: i.challenges.map {
                            Challenge(
                                challenge: $0.challenge, answer: $0.answer,
                                by: $0.challenger.name)
                        },
                        decisions: i.decisions.map { d in
                            DecisionRow(
                                text: d.text, owner: d.owner.name,
                                due: Day(iso: d.dueDay)?.ukFormat ?? d.dueDay,
                                status: d.status.label,
                                done: d.status == .done ? (d.doneOn.flatMap { Day(iso: $0)?.ukFormat } ?? "") : "")
                        })
                })
        }
    }

    func page(_ req: Request) async throws -> Page {
        let actor = try req.actor
        try actor.require(.readGovernance)
        let today = req.today
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        let (serviceID, period) = try SharedGovernance.Filters.parse(query, today: today)
        let services = try await Scoped.services(for: actor, on: req.db)
        if let serviceID, !services.contains(where: { $0.id == serviceID }) { throw AppError.notFound("service") }
        let items = try await SharedGovernance.load(
            actor: actor, serviceIDs: serviceID.map { [$0] }, period: period,
            on: req.db)
        return Page(
            layout: Layout(req, title: "Governance", section: "governance"),
            services: services.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: $0.id == serviceID) },
            from: period.from.iso, to: period.to.iso,
            meetings: Self.blocks(items, linkMeetings: actor.may(.readMeetings)),
            challenges: items.reduce(0) { $0 + $1.challenges.count },
            decisions: items.reduce(0) { $0 + $1.decisions.count },
            limited: items.count >= SharedGovernance.limit)
    }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render("governance/list", try await page(req))
    }
}
