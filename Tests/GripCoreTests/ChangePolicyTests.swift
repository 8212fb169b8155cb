import Foundation
import Testing

@testable import GripCore

/// The change policy (issue 33): what each change needs, judged by direction.
@Suite struct ChangePolicyTests {
    let lead = UUID(), reviewer = UUID(), indicator = UUID()
    let day = Day(iso: "2026-06-30")!

    func terms(
        band: RiskBand = .high, baselineDay: Day? = nil, baselineValue: Double = 40, metric: String = "% done",
        controls: String = "Daily check\nNight senior signs", route: RouteKind = .improvementBoard
    )
        -> OversightTerms
    {
        OversightTerms(
            band: band, direction: .higher, targetValue: 100, targetDay: day, statementIDs: ["S3"],
            indicatorID: indicator, leadID: lead, reviewerID: reviewer,
            baselineDay: baselineDay ?? day.adding(days: -60), baselineValue: baselineValue, metric: metric,
            interimControls: controls, routeKind: route)
    }

    func codes(_ after: OversightTerms, status: ActionStatus = .inProgress) -> [Weakening.Code] {
        OversightChange.weakenings(before: terms(), after: after, status: status).map(\.code)
    }

    // MARK: weakenings the second pass added

    @Test func anEarlierBaselineDayWeakensALaterOneDoesNot() {
        #expect(codes(terms(baselineDay: day.adding(days: -61))) == [.earlierBaselineDay])
        #expect(codes(terms(baselineDay: day.adding(days: -800))) == [.earlierBaselineDay])
        #expect(codes(terms(baselineDay: day.adding(days: -59))).isEmpty, "later: less old evidence counts")
        #expect(codes(terms(baselineDay: day.adding(days: -60))).isEmpty)
    }

    @Test func anyChangeOfMetricWeakensButNotWhitespace() {
        #expect(codes(terms(metric: "anything")) == [.changedMetric])
        #expect(codes(terms(metric: " % done ")).isEmpty)
    }

    @Test func aBaselineMovedTheWorseWayWeakens() {
        // Higher is better: a lower baseline makes improvement easier to show.
        #expect(codes(terms(baselineValue: 39.5)) == [.worseBaseline])
        #expect(codes(terms(baselineValue: 41)).isEmpty)
        #expect(codes(terms(baselineValue: 40)).isEmpty)
    }

    @Test func cuttingOrRewordingAControlWeakensAddingOneDoesNot() {
        #expect(codes(terms(controls: "none")) == [.cutControls])
        #expect(codes(terms(controls: "")) == [.cutControls])
        #expect(codes(terms(controls: "Daily check")) == [.cutControls])
        #expect(codes(terms(controls: "Daily checks\nNight senior signs")) == [.cutControls], "reworded")
        #expect(codes(terms(controls: "Daily check\nNight senior signs\nManager spot checks weekly")).isEmpty)
        #expect(codes(terms(controls: "  Night senior signs\n\nDaily check  ")).isEmpty, "reordered, spaced")
        #expect(
            OversightChange.weakenings(before: terms(), after: terms(controls: ""), status: .inProgress)
                .first?.message == "The interim controls are emptied.")
    }

    @Test func aLessSeniorRouteWeakensAMoreSeniorOneDoesNot() {
        #expect(codes(terms(route: .serviceRecoveryMeeting)) == [.lessSeniorRoute])
        #expect(codes(terms(route: .restrictivePracticePanel)) == [.lessSeniorRoute])
        #expect(codes(terms(route: .board)).isEmpty)
        #expect(codes(terms(route: .providerOversight)).isEmpty)
    }

    @Test func nothingWeakensADraftOrAClosedAction() {
        let worse = terms(band: .low, baselineDay: day.adding(days: -900), metric: "x", controls: "")
        #expect(codes(worse, status: .draft).isEmpty)
        #expect(codes(worse, status: .monitoring).isEmpty)
        #expect(codes(worse, status: .reopened).count >= 4, "reopened is live")
    }

    @Test func cancellingIsHeldOnlyForLiveHighOrExtreme() {
        #expect(OversightChange.cancellation(band: .high, status: .inProgress).meetsCondition)
        #expect(OversightChange.cancellation(band: .extreme, status: .open).meetsCondition)
        #expect(!OversightChange.cancellation(band: .moderate, status: .inProgress).meetsCondition)
        #expect(!OversightChange.cancellation(band: .extreme, status: .draft).meetsCondition)
    }

    // MARK: the verdict

    let reason = "The audit shows no gaps for a month."

    @Test func freeEditsApplyAndHeldEditsWaitForTheRowsApprover() {
        #expect(
            ChangePolicy.judge(
                .action, edits: [PolicyEdit("title", meetsCondition: false, message: "")],
                reason: nil) == .apply)
        let earlier = PolicyEdit("baseline_day", meetsCondition: true, message: "Earlier.")
        guard
            case .hold(let need, let approver, let edits) = ChangePolicy.judge(
                .action, edits: [earlier],
                reason: reason)
        else {
            Issue.record("an earlier baseline day was not held")
            return
        }
        #expect(need == .secondPerson && approver == .approveChange && edits == [earlier])
        // The same field changed the other way is free.
        #expect(
            ChangePolicy.judge(
                .action, edits: [PolicyEdit("baseline_day", meetsCondition: false, message: "")],
                reason: nil) == .apply)
    }

    @Test func aHeldChangeWithoutASentenceOfReasonIsRefusedNamingTheField() {
        let cut = PolicyEdit("interim_controls", meetsCondition: true, message: "Controls cut.")
        for r in [nil, "", "   ", "too short"] {
            guard case .refuse(let errors) = ChangePolicy.judge(.action, edits: [cut], reason: r) else {
                Issue.record("reason \(String(describing: r)) was accepted")
                continue
            }
            #expect(errors.map(\.field) == ["change_reason"])
            #expect(errors[0].message.contains("Controls cut."))
        }
    }

    @Test func aReasonNeedAcceptsAnyWordsAndRefusesNone() {
        let cancel = PolicyEdit("status:cancelled", meetsCondition: false, message: "Cancelled.")
        #expect(ChangePolicy.judge(.action, edits: [cancel], reason: "Duplicate") == .apply)
        if case .refuse(let e) = ChangePolicy.judge(.action, edits: [cancel], reason: " ") {
            #expect(e.map(\.field) == ["change_reason"])
        } else {
            Issue.record("a cancellation without a reason applied")
        }
    }

    @Test func theOwnerAppliesWhatOthersMustHaveConfirmed() {
        let down = PolicyEdit("level", meetsCondition: true, message: "Down.")
        guard
            case .hold(let need, let approver, _) = ChangePolicy.judge(
                .commissionerOversight, edits: [down],
                reason: reason)
        else {
            Issue.record("the provider's step-down was not held")
            return
        }
        #expect(need == .ownerConfirmation && approver == .confirmOversight)
        #expect(ChangePolicy.judge(.commissionerOversight, edits: [down], reason: nil, ownerActs: true) == .apply)
    }

    @Test func theStrongestNeedWins() {
        let edits = [
            PolicyEdit("title", meetsCondition: false, message: ""),
            PolicyEdit("target_day", meetsCondition: true, message: "Later.")
        ]
        if case .hold(let need, _, let held) = ChangePolicy.judge(.action, edits: edits, reason: reason) {
            #expect(need == .secondPerson && held.map(\.subject) == ["target_day"])
        } else {
            Issue.record("not held")
        }
    }

    @Test func aFieldWithNoRowIsRefusedNeverWritten() {
        guard
            case .refuse(let errors) = ChangePolicy.judge(
                .action,
                edits: [
                    PolicyEdit(
                        "closed_on",
                        meetsCondition: false,
                        message: "")
                ],
                reason: reason)
        else {
            Issue.record("an ungoverned field was let through")
            return
        }
        #expect(errors.first?.field == "closed_on")
    }

    // MARK: the data

    @Test func everyRowIsUniqueAndEveryHeldNeedNamesWhoDecides() {
        let keys = ChangePolicy.rows.map { "\($0.record.rawValue)|\($0.subject)" }
        #expect(Set(keys).count == keys.count)
        for r in ChangePolicy.rows where r.needWhen.isHeld || r.need.isHeld {
            #expect(r.approver != nil, "\(r.record.rawValue) \(r.subject)")
        }
        #expect(Set(ChangePolicy.rows.map(\.record)) == Set(GovernedRecord.allCases), "every record has its rows")
    }

    @Test func everyWeakeningCodeHasARow() {
        for code in Weakening.Code.allCases {
            let record: GovernedRecord =
                switch code {
                case .lowerOversight, .longerCadence: .commissionerOversight
                case .seriesSettings: .indicatorSeries
                default: .action
                }
            #expect(ChangePolicy.row(record, code.subject) != nil, "\(code)")
        }
    }

    @Test func theTableNamesWhoFromTheRulebook() {
        let table = ChangePolicy.markdown()
        #expect(table.hasPrefix("| record | field or transition |"))
        #expect(table.split(separator: "\n").count == ChangePolicy.rows.count + 2)
        #expect(Permission.approveChange.who.contains("extreme: nominated individual or quality lead only"))
        #expect(Permission.approveChange.who.contains("never the proposer"))
        #expect(
            Permission.reAudit.who
                == "Nominated individual or quality lead, or the senior reviewer; never the action's lead")
        #expect(Permission.signOffClosure.who == "The senior reviewer only")
        #expect(Permission.confirmOversight.who == "A commissioner of the service")
        #expect(Permission.changeActionStatus.who == "Registered manager or above, or the action's lead")
    }

    // MARK: oversight and series

    @Test func aLowerLevelOrLongerCadenceIsAStepDown() {
        let current = (level: OversightLevel.enhancedMonitoring, cadenceDays: 14)
        func held(_ level: OversightLevel, _ cadence: Int) -> [String] {
            OversightRules.edits(current: current, level: level, cadenceDays: cadence, note: "")
                .filter(\.meetsCondition).map(\.subject)
        }
        #expect(held(.routine, 14) == ["level"])
        #expect(held(.enhancedMonitoring, 28) == ["cadence_days"])
        #expect(held(.enhancedMonitoring, 7).isEmpty)
        #expect(held(.formalImprovementPlan, 14).isEmpty)
        #expect(held(.routine, 28) == ["level"], "routine has no cadence to weaken")
        #expect(
            OversightRules.edits(current: nil, level: .routine, cadenceDays: 28, note: "")
                .allSatisfy { !$0.meetsCondition })
        #expect(
            OversightRules.edits(current: current, level: .enhancedMonitoring, cadenceDays: 14, note: "x")
                .map(\.subject) == ["note"])
    }

    @Test func everySeriesChangeNeedsAReasonAndAWatchedOneASecondPerson() {
        let m = Day(iso: "2026-03-01")!
        let edits = SeriesRules.edits(before: (nil, []), after: (12, [m]), watched: false)
        #expect(edits.map(\.subject) == ["rebases", "baseline_points"])
        if case .refuse(let e) = ChangePolicy.judge(.indicatorSeries, edits: edits, reason: nil) {
            #expect(e.map(\.field) == ["change_reason"])
        } else {
            Issue.record("a rebase without a reason applied")
        }
        #expect(ChangePolicy.judge(.indicatorSeries, edits: edits, reason: "New model") == .apply)
        let watched = SeriesRules.edits(before: (nil, [m]), after: (nil, []), watched: true)
        #expect(watched.first?.message == "The series is rebase removed at 1 March 2026.")
        if case .hold(let need, let approver, _) = ChangePolicy.judge(
            .indicatorSeries, edits: watched,
            reason: reason)
        {
            #expect(need == .secondPerson && approver == .approveSeriesChange)
        } else {
            Issue.record("a watched series' change was not held")
        }
        #expect(SeriesRules.edits(before: (12, [m]), after: (12, [m]), watched: true).isEmpty)
    }

    @Test func aSeriesIsWatchedWhenAnOutcomeOrWarningInItsLatestThreePeriods() {
        let flat = SPC.analyse((0..<15).map { _ in SPC.Point(value: 5) }, direction: .down)
        #expect(!SeriesRules.isWatched(outcomeOfLiveHighAction: false, result: flat))
        #expect(SeriesRules.isWatched(outcomeOfLiveHighAction: true, result: flat))
        let values: [Double] = [5, 6, 5, 4, 5, 6, 5, 4, 5, 6, 5, 4, 5, 30]
        let spike = SPC.analyse(values.map { SPC.Point(value: $0) }, direction: .down)
        #expect(SeriesRules.isWatched(outcomeOfLiveHighAction: false, result: spike))
        let old = SPC.analyse((values + [5, 5, 5]).map { SPC.Point(value: $0) }, direction: .down)
        #expect(!SeriesRules.isWatched(outcomeOfLiveHighAction: false, result: old), "the spike is four periods back")
    }

    @Test func aPeriodIsInProgressUntilItsLastDayHasPassed() {
        let march = Day(iso: "2026-03-01")!
        #expect(IndicatorPeriodKind.month.isInProgress(march, today: Day(iso: "2026-03-31")!))
        #expect(!IndicatorPeriodKind.month.isInProgress(march, today: Day(iso: "2026-04-01")!))
        let feb = Day(iso: "2028-02-01")!
        #expect(IndicatorPeriodKind.month.lastDay(of: feb) == Day(iso: "2028-02-29"), "a leap year")
        #expect(IndicatorPeriodKind.month.lastDay(of: Day(iso: "2026-12-01")!) == Day(iso: "2026-12-31"))
        let week = Day(iso: "2026-03-02")!
        #expect(IndicatorPeriodKind.week.isInProgress(week, today: Day(iso: "2026-03-08")!))
        #expect(!IndicatorPeriodKind.week.isInProgress(week, today: Day(iso: "2026-03-09")!))
    }

    // MARK: re-audit and handover

    let closed = Day(iso: "2026-06-01")!

    func timing(
        _ day: Day, band: RiskBand = .high, evidence: Day? = Day(iso: "2026-06-20")!,
        today: Day = Day(iso: "2026-07-01")!
    ) -> [String] {
        Monitoring.reAuditTimingProblems(
            day: day, closedOn: closed, band: band, policy: .current, evidenceDay: evidence,
            today: today
        ).map(\.field)
    }

    @Test func aReAuditWaitsHalfTheIntervalByBand() {
        #expect(ReAuditPolicy.current.earliestDay(closedOn: closed, band: .extreme) == Day(iso: "2026-06-15"))
        #expect(ReAuditPolicy.current.earliestDay(closedOn: closed, band: .high) == Day(iso: "2026-06-15"))
        #expect(ReAuditPolicy.current.earliestDay(closedOn: closed, band: .moderate) == Day(iso: "2026-06-29"))
        #expect(ReAuditPolicy.current.earliestDay(closedOn: closed, band: .low) == Day(iso: "2026-07-13"))
        #expect(timing(Day(iso: "2026-06-15")!).isEmpty, "on the earliest day")
        #expect(timing(Day(iso: "2026-06-14")!) == ["date"], "the day before it")
        #expect(timing(Day(iso: "2026-06-02")!) == ["date"], "the day after closure")
        #expect(timing(Day(iso: "2026-05-31")!) == ["date"], "before closure")
        #expect(timing(Day(iso: "2026-06-29")!, band: .moderate).isEmpty)
        #expect(timing(Day(iso: "2026-06-28")!, band: .moderate) == ["date"])
        #expect(timing(Day(iso: "2026-07-02")!) == ["date"], "in the future")
    }

    @Test func aReAuditRestsOnEvidenceFromAfterClosure() {
        let ok = Day(iso: "2026-06-20")!
        #expect(timing(ok, evidence: nil) == ["evidence"])
        #expect(timing(ok, evidence: closed) == ["evidence"], "the closure day itself is not after it")
        #expect(timing(ok, evidence: closed.adding(days: -5)) == ["evidence"])
        #expect(timing(ok, evidence: closed.adding(days: 1)).isEmpty)
    }

    func candidate(_ id: UUID, _ role: Role) -> Candidate {
        Candidate(id: id, name: "Sam", role: role, active: true, hasServiceAccess: true)
    }

    @Test func aHandoverKeepsLeadAndReviewerApartWhicheverSideTheLeaverHeld() {
        let leaver = UUID()
        let other = UUID()
        // The leaver leads; the successor is already the reviewer: refused (the bug issue 33 found).
        #expect(
            !ActionRules.handoverProblems(
                leadID: leaver, reviewerID: other, band: .moderate, leaverID: leaver,
                successor: candidate(other, .registeredManager)
            ).isEmpty)
        // The leaver reviews; the successor leads: refused.
        #expect(
            !ActionRules.handoverProblems(
                leadID: other, reviewerID: leaver, band: .moderate, leaverID: leaver,
                successor: candidate(other, .registeredManager)
            ).isEmpty)
        // The leaver reviews an extreme action: a registered manager cannot take it.
        let third = UUID()
        #expect(
            ActionRules.handoverProblems(
                leadID: other, reviewerID: leaver, band: .extreme, leaverID: leaver,
                successor: candidate(third, .registeredManager)
            ).count == 1)
        #expect(
            ActionRules.handoverProblems(
                leadID: other, reviewerID: leaver, band: .extreme, leaverID: leaver,
                successor: candidate(third, .qualityLead)
            ).isEmpty)
        // The leaver leads; a third person takes it: fine.
        #expect(
            ActionRules.handoverProblems(
                leadID: leaver, reviewerID: other, band: .high, leaverID: leaver,
                successor: candidate(third, .staff)
            ).isEmpty)
    }

    // MARK: packs and agendas

    @Test func onlySustainedIsCompletedInAPack() {
        let due = Day(iso: "2026-07-01")!
        #expect(AfterClosure.sustained.packLabel(reAuditDue: due) == "Action completed (sustained after re-audit)")
        #expect(
            AfterClosure.awaitingReAudit.packLabel(reAuditDue: due) == "Closed, awaiting re-audit (due 1 July 2026)")
        #expect(AfterClosure.reAuditOverdue.packLabel(reAuditDue: due) == "Closed, re-audit overdue (due 1 July 2026)")
    }

    @Test func aSustainedActionStaysOnTheAgendaForTwoHeldMeetingsAfterClosure() {
        let meeting = Day(iso: "2026-06-10")!
        func fact(closed: Int, held: Int?) -> Agenda.ActionFact {
            Agenda.ActionFact(
                id: UUID(), band: .high, status: .sustained, dueDay: meeting, nextReviewDay: meeting,
                closedOn: meeting.adding(days: closed), routeCadenceDays: 14,
                meetingsHeldSinceClosure: held)
        }
        func onIt(_ a: Agenda.ActionFact) -> Bool {
            Agenda.build(meetingDay: meeting, actions: [a], earlyWarnings: [], openEscalations: [])
                .first { $0.1.contains(a.id) }?.0 == .monitoring
        }
        #expect(onIt(fact(closed: -20, held: 0)), "re-audited early: still on the next agenda")
        #expect(onIt(fact(closed: -20, held: 1)))
        #expect(!onIt(fact(closed: -20, held: 2)))
        #expect(onIt(fact(closed: -20, held: nil)), "no meetings yet: two cadences")
        #expect(!onIt(fact(closed: -29, held: nil)))
    }
}
