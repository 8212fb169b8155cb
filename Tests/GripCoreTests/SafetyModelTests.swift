import Foundation
import Testing
@testable import GripCore

@Suite struct SafetyModelTests {
    func day(_ s: String) -> Day { Day(iso: s)! }

    var model: SafetyModel.Facts {
        SafetyModel.Facts(startDay: day("2026-12-01"), plannedEndDay: day("2026-12-14"))
    }

    let checks = [
        SafetyModel.Check(key: "meds", title: "Medicines round observed", frequency: .perDay(2)),
        SafetyModel.Check(key: "welfare", title: "Welfare check for each person", frequency: .perShift)
    ]

    @Test func aModelReSignedOnItsLastDayStaysInForceAndLapsesTheDayAfterOtherwise() {
        // Started 1 December, 14 days a signature: sign by the 15th.
        #expect(SafetyModel.state(model, today: day("2026-11-30")) == .notStarted)
        #expect(
            SafetyModel.state(model, today: day("2026-12-15"))
                == .inForce(reSignBy: day("2026-12-15"), overrunning: true))
        #expect(SafetyModel.state(model, today: day("2026-12-16")) == .lapsed(since: day("2026-12-16")))
        // Re-signed on the 15th, its last day: in force to the 29th.
        var signed = model
        signed.signedOn = [day("2026-12-15")]
        #expect(
            SafetyModel.state(signed, today: day("2026-12-16"))
                == .inForce(reSignBy: day("2026-12-29"), overrunning: true))
        #expect(SafetyModel.state(signed, today: day("2026-12-29")) != .lapsed(since: day("2026-12-30")))
        #expect(SafetyModel.state(signed, today: day("2026-12-30")) == .lapsed(since: day("2026-12-30")))
        // A signature dated in the future does not count yet.
        var early = model
        early.signedOn = [day("2026-12-20")]
        #expect(SafetyModel.state(early, today: day("2026-12-16")) == .lapsed(since: day("2026-12-16")))
        // Within its planned days it is not overrunning.
        #expect(
            SafetyModel.state(model, today: day("2026-12-14"))
                == .inForce(reSignBy: day("2026-12-15"), overrunning: false))
    }

    @Test func onlyAStandDownEndsIt() {
        var down = model
        down.stoodDownOn = day("2026-12-10")
        #expect(
            SafetyModel.state(down, today: day("2026-12-09"))
                == .inForce(reSignBy: day("2026-12-15"), overrunning: false))
        #expect(SafetyModel.state(down, today: day("2026-12-10")) == .stoodDown(on: day("2026-12-10")))
        #expect(SafetyModel.state(down, today: day("2027-02-01")) == .stoodDown(on: day("2026-12-10")))
        // Past its planned end without a stand-down it is still in force (and lapses if not re-signed).
        #expect(SafetyModel.state(model, today: day("2026-12-16")) == .lapsed(since: day("2026-12-16")))
    }

    @Test func aStandDownWithoutASecondPersonIsRefused() {
        let ql = UUID(), ni = UUID()
        let ok = SafetyModel.standDownProblems(
            proposer: ql, approver: ni, evidence: "Two weeks of observed rounds without an error.",
            today: day("2026-12-12"), facts: model)
        #expect(ok.isEmpty)
        let alone = SafetyModel.standDownProblems(
            proposer: ql, approver: ql, evidence: "Two weeks of observed rounds without an error.",
            today: day("2026-12-12"), facts: model)
        #expect(alone.map(\.field) == ["approver"])
        #expect(alone.first?.message.contains("someone else approves it") == true)
        let none = SafetyModel.standDownProblems(
            proposer: ql, approver: nil, evidence: "short", today: day("2026-12-12"), facts: model)
        #expect(none.map(\.field) == ["evidence", "approver"])
        var down = model
        down.stoodDownOn = day("2026-12-10")
        #expect(
            SafetyModel.standDownProblems(
                proposer: ql, approver: ni, evidence: "Two weeks of observed rounds.", today: day("2026-12-12"),
                facts: down
            ).map(\.field) == ["stand_down"])
        #expect(
            SafetyModel.standDownProblems(
                proposer: ql, approver: ni, evidence: "Two weeks of observed rounds.", today: day("2026-11-20"),
                facts: model
            ).map(\.field) == ["stand_down"])
    }

    @Test func completionAndVerificationAreDailyRates() {
        // Each day: the medicines round twice, a welfare check each of 3 shifts = 5 checks due.
        let records = [
            SafetyModel.DayRecord(day: day("2026-12-01"), check: "meds", completed: 2, verified: 1),
            SafetyModel.DayRecord(day: day("2026-12-01"), check: "welfare", completed: 3),
            // The 2nd: one welfare check missed, and a round recorded three times counts twice.
            SafetyModel.DayRecord(day: day("2026-12-02"), check: "meds", completed: 3, verified: 3),
            SafetyModel.DayRecord(day: day("2026-12-02"), check: "welfare", completed: 2),
            SafetyModel.DayRecord(day: day("2026-12-02"), check: "unknown", completed: 5)
        ]
        let rates = SafetyModel.rates(model, checks: checks, records: records, to: day("2026-12-03"))
        #expect(rates.map(\.day) == [day("2026-12-01"), day("2026-12-02"), day("2026-12-03")])
        #expect(rates.map(\.due) == [5, 5, 5])
        #expect(rates.map(\.done) == [5, 4, 0])
        #expect(rates[0].completion == 100 && rates[0].verification == 20)
        #expect(rates[1].completion == 80 && rates[1].verification == 50)
        #expect(rates[2].completion == 0 && rates[2].verification == nil)
        // Stood down on the 3rd: the series ends the day before.
        var down = model
        down.stoodDownOn = day("2026-12-03")
        #expect(SafetyModel.rates(down, checks: checks, records: records, to: day("2026-12-05")).count == 2)
        // Before the start, nothing.
        #expect(SafetyModel.rates(model, checks: checks, records: records, to: day("2026-11-30")).isEmpty)
    }

    @Test func aBadModelNamesEachField() {
        var f = model
        f.plannedEndDay = day("2026-11-30")
        f.reSignDays = 0
        f.shiftsPerDay = 5
        let bad = [
            SafetyModel.Check(key: "a", title: " ", frequency: .perDay(25)),
            SafetyModel.Check(key: "a", title: "Again", frequency: .perShift)
        ]
        #expect(
            SafetyModel.problems(f, checks: bad).map(\.field) == [
                "planned_end_day", "re_sign_days", "shifts_per_day", "checks[0].title", "checks[0].frequency",
                "checks[1].title"
            ])
        #expect(SafetyModel.problems(model, checks: []).map(\.field) == ["checks"])
        #expect(SafetyModel.problems(model, checks: checks).isEmpty)
        // The same check named twice under different keys (however it is capitalised) is one check.
        let twice =
            checks + [SafetyModel.Check(key: "again", title: " medicines ROUND observed", frequency: .perDay(1))]
        #expect(SafetyModel.problems(model, checks: twice).map(\.field) == ["checks[2].title"])
        #expect(SafetyModel.Frequency.perShift.label == "every shift")
        #expect(SafetyModel.Frequency.perDay(2).times(shiftsPerDay: 3) == 2)
    }

    @Test func lapsesAreTheSpellsBetweenASignatureRunningOutAndTheNext() {
        var f = model
        // Signed on the 1st (start), 15th (last day: no lapse), then not until 3 January: lapsed 30 Dec – 2 Jan.
        f.signedOn = [day("2026-12-15"), day("2027-01-03")]
        #expect(
            SafetyModel.lapses(f, today: day("2027-01-10")) == [.init(from: day("2026-12-30"), to: day("2027-01-02"))])
        // Still lapsed today: an open spell.
        #expect(SafetyModel.lapses(model, today: day("2026-12-20")) == [.init(from: day("2026-12-16"), to: nil)])
        // Signed the day after it ran out: one day lapsed.
        var late = model
        late.signedOn = [day("2026-12-17")]
        #expect(
            SafetyModel.lapses(late, today: day("2026-12-20")) == [
                .init(from: day("2026-12-16"), to: day("2026-12-16"))
            ])
        // Stood down while lapsed: the spell ends the day before.
        var down = model
        down.stoodDownOn = day("2026-12-18")
        #expect(
            SafetyModel.lapses(down, today: day("2026-12-20")) == [
                .init(from: day("2026-12-16"), to: day("2026-12-17"))
            ])
        #expect(SafetyModel.lapses(model, today: day("2026-11-20")).isEmpty)
    }

    @Test func aCheckIsRecordedOnADayTheModelRanWithinAWeek() {
        let today = day("2026-12-10")
        #expect(SafetyModel.checkProblems(model, checks: checks, key: "meds", day: today, today: today).isEmpty)
        #expect(
            SafetyModel.checkProblems(model, checks: checks, key: "meds", day: day("2026-12-03"), today: today)
                .isEmpty)
        #expect(
            SafetyModel.checkProblems(model, checks: checks, key: "meds", day: day("2026-12-02"), today: today)
                .map(\.field) == ["day"])
        let tooOld = SafetyModel.checkProblems(
            model, checks: checks, key: "meds", day: day("2026-12-02"), today: day("2026-12-10").adding(days: 1))
        #expect(tooOld.map(\.field) == ["day"])
        #expect(
            SafetyModel.checkProblems(model, checks: checks, key: "meds", day: day("2026-12-11"), today: today)
                .map(\.field) == ["day"])
        #expect(
            SafetyModel.checkProblems(
                model, checks: checks, key: "meds", day: day("2026-11-30"), today: day("2026-12-01")
            )
            .map(\.field) == ["day"])
        #expect(
            SafetyModel.checkProblems(model, checks: checks, key: "other", day: nil, today: today).map(\.field)
                == ["check", "day"])
        var down = model
        down.stoodDownOn = day("2026-12-09")
        #expect(
            SafetyModel.checkProblems(down, checks: checks, key: "meds", day: day("2026-12-09"), today: today)
                .map(\.field) == ["day"])
        #expect(
            SafetyModel.checkProblems(down, checks: checks, key: "meds", day: day("2026-12-08"), today: today).isEmpty)
    }

    @Test func aVerificationNamesHowWhatAndWhetherItHeld() {
        let today = day("2026-12-10")
        #expect(
            SafetyModel.verificationProblems(
                model, checks: checks, method: .spotCall, key: "welfare", day: today, held: false,
                found: "Night check recorded but not done for room 4.", today: today
            ).isEmpty)
        #expect(
            SafetyModel.verificationProblems(
                model, checks: checks, method: nil, key: nil, day: nil, held: nil, found: " a ", today: today
            ).map(\.field) == ["method", "check", "day", "held", "found"])
    }

    @Test func onlyAModelThatRanIsReSigned() {
        #expect(SafetyModel.reSignProblems(model, today: day("2026-12-20")).isEmpty)  // lapsed: re-signing restores it
        #expect(SafetyModel.reSignProblems(model, today: day("2026-11-30")).map(\.field) == ["re_sign"])
        var down = model
        down.stoodDownOn = day("2026-12-05")
        #expect(SafetyModel.reSignProblems(down, today: day("2026-12-06")).map(\.field) == ["re_sign"])
    }

    @Test func aModelStartsWithinFourWeeksOfTodayAndSaysWhoChecks() {
        let today = day("2026-12-10")
        func fields(
            _ start: Day?, _ end: Day? = nil, title: String = "Medicines checks", who: String = "Carers"
        )
            -> [String]
        {
            SafetyModel.setUpProblems(
                title: title, startDay: start, plannedEndDay: end ?? start, completedBy: who, verifiedBy: "The RM",
                today: today
            ).map(\.field)
        }
        #expect(fields(today.adding(days: -28)).isEmpty)  // already running when Grip took it on
        #expect(fields(today.adding(days: 28)).isEmpty)
        #expect(fields(today.adding(days: -29)) == ["start_day"])
        #expect(fields(today.adding(days: 29)) == ["start_day"])
        #expect(fields(nil) == ["start_day", "planned_end_day"])
        #expect(fields(today, title: "  a ", who: "") == ["title", "completed_by"])
    }
}
