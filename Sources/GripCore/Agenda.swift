import Foundation

/// A governance meeting's agenda, built from the data (DESIGN §2).
public enum Agenda {
    public enum Section: String, CaseIterable, Sendable, Codable {
        case pendingChanges = "pending_changes"
        case escalated
        case extremeHighDueReview = "extreme_high_due_review"
        case overdue
        case awaitingAssurance = "awaiting_assurance"
        case disconnected
        case monitoring
        case sustainedConcerns = "sustained_concerns"
        case drift
        case earlyWarnings = "early_warnings"
        case escalationsDue = "escalations_due"
        case openEscalations = "open_escalations"
        case interventionsAwaitingPanel = "interventions_awaiting_panel"

        public var title: String {
            switch self {
            case .pendingChanges: "Changes to oversight waiting for approval"
            case .escalated: "Actions escalated for oversight"
            case .extremeHighDueReview: "Extreme and high risk actions due for review"
            case .overdue: "Overdue actions"
            case .awaitingAssurance: "Actions awaiting assurance"
            case .disconnected: "Actions disconnected from their outcomes (no outcome evidence, no linked indicator)"
            case .monitoring: "Closed actions in monitoring"
            case .sustainedConcerns: "Sustained actions whose outcome indicator shows a new concern"
            case .drift: "Drift signals"
            case .earlyWarnings: "Early warnings"
            case .escalationsDue: "Escalation due: thresholds that fired, not yet answered"
            case .openEscalations: "Open escalations"
            case .interventionsAwaitingPanel: "Restrictive interventions awaiting the panel's review"
            }
        }
    }

    public struct ActionFact: Sendable, Hashable {
        public let id: UUID
        public let band: RiskBand
        public let status: ActionStatus
        public let dueDay: Day
        public let nextReviewDay: Day
        public let closedOn: Day?
        public let routeCadenceDays: Int
        /// Meetings of the action's route held since it closed (nil until meetings are recorded).
        public let meetingsHeldSinceClosure: Int?
        /// A change that weakens its oversight waits for a second person.
        public let hasPendingChange: Bool
        /// A review or due-day change escalated it to the route's oversight.
        public let escalated: Bool
        /// A special-cause concern on its outcome indicator, in a period after it closed.
        public let concernSinceClosure: Bool
        /// Live with no outcome evidence and no linked indicator: nothing shows whether outcomes changed (at every
        /// band; for high and extreme, at two reviews in a row, also an escalation threshold).
        public let disconnected: Bool

        public init(
            id: UUID, band: RiskBand, status: ActionStatus, dueDay: Day, nextReviewDay: Day, closedOn: Day?,
            routeCadenceDays: Int, meetingsHeldSinceClosure: Int?, hasPendingChange: Bool = false,
            escalated: Bool = false, concernSinceClosure: Bool = false, disconnected: Bool = false
        ) {
            self.disconnected = disconnected
            self.hasPendingChange = hasPendingChange
            self.escalated = escalated
            self.concernSinceClosure = concernSinceClosure
            self.id = id
            self.band = band
            self.status = status
            self.dueDay = dueDay
            self.nextReviewDay = nextReviewDay
            self.closedOn = closedOn
            self.routeCadenceDays = routeCadenceDays
            self.meetingsHeldSinceClosure = meetingsHeldSinceClosure
        }
    }

    /// Each action appears once, in the first section it belongs to; drift signals, early warnings and
    /// escalations follow.
    public static func build(
        meetingDay: Day, actions: [ActionFact], drift: [UUID] = [], earlyWarnings: [UUID],
        escalationsDue: [UUID] = [], openEscalations: [UUID], interventionsAwaitingPanel: [UUID] = []
    ) -> [(Section, [UUID])] {
        var sections: [Section: [ActionFact]] = [:]
        for a in actions {
            let section: Section?
            if a.hasPendingChange {
                section = .pendingChanges
            } else if a.escalated && a.status.isLive {
                section = .escalated
            } else if a.status.isLive && a.band.isHighOrExtreme && a.nextReviewDay <= meetingDay {
                section = .extremeHighDueReview
            } else if a.status.isLive && a.dueDay < meetingDay {
                section = .overdue
            } else if a.status == .awaitingAssurance {
                section = .awaitingAssurance
            } else if a.status.isLive && a.disconnected {
                section = .disconnected
            } else if a.status == .monitoring {
                // A closed action stays for the next two cycles of its route *and* until re-audited
                // (DESIGN §2): in monitoring it has not yet passed its re-audit, so it stays however
                // long ago it closed; a passed re-audit makes it sustained and takes it off.
                section = .monitoring
            } else if a.status == .sustained && a.concernSinceClosure {
                // Sustained is still watched: a new concern on its outcome indicator brings it back.
                section = .sustainedConcerns
            } else if a.status == .sustained, let closed = a.closedOn,
                Monitoring.isInWindow(
                    closedOn: closed, cadenceDays: a.routeCadenceDays,
                    meetingsHeldSinceClosure: a.meetingsHeldSinceClosure, today: meetingDay)
            {
                // ... and for at least the next two cycles of its route after closure, even once re-audited.
                section = .monitoring
            } else {
                section = nil
            }
            if let section { sections[section, default: []].append(a) }
        }
        func ordered(_ list: [ActionFact]) -> [UUID] {
            list.sorted { ($0.band, $1.dueDay, $1.id.uuidString) > ($1.band, $0.dueDay, $0.id.uuidString) }.map(\.id)
        }
        var out: [(Section, [UUID])] = []
        for s in [
            Section.pendingChanges, .escalated, .extremeHighDueReview, .overdue, .awaitingAssurance, .disconnected,
            .monitoring, .sustainedConcerns
        ] {
            out.append((s, ordered(sections[s] ?? [])))
        }
        out.append((.drift, drift))
        out.append((.earlyWarnings, earlyWarnings))
        out.append((.escalationsDue, escalationsDue))
        out.append((.openEscalations, openEscalations))
        out.append((.interventionsAwaitingPanel, interventionsAwaitingPanel))
        return out
    }
}
