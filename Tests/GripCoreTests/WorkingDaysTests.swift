import Foundation
import Testing
@testable import GripCore

@Suite struct WorkingDaysTests {
    let holidays = BankHolidays.shipped

    func day(_ s: String) -> Day { Day(iso: s)! }
    func instant(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    @Test func theShippedListIsEnglandsFor2025To2028() {
        #expect(holidays.years == 2025...2028)
        #expect(holidays.days.count == 32)
        #expect(holidays.days[day("2026-04-03")] == "Good Friday")
        #expect(holidays.days[day("2026-12-28")] == "Boxing Day (substitute day)")
        #expect(holidays.days[day("2027-12-27")] != nil && holidays.days[day("2027-12-28")] != nil)
        #expect(holidays.days[day("2028-01-03")] != nil)
        // Every one falls on a weekday (substitute days move weekend holidays to the Monday or Tuesday).
        #expect(holidays.days.keys.allSatisfy { BankHolidays.weekday($0) < 5 })
        #expect(holidays.covers(day("2028-12-31")) && !holidays.covers(day("2029-01-01")))
    }

    @Test func weekdaysAreCountedFromMonday() {
        #expect(BankHolidays.weekday(day("2026-12-07")) == 0)  // a Monday
        #expect(BankHolidays.weekday(day("2026-12-13")) == 6)
        #expect(BankHolidays.weekday(day("1970-01-01")) == 3)
        #expect(BankHolidays.weekday(day("1969-12-29")) == 0)  // before the epoch too
    }

    @Test func workingDaysSkipWeekendsAndBankHolidays() {
        #expect(holidays.workingDay(1, after: day("2026-12-07")) == day("2026-12-08"))
        #expect(holidays.workingDay(1, after: day("2026-12-04")) == day("2026-12-07"))  // Friday → Monday
        #expect(holidays.workingDay(1, after: day("2026-12-05")) == day("2026-12-07"))  // from a Saturday
        // Christmas 2026: Friday 25th, Boxing Day's substitute Monday 28th.
        #expect(holidays.workingDay(1, after: day("2026-12-24")) == day("2026-12-29"))
        // Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        #expect(holidays.workingDay(2, after: day("2026-04-02")) == day("2026-04-08"))
        #expect(holidays.workingDay(0, after: day("2026-04-03")) == day("2026-04-03"))
        #expect(!holidays.isWorkingDay(day("2026-04-06")) && holidays.isWorkingDay(day("2026-04-07")))
        // Beyond the list only weekends are skipped.
        #expect(holidays.workingDay(1, after: day("2029-12-24")) == day("2029-12-25"))
    }

    @Test func aTimeToActAcrossABankHolidayEndsOnItsWorkingDay() {
        // Fired on Thursday 2 April 2026 (BST) at 16:00; two working days skip Good Friday, the weekend and Easter
        // Monday: the end of Wednesday 8 April, London (23:00 UTC).
        let fired = instant("2026-04-02T15:00:00Z")
        #expect(
            TimeToAct.workingDays(2).deadline(firedAt: fired, holidays: holidays) == instant("2026-04-08T23:00:00Z"))
        // Without the bank holidays it would have been Monday's end.
        let none = BankHolidays(days: [day("2030-01-01"): "x"])
        #expect(TimeToAct.workingDays(2).deadline(firedAt: fired, holidays: none) == instant("2026-04-06T23:00:00Z"))
    }

    @Test func aTimeToActAcrossTheClockChangeKeepsLondonsDay() {
        // Clocks went forward at 01:00 UTC on Sunday 29 March 2026. Fired on Friday 27th at 18:00 GMT: one working
        // day is Monday 30th, which ends at midnight BST = 23:00 UTC.
        let fired = instant("2026-03-27T18:00:00Z")
        #expect(
            TimeToAct.workingDays(1).deadline(firedAt: fired, holidays: holidays) == instant("2026-03-30T23:00:00Z"))
        // The same day, fired on Saturday 28th: midnight GMT.
        #expect(
            TimeToAct.sameDay.deadline(firedAt: instant("2026-03-28T10:00:00Z"), holidays: holidays)
                == instant("2026-03-29T00:00:00Z"))
        // Hours are real hours: 24 of them across the change end at 12:00 UTC the next day (13:00 BST).
        #expect(
            TimeToAct.hours(24).deadline(firedAt: instant("2026-03-28T12:00:00Z"), holidays: holidays)
                == instant("2026-03-29T12:00:00Z"))
        // In October the clocks go back (25 October 2026): the same day ends at midnight GMT.
        #expect(
            TimeToAct.sameDay.deadline(firedAt: instant("2026-10-25T00:30:00Z"), holidays: holidays)
                == instant("2026-10-26T00:00:00Z"))
        // 23:30 UTC on 24 October is already the 25th in London (BST): its end is the 25th's.
        #expect(
            TimeToAct.sameDay.deadline(firedAt: instant("2026-10-24T23:30:00Z"), holidays: holidays)
                == instant("2026-10-26T00:00:00Z"))
    }

    @Test func aDeadlineIsSaidAsPeopleSayIt() {
        #expect(TimeToAct.describe(instant("2026-12-09T00:00:00Z")) == "the end of 8 December 2026")
        #expect(TimeToAct.describe(instant("2026-04-08T23:00:00Z")) == "the end of 8 April 2026")  // BST
        #expect(TimeToAct.describe(instant("2026-12-09T14:05:00Z")) == "9 December 2026 at 14:05")
    }

    @Test func timesToActAreWrittenAsCodes() throws {
        for t in [TimeToAct.sameDay, .hours(4), .workingDays(2)] {
            #expect(TimeToAct(code: t.code) == t)
            let data = try JSONEncoder().encode([t])
            #expect(try JSONDecoder().decode([TimeToAct].self, from: data) == [t])
        }
        #expect(TimeToAct.workingDays(1).label == "1 working day")
        #expect(TimeToAct.hours(4).label == "4 hours")
        for bad in ["", "same_day:1", "hours", "hours:0", "hours:73", "working_days:11", "days:2", "hours:x"] {
            #expect(TimeToAct(code: bad) == nil, "\(bad)")
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([TimeToAct].self, from: Data("[\"soon\"]".utf8))
        }
    }

    @Test func aReplacementFileIsGOVUKsOwnFormat() throws {
        let file = """
            {"england-and-wales": {"division": "england-and-wales", "events": [
              {"title": "New Year’s Day", "date": "2029-01-01", "notes": "", "bunting": true}]},
             "scotland": {"division": "scotland", "events": []}}
            """
        let list = try BankHolidays.parse(Data(file.utf8))
        #expect(list.days == [day("2029-01-01"): "New Year’s Day"])
        #expect(list.years == 2029...2029)
    }

    @Test func aBadFileIsRefusedNamingWhy() {
        func problem(_ text: String) -> BankHolidays.Problem? {
            do {
                _ = try BankHolidays.parse(Data(text.utf8))
                return nil
            } catch { return error }
        }
        #expect(problem("not json") == .notJSON)
        #expect(problem("{\"scotland\": {\"events\": []}}") == .noDivision)
        #expect(problem("{\"england-and-wales\": {\"events\": []}}") == .empty)
        #expect(
            problem("{\"england-and-wales\": {\"events\": [{\"title\": \"X\", \"date\": \"2029-02-30\"}]}}")
                == .badEvent(index: 0, reason: "\"date\" must be a day written YYYY-MM-DD."))
        #expect(
            problem("{\"england-and-wales\": {\"events\": [{\"date\": \"2029-01-01\"}]}}")?.description
                == "Bank holiday 1: \"title\" is missing (2029-01-01).")
    }
}
