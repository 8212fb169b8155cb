import Foundation
import Testing
@testable import GripCore

@Suite struct NotificationRulesTests {
    @Test func eachEventNamesItsRegulation() {
        #expect(NotifiableEvent.death.regulation == "16")
        #expect(NotifiableEvent.allCases.filter { $0.regulation == "18" }.count == 6)
        #expect(Set(NotifiableEvent.allCases.map(\.label)).count == NotifiableEvent.allCases.count)
    }

    @Test func aConcernPromptsTheAbuseNotification() {
        #expect(NotificationRules.prompted(bySafeguardingConcern: true) == [.abuseOrAllegation])
        #expect(
            NotificationRules.prompted(bySafeguardingConcern: false, seriousInjury: true, policeInvolved: true)
                == [.seriousInjury, .policeIncident])
        #expect(NotificationRules.prompted(bySafeguardingConcern: false).isEmpty)
    }

    @Test func overdueAfterADayUnsentAndLateWhenSentAfterIt() {
        let event = at("2026-11-10T10:00:00Z")
        #expect(!NotificationRules.isOverdue(occurredAt: event, sentAt: nil, now: at("2026-11-11T10:00:00Z")))
        #expect(NotificationRules.isOverdue(occurredAt: event, sentAt: nil, now: at("2026-11-11T10:00:01Z")))
        #expect(
            !NotificationRules.isOverdue(
                occurredAt: event, sentAt: at("2026-11-12T10:00:00Z"),
                now: at("2026-11-13T10:00:00Z")))
        #expect(NotificationRules.wasLate(occurredAt: event, sentAt: at("2026-11-12T10:00:00Z")))
        #expect(!NotificationRules.wasLate(occurredAt: event, sentAt: at("2026-11-10T18:00:00Z")))
        #expect(!NotificationRules.wasLate(occurredAt: event, sentAt: nil))
    }

    @Test func aSentNotificationNeedsItsReferenceAndSaneTimes() {
        let now = at("2026-12-02T12:00:00Z"), event = at("2026-11-10T10:00:00Z")
        #expect(NotificationRules.problems(occurredAt: event, sentAt: nil, reference: nil, now: now).isEmpty)
        #expect(
            NotificationRules.problems(
                occurredAt: event, sentAt: at("2026-11-10T11:00:00Z"), reference: " ",
                now: now
            ).map(\.field) == ["reference"])
        #expect(
            NotificationRules.problems(
                occurredAt: event, sentAt: at("2026-11-10T09:00:00Z"), reference: "CQC-1",
                now: now
            ).map(\.field) == ["sent_at"])
        #expect(
            NotificationRules.problems(
                occurredAt: at("2026-12-03T10:00:00Z"), sentAt: nil, reference: nil,
                now: now
            ).map(\.field) == ["occurred_at"])
    }
}
