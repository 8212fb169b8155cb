import Fluent
import Foundation
import GripCore

/// A person's calendar feed (iCalendar at a secret URL): the meetings of their routes, their
/// review and due days, decisions they own and updates or responses they owe. Only their own scope.
enum CalendarFeed {
    /// A new secret for the person's feed; the old URL stops working at once. The secret is shown once.
    static func reset(_ actor: Actor, on db: any Database) async throws -> String {
        guard !actor.isSystem else { throw AppError.forbidden() }
        let token = Secrets.random()
        let hash = Digests.sha256(token)
        try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let user = try await User.find(actor.id, on: rec.db) else { throw AppError.notFound("user") }
            let had = user.calendarTokenHash != nil
            user.calendarTokenHash = hash
            try await user.update(on: rec.db)
            try await rec.record(
                "user", actor.id, had ? "calendar_reset" : "calendar_created",
                [AuditChange(field: "calendar_feed", before: had ? "set" : nil, after: "set")])
        }
        return token
    }

    static func stop(_ actor: Actor, on db: any Database) async throws {
        try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let user = try await User.find(actor.id, on: rec.db) else { throw AppError.notFound("user") }
            user.calendarTokenHash = nil
            try await user.update(on: rec.db)
            try await rec.record(
                "user", actor.id, "calendar_stopped", [AuditChange(field: "calendar_feed", before: "set", after: nil)])
        }
    }

    /// The active person a feed secret belongs to.
    static func owner(of token: String, on db: any Database) async throws -> User? {
        guard token.count >= 40, token.count <= 64,
            token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { return nil }
        return try await User.query(on: db).filter(\.$calendarTokenHash == Digests.sha256(token)).filter(
            \.$active == true
        ).first()
    }

    static func events(for user: User, today: Day, baseURL: String, on db: any Database) async throws -> [CalendarEvent]
    {
        let actor = try Actor(user)
        var events: [CalendarEvent] = []
        let from = today.adding(days: -90).iso, to = today.adding(days: 366).iso
        if actor.may(.readProviderWork) {
            // Meetings of the routes the person belongs to.
            let memberOf = try await RouteMember.query(on: db).filter(\.$user.$id == actor.id).with(\.$route).all()
            let routeNames = Dictionary(memberOf.map { ($0.$route.id, $0.route.name) }, uniquingKeysWith: { a, _ in a })
            if !routeNames.isEmpty {
                let meetings = try await Scoped.query(Meeting.self, for: actor, on: db)
                    .filter(\.$route.$id ~~ Array(routeNames.keys)).filter(\.$day >= from).filter(\.$day <= to).limit(
                        1000
                    ).all()
                for m in meetings {
                    events.append(
                        CalendarEvent(
                            uid: "meeting-\(m.id!.uuidString)@grip", day: m.meetingDay,
                            summary: "\(routeNames[m.$route.id] ?? "Governance") meeting",
                            description:
                                """
                                Grip governance meeting (\(m.status.label.lowercased())). The agenda is built \
                                from the data.
                                """,
                            url: baseURL + Paths.meeting(m.id!)))
                }
            }
            // Review and due days of the actions the person leads or reviews.
            let actions = try await RecoveryAction.query(on: db).visible(to: actor)
                .group(.or) { $0.filter(\.$lead.$id == actor.id).filter(\.$reviewer.$id == actor.id) }
                .filter(\.$status ~~ ActionStatus.allCases.filter(\.isLive)).limit(1000).all()
            for a in actions {
                if let d = Day(iso: a.nextReviewDay) {
                    events.append(
                        CalendarEvent(
                            uid: "review-\(a.id!.uuidString)@grip", day: d,
                            summary: "Review due: \(a.reference) \(a.title)",
                            description: "\(a.riskBand.label) risk. Record the review in Grip.",
                            url: baseURL + Paths.action(a.id!)))
                }
                if a.$lead.id == actor.id, let d = Day(iso: a.dueDay) {
                    events.append(
                        CalendarEvent(
                            uid: "due-\(a.id!.uuidString)@grip", day: d,
                            summary: "Action due: \(a.reference) \(a.title)",
                            description: "You lead this action.", url: baseURL + Paths.action(a.id!)))
                }
            }
            // Re-audits due: the senior reviewer's, and every visible one for quality leads.
            let closed = try await RecoveryAction.query(on: db).visible(to: actor).filter(\.$status == .monitoring)
                .filter(\.$reAuditDueDay >= from).filter(\.$reAuditDueDay <= to).limit(1000).all()
            for a in closed
            where AfterClosure.remindsOfReAudit(role: actor.role, isReviewer: a.$reviewer.id == actor.id) {
                guard let d = a.reAuditDueDay.flatMap(Day.init(iso:)) else { continue }
                events.append(
                    CalendarEvent(
                        uid: "reaudit-\(a.id!.uuidString)@grip", day: d,
                        summary: "Re-audit due: \(a.reference) \(a.title)",
                        description:
                            "Test whether practice changed; until a re-audit passes the action is not completed.",
                        url: baseURL + Paths.action(a.id!, tab: "closure")))
            }
            let decisions = try await Scoped.query(Decision.self, for: actor, on: db)
                .filter(\.$owner.$id == actor.id).filter(\.$status == .open).limit(500).all()
            for d in decisions {
                if let day = Day(iso: d.dueDay) {
                    events.append(
                        CalendarEvent(
                            uid: "decision-\(d.id!.uuidString)@grip", day: day, summary: "Decision due: \(d.text)",
                            description: "A decision you own in the decision log.",
                            url: baseURL + Paths.decisions + "?owner=\(actor.id.uuidString)&status=open"))
                }
            }
        }
        // Updates owed to the commissioner (managers) and responses owed on escalations (commissioners).
        let services = try await Service.query(on: db).visible(to: actor).all()
        if actor.may(.updateCommissioner) {
            let positions = try await OversightService.positions(services.compactMap(\.id), on: db)
            for s in services {
                guard let due = positions[s.id!]?.nextUpdateDue else { continue }
                events.append(
                    CalendarEvent(
                        uid: "update-\(s.id!.uuidString)-\(due.iso)@grip", day: due,
                        summary: "Update due to the commissioner: \(s.name)",
                        description: "The reporting cadence the commissioner asked for.",
                        url: baseURL + Paths.serviceDashboard(s.id!)))
            }
        }
        if Party.of(actor.role) == .commissioner {
            let escalations = try await EscalationService(db: db, actor: actor, today: today).visible()
                .filter(\.$status ~~ [EscalationStatus.raised, .acknowledged]).limit(500).all()
            for e in escalations {
                if let d = Day(iso: e.respondBy) {
                    events.append(
                        CalendarEvent(
                            uid: "respond-\(e.id!.uuidString)@grip", day: d,
                            summary: "Response due: escalation \(e.reference)",
                            description: e.category.label, url: baseURL + Paths.escalation(e.id!)))
                }
            }
        }
        return events
    }
}
