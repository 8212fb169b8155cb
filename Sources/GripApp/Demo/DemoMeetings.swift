import Fluent
import Foundation
import GripCore

/// A meeting history: three held Oakwood recovery meetings (two approved, one with an addendum),
/// an approved provider oversight group, and today's Oakwood meeting ready for minutes.
enum DemoMeetings {
    struct Minute {
        let discussion: String
        let challenge: (who: String, what: String, answer: String)?
        let decision: (text: String, owner: String, dueOffset: Int, done: String?)?
    }

    static func seed(db: any Database, users: [String: User], routes: [String: ReviewRoute], today: Day) async throws {
        let rm = try Actor(users["rm"]!), ni = try Actor(users["ni"]!)
        func id(_ k: String) -> UUID { users[k]!.id! }

        let oakwood: [(Int, [String: Presence], [Minute], String?)] = [
            (
                -42, ["rm": .present, "ql": .present, "staff": .apologies],
                [
                    Minute(
                        discussion:
                            """
                            MAR chart audit repeated: gaps on 4 of 14 charts, down from 6. Night medicines round \
                            still the weakest point.
                            """,
                        challenge: (
                            "ql", "Why are the night round gaps not falling when the day round has improved?",
                            """
                            Agency nurses on nights have not had the medicines induction; the manager will book \
                            it this week.
                            """
                        ),
                        decision: (
                            "Every agency nurse on nights completes the medicines induction before their first shift.",
                            "rm", 7, "Induction checklist in place; 9 of 9 agency nurses signed off."
                        )),
                    Minute(
                        discussion: "Two safeguarding concerns this fortnight, both referred the same day.",
                        challenge: (
                            "ql", "How do we know same-day referral is now the norm and not these two cases?",
                            """
                            The safeguarding log is reviewed daily by the manager and weekly by the quality lead; \
                            the log is attached as evidence.
                            """
                        ),
                        decision: nil)
                ], nil
            ),
            (
                -28, ["rm": .present, "ql": .present, "staff": .present],
                [
                    Minute(
                        discussion:
                            "Night staffing: third waking night in place four nights of seven; recruitment continuing.",
                        challenge: (
                            "ql",
                            "What covers the other three nights for the three people who need two carers to move?",
                            """
                            A floating senior from Maple Court on call within 10 minutes; rota shows this on \
                            every uncovered night.
                            """
                        ),
                        decision: (
                            "Report night cover by night, not by week, to the next meeting.", "rm", 14,
                            "Reported at the next meeting: 12 of 14 nights fully covered."
                        )),
                    Minute(
                        discussion: "Falls after the hip fracture: falls risk assessments reviewed for all 22 people.",
                        challenge: nil,
                        decision: ("Sensor mats for the five people at highest falls risk at night.", "staff", 21, nil))
                ],
                """
                Correction to item 1: the floating senior is on call within 15 minutes, not 10 (rota checked \
                after the meeting).
                """
            ),
            (
                -14, ["rm": .present, "ql": .present, "staff": .present],
                [
                    Minute(
                        discussion:
                            """
                            MAR audit: 2 of 14 charts with gaps. Controlled drugs checks weekly for four weeks \
                            running.
                            """,
                        challenge: (
                            "ql", "Is two gaps the new normal or still falling? What would tell us?",
                            """
                            The weekly MAR audit is now charted as an indicator; the chart will show if the fall \
                            holds.
                            """
                        ),
                        decision: (
                            "Keep the weekly MAR audit for eight more weeks before moving to monthly.", "rm", 56, nil
                        )),
                    Minute(
                        discussion: "Care plan reviews: 17 of 22 reviewed after a change in need; five outstanding.",
                        challenge: (
                            "ql", "Why are five still outstanding when the target was all by this meeting?",
                            "Two people were in hospital; three are booked with families next week."
                        ),
                        decision: ("Complete the five outstanding care plan reviews.", "staff", 5, nil))
                ], nil
            )
        ]
        for (offset, presence, minutes, addendum) in oakwood {
            try await hold(
                routes["oakwood"]!, day: today.adding(days: offset), by: rm, presence: presence.mapKeys(id),
                minutes: minutes,
                approve: offset != -14, addendum: addendum, users: users, db: db)
        }
        // The provider oversight group: monthly, across services, chaired by the nominated individual.
        try await hold(
            routes["oversight"]!, day: today.adding(days: -20), by: ni,
            presence: [id("ni"): .present, id("ql"): .present, id("rm"): .present, id("rm2"): .apologies],
            minutes: [
                Minute(
                    discussion:
                        """
                        Oakwood House: medicines and safeguarding improving; night staffing the main risk. Home \
                        care calls recovering.
                        """,
                    challenge: (
                        "ni", "What assurance do we have that Oakwood's improvement will hold when agency use falls?",
                        """
                        Re-audits are scheduled for two cycles after each closure; the SPC charts will show a \
                        shift if it slips.
                        """
                    ),
                    decision: (
                        "Present the SPC charts for medicines errors and falls at every oversight group.", "ql", 8, nil
                    ))
            ],
            approve: true, addendum: nil, users: users, db: db)
        // Today's Oakwood meeting, ready for its minutes; and the next oversight group.
        _ = try await MeetingService(db: db, actor: rm, today: today).schedule(
            routeID: routes["oakwood"]!.id, day: today)
        _ = try await MeetingService(db: db, actor: ni, today: today).schedule(
            routeID: routes["oversight"]!.id, day: today.adding(days: 8))
    }

    static func hold(
        _ route: ReviewRoute, day: Day, by actor: Actor, presence: [UUID: Presence], minutes: [Minute], approve: Bool,
        addendum: String?, users: [String: User], db: any Database
    ) async throws {
        let svc = MeetingService(db: db, actor: actor, today: day)
        var m = try await svc.schedule(routeID: route.id, day: day)
        m = try await svc.start(m.id, version: m.version)
        m = try await svc.setAttendance(m.id, version: m.version, presence: presence, othersPresent: "")
        let items = try await MeetingItem.query(on: db).filter(\.$meeting.$id == m.requireID()).sort(\.$position).all()
        for (item, minute) in zip(items, minutes) {
            _ = try await svc.saveDiscussion(
                m.id, itemID: item.id, version: item.version, discussion: minute.discussion)
            if let c = minute.challenge {
                _ = try await svc.addChallenge(
                    m.id, itemID: item.id, challengerID: users[c.who]!.id, challenge: c.what, answer: c.answer)
            }
            if let d = minute.decision {
                let decision = try await svc.addDecision(
                    m.id, itemID: item.id, text: d.text, ownerID: users[d.owner]!.id,
                    dueDay: day.adding(days: d.dueOffset))
                if let done = d.done {
                    let owner = try Actor(users[d.owner]!)
                    _ = try await DecisionLog(db: db, actor: owner, today: day.adding(days: d.dueOffset)).complete(
                        decision.id, version: decision.version, note: done)
                }
            }
        }
        if approve {
            guard let fresh = try await Meeting.find(m.id, on: db) else { return }
            _ = try await svc.approve(fresh.id, version: fresh.version)
            if let addendum { _ = try await svc.addAddendum(fresh.id, text: addendum) }
        }
    }
}

extension Dictionary {
    func mapKeys<K: Hashable>(_ f: (Key) -> K) -> [K: Value] {
        Dictionary<K, Value>(uniqueKeysWithValues: map { (f($0.key), $0.value) })
    }
}
