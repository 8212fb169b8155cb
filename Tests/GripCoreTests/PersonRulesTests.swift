import Foundation
import Testing

@testable import GripCore

@Suite struct PersonRulesTests {
    let today = Day(iso: "2026-12-02")!

    @Test func aReferenceCodeIsNeverAName() {
        #expect(PersonRules.referenceProblem("RS-014") == nil)
        #expect(PersonRules.referenceProblem("mp/2024.7") == nil)
        // A name has no digit; a name with a space or too long is refused too.
        for bad in ["Mary", "Mary Smith 2", "", "  ", "R", "RS-0145678901234567890", "Zoë-1"] {
            #expect(PersonRules.referenceProblem(bad)?.field == "reference", "\(bad)")
        }
    }

    @Test func aRatedProfileNeedsAReviewDayAndARepresentativeNeedsAName() {
        var p = PersonFacts(reference: "RS-1", placement: "Flat 2", profile: RiskProfile([.falls: .high]))
        #expect(PersonRules.problems(p, today: today).map(\.field) == ["review_due"])
        p.reviewDue = today
        #expect(PersonRules.problems(p, today: today).isEmpty)
        p.contact = .phone
        #expect(PersonRules.problems(p, today: today).map(\.field) == ["representative"])
        p.representative = "Mother"
        p.lastInvolved = today.adding(days: 1)
        #expect(PersonRules.problems(p, today: today).map(\.field) == ["last_involved"])
        p.lastInvolved = today
        p.placement = " "
        #expect(PersonRules.problems(p, today: today).map(\.field) == ["placement"])
    }

    @Test func theProfileRoundTripsAndOrdersHighestFirst() {
        let p = RiskProfile([.falls: .medium, .behaviour: .high, .goingMissing: .high, .medicines: .low])
        #expect(RiskProfile(encoded: p.encoded) == p)
        #expect(p.encoded == "behaviour=high;falls=medium;medicines=low;going_missing=high")
        #expect(p.ordered.map(\.area) == [.behaviour, .goingMissing, .falls, .medicines])
        #expect(p.highest == .high)
        #expect(p.summary == "High: behaviour that challenges, going missing · Medium: falls · Low: medicines")
        #expect(RiskProfile(encoded: "nonsense;falls=extreme;choking=low").ratings == [.choking: .low])
        #expect(RiskProfile().highest == nil && RiskProfile().summary == "Not rated")
    }

    @Test func involvementGoesStaleAfterNinetyDays() {
        #expect(!PersonRules.involvementIsStale(representative: "", lastInvolved: nil, today: today))
        #expect(PersonRules.involvementIsStale(representative: "Advocate", lastInvolved: nil, today: today))
        #expect(
            !PersonRules.involvementIsStale(
                representative: "Advocate", lastInvolved: today.adding(days: -90),
                today: today))
        #expect(
            PersonRules.involvementIsStale(
                representative: "Advocate", lastInvolved: today.adding(days: -91),
                today: today))
    }

    @Test func aggregatesCountWithoutNamingAnyone() {
        let a = PeopleAggregate.compute(
            [
                (RiskProfile([.falls: .high, .behaviour: .high]), today.adding(days: -1)),
                (RiskProfile([.falls: .low]), today),
                (RiskProfile(), nil)
            ], today: today)
        #expect(a.people == 3 && a.notRated == 1 && a.reviewOverdue == 1)
        #expect(a.byHighest == [.high: 1, .low: 1])
        #expect(a.highByArea == [.falls: 1, .behaviour: 1])
    }

    @Test func commissionersSeeAPersonOnlyWhenTheCaseIsShared() {
        #expect(!Permission.viewPeople.allows(.commissioner))
        #expect(Permission.viewPeople.allows(.commissioner, RecordRelation(isSharedCase: true)))
        for role in Role.allCases where role != .commissioner { #expect(Permission.viewPeople.allows(role)) }
        #expect(Permission.raiseConcerns.allows(.staff) && !Permission.raiseConcerns.allows(.commissioner))
        #expect(!Permission.decideConcerns.allows(.staff) && Permission.decideConcerns.allows(.registeredManager))
        #expect(!Permission.recordPeople.allows(.staff) && !Permission.recordPeople.allows(.commissioner))
        // Even a shared case does not let a commissioner record anything.
        #expect(!Permission.recordPeople.allows(.commissioner, RecordRelation(isSharedCase: true)))
    }
}

@Suite struct LocalTimeTests {
    @Test func formTimesAreLondonTime() {
        #expect(LocalTime.parse("2026-01-10T09:30") == at("2026-01-10T09:30:00Z"))
        #expect(LocalTime.parse("2026-06-10 09:30") == at("2026-06-10T08:30:00Z"))
        #expect(LocalTime.parse("2026-06-10T09:30:15") == at("2026-06-10T08:30:15Z"))
        #expect(LocalTime.parse("2026-06-10T09:30:00+01:00") == at("2026-06-10T08:30:00Z"))
        #expect(LocalTime.parse("2026-06-10T08:30:00Z") == at("2026-06-10T08:30:00Z"))
        #expect(LocalTime.input(at("2026-06-10T08:30:00Z")) == "2026-06-10T09:30")
    }

    @Test func theSkippedHourIsRefusedAndTheRepeatedHourIsTheEarlier() {
        // 29 March 2026: 01:00–01:59 does not exist in London.
        #expect(LocalTime.parse("2026-03-29T01:30") == nil)
        #expect(LocalTime.parse("2026-03-29T02:00") == at("2026-03-29T01:00:00Z"))
        // 25 October 2026: 01:30 happens twice; the first is BST.
        #expect(LocalTime.parse("2026-10-25T01:30") == at("2026-10-25T00:30:00Z"))
        #expect(LocalTime.parse("2026-10-25T02:30") == at("2026-10-25T02:30:00Z"))
    }

    @Test func nonsenseIsRefused() {
        for bad in [
            "", "2026-02-30T10:00", "2026-01-10", "2026-01-10T24:00", "2026-01-10T9:30", "2026-01-10T09:60",
            "yesterday", "2026-01-10T09:30:61"
        ] {
            #expect(LocalTime.parse(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct IndicatorFeedTests {
    @Test func countsAreZeroInQuietMonthsAndSharesAreAbsent() {
        let concerns = [
            SafeguardingFacts(raisedAt: at("2026-09-03T10:00:00Z"), decisionAt: at("2026-09-03T15:00:00Z")),
            SafeguardingFacts(
                raisedAt: at("2026-09-20T22:30:00Z"), decisionAt: at("2026-09-21T08:00:00Z"),
                referredAt: at("2026-09-21T09:00:00Z")),
            SafeguardingFacts(raisedAt: at("2026-11-10T10:00:00Z"), reviewDue: Day(iso: "2026-11-20"))
        ]
        let s = IndicatorFeed.safeguardingSeries(concerns, today: Day(iso: "2026-12-02")!)
        #expect(s[.concernsRaised]?.map(\.0.iso) == ["2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01"])
        #expect(s[.concernsRaised]?.map(\.1) == [2, 0, 1, 0])
        #expect(s[.referrals]?.map(\.1) == [1, 0, 0, 0])
        // 50 % in September; no share in the quiet months, 0 % in November (raised, never decided).
        #expect(s[.sameDayDecisions]?.map(\.0.iso) == ["2026-09-01", "2026-11-01"])
        #expect(s[.sameDayDecisions]?.map(\.1) == [50, 0])
        // Open past its review at the end of November and still on 2 December.
        #expect(s[.pastReview]?.map(\.1) == [0, 0, 1, 1])
        #expect(IndicatorFeed.safeguardingSeries([], today: Day(iso: "2026-12-02")!).isEmpty)
    }

    @Test func seriesKeepThirtySixMonthsAtMost() {
        let m = IndicatorFeed.months(from: Day(iso: "2020-01-15")!, to: Day(iso: "2026-12-02")!)
        #expect(m.count == IndicatorFeed.monthsKept && m.last?.iso == "2026-12-01" && m.first?.iso == "2024-01-01")
    }

    @Test func interventionSeriesCountAndShareDebriefs() {
        let list = [
            InterventionFacts(
                startedAt: at("2026-10-01T18:00:00Z"), minutes: 10, place: "Lounge",
                debriefAt: at("2026-10-02T09:00:00Z")),
            InterventionFacts(startedAt: at("2026-10-05T18:00:00Z"), minutes: 10, place: "Lounge")
        ]
        let s = IndicatorFeed.interventionSeries(list, today: Day(iso: "2026-11-05")!)
        #expect(s[.interventions]?.map(\.1) == [2, 0])
        #expect(s[.debriefs]?.map(\.1) == [50])
        #expect(IndicatorFeed.allCases.filter(\.isSafeguarding).count == 4)
    }
}

@Suite struct PersonPatternTests {
    @Test func eventsFallIntoLocalWeeksDayPartsPlacesAndTriggers() {
        let today = Day(iso: "2026-11-25")!  // a Wednesday
        let events: [PersonPattern.Event] = [
            // Sunday 22 November, 23:30 GMT: the last day of the week before, in the evening.
            .init(
                at: at("2026-11-22T23:30:00Z"), kind: .intervention, place: "Lounge", trigger: "Noise",
                recoveryMinutes: 20),
            // Monday 23 November 06:30: this week, at night.
            .init(
                at: at("2026-11-23T06:30:00Z"), kind: .intervention, place: "lounge", trigger: "noise",
                recoveryMinutes: 10),
            .init(at: at("2026-11-24T14:00:00Z"), kind: .concern),
            // Before the twelve weeks: left out.
            .init(at: at("2026-08-01T10:00:00Z"), kind: .intervention, place: "Kitchen", trigger: "Queue")
        ]
        let p = PersonPattern.compute(events, today: today)
        #expect(
            p.weeks.count == 12 && p.weeks.last?.start.iso == "2026-11-23" && p.weeks.first?.start.iso == "2026-09-07")
        #expect(p.weeks.last?.interventions == 1 && p.weeks.last?.concerns == 1)
        #expect(p.weeks[10].interventions == 1)
        #expect(p.byDayPart.first { $0.part == .evening }?.interventions == 1)
        #expect(p.byDayPart.first { $0.part == .night }?.interventions == 1)
        #expect(p.byDayPart.first { $0.part == .afternoon }?.concerns == 1)
        // Places and triggers are counted regardless of case, with the first spelling kept.
        #expect(p.byPlace == [PersonPattern.Tally(label: "Lounge", count: 2)])
        #expect(p.byTrigger == [PersonPattern.Tally(label: "Noise", count: 2)])
        #expect(p.meanRecovery == 15 && p.concerns == 1 && p.interventions == 2)
        #expect(PersonPattern.compute([], today: today).meanRecovery == nil)
    }
}

@Suite struct CareLogRecordRulesTests {
    let now = at("2026-12-02T12:00:00Z")

    @Test func aConcernNamesEveryMissingOrInconsistentField() {
        let empty = ConcernRecord(
            personChosen: false, raisedAt: nil, raisedByRole: " ", categoryChosen: false,
            summary: "", safeguards: "", notifyAnswered: false)
        #expect(
            SafeguardingRules.recordProblems(empty, now: now).map(\.field)
                == ["person", "raised_at", "raised_by_role", "category", "notify_cqc", "summary", "safeguards"])
        var r = ConcernRecord(
            personChosen: true, raisedAt: at("2026-12-01T10:00:00Z"), raisedByRole: "Carer",
            categoryChosen: true, summary: "Bruise.", safeguards: "Body map.")
        #expect(SafeguardingRules.recordProblems(r, now: now).isEmpty)
        #expect(!r.hasManagementPart)
        // A decision's words without its time; a reference without a referral.
        r.decision = "Refer."
        r.laReference = "NCC-1"
        #expect(SafeguardingRules.recordProblems(r, now: now).map(\.field) == ["decision_at", "la_reference"])
        #expect(r.hasManagementPart)
        // A decision's time without its reason; a closure without an outcome.
        r.decisionAt = at("2026-12-01T11:00:00Z")
        r.referredAt = at("2026-12-01T11:30:00Z")
        r.closedAt = at("2026-12-01T12:00:00Z")
        #expect(SafeguardingRules.recordProblems(r, now: now).map(\.field) == ["rationale", "outcome"])
        r.rationale = "Unexplained injury."
        r.outcome = "Enquiry closed."
        r.learning = String(repeating: "x", count: SafeguardingRules.maxText + 1)
        #expect(SafeguardingRules.recordProblems(r, now: now).map(\.field) == ["learning"])
    }

    @Test func anInterventionNamesEveryMissingOrInconsistentField() {
        let empty = InterventionRecord(
            personChosen: false, startedAt: nil, minutes: nil, place: "", trigger: "",
            kindChosen: false, staff: "", injuryChosen: false)
        #expect(
            RestrictivePracticeRules.recordProblems(empty, now: now).map(\.field)
                == ["person", "started_at", "minutes", "kind", "injury", "place", "trigger", "staff"])
        var r = InterventionRecord(
            personChosen: true, startedAt: at("2026-12-01T18:00:00Z"), minutes: 5,
            place: "Lounge", trigger: "Noise", kindChosen: true, staff: "AR", injuryChosen: true)
        #expect(RestrictivePracticeRules.recordProblems(r, now: now).isEmpty)
        r.debriefBy = "Shift leader"
        r.recoveryMinutes = -1
        #expect(RestrictivePracticeRules.recordProblems(r, now: now).map(\.field) == ["debrief_at", "recovery_minutes"])
        r.recoveryMinutes = 20
        r.debriefAt = at("2026-12-02T09:00:00Z")
        // The panel signs off with its learning, not before the intervention nor in the future.
        r.panelOn = Day(iso: "2026-11-30")
        #expect(RestrictivePracticeRules.recordProblems(r, now: now).map(\.field) == ["learning", "panel_on"])
        r.learning = "Quiet space before meals."
        r.panelOn = Day(iso: "2026-12-03")
        #expect(RestrictivePracticeRules.recordProblems(r, now: now).map(\.field) == ["panel_on"])
        r.panelOn = Day(iso: "2026-12-02")
        #expect(RestrictivePracticeRules.recordProblems(r, now: now).isEmpty)
    }

    @Test func aNotificationNeedsItsEventTimeAndWords() {
        #expect(
            NotificationRules.recordProblems(
                eventChosen: false, occurredAt: nil, summary: " ", sentAt: nil,
                reference: "", now: now
            ).map(\.field)
                == ["event", "occurred_at", "summary"])
        #expect(
            NotificationRules.recordProblems(
                eventChosen: true, occurredAt: at("2026-12-01T10:00:00Z"),
                summary: "Fall.", sentAt: at("2026-12-01T12:00:00Z"),
                reference: String(repeating: "R", count: 61), now: now
            ).map(\.field)
                == ["reference"])
    }
}
