import Foundation
import Testing
@testable import GripCore

@Suite struct AgendaTests {
    let day = Day(iso: "2026-06-10")!

    func fact(
        _ band: RiskBand, _ status: ActionStatus, due: Int = 10, review: Int = 5, closed: Int? = nil, held: Int? = nil
    ) -> Agenda.ActionFact {
        Agenda.ActionFact(
            id: UUID(), band: band, status: status, dueDay: day.adding(days: due),
            nextReviewDay: day.adding(days: review),
            closedOn: closed.map { day.adding(days: $0) }, routeCadenceDays: 14, meetingsHeldSinceClosure: held)
    }

    func section(_ a: Agenda.ActionFact, of agenda: [(Agenda.Section, [UUID])]) -> Agenda.Section? {
        agenda.first { $0.1.contains(a.id) }?.0
    }

    @Test func eachActionOnceInTheFirstSectionItBelongsTo() {
        let dueReview = fact(.extreme, .inProgress, due: -3, review: 0)  // also overdue: reviewed first
        let highLater = fact(.high, .inProgress, review: 1)  // review after the meeting: not on it
        let overdue = fact(.moderate, .open, due: -1)
        let assurance = fact(.low, .awaitingAssurance)
        let monitoring = fact(.high, .monitoring, closed: -20)
        let monitoringDone = fact(.high, .monitoring, closed: -40)  // two cycles passed, but not re-audited
        let byMeetings = fact(.high, .monitoring, closed: -100, held: 1)
        let heldTwice = fact(.high, .monitoring, closed: -5, held: 2)
        let draft = fact(.extreme, .draft, due: -10, review: -10)
        let w = UUID(), e = UUID()
        let agenda = Agenda.build(
            meetingDay: day,
            actions: [
                dueReview, highLater, overdue, assurance, monitoring, monitoringDone, byMeetings, heldTwice, draft
            ],
            earlyWarnings: [w], openEscalations: [e])
        #expect(agenda.map(\.0) == Agenda.Section.allCases)
        #expect(section(dueReview, of: agenda) == .extremeHighDueReview)
        #expect(section(highLater, of: agenda) == nil)
        #expect(section(overdue, of: agenda) == .overdue)
        #expect(section(assurance, of: agenda) == .awaitingAssurance)
        #expect(section(monitoring, of: agenda) == .monitoring)
        // Until its re-audit passes, a closed action stays on the agenda however many cycles have passed.
        #expect(section(monitoringDone, of: agenda) == .monitoring)
        #expect(section(byMeetings, of: agenda) == .monitoring)
        #expect(section(heldTwice, of: agenda) == .monitoring)
        let sustained = fact(.high, .sustained, closed: -40)
        #expect(
            section(
                sustained,
                of: Agenda.build(meetingDay: day, actions: [sustained], earlyWarnings: [], openEscalations: [])) == nil)
        #expect(section(draft, of: agenda) == nil)
        #expect(
            agenda.first { $0.0 == .earlyWarnings }?.1 == [w] && agenda.first { $0.0 == .openEscalations }?.1 == [e])
        #expect(agenda.flatMap(\.1).count == 9)
    }

    /// A change waiting for a second person, and an action escalated by a review, come first:
    /// they need the meeting's decision whatever else is true of the action.
    /// Live actions with nothing that shows whether outcomes changed have their own section, at every band; an
    /// action that belongs to an earlier section stays there.
    @Test func disconnectedActionsAtEveryBandHaveASection() {
        func cut(_ f: Agenda.ActionFact) -> Agenda.ActionFact {
            Agenda.ActionFact(
                id: f.id, band: f.band, status: f.status, dueDay: f.dueDay, nextReviewDay: f.nextReviewDay,
                closedOn: f.closedOn, routeCadenceDays: f.routeCadenceDays,
                meetingsHeldSinceClosure: f.meetingsHeldSinceClosure, disconnected: true)
        }
        let low = cut(fact(.low, .open)), moderate = cut(fact(.moderate, .inProgress))
        let overdue = cut(fact(.moderate, .inProgress, due: -1)), assurance = cut(fact(.low, .awaitingAssurance))
        let monitoring = cut(fact(.high, .monitoring, closed: -5)), draft = cut(fact(.low, .draft))
        let connected = fact(.low, .open)
        let agenda = Agenda.build(
            meetingDay: day, actions: [low, moderate, overdue, assurance, monitoring, draft, connected],
            earlyWarnings: [], openEscalations: [])
        #expect(section(low, of: agenda) == .disconnected && section(moderate, of: agenda) == .disconnected)
        #expect(section(overdue, of: agenda) == .overdue)
        #expect(section(assurance, of: agenda) == .awaitingAssurance)
        #expect(section(monitoring, of: agenda) == .monitoring)
        #expect(section(draft, of: agenda) == nil && section(connected, of: agenda) == nil)
    }

    @Test func pendingChangesAndEscalationsLeadTheAgenda() {
        func fact(
            _ status: ActionStatus, pending: Bool = false, escalated: Bool = false, due: Int = -3
        ) -> Agenda.ActionFact {
            Agenda.ActionFact(
                id: UUID(), band: .extreme, status: status, dueDay: day.adding(days: due),
                nextReviewDay: day.adding(days: -1),
                closedOn: nil, routeCadenceDays: 14, meetingsHeldSinceClosure: nil, hasPendingChange: pending,
                escalated: escalated)
        }
        let pending = fact(.inProgress, pending: true, escalated: true)
        let escalated = fact(.inProgress, escalated: true)
        let escalatedButClosed = fact(.cancelled, escalated: true)
        let plain = fact(.inProgress)
        let agenda = Agenda.build(
            meetingDay: day, actions: [plain, escalated, pending, escalatedButClosed], earlyWarnings: [],
            openEscalations: [])
        #expect(agenda.map(\.0).prefix(2) == [.pendingChanges, .escalated])
        #expect(section(pending, of: agenda) == .pendingChanges)
        #expect(section(escalated, of: agenda) == .escalated)
        #expect(section(plain, of: agenda) == .extremeHighDueReview)
        #expect(section(escalatedButClosed, of: agenda) == nil)
    }

    /// Sustained is still watched: a sustained action with a concern on its outcome indicator since it
    /// closed comes back in its own section; without one it stays off.
    @Test func sustainedActionsWithANewConcernReturn() {
        func fact(_ concern: Bool) -> Agenda.ActionFact {
            Agenda.ActionFact(
                id: UUID(), band: .high, status: .sustained, dueDay: day.adding(days: -90),
                nextReviewDay: day.adding(days: -80),
                closedOn: day.adding(days: -60), routeCadenceDays: 14, meetingsHeldSinceClosure: 4,
                concernSinceClosure: concern)
        }
        let watched = fact(true), quiet = fact(false)
        let agenda = Agenda.build(meetingDay: day, actions: [watched, quiet], earlyWarnings: [], openEscalations: [])
        #expect(section(watched, of: agenda) == .sustainedConcerns)
        #expect(section(quiet, of: agenda) == nil)
    }

    @Test func highestRiskFirstThenSoonestDue() {
        let a = fact(.high, .open, due: -5), b = fact(.extreme, .open, due: -1), c = fact(.high, .open, due: -9)
        let overdue = Agenda.build(
            meetingDay: day,
            actions: [a, b, c].map {
                Agenda.ActionFact(
                    id: $0.id, band: $0.band, status: $0.status, dueDay: $0.dueDay, nextReviewDay: day.adding(days: 30),
                    closedOn: nil, routeCadenceDays: 14, meetingsHeldSinceClosure: nil)
            }, earlyWarnings: [], openEscalations: []
        ).first { $0.0 == .overdue }!.1
        #expect(overdue == [b.id, c.id, a.id])
    }
}
