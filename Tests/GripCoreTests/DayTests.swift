import Foundation
import Testing
@testable import GripCore

@Suite struct DayTests {
    @Test func padsWithLeadingZerosToTheWidth() {
        #expect(Day.padded(7, 2) == "07")
        #expect(Day.padded(0, 4) == "0000")
        #expect(Day.padded(12, 2) == "12")
        #expect(Day.padded(123, 2) == "123")
        #expect(Day.padded(2026, 4) == "2026")
    }

    @Test func isoMatchesThePrintfFormEveryDayForTenYears() {
        let start = Day(year: 2020, month: 1, day: 1)!
        for offset in 0..<3653 {
            let d = start.adding(days: offset)
            #expect(d.iso == String(format: "%04d-%02d-%02d", d.year, d.month, d.day))
            #expect(Day(iso: d.iso) == d)
        }
        #expect(Day(year: 999, month: 2, day: 3)?.iso == "0999-02-03")
    }

    @Test func parsesStrictISODays() {
        #expect(Day(iso: "2026-03-03") == Day(year: 2026, month: 3, day: 3))
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2025-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "2026-04-31") == nil)
        #expect(Day(iso: "2026-3-3") == nil)
        #expect(Day(iso: "03/03/2026") == nil)
        #expect(Day(iso: "") == nil)
        #expect(Day(iso: "2026-03-03T10:00") == nil)
        #expect(Day(iso: "２０２６-03-03") == nil)
    }

    @Test func leapYearRules() {
        #expect(Day(iso: "2000-02-29") != nil)
        #expect(Day(iso: "1900-02-29") == nil)
        #expect(Day(iso: "2100-02-29") == nil)
    }

    @Test func arithmeticCrossesMonthsYearsAndLeapDays() {
        let d = Day(iso: "2024-02-28")!
        #expect(d.adding(days: 1).iso == "2024-02-29")
        #expect(d.adding(days: 2).iso == "2024-03-01")
        #expect(Day(iso: "2025-12-31")!.adding(days: 1).iso == "2026-01-01")
        #expect(Day(iso: "2026-01-01")!.adding(days: -1).iso == "2025-12-31")
        #expect(Day(iso: "2026-03-10")!.days(since: Day(iso: "2026-02-10")!) == 28)
        #expect(Day(iso: "1970-01-01")!.ordinal == 0)
    }

    @Test func ordinalRoundTripsOverDecades() {
        var d = Day(iso: "1999-12-25")!
        for _ in 0..<12000 {
            #expect(Day(ordinal: d.ordinal) == d)
            #expect(Day(iso: d.iso) == d)
            d = d.adding(days: 3)
        }
    }

    @Test func ordersChronologically() {
        #expect(Day(iso: "2026-01-31")! < Day(iso: "2026-02-01")!)
        #expect(!(Day(iso: "2026-02-01")! < Day(iso: "2026-02-01")!))
    }

    @Test func ukFormat() {
        #expect(Day(iso: "2026-03-03")!.ukFormat == "3 March 2026")
        #expect(Day(iso: "2026-12-25")!.ukFormat == "25 December 2026")
    }

    @Test func todayIsTheLondonCalendarDay() {
        // 23:30 UTC on 30 June is already 1 July in London (BST, UTC+1).
        let summer = ISO8601DateFormatter().date(from: "2026-06-30T23:30:00Z")!
        #expect(Day.today(now: summer).iso == "2026-07-01")
        // 23:30 UTC on 30 December is still 30 December in London (GMT).
        let winter = ISO8601DateFormatter().date(from: "2026-12-30T23:30:00Z")!
        #expect(Day.today(now: winter).iso == "2026-12-30")
    }

    @Test func codableAsISOString() throws {
        let data = try JSONEncoder().encode(["d": Day(iso: "2026-05-01")!])
        #expect(String(decoding: data, as: UTF8.self) == #"{"d":"2026-05-01"}"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: Day].self, from: Data(#"{"d":"2026-02-30"}"#.utf8))
        }
    }

    @Test func ukTimeUsesLondonClock() {
        let t = ISO8601DateFormatter().date(from: "2026-07-01T13:05:00Z")!
        #expect(UKTime.format(t) == "1 July 2026 at 14:05")
    }
}
