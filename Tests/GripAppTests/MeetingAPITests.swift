import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

@Suite struct MeetingAPITests {
    var today: Day { Day.today(now: Date()) }

    @Test func routesMeetingsAgendaMinutesAndDecisionsOverTheAPI() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)
            a.nextReviewDay = today.iso
            try await a.update(on: app.db)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let routes = try await api.send(.GET, "/api/v1/routes")
            #expect(routes.status == .ok)
            let items = routes.json["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { $0["name"] as? String } == ["Recovery meeting"])
            #expect(items.first?["next_due"] as? String == today.iso)
            // Bad input named, nothing written.
            let bad = try await api.json(.POST, "/api/v1/routes/\(f.rid("a"))/meetings", ["day": "2026-02-30"])
            #expect(bad.status == .badRequest || bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("day"))
            #expect(try await count(Meeting.self, app) == 0)
            let created = try await api.json(.POST, "/api/v1/routes/\(f.rid("a"))/meetings", ["day": today.iso])
            #expect(created.status == .created)
            let mid = try #require(created.json["id"] as? String)
            let live = try await api.send(.GET, "/api/v1/meetings/\(mid)/agenda")
            #expect(live.json["fixed"] as? Bool == false)
            #expect((live.json["items"] as? [[String: Any]])?.first?["action_id"] as? String == a.id!.uuidString)
            #expect(try await api.json(.POST, "/api/v1/meetings/\(mid)/start", ["version": 7]).status == .conflict)
            let started = try await api.json(.POST, "/api/v1/meetings/\(mid)/start", ["version": 1])
            #expect(started.status == .ok && started.json["status"] as? String == "held")
            let agenda = try await api.send(.GET, "/api/v1/meetings/\(mid)/agenda")
            #expect(agenda.json["fixed"] as? Bool == true)
            let itemID = try #require((agenda.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            var version = started.json["version"] as? Int ?? 0
            let att = try await api.json(
                .PUT, "/api/v1/meetings/\(mid)/attendance",
                [
                    "version": version, "others_present": "",
                    "attendance": [["user_id": f.id("rm").uuidString, "presence": "present"]]
                ])
            #expect(att.status == .ok)
            version = att.json["version"] as? Int ?? 0
            #expect(
                try await api.json(
                    .PUT, "/api/v1/meetings/\(mid)/items/\(itemID)/discussion",
                    ["discussion": "Gaps on nights", "version": 1]
                ).status == .ok)
            let noAnswer = try await api.json(
                .POST, "/api/v1/meetings/\(mid)/items/\(itemID)/challenges",
                ["challenger_id": f.id("ql").uuidString, "challenge": "Why?", "answer": ""])
            #expect(noAnswer.status == .unprocessableEntity && noAnswer.problemFields == ["answer"])
            #expect(
                try await api.json(
                    .POST, "/api/v1/meetings/\(mid)/items/\(itemID)/challenges",
                    ["challenger_id": f.id("ql").uuidString, "challenge": "Why?", "answer": "Agency"]
                ).status == .created)
            let decision = try await api.json(
                .POST, "/api/v1/meetings/\(mid)/items/\(itemID)/decisions",
                [
                    "text": "Induct agency nurses", "owner_id": f.id("rm").uuidString,
                    "due_day": today.adding(days: 7).iso
                ])
            #expect(
                decision.status == .created
                    && (decision.json["owner"] as? [String: Any])?["name"] as? String == "Rita Manager")
            let follow = try await api.json(
                .POST, "/api/v1/meetings/\(mid)/items/\(itemID)/follow-ups",
                [
                    "title": "Night induction", "lead_id": f.id("staff").uuidString,
                    "reviewer_id": f.id("rm").uuidString,
                    "due_day": today.adding(days: 14).iso
                ])
            #expect(follow.status == .created && follow.json["title"] as? String == "Night induction")
            version = try await Meeting.find(UUID(uuidString: mid), on: app.db)!.version
            let approved = try await api.json(.POST, "/api/v1/meetings/\(mid)/approve", ["version": version])
            #expect(approved.status == .ok && approved.json["status"] as? String == "approved")
            // Locked over the API too.
            #expect(
                try await api.json(
                    .PUT, "/api/v1/meetings/\(mid)/items/\(itemID)/discussion", ["discussion": "Changed", "version": 2]
                ).status == .conflict)
            #expect(
                try await api.json(
                    .POST, "/api/v1/meetings/\(mid)/items/\(itemID)/decisions",
                    ["text": "Late", "owner_id": f.id("rm").uuidString, "due_day": today.adding(days: 7).iso]
                ).status == .conflict)
            #expect(
                try await api.json(
                    .PUT, "/api/v1/meetings/\(mid)/attendance",
                    ["version": version + 1, "attendance": [[String: Any]]()]
                ).status == .conflict)
            #expect(
                try await api.json(.POST, "/api/v1/meetings/\(mid)/addenda", ["text": "Correction"]).status == .created)
            let minutes = try await api.send(.GET, "/api/v1/meetings/\(mid)/minutes")
            let first = (minutes.json["items"] as? [[String: Any]])?.first
            #expect(first?["discussion"] as? String == "Gaps on nights")
            #expect(
                (first?["challenges"] as? [[String: Any]])?.count == 1
                    && (first?["follow_up_action_ids"] as? [String])?.count == 1)
            #expect(((minutes.json["meeting"] as? [String: Any])?["addenda"] as? [[String: Any]])?.count == 1)
            // The decision log.
            let log = try await api.send(.GET, "/api/v1/decisions?q=AGENCY&status=open")
            let did = try #require((log.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await api.send(.GET, "/api/v1/decisions?status=nope").status == .badRequest)
            #expect(
                try await api.json(.POST, "/api/v1/decisions/\(did)/done", ["note": "", "version": 1]).problemFields
                    == ["note"])
            let done = try await api.json(
                .POST, "/api/v1/decisions/\(did)/done", ["note": "All inducted", "version": 1])
            #expect(done.status == .ok && done.json["status"] as? String == "done")
            #expect(
                try await api.send(.GET, "/api/v1/meetings?route=\(f.rid("a"))&status=approved").json["metadata"]
                    as? [String: Int] == ["page": 1, "per": 50, "total": 1])
        }
    }

    @Test func rolesAndOtherOrganisations() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let m = try await MeetingService(db: app.db, actor: try f.actor("rm"), today: today).schedule(
                routeID: f.rid("a"), day: today)
            #expect(try await APIClient(app: app, token: nil).send(.GET, "/api/v1/meetings").status == .unauthorized)
            let commissioner = try await APIClient.make(app, for: f.users["commissioner"]!)
            #expect(try await commissioner.send(.GET, "/api/v1/meetings").status == .forbidden)
            #expect(try await commissioner.send(.GET, "/api/v1/routes").status == .forbidden)
            let staff = try await APIClient.make(app, for: f.users["staff"]!)
            #expect(try await staff.send(.GET, "/api/v1/meetings/\(m.id!)").status == .ok)
            #expect(try await staff.json(.POST, "/api/v1/meetings/\(m.id!)/start", ["version": 1]).status == .forbidden)
            let other = try await APIClient.make(app, for: f.users["rmB"]!)
            #expect(try await other.send(.GET, "/api/v1/meetings/\(m.id!)").status == .notFound)
            #expect(try await other.send(.GET, "/api/v1/meetings/\(m.id!)/agenda").status == .notFound)
            #expect(try await other.json(.POST, "/api/v1/meetings/\(m.id!)/start", ["version": 1]).status == .notFound)
            #expect(try await other.send(.GET, "/api/v1/routes/\(f.rid("a"))").status == .notFound)
            #expect((try await other.send(.GET, "/api/v1/meetings").json["items"] as? [Any])?.isEmpty == true)
            #expect(try await Meeting.find(m.id, on: app.db)?.status == .scheduled)
        }
    }
}

@Suite struct CalendarFeedTests {
    var today: Day { Day.today(now: Date()) }

    func token(from body: String) -> String? {
        guard let r = body.range(of: "/calendar/") else { return nil }
        let rest = body[r.upperBound...]
        guard let end = rest.range(of: ".ics") else { return nil }
        return String(rest[..<end.lowerBound])
    }

    /// Structural RFC 5545 checks: CRLF lines of at most 75 octets, balanced components, required properties.
    func checkICalendar(_ text: String) {
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.utf8.count <= 75 && !$0.contains("\n") && !$0.contains("\r") })
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").dropLast()
        #expect(unfolded.contains("VERSION:2.0") && unfolded.contains { $0.hasPrefix("PRODID:") })
        var inEvent = false, props = Set<String>()
        for l in unfolded {
            let name = String(l.prefix { $0 != ":" && $0 != ";" })
            if l == "BEGIN:VEVENT" {
                #expect(!inEvent); inEvent = true; props = []
            } else if l == "END:VEVENT" {
                #expect(inEvent && props.isSuperset(of: ["UID", "DTSTAMP", "DTSTART"])); inEvent = false
            } else if inEvent {
                props.insert(name)
            }
        }
        #expect(!inEvent)
    }

    @Test func aSecretFeedOfTheirOwnScopeThatStopsWhenReset() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)  // staff leads, rm reviews, service one
            _ = try await MeetingService(db: app.db, actor: try f.actor("rm"), today: today).schedule(
                routeID: f.rid("a"), day: today.adding(days: 3))
            let b = try await f.createActionB(app)
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            #expect(try await rm.get("/account/calendar").body.string.contains("no calendar feed"))
            let made = try await rm.post("/account/calendar", [])
            #expect(made.status == .ok)
            let secret = try #require(token(from: made.body.string))
            #expect(try await User.find(f.id("rm"), on: app.db)?.calendarTokenHash == Digests.sha256(secret))
            let feed = try await Browser(app).get("/calendar/\(secret).ics")
            #expect(feed.status == .ok)
            #expect(feed.headers.contentType?.subType == "calendar")
            let text = feed.body.string
            checkICalendar(text)
            #expect(text.contains("SUMMARY:Recovery meeting meeting"))
            #expect(text.contains("Review due: \(a.reference)"))
            #expect(!text.contains(b.id!.uuidString))
            // Staff of another service see nothing of service one's action; other organisation nothing at all.
            let staff2 = try await Browser.signedIn(app, "staff2@alpha.example")
            let s2 = try #require(token(from: try await staff2.post("/account/calendar", []).body.string))
            let staff2Feed = try await Browser(app).get("/calendar/\(s2).ics").body.string
            checkICalendar(staff2Feed)
            #expect(!staff2Feed.contains(a.reference) && !staff2Feed.contains("BEGIN:VEVENT"))
            let commissioner = try await Browser.signedIn(app, "commissioner@alpha.example")
            let c = try #require(token(from: try await commissioner.post("/account/calendar", []).body.string))
            let commissionerFeed = try await Browser(app).get("/calendar/\(c).ics")
            #expect(commissionerFeed.status == .ok)
            checkICalendar(commissionerFeed.body.string)
            #expect(!commissionerFeed.body.string.contains("meeting"))
            // Reset: the old address stops working; the new one works. Stop: none works.
            let again = try #require(token(from: try await rm.post("/account/calendar", []).body.string))
            #expect(again != secret)
            #expect(try await Browser(app).get("/calendar/\(secret).ics").status == .notFound)
            #expect(try await Browser(app).get("/calendar/\(again).ics").status == .ok)
            #expect(try await rm.post("/account/calendar/stop", []).status == .seeOther)
            #expect(try await Browser(app).get("/calendar/\(again).ics").status == .notFound)
            #expect(try await Browser(app).get("/calendar/not-a-token.ics").status == .notFound)
            // Without the CSRF token, no reset.
            #expect(try await rm.post("/account/calendar", [], csrf: false).status == .forbidden)
        }
    }
}

@Suite struct NotificationTests {
    var today: Day { Day.today(now: Date()) }

    @Test func myWorkListsWhatIsNewAndWhatIsLate() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let a = try await f.createAction(app)  // staff leads
            let staff = try await Browser.signedIn(app, "staff@alpha.example")
            let fresh = try await staff.get("/").body.string
            #expect(fresh.contains("Assigned to you") && fresh.contains("You are the lead of \(a.reference)"))
            a.nextReviewDay = today.adding(days: -2).iso
            try await a.update(on: app.db)
            #expect(try await staff.get("/").body.string.contains("Review overdue"))
            // A commissioner's response on an escalation shows for the provider's manager.
            let rmActor = try f.actor("rm")
            let e = try await EscalationService(db: app.db, actor: rmActor, today: today).create(
                .init(
                    serviceID: f.sid("one"), category: .staffing, facts: "Five carers left.",
                    safeguards: "Agency cover.", actionsTaken: "Recruiting.",
                    supportNeeded: "Funding.", respondBy: today.adding(days: 3), jointReviewDay: nil, raiseNow: true))
            let rm = try await Browser.signedIn(app, "rm@alpha.example")
            let rmHome = try await rm.get("/").body.string
            #expect(!rmHome.contains("Escalation response"))
            // Rita created the action herself: naming herself reviewer is not news to her.
            #expect(!rmHome.contains("You are the senior reviewer of \(a.reference)"))
            _ = try await EscalationService(db: app.db, actor: try f.actor("commissioner"), today: today).respond(
                e.id, text: "Funding agreed.")
            let withResponse = try await rm.get("/").body.string
            #expect(
                withResponse.contains("Escalation response")
                    && withResponse.contains("Cal Commissioner responded on \(e.reference)"))
            // A decision I own is on my list, marked overdue when late.
            let s = MeetingService(db: app.db, actor: rmActor, today: today.adding(days: -10))
            var m = try await s.schedule(routeID: f.rid("a"), day: today.adding(days: -10))
            m = try await s.start(m.id, version: m.version)
            let item = try await MeetingItem.query(on: app.db).filter(\.$meeting.$id == m.id!).first()!
            _ = try await s.addDecision(
                m.id, itemID: item.id, text: "Recruit two night carers", ownerID: f.id("staff"),
                dueDay: today.adding(days: -1))
            let late = try await staff.get("/").body.string
            #expect(late.contains("Decision you own") && late.contains("Recruit two night carers"))
        }
    }
}
