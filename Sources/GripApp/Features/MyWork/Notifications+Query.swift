import Fluent
import Foundation
import GripCore

/// The notifications list on My work: what has been put on a person's plate, and what they owe
/// that is late. Computed from the records each time (nothing to mark as read, nothing stored).
struct Notifications {
    enum Kind: String, Sendable {
        case assigned, evidenceRequested = "evidence_requested", escalationResponse = "escalation_response"
        case reviewOverdue = "review_overdue", updateOverdue = "update_overdue", decisionDue = "decision_due"

        var label: String {
            switch self {
            case .assigned: "Assigned to you"
            case .evidenceRequested: "Evidence requested from you"
            case .escalationResponse: "Escalation response"
            case .reviewOverdue: "Review overdue"
            case .updateOverdue: "Update overdue"
            case .decisionDue: "Decision you own"
            }
        }
    }

    struct Notice: Sendable, Encodable {
        let kind: String
        let label: String
        let text: String
        let href: String
        let day: String
        let overdue: Bool
        let sortKey: String
    }

    /// How far back "new" reaches: assignments and responses of the last fortnight.
    static let recentDays = 14

    let db: any Database
    let actor: Actor
    let today: Day

    /// `mine`: the live actions the person leads or reviews (already loaded by My work).
    func list(
        mine: [RecoveryAction], requests: [EvidenceRequest], updatesOverdue: [(service: Service, due: Day)]
    ) async throws -> [Notice] {
        var out: [Notice] = []
        let cutoff = Clock.current.now().addingTimeInterval(-Double(Self.recentDays) * 86_400)
        func add(_ k: Kind, _ text: String, _ href: String, _ day: Day?, overdue: Bool, word: String = "due") {
            out.append(
                Notice(
                    kind: k.rawValue, label: k.label, text: text, href: href,
                    day: day.map { "\(word) \($0.ukFormat)" } ?? "", overdue: overdue,
                    sortKey: (overdue ? "0" : "1") + (day?.iso ?? "9999")))
        }
        // Named by someone else: who created each recent action is in the audit trail (one query).
        let recent = mine.filter { $0.status.isLive && ($0.createdAt.map { $0 >= cutoff } ?? false) }.compactMap(\.id)
        let selfMade =
            recent.isEmpty
            ? Set<UUID>()
            : Set(
                try await Scoped.query(AuditEntry.self, for: actor, on: db)
                    .filter(\.$entityType == "action").filter(\.$operation == "created").filter(\.$entityID ~~ recent)
                    .filter(\.$actorID == actor.id).all().map(\.entityID))
        for a in mine where a.status.isLive {
            if let created = a.createdAt, created >= cutoff, !selfMade.contains(a.id!) {
                let role = a.$lead.id == actor.id ? "lead" : "senior reviewer"
                add(
                    .assigned, "You are the \(role) of \(a.reference) \(a.title)", Paths.action(a.id!),
                    Day(iso: a.dueDay), overdue: false)
            }
            if let review = Day(iso: a.nextReviewDay), review < today {
                add(
                    .reviewOverdue, "\(a.reference) \(a.title)", Paths.action(a.id!, tab: "reviews"), review,
                    overdue: true, word: "review was due")
            }
        }
        for r in requests {
            let due = Day(iso: r.dueDay)
            add(
                .evidenceRequested, "\(r.requestedBy.name) asked for: \(r.what)",
                Paths.action(r.$action.id, tab: "evidence") + "#record-evidence",
                due, overdue: due.map { $0 < today } ?? false)
        }
        for (s, due) in updatesOverdue {
            add(
                .updateOverdue, "Update to the commissioner on \(s.name)", Paths.serviceDashboard(s.id!) + "#oversight",
                due, overdue: true)
        }
        if actor.may(.readProviderWork) {
            let decisions = try await Scoped.query(Decision.self, for: actor, on: db)
                .filter(\.$owner.$id == actor.id).filter(\.$status == .open).sort(\.$dueDay).limit(50).all()
            for d in decisions {
                let due = Day(iso: d.dueDay)
                add(
                    .decisionDue, d.text, Paths.decisions + "?owner=\(actor.id.uuidString)&status=open", due,
                    overdue: due.map { $0 < today } ?? false)
            }
        }
        // Responses from the other side on escalations the person can see.
        let mySide = Party.of(actor.role)
        if let mySide {
            let escalations = try await EscalationService(db: db, actor: actor, today: today).visible()
                .filter(\.$status != .resolved).limit(200).all()
            let ids = escalations.compactMap(\.id)
            if !ids.isEmpty {
                let refs = Dictionary(escalations.map { ($0.id!, $0.reference) }, uniquingKeysWith: { a, _ in a })
                let responses = try await EscalationResponse.query(on: db).filter(\.$escalation.$id ~~ ids)
                    .filter(\.$party != mySide).filter(\.$createdAt >= cutoff).with(\.$author).sort(
                        \.$createdAt, .descending
                    ).limit(50).all()
                for r in responses {
                    let what = r.movedTo.map { "moved it to \($0.label.lowercased())" } ?? "responded"
                    add(
                        .escalationResponse, "\(r.author.name) \(what) on \(refs[r.$escalation.id] ?? "an escalation")",
                        Paths.escalation(r.$escalation.id), r.createdAt.map { Day.today(now: $0) }, overdue: false,
                        word: "on")
                }
            }
        }
        return out.sorted { $0.sortKey < $1.sortKey }
    }
}
