import Foundation
import Testing
@testable import GripCore

@Suite struct RestrictivePracticeTests {
    let now = at("2026-12-02T12:00:00Z")

    @Test func aDebriefCountsWithin24HoursOfTheEnd() {
        var f = InterventionFacts(startedAt: at("2026-11-10T20:00:00Z"), minutes: 30, place: "Lounge")
        #expect(!RestrictivePracticeRules.debriefedInTime(f))
        f.debriefAt = at("2026-11-11T20:30:00Z")  // exactly 24 hours after the end
        #expect(RestrictivePracticeRules.debriefedInTime(f))
        f.debriefAt = at("2026-11-11T20:31:00Z")
        #expect(!RestrictivePracticeRules.debriefedInTime(f))
    }

    @Test func elapsedTimeIgnoresTheClockChange() {
        // Ended 00:30 BST on 25 October; 24 elapsed hours later it is 23:30 GMT the same day.
        let f = InterventionFacts(
            startedAt: at("2026-10-24T23:00:00Z"), minutes: 30, place: "Bedroom",
            debriefAt: at("2026-10-25T23:30:00Z"))
        #expect(RestrictivePracticeRules.debriefedInTime(f))
        #expect(!RestrictivePracticeRules.debriefOverdue(f, now: at("2026-10-27T00:00:00Z")))
        var waiting = f
        waiting.debriefAt = nil
        #expect(!RestrictivePracticeRules.debriefOverdue(waiting, now: at("2026-10-25T23:30:00Z")))
        #expect(RestrictivePracticeRules.debriefOverdue(waiting, now: at("2026-10-25T23:31:00Z")))
    }

    @Test func badValuesAreNamed() {
        let f = InterventionFacts(
            startedAt: at("2026-12-03T10:00:00Z"), minutes: 0, place: " ",
            debriefAt: at("2026-12-03T09:00:00Z"))
        #expect(
            RestrictivePracticeRules.problems(f, now: now).map(\.field) == [
                "started_at", "minutes", "place",
                "debrief_at"
            ])
        let long = InterventionFacts(startedAt: at("2026-11-03T10:00:00Z"), minutes: 24 * 60 + 1, place: "Hall")
        #expect(RestrictivePracticeRules.problems(long, now: now).map(\.field) == ["minutes"])
        let ok = InterventionFacts(
            startedAt: at("2026-11-03T10:00:00Z"), minutes: 24 * 60, place: "Hall",
            debriefAt: at("2026-11-03T12:00:00Z"))
        #expect(RestrictivePracticeRules.problems(ok, now: now).isEmpty)
    }

    @Test func thePartOfTheDayIsLocal() {
        #expect(DayPart.of(at("2026-06-10T06:30:00Z")) == .morning)  // 07:30 BST
        #expect(DayPart.of(at("2026-01-10T06:30:00Z")) == .night)  // 06:30 GMT
        #expect(DayPart.of(at("2026-01-10T12:00:00Z")) == .afternoon)
        #expect(DayPart.of(at("2026-06-10T17:00:00Z")) == .evening)  // 18:00 BST
    }

    @Test func measuresCountFrequencyDebriefsAndWhereAndWhen() {
        let list = [
            InterventionFacts(
                startedAt: at("2026-11-02T19:00:00Z"), minutes: 10, place: "Lounge",
                debriefAt: at("2026-11-03T10:00:00Z")),
            InterventionFacts(startedAt: at("2026-11-05T19:30:00Z"), minutes: 5, place: "Lounge"),
            InterventionFacts(
                startedAt: at("2026-11-07T08:00:00Z"), minutes: 15, place: "Dining room",
                debriefAt: at("2026-11-09T08:00:00Z")),
            InterventionFacts(startedAt: at("2026-12-01T08:00:00Z"), minutes: 15, place: "Lounge")
        ]
        let m = InterventionMeasures.compute(list, from: Day(iso: "2026-11-01")!, to: Day(iso: "2026-11-30")!)
        #expect(m.count == 3)
        #expect(m.debriefedInTime == 1)
        #expect(m.debriefPercent == 33.3)
        #expect(m.byDayPart == [.evening: 2, .morning: 1])
        #expect(m.byPlace.map(\.place) == ["Lounge", "Dining room"])
        #expect(m.byPlace.map(\.count) == [2, 1])
    }
}
