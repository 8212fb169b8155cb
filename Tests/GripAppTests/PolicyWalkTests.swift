import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// The change policy walked row by row (issue 33): for every row of `ChangePolicy.rows`, every person of the
/// fixture (admin, nominated individual, quality lead, the registered manager — senior reviewer of the record —,
/// the member of staff who leads it, and the commissioner), over the API and the web form, with the row's
/// condition holding and not: what happened (applied, held, refused with 422, 403, 404) is what the row and the
/// rulebook say. A row with no scenario, or a governed field with no row, fails the test.
@Suite struct PolicyWalkTests {
    static let callers = ["admin", "ni", "ql", "rm", "staff", "commissioner"]

    enum Channel: String, Sendable { case api, web }

    enum Outcome: String, Sendable, Equatable { case applied, held, refused, forbidden, notFound, unexpected }

    /// A JSON value for an API body.
    indirect enum J: Sendable {
        case s(String)
        case n(Double)
        case a([String])
        case o([String: J])
        case b(Bool)
        case l([J])
        var any: Any {
            switch self {
            case .s(let v): v
            case .n(let v): v
            case .a(let v): v
            case .b(let v): v
            case .o(let v): v.mapValues(\.any)
            case .l(let v): v.map(\.any)
            }
        }
    }

    /// A change as both channels send it: the API's JSON body and the web form's fields.
    struct Change: Sendable {
        var api: [String: J]
        var web: [(String, String)]
    }

    /// One row's live scenario.
    struct Scenario: Sendable {
        var channels: [Channel] = [.api, .web]
        /// The condition values the scenario can make hold (true) and not hold (false).
        var variants: [Bool] = [false]
        /// How each caller stands to the record the scenario makes.
        var relation: @Sendable (String) -> RecordRelation = { _ in .none }
        /// Callers whom the row's checks refuse (422) whatever the policy says, or who cannot see the record (404).
        var overrides: [String: Outcome] = [:]
        /// The owning party: their own change applies where others' waits for them.
        var owners: Set<String> = []
        /// Makes a fresh record and sends the change as `caller`, with the condition holding or not, with the
        /// reason given (nil: none).
        let send: @Sendable (Walk, String, Channel, Bool, String?) async throws -> TestingHTTPResponse
    }

    /// The fixture, the callers' clients and the helpers scenarios share.
    final class Walk: @unchecked Sendable {
        let app: Application
        let f: Fixture
        let today = Day.today(now: Date())
        var apis: [String: APIClient] = [:]
        var browsers: [String: Browser] = [:]
        var boardRoute: UUID?
        var counter = 0

        init(app: Application, f: Fixture) {
            self.app = app
            self.f = f
        }

        func api(_ who: String) async throws -> APIClient {
            if let c = apis[who] { return c }
            let c = try await APIClient.make(app, for: f.users[who]!)
            apis[who] = c
            return c
        }

        func web(_ who: String) async throws -> Browser {
            if let b = browsers[who] { return b }
            let b = try await Browser.signedIn(app, f.users[who]!.email)
            browsers[who] = b
            return b
        }

        func next() -> Int {
            counter += 1
            return counter
        }

        func send(
            _ who: String, _ channel: Channel, _ method: HTTPMethod, api: String, web: String,
            _ change: Change
        ) async throws -> TestingHTTPResponse {
            switch channel {
            case .api:
                let body = try JSONSerialization.data(withJSONObject: change.api.mapValues(\.any))
                return try await self.api(who).send(method, api, json: String(decoding: body, as: UTF8.self))
            case .web:
                return try await self.web(who).post(web, change.web)
            }
        }

        /// A fresh open firing of an escalation threshold at service one (issue 36).
        func firing(_ level: EscalationLevel = .internal) async throws -> EscalationFiring {
            try await FiringFixture.make(
                app, organisation: f.orgA, service: f.sid("one"), level: level, key: "walk-\(next())")
        }

        /// A fresh safety-critical operating model at service one, its owner the registered manager (issue 36).
        func model() async throws -> OperatingModel {
            try await SafetyModelService(db: app.db, actor: try f.actor("rm"), today: today).setUp(
                serviceID: f.sid("one"),
                .init(
                    title: "Walk model \(next())", startDay: today, plannedEndDay: today.adding(days: 13),
                    reSignDays: 14, shiftsPerDay: 3, completedBy: "Senior carer", verifiedBy: "The manager",
                    checks: [("Medicines round observed", 2)], protects: []))
        }

        /// A fresh action of service one, created by the quality lead: by default high, led by staff, reviewed
        /// by the registered manager, on the service's recovery route.
        func action(
            band: RiskBand = .high, lead: String = "staff", reviewer: String = "rm", route: UUID? = nil,
            indicator: UUID? = nil, draft: Bool = false
        ) async throws -> RecoveryAction {
            let factors = band == .high ? (4, 3, 3, 4, 3) : (2, 2, 3, 2, 2)
            var i = f.input(lead: lead, reviewer: reviewer, factors: factors)
            i.title = "Walk \(next())"
            if let route { i.routeID = route }
            if let indicator { i.indicatorID = .some(indicator) }
            if draft { i.initialStatus = .draft }
            let a = try await ActionService(db: app.db, actor: try f.actor("ql"), today: today).create(i)
            #expect(a.riskBand == band)
            return a
        }

        /// A board route covering service one (more senior than its recovery meeting).
        func board() async throws -> UUID {
            if let boardRoute { return boardRoute }
            let r = try await AdminService(db: app.db, actor: try f.actor("admin")).saveRoute(
                nil,
                .init(
                    name: "Board", kind: .board, cadenceDays: 28, serviceIDs: [f.sid("one")], memberIDs: [f.id("ni")]),
                version: nil)
            boardRoute = r.id
            return r.id!
        }

        func indicator(_ name: String = "Falls") async throws -> UUID {
            try #require(
                try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA)
                    .filter(\.$name == name).first()?.id)
        }

        /// A new indicator of its own (so each attempt has a series no other attempt touched).
        func freshIndicator() async throws -> UUID {
            try await IndicatorService(db: app.db, actor: try f.actor("ql"), today: today).createIndicator(
                .init(
                    name: "Walk indicator \(next())", unit: "events", period: .month, direction: .down, target: nil,
                    statementIDs: ["S1"])
            ).id!
        }

        /// A new service the registered manager, staff member and commissioner are named for, at enhanced
        /// monitoring since ten days ago with updates every 14 days (set by the commissioner).
        func freshService() async throws -> UUID {
            let s = try await AdminService(db: app.db, actor: try f.actor("admin")).saveService(
                nil,
                .init(
                    name: "Walk House \(next())", cqcLocationID: "1-9\(counter)", serviceType: .residential,
                    commissioners: "Council", ratings: [:]), version: nil)
            for who in ["rm", "staff", "commissioner"] {
                try await ServiceAccess(userID: f.id(who), serviceID: s.id!).create(on: app.db)
            }
            _ = try await OversightService(db: app.db, actor: try f.actor("commissioner"), today: today)
                .setLevel(
                    serviceID: s.id, level: .enhancedMonitoring, since: today.adding(days: -10), cadenceDays: 14,
                    note: "")
            return s.id!
        }

        func person() async throws -> UUID {
            try await PeopleService(db: app.db, actor: try f.actor("rm"), today: today).create(
                .init(
                    serviceID: f.sid("one"), facts: PersonFacts(reference: "WK-\(next())", placement: "Room 1"))
            ).id!
        }

        func set(_ a: RecoveryAction, status: ActionStatus) async throws {
            a.status = status
            try await a.update(on: app.db)
        }
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    // MARK: the scenarios, one per row

    /// The action's lead (staff) and senior reviewer (the registered manager).
    static let actionRelation: @Sendable (String) -> RecordRelation = { who in
        RecordRelation(isLead: who == "staff", isReviewer: who == "rm", band: .high)
    }

    /// A field of an action, changed over PATCH and the edit form.
    static func field(
        _ variants: [Bool], overrides: [String: Outcome] = [:],
        make: @escaping @Sendable (Walk, Bool) async throws -> RecoveryAction = { w, _ in
            try await w.action()
        },
        change: @escaping @Sendable (Walk, Bool, RecoveryAction) async throws -> Change
    ) -> Scenario {
        Scenario(variants: variants, relation: actionRelation, overrides: overrides) { w, who, channel, holds, reason in
            let a = try await make(w, holds)
            var c = try await change(w, holds, a)
            c.api["version"] = .n(Double(a.version))
            c.web += [("version", String(a.version))]
            if !c.web.contains(where: { $0.0 == "statements[]" }) { c.web.append(("statements[]", "S8")) }
            if let reason {
                c.api["change_reason"] = .s(reason)
                c.web.append(("change_reason", reason))
            }
            return try await w.send(
                who, channel, .PATCH, api: "/api/v1/actions/\(a.id!)",
                web: "/actions/\(a.id!)/edit", c)
        }
    }

    static func simple(_ key: String, _ api: J, _ web: String) -> Change { Change(api: [key: api], web: [(key, web)]) }

    /// A move of an action's status over the transitions API and the page's form.
    static func transition(
        _ to: ActionStatus, variants: [Bool] = [false],
        make: @escaping @Sendable (Walk, Bool) async throws -> RecoveryAction
    ) -> Scenario {
        Scenario(variants: variants, relation: actionRelation) { w, who, channel, holds, reason in
            let a = try await make(w, holds)
            var c = Change(
                api: ["to": .s(to.rawValue), "version": .n(Double(a.version))],
                web: [("to", to.rawValue), ("version", String(a.version))])
            if let reason {
                c.api["reason"] = .s(reason)
                c.web.append(("reason", reason))
            }
            return try await w.send(
                who, channel, .POST, api: "/api/v1/actions/\(a.id!)/transitions",
                web: "/actions/\(a.id!)/transition", c)
        }
    }

    /// A series' settings over the API and the series page's form; watched when the condition holds.
    static func series(_ key: String) -> Scenario {
        Scenario(variants: [true, false]) { w, who, channel, holds, reason in
            let iid = try await w.freshIndicator()
            if holds { _ = try await w.action(indicator: iid) }
            let month = IndicatorPeriodKind.month.label(monthStart(2))
            var c =
                key == "rebases"
                ? Change(api: ["rebases": .a([month])], web: [("rebases", month)])
                : Change(api: ["baseline_points": .n(12), "rebases": .a([])], web: [("baseline_points", "12")])
            c.web.append(("version", "0"))
            if let reason {
                c.api["reason"] = .s(reason)
                c.web.append(("reason", reason))
            }
            let path = "/indicators/\(iid)/services/\(w.f.sid("one"))"
            return try await w.send(who, channel, .PUT, api: "/api/v1" + path + "/settings", web: path + "/settings", c)
        }
    }

    /// A new oversight position over the API and the service dashboard's form.
    static func oversight(
        _ variants: [Bool], _ position: @escaping @Sendable (Bool) -> (OversightLevel, Int)
    )
        -> Scenario
    {
        Scenario(variants: variants, owners: ["commissioner"]) { w, who, channel, holds, reason in
            let sid = try await w.freshService()
            let (level, cadence) = position(holds)
            let c = Change(
                api: [
                    "level": .s(level.rawValue), "since": .s(w.today.iso), "cadence_days": .n(Double(cadence)),
                    "note": .s(reason ?? "")
                ],
                web: [
                    ("level", level.rawValue), ("since", w.today.iso), ("cadence_days", String(cadence)),
                    ("note", reason ?? "")
                ])
            return try await w.send(
                who, channel, .POST, api: "/api/v1/services/\(sid)/oversight",
                web: "/services/\(sid)/oversight", c)
        }
    }

    /// An escalation moved over the API and its page's form.
    static func escalation(_ to: EscalationStatus, overrides: [String: Outcome] = [:]) -> Scenario {
        Scenario(overrides: overrides) { w, who, channel, _, reason in
            let e = try await EscalationService(db: w.app.db, actor: try w.f.actor("rm"), today: w.today).create(
                .init(
                    serviceID: w.f.sid("one"), category: .repeatedIncidents, facts: "Three falls in a week.",
                    safeguards: "Hourly checks.", actionsTaken: "Falls assessment.", supportNeeded: "Falls clinic.",
                    respondBy: w.today.adding(days: 3), jointReviewDay: nil, raiseNow: to != .raised))
            if to == .resolved {
                // Raised five days ago; outcome evidence since then linked to it.
                e.raisedOn = w.today.adding(days: -5).iso
                try await e.update(on: w.app.db)
                let a = try await w.action()
                let ev = try await EvidenceService(db: w.app.db, actor: try w.f.actor("rm"), today: w.today).record(
                    actionIDs: [a.id!],
                    .init(
                        category: "outcomes", kind: .incidentData, day: w.today,
                        summary: "No fall for five days."), files: [])
                let link = EscalationEvidence()
                link.$escalation.id = e.id!
                link.$evidence.id = ev.id!
                try await link.create(on: w.app.db)
            }
            var c = Change(api: ["to": .s(to.rawValue)], web: [("to", to.rawValue)])
            c.api["reason"] = .s(reason ?? "Moved on.")
            c.web.append(("reason", reason ?? "Moved on."))
            return try await w.send(
                who, channel, .POST, api: "/api/v1/escalations/\(e.id!)/transitions",
                web: "/escalations/\(e.id!)/transition", c)
        }
    }

    static let providerRefused: [String: Outcome] = [
        "admin": .refused, "ni": .refused, "ql": .refused,
        "rm": .refused
    ]

    static let scenarios: [String: Scenario] = [
        // Action fields.
        "action|title": field([false]) { _, _, _ in simple("title", .s("Renamed action"), "Renamed action") },
        "action|theme": field([false]) { _, _, _ in simple("theme", .s("Renamed theme"), "Renamed theme") },
        "action|service_id": field(
            [false], overrides: ["rm": .notFound],
            make: { w, _ in try await w.action(band: .moderate, lead: "ql", reviewer: "ni") }
        ) {
            w, _, _ in
            simple("service_id", .s(w.f.sid("two").uuidString), w.f.sid("two").uuidString)
                .renamed("service_id", web: "service")
        },
        "action|source_id": field([false]) { w, _, _ in
            let s = try await SourceService(db: w.app.db, actor: try w.f.actor("ql")).create(
                .init(
                    serviceID: w.f.sid("one"), kind: .complaint, title: "Complaint \(w.next())", detail: "Late call",
                    raisedOn: w.today, statementID: "S8", regulation: "12"))
            return Change(api: ["source_id": .s(s.id!.uuidString)], web: [("source", s.id!.uuidString)])
        },
        "action|statements": field([true, false]) { _, holds, _ in
            let list = holds ? ["S3"] : ["S8", "S3"]
            return Change(api: ["statements": .a(list)], web: list.map { ("statements[]", $0) })
        },
        "action|baseline": field([false]) { _, _, _ in simple("baseline", .s("Recounted: 4 of 7"), "Recounted: 4 of 7")
        },
        "action|baseline_day": field([true, false]) { w, holds, _ in
            let d = w.today.adding(days: holds ? -30 : -5).iso
            return simple("baseline_day", .s(d), d)
        },
        "action|metric": field([true]) { _, _, _ in simple("metric", .s("anything"), "anything") },
        "action|direction": field([true]) { _, _, _ in
            Change(
                api: ["direction": .s("lower"), "target_value": .n(10)],
                web: [("direction", "lower"), ("target_value", "10")])
        },
        "action|baseline_value": field([true, false]) { _, holds, _ in
            simple("baseline_value", .n(holds ? 40 : 60), holds ? "40" : "60")
        },
        "action|target_value": field([true, false]) { _, holds, _ in
            simple("target_value", .n(holds ? 90 : 110), holds ? "90" : "110")
        },
        "action|target_day": field([true, false]) { _, holds, a in
            let d = Day(iso: a.targetDay)!.adding(days: holds ? 14 : -5).iso
            return simple("target_day", .s(d), d)
        },
        "action|risk_factors": field([true, false]) { _, holds, _ in
            let v = holds ? [2, 2, 2, 2, 2] : [4, 3, 3, 4, 2]
            let keys = ["harm", "people_affected", "recurrence", "regulatory_impact", "control_weakness"]
            return Change(
                api: ["risk": .o(Dictionary(uniqueKeysWithValues: zip(keys, v.map { J.n(Double($0)) })))],
                web: zip(keys, v.map(String.init)).map { ($0, $1) })
        },
        "action|lead_id": field(
            [true, false], make: { w, holds in try await w.action(band: holds ? .high : .moderate) }
        ) {
            w, _, _ in
            simple("lead_id", .s(w.f.id("staff3").uuidString), w.f.id("staff3").uuidString)
                .renamed("lead_id", web: "lead")
        },
        "action|reviewer_id": field(
            [true, false],
            make: { w, holds in
                try await w.action(band: holds ? .high : .moderate)
            }
        ) { w, _, _ in
            simple("reviewer_id", .s(w.f.id("ql").uuidString), w.f.id("ql").uuidString).renamed(
                "reviewer_id", web: "reviewer")
        },
        "action|route_id": field(
            [true, false],
            make: { w, holds in
                try await w.action(route: holds ? try await w.board() : w.f.rid("a"))
            }
        ) { w, holds, _ in
            let to = holds ? w.f.rid("a") : try await w.board()
            return Change(api: ["route_id": .s(to.uuidString)], web: [("route", to.uuidString)])
        },
        "action|indicator_id": field(
            [true, false],
            make: { w, holds in
                try await w.action(indicator: holds ? try await w.indicator("Falls") : nil)
            }
        ) { w, _, _ in
            let to = try await w.indicator("Incidents")
            return Change(api: ["indicator_id": .s(to.uuidString)], web: [("indicator", to.uuidString)])
        },
        "action|interim_controls": field([true, false]) { _, holds, a in
            let v = holds ? "none" : a.interimControls + "\nManager checks nights"
            return simple("interim_controls", .s(v), v)
        },
        "action|due_day": Scenario(relation: actionRelation) { w, who, channel, _, reason in
            let a = try await w.action()
            let d = Day(iso: a.dueDay)!.adding(days: 20).iso
            var c = Change(
                api: ["due_day": .s(d), "control_change": .s("Agency nurse covers"), "version": .n(1)],
                web: [("due_day", d), ("control_change", "Agency nurse covers"), ("version", "1")])
            if let reason {
                c.api["reason"] = .s(reason)
                c.web.append(("reason", reason))
            }
            return try await w.send(
                who, channel, .POST, api: "/api/v1/actions/\(a.id!)/due-day",
                web: "/actions/\(a.id!)/due-day", c)
        },
        // Action transitions.
        "action|status:open": transition(.open) { w, _ in try await w.action(draft: true) },
        "action|status:in_progress": transition(.inProgress, variants: [true, false]) { w, holds in
            let a = try await w.action()
            if holds { try await w.set(a, status: .awaitingAssurance) }
            return a
        },
        "action|status:awaiting_assurance": transition(.awaitingAssurance) { w, _ in
            let a = try await w.action()
            try await w.set(a, status: .inProgress)
            return a
        },
        "action|status:cancelled": transition(.cancelled, variants: [true, false]) { w, holds in
            try await w.action(band: holds ? .high : .moderate)
        },
        "action|status:reopened": transition(.reopened) { w, _ in
            let a = try await w.action()
            try await w.f.closedAgo(w.app, a.id!, days: 10)
            return try await RecoveryAction.find(a.id!, on: w.app.db)!
        },
        "action|status:monitoring": Scenario(relation: actionRelation) { w, who, channel, _, _ in
            let a = try await w.action()
            for c in ["processes", "observation", "outcomes"] {
                _ = try await EvidenceService(db: w.app.db, actor: try w.f.actor("ql"), today: w.today).record(
                    actionIDs: [a.id!], .init(category: c, kind: .audit, day: w.today, summary: c), files: [])
            }
            _ = try await ReviewService(db: w.app.db, actor: try w.f.actor("ql"), today: w.today).record(
                actionID: a.id!, .init(rag: .green, measureValue: 100, commentary: "At target", decision: ""))
            return try await w.send(
                who, channel, .POST, api: "/api/v1/actions/\(a.id!)/close",
                web: "/actions/\(a.id!)/close", Change(api: [:], web: [("override_condition", "")]))
        },
        // Indicator series.
        "indicator_series|rebases": series("rebases"),
        "indicator_series|baseline_points": series("baseline_points"),
        // Commissioner oversight.
        "commissioner_oversight|level": oversight([true, false]) { holds in
            holds ? (.routine, 14) : (.formalImprovementPlan, 14)
        },
        "commissioner_oversight|cadence_days": oversight([true, false]) { holds in (.enhancedMonitoring, holds ? 28 : 7)
        },
        "commissioner_oversight|note": oversight([false]) { _ in (.enhancedMonitoring, 14) },
        // Re-audit.
        "reaudit|passed": Scenario(relation: actionRelation) { w, who, channel, _, _ in
            let a = try await w.action()
            try await w.f.closedAgo(w.app, a.id!, days: 20)
            let sample = try await w.f.reAuditEvidence(w.app, a.id!, by: "ql")
            let c = Change(
                api: [
                    "passed": .b(true), "finding": .s("All fine"), "sample": .s("10 records"),
                    "method": .s("Audit"), "evidence_id": .s(sample.uuidString)
                ],
                web: [
                    ("passed", "pass"), ("finding", "All fine"), ("sample", "10 records"),
                    ("method", "Audit"), ("evidence", sample.uuidString)
                ])
            return try await w.send(
                who, channel, .POST, api: "/api/v1/actions/\(a.id!)/reaudits",
                web: "/actions/\(a.id!)/reaudits", c)
        },
        // Handover (the admin pages only: there is no API for users).
        "handover|successor": Scenario(channels: [.web]) { w, who, channel, _, _ in
            let (leaver, _) = try await AdminService(db: w.app.db, actor: try w.f.actor("admin")).createUser(
                .init(
                    name: "Leaver \(w.next())", email: "leaver\(w.counter)@alpha.example", role: .staff,
                    serviceIDs: [w.f.sid("one")]), hasher: w.app.password)
            var i = w.f.input(lead: "staff", reviewer: "rm", factors: (2, 2, 3, 2, 2))
            i.leadID = leaver.id
            _ = try await ActionService(db: w.app.db, actor: try w.f.actor("ql"), today: w.today).create(i)
            return try await w.send(
                who, channel, .POST, api: "", web: "/admin/users/\(leaver.id!)/deactivate",
                Change(api: [:], web: [("successor", w.f.id("staff").uuidString), ("version", "1")]))
        },
        // Escalations.
        "escalation|status:raised": escalation(.raised, overrides: ["commissioner": .notFound]),
        "escalation|status:acknowledged": escalation(.acknowledged, overrides: providerRefused),
        "escalation|status:joint_review": escalation(.jointReview),
        "escalation|status:resolved": escalation(.resolved),
        // A threshold that fired: each answer (issue 36).
        "escalation_firing|answer:raised": Scenario { w, who, channel, _, _ in
            let fired = try await w.firing(.commissioner)
            let fields: [(String, String)] = [
                ("service", w.f.sid("one").uuidString), ("category", "repeated_incidents"),
                ("facts", "Three falls in a week."), ("safeguards", "Hourly checks."),
                ("actions_taken", "Falls assessment."), ("support_needed", "Falls clinic."),
                ("respond_by", w.today.adding(days: 3).iso), ("raise", "raise"), ("firing", fired.id!.uuidString)
            ]
            var api = Dictionary(uniqueKeysWithValues: fields.map { ($0.0, J.s($0.1)) })
            api["service_id"] = .s(w.f.sid("one").uuidString)
            api["firing_id"] = .s(fired.id!.uuidString)
            api["raise"] = .b(true)
            return try await w.send(
                who, channel, .POST, api: "/api/v1/escalations", web: "/escalations", Change(api: api, web: fields))
        },
        "escalation_firing|answer:taken_up": Scenario { w, who, channel, _, _ in
            let fired = try await w.firing(.internal)
            let note = "The registered manager reviews the falls tonight."
            return try await w.send(
                who, channel, .POST, api: "/api/v1/escalations/fired/\(fired.id!)/take-up",
                web: "/escalations/fired/\(fired.id!)/take-up",
                Change(api: ["note": .s(note), "version": .n(1)], web: [("note", note), ("version", "1")]))
        },
        "escalation_firing|answer:not_escalating": Scenario { w, who, channel, _, reason in
            let fired = try await w.firing(.commissioner)
            var c = Change(api: ["version": .n(1)], web: [("version", "1")])
            if let reason {
                c.api["reason"] = .s(reason)
                c.web.append(("reason", reason))
            }
            return try await w.send(
                who, channel, .POST, api: "/api/v1/escalations/fired/\(fired.id!)/not-escalating",
                web: "/escalations/fired/\(fired.id!)/not-escalating", c)
        },
        // Senior visits (issue 36).
        "senior_visit|record": Scenario { w, who, channel, _, _ in
            let fields: [(String, String)] = [
                ("day", w.today.iso), ("kind", "unannounced"), ("observed", "Night staffing as planned."),
                ("spoken_to", "Two night carers; OH-01."), ("findings", "Checks done on time; no action needed.")
            ]
            var api = Dictionary(uniqueKeysWithValues: fields.map { ($0.0, J.s($0.1)) })
            api["spoken_to"] = .s("Two night carers; OH-01.")
            return try await w.send(
                who, channel, .POST, api: "/api/v1/services/\(w.f.sid("one"))/senior-visits",
                web: "/services/\(w.f.sid("one"))/visits", Change(api: api, web: fields))
        },
        "senior_visit|visitors": Scenario { w, who, channel, _, _ in
            let one = w.f.sid("one")
            let version =
                try await SeniorVisitLead.query(on: w.app.db).filter(\.$service.$id == one).first()?.version ?? 0
            var c = Change.form([("planned_by", w.f.id("ni").uuidString), ("version", String(version))])
            c.web.append(("unannounced_by", w.f.id("ql").uuidString))
            c.api["unannounced_by"] = .s(w.f.id("ql").uuidString)
            return try await w.send(
                who, channel, channel == .api ? .PUT : .POST, api: "/api/v1/services/\(one)/senior-visits/visitors",
                web: "/services/\(one)/visits/visitors", c)
        },
        // Safety-critical operating models (issue 36).
        "safety_model|set_up": Scenario { w, who, channel, _, _ in
            let fields: [(String, String)] = [
                ("title", "Walk checks \(w.next())"), ("start_day", w.today.iso),
                ("planned_end_day", w.today.adding(days: 13).iso), ("re_sign_days", "14"), ("shifts_per_day", "3"),
                ("completed_by", "Senior carer on shift"), ("verified_by", "The manager"),
                ("check_1_title", "Medicines round observed"), ("check_1_frequency", "2")
            ]
            var api = Dictionary(uniqueKeysWithValues: fields.prefix(7).map { ($0.0, J.s($0.1)) })
            api["re_sign_days"] = .n(14)
            api["shifts_per_day"] = .n(3)
            api["checks"] = .l([.o(["title": .s("Medicines round observed"), "times_a_day": .n(2)])])
            return try await w.send(
                who, channel, .POST, api: "/api/v1/services/\(w.f.sid("one"))/safety-models",
                web: "/services/\(w.f.sid("one"))/safety-models", Change(api: api, web: fields))
        },
        "safety_model|re_sign": Scenario(relation: { RecordRelation(isOwner: $0 == "rm") }) { w, who, channel, _, _ in
            let m = try await w.model()
            return try await w.send(
                who, channel, .POST, api: "/api/v1/safety-models/\(m.id!)/re-sign",
                web: "/safety-models/\(m.id!)/re-sign", .form([("version", "1")]))
        },
        "safety_model|check": Scenario { w, who, channel, _, _ in
            let m = try await w.model()
            return try await w.send(
                who, channel, .POST, api: "/api/v1/safety-models/\(m.id!)/checks",
                web: "/safety-models/\(m.id!)/checks", .form([("check", "c1"), ("day", w.today.iso)]))
        },
        "safety_model|verification": Scenario { w, who, channel, _, _ in
            let m = try await w.model()
            var c = Change.form([
                ("check", "c1"), ("day", w.today.iso), ("method", "spot_call"),
                ("found", "Called the senior: round observed.")
            ])
            c.api["held"] = .b(true)
            c.web.append(("held", "yes"))
            return try await w.send(
                who, channel, .POST, api: "/api/v1/safety-models/\(m.id!)/verifications",
                web: "/safety-models/\(m.id!)/verifications", c)
        },
        "safety_model|stand_down": Scenario { w, who, channel, _, reason in
            let m = try await w.model()
            var c = Change.form([("version", "1")])
            if let reason {
                c.api["evidence"] = .s(reason)
                c.web.append(("evidence", reason))
            }
            return try await w.send(
                who, channel, .POST, api: "/api/v1/safety-models/\(m.id!)/stand-down",
                web: "/safety-models/\(m.id!)/stand-down", c)
        },
        // Learning across services (issue 36): shared from service one's finding; checked at service one from
        // a finding at service two.
        "learning|share": Scenario { w, who, channel, _, _ in
            let source = w.f.sources["one"]!
            let fields: [(String, String)] = [
                ("origin", "finding"), ("origin_id", source.id!.uuidString),
                ("summary", "Every MAR gap is followed up the same day."), ("due_day", w.today.adding(days: 14).iso)
            ]
            var c = Change.form(fields)
            c.api["services"] = .a([w.f.sid("two").uuidString])
            c.web.append(("services[]", w.f.sid("two").uuidString))
            return try await w.send(who, channel, .POST, api: "/api/v1/learning", web: "/learning", c)
        },
        "learning|check": Scenario { w, who, channel, _, _ in
            let source = try await SourceService(db: w.app.db, actor: try w.f.actor("ql")).create(
                .init(
                    serviceID: w.f.sid("two"), kind: .internalAudit, title: "Falls \(w.next())",
                    detail: "Sensor mats off",
                    raisedOn: w.today, statementID: nil, regulation: nil))
            let item = try await LearningService(db: w.app.db, actor: try w.f.actor("ql"), today: w.today).share(
                .finding, source.id, summary: "Sensor mats are checked on every shift.", services: [w.f.sid("one")],
                dueDay: w.today.adding(days: 14))
            let check = try #require(
                try await LearningCheck.query(on: w.app.db).filter(\.$learning.$id == item.id!).first())
            var c = Change.form([("outcome", "changed"), ("version", "1")])
            c.web.append(("note", ""))
            return try await w.send(
                who, channel, .POST, api: "/api/v1/learning/checks/\(check.id!)",
                web: "/learning/checks/\(check.id!)", c)
        },
        // The care logs.
        "safeguarding_decision|decision": Scenario { w, who, channel, _, _ in
            let p = try await w.person()
            let c = try await SafeguardingService(db: w.app.db, actor: try w.f.actor("rm"), now: Date())
                .create(MatrixBodies.concern(person: p))
            let fields: [(String, String)] = [
                ("person", p.uuidString), ("raised_at", iso(c.raisedAt)), ("raised_by_role", "Carer"),
                ("category", "neglect"), ("summary", "Missed check."), ("safeguards", "Checked at once."),
                ("decision", "Care plan reviewed; no referral needed."), ("rationale", "No harm; a one-off."),
                ("decision_at", iso(Date().addingTimeInterval(-600))), ("notify_cqc", "no"), ("version", "1")
            ]
            return try await w.send(
                who, channel, .PUT, api: "/api/v1/safeguarding-concerns/\(c.id!)",
                web: "/safeguarding/\(c.id!)", Change.form(fields))
        },
        "intervention_sign_off|panel_signed_off": Scenario { w, who, channel, _, _ in
            let p = try await w.person()
            let started = Date().addingTimeInterval(-7200)
            let debrief = Date().addingTimeInterval(-3600)
            let i = try await InterventionService(db: w.app.db, actor: try w.f.actor("rm"), now: Date())
                .create(InterventionWebTests.input(p, started: started, debrief: debrief))
            let fields: [(String, String)] = [
                ("person", p.uuidString), ("started_at", iso(started)), ("minutes", "5"), ("place", "Lounge"),
                ("trigger", "Noise"), ("kind", "physical"), ("staff", "Two support workers"), ("injury", "none"),
                ("recovery_minutes", "20"), ("debrief_at", iso(debrief)), ("debrief_by", "Shift leader"),
                ("panel_on", w.today.iso), ("learning", "Quieter lounge at tea time."), ("version", "1")
            ]
            return try await w.send(
                who, channel, .PUT, api: "/api/v1/restrictive-interventions/\(i.id!)",
                web: "/interventions/\(i.id!)", Change.form(fields))
        },
        "notification|submitted": Scenario { w, who, channel, _, _ in
            let p = try await w.person()
            let occurred = Date().addingTimeInterval(-600)
            let n = try await StatutoryNotificationService(db: w.app.db, actor: try w.f.actor("rm"), now: Date())
                .create(
                    .init(
                        event: .seriousInjury, serviceID: w.f.sid("one"), personID: p, occurredAt: occurred,
                        summary: "Fractured wrist after a fall.", sentAt: nil, reference: ""))
            let fields: [(String, String)] = [
                ("event", "serious_injury"), ("service", w.f.sid("one").uuidString), ("person", p.uuidString),
                ("occurred_at", iso(occurred)), ("summary", "Fractured wrist after a fall."),
                ("sent_at", iso(Date().addingTimeInterval(-60))), ("reference", "CQC-\(w.next())"), ("version", "1")
            ]
            return try await w.send(
                who, channel, .PUT, api: "/api/v1/cqc-notifications/\(n.id!)",
                web: "/cqc-notifications/\(n.id!)", Change.form(fields))
        },
        // Organisation settings.
        "framework_in_force|framework": Scenario { w, who, channel, _, _ in
            try await w.send(
                who, channel, .PUT, api: "/api/v1/frameworks/in-force", web: "/frameworks/in-force",
                Change(
                    api: ["framework": .s(Framework.cqc2023.id), "effective_on": .s(w.today.iso)],
                    web: [("framework", Framework.cqc2023.id), ("effective_on", w.today.iso)]))
        },
        "review_route|route": Scenario(channels: [.web]) { w, who, channel, _, _ in
            let route = try #require(try await ReviewRoute.find(w.f.rid("a"), on: w.app.db))
            return try await w.send(
                who, channel, .POST, api: "", web: "/admin/routes/\(route.id!)",
                Change(
                    api: [:],
                    web: [
                        ("name", route.name), ("kind", route.kind.rawValue), ("cadence_days", "21"),
                        ("services[]", w.f.sid("one").uuidString), ("services[]", w.f.sid("two").uuidString),
                        ("members[]", w.f.id("rm").uuidString), ("version", String(route.version))
                    ]))
        },
        "settings|escalation_thresholds": Scenario { w, who, channel, _, _ in
            // The set in force now, sent back with its version (a walk saves it once per caller allowed).
            let set = try await ThresholdsInForce.load(for: try w.f.actor("admin"), on: w.app.db).set
            return try await w.send(
                who, channel, .PUT, api: "/api/v1/escalations/thresholds", web: "/escalations/thresholds",
                Change(
                    api: [
                        "version": .n(Double(set.version)),
                        "thresholds": .l(
                            set.thresholds.map {
                                var o: [String: J] = [
                                    "trigger": .s($0.trigger.rawValue), "level": .s($0.level.rawValue),
                                    "time_to_act": .s($0.timeToAct.code), "active": .b($0.active)
                                ]
                                if let n = $0.count { o["count"] = .n(Double(n)) }
                                return .o(o)
                            }),
                        "reportable_categories": .a(set.reportableCategories.map(\.rawValue)),
                        "watched_series": .a(set.watchedSeries)
                    ],
                    web: EscalationThresholdWebTests.form(set, version: set.version)))
        },
        "settings|two_factor_roles": Scenario(channels: [.web]) { w, who, channel, _, _ in
            try await w.send(who, channel, .POST, api: "", web: "/admin/settings/two-factor", Change(api: [:], web: []))
        }
    ]

    // MARK: the walk

    /// What the row and the rulebook say should happen.
    static func expected(
        _ row: PolicyRow, _ s: Scenario, role: Role, caller: String, holds: Bool,
        reason: Bool
    ) -> Outcome {
        if !row.proposer.allows(role, s.relation(caller)) { return .forbidden }
        if let o = s.overrides[caller] { return o }
        var need = holds ? row.needWhen : row.need
        if need == .ownerConfirmation && s.owners.contains(caller) { need = .free }
        if need > .free && !reason { return .refused }
        return need.isHeld ? .held : .applied
    }

    static func observed(_ res: TestingHTTPResponse, channel: Channel, heldBefore: Int, heldAfter: Int) -> Outcome {
        switch res.status.code {
        case 202: return heldAfter > heldBefore ? .held : .unexpected
        case 200, 201, 204: return heldAfter == heldBefore ? .applied : .unexpected
        case 302, 303: return channel == .web ? (heldAfter > heldBefore ? .held : .applied) : .unexpected
        case 422: return heldAfter == heldBefore ? .refused : .unexpected
        case 403: return .forbidden
        case 404: return .notFound
        default: return .unexpected
        }
    }

    static var rowKeys: [String] { ChangePolicy.rows.map { "\($0.record.rawValue)|\($0.subject)" } }

    @Test(arguments: rowKeys)
    func everyRowDoesWhatItSaysForEveryPersonOnBothChannels(_ key: String) async throws {
        let scenario = try #require(Self.scenarios[key], "the policy row \(key) has no scenario in the walk")
        let row = try #require(ChangePolicy.rows.first { "\($0.record.rawValue)|\($0.subject)" == key })
        try await withGrip { app in
            let w = Walk(app: app, f: try await Fixture.make(app))
            let reason = "A full sentence of reason for the walk."
            for holds in scenario.variants {
                let need = holds ? row.needWhen : row.need
                for channel in scenario.channels {
                    var triedWithout = false
                    for caller in Self.callers {
                        let role = w.f.users[caller]!.role
                        let expect = Self.expected(
                            row, scenario, role: role, caller: caller, holds: holds,
                            reason: true)
                        let before = try await count(PendingChange.self, app)
                        let res = try await scenario.send(w, caller, channel, holds, need > .free ? reason : nil)
                        let got = Self.observed(
                            res, channel: channel, heldBefore: before,
                            heldAfter: try await count(PendingChange.self, app))
                        #expect(
                            got == expect,
                            """
                            \(key) as \(caller) over \(channel.rawValue), condition \(holds): \(got.rawValue) \
                            (\(res.status.code)), the policy says \(expect.rawValue). \(res.body.string.prefix(300))
                            """)
                        // Once per variant and channel: the same change without its reason is refused, nothing held.
                        if need > .free, !triedWithout, expect == .applied || expect == .held {
                            triedWithout = true
                            let before = try await count(PendingChange.self, app)
                            let bare = try await scenario.send(w, caller, channel, holds, nil)
                            let gotBare = Self.observed(
                                bare, channel: channel, heldBefore: before,
                                heldAfter: try await count(PendingChange.self, app))
                            #expect(
                                gotBare == .refused,
                                """
                                \(key) as \(caller) over \(channel.rawValue) with no reason: \(gotBare.rawValue) \
                                (\(bare.status.code)). \(bare.body.string.prefix(300))
                                """)
                        }
                    }
                }
            }
        }
    }

    /// Every scenario is a row, and every field the door judges has a row: the action's whole field list (its audit
    /// snapshot), an oversight position's and a series' settings.
    @Test func everyGovernedFieldHasARowAndEveryScenarioARow() throws {
        let keys = Set(Self.rowKeys)
        #expect(Set(Self.scenarios.keys).subtracting(keys).isEmpty, "scenarios for rows that do not exist")
        let v = ActionValues(
            title: "", theme: "", serviceID: UUID(), sourceID: nil, statementIDs: [], baseline: "",
            baselineDay: Day(iso: "2026-01-01")!, metric: "", direction: .higher, baselineValue: 0,
            targetValue: 1, targetDay: Day(iso: "2026-02-01")!,
            factors: RiskFactors(
                harm: 1, peopleAffected: 1, recurrence: 1, regulatoryImpact: 1,
                controlWeakness: 1),
            leadID: UUID(), reviewerID: UUID(), routeID: UUID(), indicatorID: nil, interimControls: "",
            dueDay: Day(iso: "2026-02-01")!)
        for field in ActionService.snapshot(values: v).keys {
            #expect(keys.contains("action|\(field)"), "the action's field \(field) has no row in the change policy")
        }
        for status in ActionStatus.allCases where status != .draft && status != .sustained {
            #expect(keys.contains("action|status:\(status.rawValue)"), "the move to \(status.rawValue) has no row")
        }
        for status in EscalationStatus.allCases where status != .draft {
            #expect(keys.contains("escalation|status:\(status.rawValue)"), "the escalation's \(status.rawValue)")
        }
        for field in ["level", "cadence_days", "note"] { #expect(keys.contains("commissioner_oversight|\(field)")) }
        for field in ["rebases", "baseline_points"] { #expect(keys.contains("indicator_series|\(field)")) }
    }
}

extension PolicyWalkTests.Change {
    /// The same fields for both channels: the API's JSON strings and the web form.
    static func form(_ fields: [(String, String)]) -> Self {
        Self(
            api: Dictionary(
                fields.map { ($0.0, $0.0 == "version" ? .n(Double($0.1)!) : .s($0.1)) },
                uniquingKeysWith: { a, _ in a }),
            web: fields)
    }

    /// The web form names the field differently.
    func renamed(_ key: String, web name: String) -> Self {
        Self(api: api, web: web.map { $0.0 == key ? (name, $0.1) : $0 })
    }
}
