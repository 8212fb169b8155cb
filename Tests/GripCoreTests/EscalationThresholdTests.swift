import Foundation
import Testing
@testable import GripCore

@Suite struct EscalationThresholdTests {
    let service = UUID()
    let holidays = BankHolidays.shipped
    let policy = ReviewPolicy.current
    let since = ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z")!

    func instant(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    func firings(
        _ facts: EscalationFacts, now: String, set: EscalationThresholdSet = .defaults
    ) -> [TriggerFiring] {
        EscalationTriggers.firings(
            set, facts: facts, policy: policy, now: instant(now), notBefore: since, holidays: holidays)
    }

    // MARK: The set

    @Test func theShippedSetIsValidAndCoversEveryTrigger() {
        #expect(EscalationThresholdSet.defaults.problems().isEmpty)
        #expect(Set(EscalationThresholdSet.defaults.thresholds.map(\.trigger)) == Set(EscalationTrigger.allCases))
        #expect(EscalationThresholdSet.defaults.watches(" restrictive interventions "))
        #expect(!EscalationThresholdSet.defaults.watches("Compliments"))
    }

    @Test func aBadSetNamesEachField() {
        var set = EscalationThresholdSet.defaults
        set.thresholds[2].count = nil  // person pattern needs a count
        set.thresholds[3].count = 7  // red reviews: 2…6
        set.thresholds[4].count = 3  // long overdue takes none
        set.thresholds[5].timeToAct = .hours(0)
        set.thresholds.append(.init(.redReviews, .internal, .sameDay, count: 2))
        set.watchedSeries = ["Falls", " falls", ""]
        set.reportableCategories = []
        let fields = set.problems().map(\.field)
        #expect(
            fields == [
                "thresholds[2].count", "thresholds[3].count", "thresholds[4].count", "thresholds[5].time_to_act",
                "thresholds[7].trigger", "watched_series[1]", "watched_series[2]", "reportable_categories"
            ])
        // Switched off, a threshold needs nothing it would read.
        var off = EscalationThresholdSet.defaults
        off.watchedSeries = []
        #expect(off.problems().map(\.field) == ["watched_series"])
        off.thresholds[1].active = false
        #expect(off.problems().isEmpty)
        // A trigger left out is refused: it is switched off, never silently dropped.
        var short = EscalationThresholdSet.defaults
        short.thresholds.removeLast()
        #expect(
            short.problems().map(\.message) == [
                "Every trigger keeps its row (switch it off rather than leave it out); missing: disconnected."
            ])
    }

    @Test func aSetTravelsAsJSON() throws {
        let data = try JSONEncoder().encode(EscalationThresholdSet.defaults)
        #expect(try JSONDecoder().decode(EscalationThresholdSet.self, from: data) == .defaults)
    }

    // MARK: Concerns and notifications

    func concern(
        _ category: SafeguardingCategory, raised: String, notify: Bool? = nil, submitted: String? = nil
    ) -> EscalationFacts.Concern {
        .init(
            id: UUID(), serviceID: service, reference: "SG-7", category: category, raisedAt: instant(raised),
            notifyCQC: notify, notificationSubmittedAt: submitted.map(instant))
    }

    @Test func aReportableConcernFiresWhenRaisedAndOthersDoNot() throws {
        let physical = concern(.physical, raised: "2026-12-07T21:00:00Z")
        let facts = EscalationFacts(concerns: [physical, concern(.selfNeglect, raised: "2026-12-07T10:00:00Z")])
        let fired = firings(facts, now: "2026-12-07T22:00:00Z")
        #expect(fired.count == 1)
        let f = try #require(fired.first)
        #expect(f.trigger == .reportableConcern && f.level == .commissioner)
        #expect(f.subject == .concern(physical.id) && f.key == "reportable_concern:\(physical.id.uuidString)")
        #expect(f.firedAt == physical.raisedAt)
        #expect(f.deadline == instant("2026-12-08T00:00:00Z"))  // the same day, London (GMT in December)
        #expect(f.evidence.contains("SG-7") && f.evidence.contains("physical abuse"))
        // Not yet raised at `now`, or before the thresholds came in, nothing fires.
        #expect(firings(facts, now: "2026-12-07T20:00:00Z").isEmpty)
        let old = EscalationFacts(concerns: [concern(.physical, raised: "2025-12-31T23:00:00Z")])
        #expect(firings(old, now: "2026-12-07T22:00:00Z").isEmpty)
    }

    @Test func aNotificationIsOverdueAtTheEndOfTheDayAfterTheConcern() throws {
        let raised = "2026-12-07T09:00:00Z"
        let open = concern(.neglect, raised: raised, notify: true)
        let due = instant("2026-12-09T00:00:00Z")
        #expect(EscalationTriggers.notificationDue(raisedAt: instant(raised)) == due)
        func notification(_ c: EscalationFacts.Concern, _ now: String) -> [TriggerFiring] {
            firings(EscalationFacts(concerns: [c]), now: now).filter { $0.trigger == .notificationOverdue }
        }
        #expect(notification(open, "2026-12-08T23:59:59Z").isEmpty)
        let f = try #require(notification(open, "2026-12-09T00:00:00Z").first)
        #expect(f.firedAt == due && f.deadline == instant("2026-12-10T00:00:00Z"))
        #expect(
            f.evidence == "SG-7: the CQC notification was due by the end of 8 December 2026 and has not been submitted."
        )
        // Submitted in time: nothing; late: it fired all the same; not needed: nothing.
        #expect(
            notification(
                concern(.neglect, raised: raised, notify: true, submitted: "2026-12-08T23:00:00Z"),
                "2026-12-20T00:00:00Z"
            ).isEmpty)
        // Submitted at the very moment it fell due is in time.
        let onTheDot = concern(.neglect, raised: raised, notify: true, submitted: "2026-12-09T00:00:00Z")
        #expect(notification(onTheDot, "2026-12-20T00:00:00Z").isEmpty)
        let late = notification(
            concern(.neglect, raised: raised, notify: true, submitted: "2026-12-09T08:00:00Z"), "2026-12-20T00:00:00Z")
        #expect(late.count == 1 && late[0].evidence.contains("was submitted"))
        #expect(notification(concern(.neglect, raised: raised, notify: false), "2026-12-20T00:00:00Z").isEmpty)
        #expect(notification(concern(.neglect, raised: raised), "2026-12-20T00:00:00Z").isEmpty)
    }

    // MARK: Series

    @Test func aWatchedSeriesConcernFiresOncePerPeriod() {
        let indicator = UUID()
        let signal = EscalationFacts.SeriesSignal(
            serviceID: service, indicatorID: indicator, name: "Restrictive interventions",
            period: Day(iso: "2026-11-01")!,
            recordedAt: instant("2026-12-03T10:00:00Z"), detail: "above the upper limit")
        var other = signal
        other.name = "Compliments"
        let fired = firings(EscalationFacts(signals: [signal, other]), now: "2026-12-07T10:00:00Z")
        #expect(fired.map(\.trigger) == [.seriesConcern])
        #expect(fired.first?.key == "series_concern:\(service.uuidString):\(indicator.uuidString):2026-11-01")
        // Two working days from Thursday 3 December: the end of Monday 7th.
        #expect(fired.first?.deadline == instant("2026-12-08T00:00:00Z"))
    }

    // MARK: A person's pattern

    func person(_ times: [String], kinds: [PersonPattern.Kind]? = nil) -> EscalationFacts.Person {
        .init(
            id: UUID(), serviceID: service, label: "J.B.",
            events: times.enumerated().map { i, t in
                PersonPattern.Event(at: instant(t), kind: kinds?[i] ?? (i % 2 == 0 ? .intervention : .concern))
            })
    }

    @Test func aPatternFiresExactlyAtItsCountWithinFourWeeks() throws {
        var set = EscalationThresholdSet.defaults
        set.thresholds[2].count = 3
        // Three incidents, the first and third 27 days apart (within four weeks): fires at the third.
        let within = person(["2026-11-01T22:00:00Z", "2026-11-10T23:00:00Z", "2026-11-27T21:00:00Z"])
        let fired = firings(EscalationFacts(people: [within]), now: "2026-12-07T10:00:00Z", set: set)
        let f = try #require(fired.first)
        #expect(fired.count == 1)
        #expect(f.firedAt == instant("2026-11-27T21:00:00Z"))
        #expect(f.evidence.contains("3 incidents in four weeks (1 safeguarding concern, 2 restrictive interventions)"))
        #expect(f.level == .commissioner)
        // Two incidents: one short of the count, nothing.
        let two = person(["2026-11-01T22:00:00Z", "2026-11-10T23:00:00Z"])
        #expect(firings(EscalationFacts(people: [two]), now: "2026-12-07T10:00:00Z", set: set).isEmpty)
        // The first and third 28 days apart: outside the window, nothing.
        let spread = person(["2026-11-01T10:00:00Z", "2026-11-10T10:00:00Z", "2026-11-29T10:00:00Z"])
        #expect(firings(EscalationFacts(people: [spread]), now: "2026-12-07T10:00:00Z", set: set).isEmpty)
    }

    @Test func aPersistingPatternFiresAgainOnlyFourWeeksLater() {
        let times = (0..<12).map { i in
            ISO8601DateFormatter().string(
                from: instant("2026-10-01T20:00:00Z").addingTimeInterval(Double(i) * 4 * 86_400))
        }
        let crossings = EscalationTriggers.patternCrossings(
            times.map { PersonPattern.Event(at: instant($0), kind: .intervention) }, count: 3)
        // Every four days for 44 days: the third incident (day 8), then the first at least 28 days on (day 36).
        #expect(crossings.map(\.at) == [instant(times[2]), instant(times[9])])
        #expect(crossings.first?.first == Day(iso: "2026-09-12"))
    }

    // MARK: Actions

    func action(
        band: RiskBand = .high, status: ActionStatus = .inProgress, due: String = "2026-12-20",
        rags: [RAG] = [], outcome: Bool = true, indicator: Bool = false
    ) -> EscalationFacts.Action {
        .init(
            id: UUID(), serviceID: service, reference: "A-00042", band: band, status: status, dueDay: Day(iso: due)!,
            reviews: rags.enumerated().map { i, rag in
                .init(
                    id: UUID(), at: instant("2026-11-02T10:00:00Z").addingTimeInterval(Double(i) * 7 * 86_400), rag: rag
                )
            },
            hasOutcomeEvidence: outcome, hasLinkedIndicator: indicator)
    }

    @Test func twoRedReviewsInARowFireAtTheSecond() throws {
        let a = action(rags: [.red, .amber, .red, .red, .red])
        let fired = firings(EscalationFacts(actions: [a]), now: "2026-12-07T10:00:00Z")
        #expect(fired.count == 1)
        let f = try #require(fired.first)
        #expect(f.firedAt == a.reviews[3].at && f.key == "red_reviews:\(a.id.uuidString):\(a.reviews[3].id.uuidString)")
        // A red, a green, a red: never two in a row. A moderate action: not watched. A sustained one: neither.
        #expect(
            firings(EscalationFacts(actions: [action(rags: [.red, .green, .red])]), now: "2026-12-07T10:00:00Z").isEmpty
        )
        #expect(
            firings(
                EscalationFacts(actions: [action(band: .moderate, rags: [.red, .red])]), now: "2026-12-07T10:00:00Z"
            ).isEmpty)
        #expect(
            firings(
                EscalationFacts(actions: [action(status: .sustained, rags: [.red, .red])]), now: "2026-12-07T10:00:00Z"
            ).isEmpty)
        // A new run after a break fires again.
        let twice = action(rags: [.red, .red, .green, .red, .red])
        #expect(firings(EscalationFacts(actions: [twice]), now: "2026-12-07T10:00:00Z").count == 2)
    }

    @Test func anActionFiresOnlyOnceMoreThanItsIntervalOverdue() throws {
        // High risk: a 7-day interval. Due 20 November: 7 days overdue on the 27th (not more), 8 on the 28th.
        let a = action(due: "2026-11-20")
        #expect(firings(EscalationFacts(actions: [a]), now: "2026-11-27T23:59:59Z").isEmpty)
        let f = try #require(firings(EscalationFacts(actions: [a]), now: "2026-11-28T00:00:00Z").first)
        #expect(f.trigger == .longOverdue && f.firedAt == instant("2026-11-28T00:00:00Z"))
        #expect(f.key == "long_overdue:\(a.id.uuidString):2026-11-20")
        // Monitoring is not overdue.
        #expect(
            firings(
                EscalationFacts(actions: [action(status: .monitoring, due: "2026-11-20")]), now: "2026-12-07T00:00:00Z"
            ).isEmpty)
    }

    @Test func aDisconnectedActionFiresAtItsSecondReview() throws {
        let a = action(rags: [.amber, .green, .green], outcome: false)
        let f = try #require(firings(EscalationFacts(actions: [a]), now: "2026-12-07T10:00:00Z").first)
        #expect(f.trigger == .disconnected && f.firedAt == a.reviews[1].at)
        #expect(
            firings(EscalationFacts(actions: [action(rags: [.amber], outcome: false)]), now: "2026-12-07T10:00:00Z")
                .isEmpty)
        #expect(
            firings(
                EscalationFacts(actions: [action(rags: [.amber, .green], outcome: false, indicator: true)]),
                now: "2026-12-07T10:00:00Z"
            ).isEmpty)
    }

    @Test func aThresholdSwitchedOffFiresNothing() {
        var set = EscalationThresholdSet.defaults
        for i in set.thresholds.indices { set.thresholds[i].active = false }
        let facts = EscalationFacts(
            concerns: [concern(.physical, raised: "2026-12-01T10:00:00Z", notify: true)],
            actions: [action(due: "2026-11-01", rags: [.red, .red], outcome: false)])
        #expect(!firings(facts, now: "2026-12-07T10:00:00Z").isEmpty)
        #expect(firings(facts, now: "2026-12-07T10:00:00Z", set: set).isEmpty)
    }

    // MARK: The clock

    @Test func theClockSaysWhenAnEscalationIsLate() {
        let deadline = instant("2026-12-08T00:00:00Z")
        let before = instant("2026-12-07T20:00:00Z"), after = instant("2026-12-08T03:00:00Z")
        #expect(EscalationClock.of(deadline: deadline, answeredAt: nil, now: before) == .due(remaining: 4 * 3600))
        #expect(EscalationClock.of(deadline: deadline, answeredAt: nil, now: before).label == "4 hours left")
        #expect(EscalationClock.of(deadline: deadline, answeredAt: nil, now: deadline).isLate == false)
        let overdue = EscalationClock.of(deadline: deadline, answeredAt: nil, now: after)
        #expect(overdue.isLate && overdue.isOpen && overdue.label == "3 hours overdue")
        // Answered exactly at the deadline is in time; a second later is late.
        #expect(EscalationClock.of(deadline: deadline, answeredAt: deadline, now: after) == .answered)
        let late = EscalationClock.of(deadline: deadline, answeredAt: deadline.addingTimeInterval(1), now: after)
        #expect(late.isLate && !late.isOpen && late.label == "answered 1 minute late")
        #expect(EscalationClock.span(3 * 86_400 + 5) == "3 days")
        #expect(EscalationClock.span(47 * 3600) == "47 hours")
    }

    @Test func notEscalatingNeedsAReason() {
        #expect(NotEscalating.problems(reason: "  ").map(\.field) == ["reason"])
        #expect(NotEscalating.problems(reason: "too short").first?.message.contains("(it is 9)") == true)
        #expect(NotEscalating.problems(reason: "Discussed with the commissioner by phone; agreed to monitor.").isEmpty)
    }
}
