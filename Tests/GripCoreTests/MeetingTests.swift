import Foundation
import Testing
@testable import GripCore

@Suite struct MeetingRulesTests {
    let day = Day(iso: "2026-06-10")!

    @Test func minutesStartFromTheMeetingsDayAndLockOnApproval() {
        #expect(MeetingRules.canStart(status: .scheduled, day: day, today: day) == nil)
        #expect(
            MeetingRules.canStart(status: .scheduled, day: day.adding(days: 1), today: day)
                == .notYet(day.adding(days: 1)))
        #expect(MeetingRules.canStart(status: .held, day: day, today: day) == nil)
        #expect(MeetingRules.canStart(status: .approved, day: day, today: day) == .locked)
        #expect(MeetingRules.canChangeMinutes(status: .scheduled) == .notStarted)
        #expect(MeetingRules.canChangeMinutes(status: .held) == nil)
        #expect(MeetingRules.canChangeMinutes(status: .approved) == .locked)
        #expect(MeetingRules.canAddAddendum(status: .approved) == nil)
        #expect(MeetingRules.canAddAddendum(status: .held) == .notApproved)
        #expect(MinutesRefusal.notYet(day).message.contains("10 June 2026"))
        #expect(MinutesRefusal.locked.message.contains("addendum"))
    }

    @Test func approvalNeedsSomeonePresent() {
        #expect(MeetingRules.approvalProblems(attendance: []).map(\.field) == ["attendance"])
        #expect(MeetingRules.approvalProblems(attendance: [.apologies, .absent]).map(\.field) == ["attendance"])
        #expect(MeetingRules.approvalProblems(attendance: [.apologies, .present]).isEmpty)
    }

    @Test func schedulingRefusesMissingDuplicateAndFarDays() {
        #expect(MeetingRules.scheduleProblems(day: nil, today: day, existing: []).map(\.field) == ["day"])
        #expect(MeetingRules.scheduleProblems(day: day, today: day, existing: [day])[0].message.contains("already"))
        #expect(MeetingRules.scheduleProblems(day: day.adding(days: 367), today: day, existing: []).count == 1)
        #expect(MeetingRules.scheduleProblems(day: day.adding(days: 366), today: day, existing: []).isEmpty)
        #expect(MeetingRules.scheduleProblems(day: day.adding(days: -367), today: day, existing: []).count == 1)
        #expect(MeetingRules.scheduleProblems(day: day.adding(days: -14), today: day, existing: [day]).isEmpty)
    }

    @Test func nextMeetingIsDueOneCadenceAfterTheLastHeld() {
        #expect(MeetingRules.nextDue(lastHeld: nil, cadenceDays: 14, today: day) == day)
        #expect(MeetingRules.nextDue(lastHeld: day, cadenceDays: 28, today: day) == day.adding(days: 28))
        #expect(MeetingRules.nextDue(lastHeld: day, cadenceDays: 0, today: day) == day.adding(days: 1))
    }

    @Test func meetingsHeldSinceClosureCountOnlyBetweenClosureAndTheMeeting() {
        let closed = day.adding(days: -30)
        #expect(MeetingRules.heldSinceClosure(closedOn: closed, heldDays: [], before: day) == nil)
        // On the closure day itself does not count; the meeting being prepared does not count itself.
        let held = [closed, closed.adding(days: 14), day, closed.adding(days: -14)]
        #expect(MeetingRules.heldSinceClosure(closedOn: closed, heldDays: held, before: day) == 1)
        #expect(MeetingRules.heldSinceClosure(closedOn: closed, heldDays: held, before: day.adding(days: 1)) == 2)
        // Held meetings exist but none since closure: zero, so the item stays (not nil, which would count by cadence).
        #expect(MeetingRules.heldSinceClosure(closedOn: day, heldDays: [closed], before: day.adding(days: 100)) == 0)
    }

    @Test func monitoringLeavesAfterTwoHeldMeetingsNotByCalendar() {
        let closed = day.adding(days: -200)
        let held = MeetingRules.heldSinceClosure(closedOn: closed, heldDays: [closed.adding(days: 150)], before: day)
        #expect(Monitoring.isInWindow(closedOn: closed, cadenceDays: 14, meetingsHeldSinceClosure: held, today: day))
        let twice = MeetingRules.heldSinceClosure(
            closedOn: closed, heldDays: [closed.adding(days: 1), closed.adding(days: 2)], before: day)
        #expect(
            !Monitoring.isInWindow(closedOn: closed, cadenceDays: 1000, meetingsHeldSinceClosure: twice, today: day))
    }

    @Test func challengeNamesWhoWhatAndTheAnswer() {
        #expect(
            MeetingRules.challengeProblems(challengerChosen: false, challenge: " ", answer: "").map(\.field) == [
                "challenger", "challenge", "answer"
            ])
        #expect(
            MeetingRules.challengeProblems(challengerChosen: true, challenge: "Why late?", answer: "Agency cover")
                .isEmpty)
        let long = String(repeating: "x", count: MeetingRules.maxText + 1)
        #expect(
            MeetingRules.challengeProblems(challengerChosen: true, challenge: long, answer: "a").map(\.field) == [
                "challenge"
            ])
    }

    @Test func decisionNeedsTextOwnerAndADueDayOnOrAfterTheMeeting() {
        #expect(
            MeetingRules.decisionProblems(text: "", ownerChosen: false, dueDay: nil, meetingDay: day).map(\.field) == [
                "decision", "owner", "due_day"
            ])
        #expect(
            MeetingRules.decisionProblems(
                text: "Audit all MAR charts", ownerChosen: true, dueDay: day.adding(days: -1), meetingDay: day
            ).map(\.field) == ["due_day"])
        #expect(
            MeetingRules.decisionProblems(text: "Audit all MAR charts", ownerChosen: true, dueDay: day, meetingDay: day)
                .isEmpty)
    }

    @Test func completionAndAddendaNeedWords() {
        #expect(MeetingRules.completionProblems(status: .open, note: "").map(\.field) == ["note"])
        #expect(MeetingRules.completionProblems(status: .done, note: "done").map(\.field) == ["status"])
        #expect(MeetingRules.completionProblems(status: .open, note: "Audit done 12 June").isEmpty)
        #expect(MeetingRules.addendumProblems("  ").map(\.field) == ["text"])
        #expect(MeetingRules.discussionProblems("").isEmpty)
        #expect(MeetingRules.discussionProblems(String(repeating: "y", count: 4001)).map(\.field) == ["discussion"])
    }
}

@Suite struct ICalendarTests {
    let stamp = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func documentHasTheRequiredPropertiesAndCRLF() {
        let e = CalendarEvent(
            uid: "m-1@grip", day: Day(iso: "2026-03-03")!, summary: "Oakwood recovery meeting", description: "Agenda",
            url: "https://grip.example/meetings/1")
        let doc = ICalendar.document(name: "Grip – Sarah", events: [e], stamp: stamp)
        #expect(doc.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
        #expect(doc.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!doc.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(doc.contains("\r\nDTSTART;VALUE=DATE:20260303\r\nDTEND;VALUE=DATE:20260304\r\n"))
        #expect(doc.contains("\r\nDTSTAMP:20260528T"))
        #expect(doc.contains("UID:m-1@grip"))
        #expect(doc.components(separatedBy: "BEGIN:VEVENT").count == 2)
    }

    @Test func textIsEscaped() {
        #expect(ICalendar.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        #expect(ICalendar.escape("tab\there") == "tabhere")
    }

    @Test func longLinesFoldAt75OctetsWithoutSplittingCharacters() {
        let line = "SUMMARY:" + String(repeating: "é", count: 100)
        let folded = ICalendar.fold(line)
        let parts = folded.components(separatedBy: "\r\n")
        #expect(parts.count > 1)
        for p in parts { #expect(p.utf8.count <= 75) }
        #expect(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(
            parts.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == line)
        #expect(ICalendar.fold("SHORT:x") == "SHORT:x")
    }

    @Test func eventsAreInDayOrder() {
        let a = CalendarEvent(uid: "b", day: Day(iso: "2026-03-04")!, summary: "later")
        let b = CalendarEvent(uid: "a", day: Day(iso: "2026-03-03")!, summary: "earlier")
        let doc = ICalendar.document(name: "x", events: [a, b], stamp: stamp)
        #expect(doc.range(of: "earlier")!.lowerBound < doc.range(of: "later")!.lowerBound)
    }
}
