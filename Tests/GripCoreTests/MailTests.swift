import Foundation
import Testing

@testable import GripCore

@Suite struct MailTests {
    @Test func preferencesSayWhatEachSends() {
        #expect(MailPreference.digest.wantsDigest && !MailPreference.digest.wantsImmediate)
        #expect(MailPreference.immediate.wantsDigest && MailPreference.immediate.wantsImmediate)
        #expect(!MailPreference.none.wantsDigest && !MailPreference.none.wantsImmediate)
        #expect(MailPreference(rawValue: "weekly") == nil)
    }

    @Test func retriesBackOffThenGiveUpAfterThreeDays() {
        let queued = Date(timeIntervalSince1970: 1_000_000)
        #expect(MailRetry.delay(afterAttempt: 1) == 60)
        #expect(MailRetry.delay(afterAttempt: 2) == 300)
        #expect(MailRetry.delay(afterAttempt: 4) == 3600)
        #expect(MailRetry.delay(afterAttempt: 9) == 3 * 3600)
        #expect(MailRetry.next(attempts: 1, queuedAt: queued, now: queued) == queued.addingTimeInterval(60))
        // Two days on, a retry three hours later is still within the three days.
        let twoDays = queued.addingTimeInterval(2 * 86_400)
        #expect(MailRetry.next(attempts: 12, queuedAt: queued, now: twoDays) == twoDays.addingTimeInterval(3 * 3600))
        // Past three days, give up.
        let late = queued.addingTimeInterval(3 * 86_400 - 60)
        #expect(MailRetry.next(attempts: 20, queuedAt: queued, now: late) == nil)
    }

    @Test func theDigestIsDueFromSevenInTheMorningLondonTime() {
        // 2026-07-01 05:59 UTC is 06:59 BST: not yet; 06:00 UTC is 07:00 BST.
        #expect(DigestSchedule.dueDay(now: Date(timeIntervalSince1970: 1_782_885_540)) == nil)
        #expect(DigestSchedule.dueDay(now: Date(timeIntervalSince1970: 1_782_885_600)) == Day(iso: "2026-07-01"))
        // In December, London is UTC: 07:00 UTC.
        #expect(DigestSchedule.dueDay(now: Date(timeIntervalSince1970: 1_796_194_740)) == nil)
        #expect(DigestSchedule.dueDay(now: Date(timeIntervalSince1970: 1_796_194_800)) == Day(iso: "2026-12-02"))
    }

    @Test func theDigestListsHighestRiskFirstWithLinks() {
        let content = DigestContent(sections: [
            .init(
                title: "Reviews due",
                items: [
                    .init(
                        text: "A-2 Low risk", path: "/actions/2", when: "due 5 December 2026", overdue: false, risk: 4),
                    .init(
                        text: "A-1 Extreme", path: "/actions/1", when: "due 1 December 2026", overdue: true, risk: 20),
                    .init(text: "A-3 Low, late", path: "/actions/3", when: "", overdue: true, risk: 4)
                ]),
            .init(title: "Empty", items: [])
        ])
        #expect(content.sections.count == 1)
        #expect(content.count == 3 && content.overdue == 2)
        let (subject, body) = MailText.digest(
            to: "Sam", day: Day(iso: "2026-12-02")!, content: content,
            baseURL: "https://grip.example")
        #expect(subject == "Grip: 3 things due or waiting for you, 2 overdue (2 December 2026)")
        let first = body.range(of: "A-1 Extreme")!
        let late = body.range(of: "A-3 Low, late")!
        let low = body.range(of: "A-2 Low risk")!
        #expect(first.lowerBound < late.lowerBound && late.lowerBound < low.lowerBound)
        #expect(body.contains("- OVERDUE: A-1 Extreme – due 1 December 2026\n  https://grip.example/actions/1\n"))
        #expect(body.contains("Reviews due (3)\n---------------\n"))
        #expect(!body.contains("Empty"))
        #expect(body.contains("https://grip.example/account/mail"))
    }

    @Test func headersCannotBeInjectedAndNonASCIISubjectsAreEncoded() {
        #expect(MailFormat.headerValue("Hi\r\nBcc: x@y.z") == "Hi  Bcc: x@y.z")
        #expect(MailFormat.encodedWord("Plain subject") == "Plain subject")
        let encoded = MailFormat.encodedWord("Résumé – due")
        #expect(encoded == "=?UTF-8?B?" + Data("Résumé – due".utf8).base64EncodedString() + "?=")
        let long = MailFormat.encodedWord(String(repeating: "é", count: 40))
        #expect(long.components(separatedBy: "\r\n ").count == 2)
        let message = MailFormat.message(
            from: "Grip <grip@example.org>", to: "a@b.example", subject: "S\nX-Evil: 1",
            body: "Line", date: Date(timeIntervalSince1970: 0), messageID: "m1@grip")
        #expect(message.hasPrefix("From: Grip <grip@example.org>\r\nTo: a@b.example\r\nSubject: S X-Evil: 1\r\n"))
        #expect(message.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(message.contains("\r\n\r\nLine\r\n"))
    }

    @Test func quotedPrintableKeepsLinesShortAndEncodesWhatIsNotPlain() {
        #expect(MailFormat.quotedPrintable("a=b") == "a=3Db")
        #expect(MailFormat.quotedPrintable("café") == "caf=C3=A9")
        #expect(MailFormat.quotedPrintable("end ") == "end=20")
        #expect(MailFormat.quotedPrintable("one\ntwo") == "one\r\ntwo")
        let long = MailFormat.quotedPrintable(String(repeating: "x", count: 200))
        #expect(long.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(long.replacingOccurrences(of: "=\r\n", with: "") == String(repeating: "x", count: 200))
    }

    @Test func smtpDataDoublesLeadingDots() {
        #expect(MailFormat.dotStuffed("a\r\n.\r\n.b") == "a\r\n..\r\n..b")
    }

    @Test func addressesArePlausibleOrRefused() {
        #expect(MailFormat.isAddress("sam@care.example"))
        #expect(!MailFormat.isAddress("sam"))
        #expect(!MailFormat.isAddress("sam@localhost"))
        #expect(!MailFormat.isAddress("a b@c.example"))
        #expect(!MailFormat.isAddress("a@b.example\r\nRCPT TO:<x@y.z>"))
        #expect(!MailFormat.isAddress("@b.example"))
    }
}
