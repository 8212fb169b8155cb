import Fluent
import Foundation
import GripCore
import NIOCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Every registered route, called as nobody, as each role and as a user of another organisation.
/// The expected outcome of every route for every caller is one table (`AuthorisationMatrix.table`);
/// a route missing from the table, or a row naming no route, fails the test.
@Suite struct AuthorisationMatrixTests {
    @Test func everyRouteAnswersEachCallerAsTheTableSays() async throws {
        var observed: [String: [Character]] = [:]
        var routeKeys: [String] = []
        for (column, caller) in AuthorisationMatrix.callers.enumerated() {
            // A fresh application per caller, so one caller's writes cannot change another's answers.
            try await withGrip { app in
                let f = try await Fixture.make(app)
                let records = try await MatrixRecords.make(app, f)
                let routes = app.routes.all.sorted { MatrixRecords.order($0) < MatrixRecords.order($1) }
                if column == 0 { routeKeys = routes.map(MatrixRecords.key) }
                let client = try await MatrixClient.make(app, caller: caller, fixture: f)
                for route in routes {
                    let key = MatrixRecords.key(route)
                    let path = records.path(for: route)
                    let res = try await client.send(
                        route.method, path, api: path.hasPrefix("/api/"), body: MatrixBodies.body(for: key))
                    #expect(
                        res.status.code < 500,
                        "\(key) as \(caller) answered \(res.status.code): \(res.body.string.prefix(300))")
                    if let only = ProcessInfo.processInfo.environment["GRIP_MATRIX_DEBUG"], key.contains(only) {
                        print("DEBUG \(key) as \(caller) \(path): \(res.status.code) \(res.body.string.prefix(400))")
                    }
                    observed[key, default: Array(repeating: "?", count: AuthorisationMatrix.callers.count)][column] =
                        MatrixRecords.outcome(res)
                }
            }
        }
        let table = AuthorisationMatrix.table
        var printed: [String] = []
        for key in routeKeys {
            let got = String(observed[key] ?? [])
            let line = "\"\(key)\": \"\(got.map(String.init).joined(separator: " "))\","
            printed.append(line)
            guard let want = table[key] else {
                Issue.record("route \(key) is missing from the authorisation table; it answered \(got)")
                continue
            }
            let expected = want.filter { $0 != " " }
            #expect(
                String(expected) == got,
                """
                \(key): expected \(expected), got \(got) (callers \
                \(AuthorisationMatrix.callers.joined(separator: ", ")))
                """
            )
        }
        for key in table.keys where !routeKeys.contains(key) {
            Issue.record("the authorisation table names \(key), which is not a registered route")
        }
        if ProcessInfo.processInfo.environment["GRIP_PRINT_MATRIX"] != nil { print(printed.joined(separator: "\n")) }
        #expect(routeKeys.count > 100)
    }
}

/// The records of organisation A that route parameters point at.
struct MatrixRecords {
    var ids: [String: String] = [:]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { "\($0)" }.joined(separator: "/")
    }

    /// Reads first, then writes, with sign-out last (it ends the caller's session).
    static func order(_ route: Route) -> String {
        let key = key(route)
        let rank = key.contains("sign-out") ? "9" : route.method == .GET ? "0" : route.method == .DELETE ? "8" : "5"
        return rank + key
    }

    static func outcome(_ res: TestingHTTPResponse) -> Character {
        switch res.status.code {
        case 401: return "S"
        case 403: return "F"
        case 404: return "N"
        case 300..<400 where (res.headers.first(name: .location) ?? "").hasPrefix("/sign-in"): return "S"
        case 200..<400: return "A"
        case 400, 409, 413, 415, 422: return "V"
        default: return "?"
        }
    }

    static func make(_ app: Application, _ f: Fixture) async throws -> MatrixRecords {
        let today = Day.today(now: Date())
        var r = MatrixRecords()
        let action = try await f.createAction(app)
        action.nextReviewDay = today.iso
        try await action.update(on: app.db)
        let aid = action.id!
        let rm = try f.actor("rm")
        let step = try await ActionService(db: app.db, actor: rm, today: today)
            .addStep(
                aid,
                .init(
                    what: "Check every MAR chart", ownerRole: "Shift lead", ownerID: f.id("staff"),
                    whereRecorded: "MAR audit", dueDay: today.adding(days: 7)))
        let evidence = try await EvidenceService(db: app.db, actor: rm, today: today)
            .record(
                actionIDs: [aid], .init(category: "processes", kind: .audit, day: today, summary: "MAR audit"),
                files: [.init(filename: "audit.csv", bytes: Array("week,complete\n1,57\n".utf8))])
        let file = try await EvidenceFile.query(on: app.db).filter(\.$evidence.$id == evidence.id!).first()!
        let indicator = try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA).first()
        let escalation = try await EscalationService(db: app.db, actor: rm, today: today).create(
            .init(
                serviceID: f.sid("one"), category: .repeatedIncidents, facts: "Three falls in a week.",
                safeguards: "Hourly checks.",
                actionsTaken: "Falls assessment.", supportNeeded: "Falls clinic.", respondBy: today.adding(days: 3),
                jointReviewDay: nil, raiseNow: true))
        let meetings = MeetingService(db: app.db, actor: rm, today: today)
        let meeting = try await meetings.schedule(routeID: f.rid("a"), day: today)
        let started = try await meetings.start(meeting.id, version: meeting.version)
        let item = try await MeetingItem.query(on: app.db).filter(\.$meeting.$id == started.id!).first()!
        let decision = try await meetings.addDecision(
            started.id, itemID: item.id, text: "Induct agency nurses", ownerID: f.id("rm"),
            dueDay: today.adding(days: 7))
        let (token, _) = try await TokenService.create(
            name: "target", for: f.users["staff2"]!, actor: AuditActor(id: nil, name: "test"), on: app.db)
        let feed = try await CalendarFeed.reset(try f.actor("staff"), on: app.db)
        let reset = try await AdminService(db: app.db, actor: try f.actor("admin")).resetLink(for: f.id("staff2"))
        // A framework version organisation A loaded: another organisation's admin must get 404 for it.
        let framework = try await FrameworkService(db: app.db, actor: try f.actor("admin"), today: today)
            .load(Data(FrameworkFixtures.councilJSON.utf8))
        // A change that weakens oversight, proposed by the registered manager (the senior reviewer), waiting for a
        // second person; the API's approve and refuse each get an action and change of their own, so that each
        // allowed caller's decision is really made (the web form decides the first).
        func proposeLowerBand(_ action: RecoveryAction) async throws -> PendingChange {
            var lower = ActionInput()
            (lower.harm, lower.peopleAffected, lower.recurrence, lower.regulatoryImpact, lower.controlWeakness) = (
                2, 2, 2, 2, 2
            )
            lower.changeReason = "Every chart audited complete for a month."
            guard
                case .proposed(let change) = try await ActionService(db: app.db, actor: rm, today: today)
                    .update(action, lower, version: action.version)
            else {
                throw AppError(.internalServerError, "lowering the band did not propose a change")
            }
            return change
        }
        let change = try await proposeLowerBand(try await RecoveryAction.find(aid, on: app.db)!)
        // A person of service one and a concern about them (issue 23).
        let person = try await PeopleService(db: app.db, actor: rm, today: today).create(
            .init(
                serviceID: f.sid("one"), facts: PersonFacts(reference: "MX-1", placement: "Room 1")))
        let concern = try await SafeguardingService(db: app.db, actor: rm, now: Date()).create(
            MatrixBodies.concern(
                person: person.id!))
        let intervention = try await InterventionService(db: app.db, actor: rm, now: Date()).create(
            InterventionWebTests.input(person.id!, started: Date().addingTimeInterval(-7200)))
        let notification = try await StatutoryNotificationService(db: app.db, actor: rm, now: Date()).create(
            .init(
                event: .seriousInjury, serviceID: f.sid("one"), personID: person.id,
                occurredAt: Date().addingTimeInterval(-60),
                summary: "Fractured wrist after a fall.", sentAt: nil, reference: ""))
        // A threshold that fired at service one, open (issue 36).
        let fired = try await FiringFixture.make(app, organisation: f.orgA, service: f.sid("one"), key: "matrix")
        // A safety-critical operating model at service one, its owner the registered manager (issue 36).
        let model = try await SafetyModelService(db: app.db, actor: rm, today: today).setUp(
            serviceID: f.sid("one"),
            .init(
                title: "Medicines checks", startDay: today, plannedEndDay: today.adding(days: 13), reSignDays: 14,
                shiftsPerDay: 3, completedBy: "Senior carer", verifiedBy: "The manager",
                checks: [("Medicines round observed", 2)], protects: []))
        // Learning from service one's closed action, applied to service two (issue 36).
        let lesson = try await f.createAction(app)
        try await f.closedAgo(app, lesson.id!, days: 10)
        let learning = try await LearningService(db: app.db, actor: try f.actor("ql"), today: today).share(
            .closedAction, lesson.id, summary: "Write a PRN protocol with the GP for everyone.",
            services: [f.sid("two")], dueDay: today.adding(days: 14))
        let learningCheck = try await LearningCheck.query(on: app.db).filter(\.$learning.$id == learning.id!).first()!
        var decisions: [String: String] = [:]
        for kind in ["approve", "refuse", "gapprove", "grefuse", "wdecide"] {
            let other = try await f.createAction(app)
            decisions["actions-" + kind] = other.id!.uuidString
            decisions["changes-" + kind] = try await proposeLowerBand(other).id!.uuidString
        }
        r.ids = [
            "actions": aid.uuidString, "steps": step.id!.uuidString, "evidence": evidence.id!.uuidString,
            "files": file.id!.uuidString,
            "indicators": indicator?.id?.uuidString ?? UUID().uuidString, "services": f.sid("one").uuidString,
            "escalations": escalation.id!.uuidString, "meetings": started.id!.uuidString, "items": item.id!.uuidString,
            "decisions": decision.id!.uuidString, "tokens": token.id!.uuidString, "users": f.id("staff2").uuidString,
            "routes": f.rid("a").uuidString, "sources": f.sources["one"]!.id!.uuidString, "calendar": feed,
            "reset-password": reset,
            "changes": change.id!.uuidString, "frameworks": framework.id, "people": person.id!.uuidString,
            "safeguarding": concern.id!.uuidString, "interventions": intervention.id!.uuidString,
            "safeguarding-concerns": concern.id!.uuidString, "restrictive-interventions": intervention.id!.uuidString,
            "cqc-notifications": notification.id!.uuidString, "fired": fired.id!.uuidString,
            "safety-models": model.id!.uuidString, "checks": learningCheck.id!.uuidString
        ].merging(decisions) { a, _ in a }
        return r
    }

    /// The route's path with each parameter replaced by organisation A's record of the kind the segment before names.
    func path(for route: Route) -> String {
        var out: [String] = []
        var previous = ""
        let constants = route.path.compactMap { c -> String? in
            if case .constant(let s) = c { return s } else { return nil }
        }
        // The API's approve and refuse decide changes of their own actions (see `make`); those under
        // `/api/v1/changes` others again.
        let generic = constants.count > 2 && constants[2] == "changes"
        let decision =
            constants.first == "api" && constants.contains("changes")
            ? constants.last.map { (generic ? "g" : "") + $0 } : constants == ["changes"] ? "wdecide" : nil
        for component in route.path {
            switch component {
            case .constant(let s):
                out.append(s)
                previous = s
            case .parameter(let name):
                if let decision, let id = ids[(name == "id" ? "actions-" : "changes-") + decision] {
                    out.append(id)
                    continue
                }
                out.append(value(name, after: previous))
            case .anything: out.append("x")
            case .catchall: out.append("x")
            }
        }
        return "/" + out.joined(separator: "/")
    }

    func value(_ name: String, after previous: String) -> String {
        switch name {
        case "step": return ids["steps"]!
        case "item": return ids["items"]!
        case "file": return previous == "calendar" ? ids["calendar"]! + ".ics" : ids["files"]!
        case "service": return ids["services"]!
        case "kind": return "commissioner"
        case "fid": return ids["frameworks"]!
        // The crosswalk shipped with Grip: every organisation has it.
        case "from": return Framework.cqcKLOE2017.id
        case "to": return Framework.cqc2023.id
        default:
            return ids[previous] ?? ids[previous + "s"] ?? "00000000-0000-0000-0000-000000000000"
        }
    }
}

/// A caller: nobody, or a person signed in through the form (web) with an API token (API).
struct MatrixClient {
    let browser: Browser
    let api: APIClient

    static func make(_ app: Application, caller: String, fixture f: Fixture) async throws -> MatrixClient {
        if caller == "nobody" {
            let b = Browser(app)
            try await b.get("/sign-in")  // a session and CSRF token, so forms are refused for not being signed in
            return MatrixClient(browser: b, api: APIClient(app: app, token: nil))
        }
        let user = f.users[caller]!
        return MatrixClient(
            browser: try await Browser.signedIn(app, user.email), api: try await APIClient.make(app, for: user))
    }

    func send(
        _ method: HTTPMethod, _ path: String, api isAPI: Bool, body: MatrixBodies.Body? = nil
    ) async throws -> TestingHTTPResponse {
        if isAPI {
            return try await api.send(
                method, path, json: method == .GET || method == .DELETE ? nil : body?.json ?? "{}")
        }
        if method == .GET { return try await browser.get(path) }
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
        headers.add(name: .accept, value: "text/html")
        if let cookie = browser.cookie { headers.add(name: .cookie, value: cookie) }
        let fields = [("_csrf", browser.csrf)] + (body?.form ?? [])
        let res = try await browser.app.testing().sendRequest(
            method, path, headers: headers,
            body: ByteBuffer(
                string: fields.map { "\($0.0)=\(Browser.encode($0.1))" }.joined(separator: "&")))
        browser.absorb(res)
        return res
    }
}

/// Real, valid bodies for the routes whose record-level rules matter most, so "allowed" there means
/// the work was done (2xx/3xx), not only that the empty input was refused after the check.
enum MatrixBodies {
    struct Body { var json: String?; var form: [(String, String)]? }

    /// A concern raised an hour ago, with the immediate safeguards and no decision yet.
    static func concern(person: UUID) -> SafeguardingService.Input {
        SafeguardingService.Input(
            personID: person, raisedAt: Date().addingTimeInterval(-3600), raisedByRole: "Carer", category: .neglect,
            summary: "Missed check.", safeguards: "Checked at once.", decision: "", rationale: "", decisionAt: nil,
            referredAt: nil, laReference: "", notifyCQC: false, reviewDue: nil, outcome: "", learning: "",
            closedAt: nil)
    }

    static func body(for key: String) -> Body? {
        let today = Day.today(now: Date())
        switch key {
        case "POST /api/v1/actions/:id/reviews":
            return Body(json: #"{"rag": "green", "measure_value": 60, "commentary": "On track"}"#)
        case "POST /actions/:id/reviews":
            return Body(form: [("rag", "green"), ("measure_value", "60"), ("commentary", "On track")])
        case "POST /api/v1/actions/:id/progress-updates":
            return Body(json: #"{"reported_measure": 70, "commentary": "Charts checked daily"}"#)
        case "POST /actions/:id/progress":
            return Body(form: [("measure_value", "70"), ("commentary", "Charts checked daily")])
        case "POST /api/v1/actions/:id/changes/:change/approve":
            return Body(json: #"{"version": 1}"#)
        case "POST /api/v1/actions/:id/changes/:change/refuse", "POST /api/v1/changes/:change/refuse":
            return Body(json: #"{"version": 1, "reason": "Two gaps last week"}"#)
        case "POST /api/v1/changes/:change/approve":
            return Body(json: #"{"version": 1}"#)
        case "POST /actions/:id/changes/:change", "POST /changes/:change":
            return Body(form: [("decision", "approve"), ("version", "1")])
        case "POST /api/v1/actions/:id/transitions":  // after the web form's move to in progress
            return Body(json: #"{"to": "awaiting_assurance"}"#)
        case "POST /actions/:id/transition":
            return Body(form: [("to", "in_progress")])
        case "POST /api/v1/actions/:id/due-day":
            return Body(json: #"{"due_day": "\#(today.adding(days: 15).iso)", "reason": "Further ahead of plan"}"#)
        case "POST /actions/:id/due-day":
            return Body(form: [("due_day", today.adding(days: 20).iso), ("reason", "Ahead of plan")])
        case "POST /api/v1/actions/:id/evidence":
            return Body(
                json: #"{"category": "observation", "kind": "observation", "date": "\#(today.iso)", "#
                    + #""summary": "Seen at lunch"}"#)
        default:
            return nil
        }
    }
}

enum AuthorisationMatrix {
    /// The table's columns.
    static let callers = ["nobody", "admin", "ni", "ql", "rm", "staff", "commissioner", "rm2", "adminB"]

    /// A: allowed, and done (2xx or 3xx); V: let through by the rulebook, then the empty input was
    /// refused (400, 409 or 422 — every rule is asked before a body is read, so V is never a
    /// missing check; `MatrixBodies` sends real bodies where it matters, see below);
    /// S: sign in first (401, or a redirect to the sign-in page); F: forbidden (403); N: not found (404).
    /// Columns: nobody; provider admin, nominated individual, quality lead; the registered manager,
    /// staff member and commissioner of the records' service; the registered manager of another
    /// service of the same provider; the admin of another organisation.
    static let table: [String: String] = [
        // route                                              no ad ni ql rm st co r2 oB
        "GET /": "S  A  A  A  A  A  A  A  A",
        "GET /account/calendar": "S  A  A  A  A  A  A  A  A",
        "GET /account/two-factor": "S  A  A  A  A  A  A  A  A",
        "POST /account/two-factor": "S  V  V  V  V  V  V  V  V",
        "POST /account/two-factor/disable": "S  V  V  V  V  V  V  V  V",
        "POST /account/calendar": "S  A  A  A  A  A  A  A  A",
        "POST /account/calendar/stop": "S  A  A  A  A  A  A  A  A",
        "GET /account/mail": "S  A  A  A  A  A  A  A  A",
        "POST /account/mail": "S  V  V  V  V  V  V  V  V",
        "GET /actions": "S  A  A  A  A  A  A  A  A",
        "POST /actions": "S  V  V  V  V  F  F  V  V",
        "GET /actions/:id": "S  A  A  A  A  A  A  N  N",
        "POST /actions/:id/close": "S  F  F  F  V  F  F  N  N",
        "POST /actions/:id/due-day": "S  A  A  A  A  F  F  N  N",
        "GET /actions/:id/edit": "S  A  A  A  A  F  F  N  N",
        "POST /actions/:id/edit": "S  V  V  V  V  F  F  N  N",
        "POST /actions/:id/evidence": "S  V  V  V  V  V  F  N  N",
        "POST /actions/:id/evidence-requests": "S  V  V  V  V  V  F  N  N",
        "POST /actions/:id/reaudits": "S  F  V  V  V  F  F  N  N",
        "POST /actions/:id/reviews": "S  A  A  A  A  F  F  N  N",
        "POST /actions/:id/progress": "S  A  A  A  A  A  F  N  N",
        "POST /actions/:id/changes/:change": "S  A  A  A  F  F  F  N  N",
        "POST /changes/:change": "S  A  A  A  F  F  F  N  N",
        "GET /rules": "S  A  A  A  A  A  A  A  A",
        "POST /actions/:id/steps": "S  V  V  V  V  F  F  N  N",
        "POST /actions/:id/steps/:step/done": "S  A  A  A  A  A  F  N  N",
        "POST /actions/:id/transition": "S  A  A  A  A  A  F  N  N",
        "GET /actions/export.csv": "S  A  A  A  A  A  A  A  A",
        "GET /actions/export.xlsx": "S  A  A  A  A  A  A  A  A",
        "GET /actions/import": "S  A  A  A  A  F  F  A  A",
        "POST /actions/import": "S  V  V  V  V  F  F  V  V",
        "POST /actions/import/confirm": "S  V  V  V  V  F  F  V  V",
        "GET /actions/new": "S  A  A  A  A  F  F  A  A",
        "GET /admin": "S  A  F  F  F  F  F  F  A",
        "GET /admin/routes": "S  A  F  F  F  F  F  F  A",
        "POST /admin/routes": "S  V  F  F  F  F  F  F  V",
        "GET /admin/routes/:id": "S  A  F  F  F  F  F  F  N",
        "POST /admin/routes/:id": "S  V  F  F  F  F  F  F  N",
        "GET /admin/services": "S  A  F  F  F  F  F  F  A",
        "POST /admin/services": "S  V  F  F  F  F  F  F  V",
        "GET /admin/services/:id": "S  A  F  F  F  F  F  F  N",
        "POST /admin/services/:id": "S  V  F  F  F  F  F  F  N",
        "GET /admin/settings": "S  A  F  F  F  F  F  F  A",
        "POST /admin/settings/two-factor": "S  A  F  F  F  F  F  F  A",
        "GET /admin/tokens": "S  A  F  F  F  F  F  F  A",
        "POST /admin/tokens": "S  V  F  F  F  F  F  F  V",
        "POST /admin/tokens/:id/revoke": "S  A  F  F  F  F  F  F  N",
        "GET /admin/users": "S  A  F  F  F  F  F  F  A",
        "POST /admin/users": "S  V  F  F  F  F  F  F  V",
        "GET /admin/users/:id": "S  A  F  F  F  F  F  F  N",
        "POST /admin/users/:id": "S  V  F  F  F  F  F  F  N",
        "POST /admin/users/:id/deactivate": "S  V  F  F  F  F  F  F  N",
        "POST /admin/users/:id/reset-link": "S  A  F  F  F  F  F  F  N",
        "POST /admin/users/:id/two-factor/reset": "S  V  F  F  F  F  F  F  N",
        "GET /api/v1/actions": "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/actions": "S  V  V  V  V  F  F  V  V",
        "GET /api/v1/actions/:id": "S  A  A  A  A  A  A  N  N",
        "PATCH /api/v1/actions/:id": "S  V  V  V  V  F  F  N  N",
        "POST /api/v1/actions/:id/close": "S  F  F  F  V  F  F  N  N",
        "GET /api/v1/actions/:id/closure": "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/actions/:id/evidence": "S  A  A  A  A  A  F  N  N",
        "POST /api/v1/actions/:id/evidence-requests": "S  V  V  V  V  V  F  N  N",
        "POST /api/v1/actions/:id/reaudits": "S  F  V  V  V  F  F  N  N",
        "POST /api/v1/actions/:id/reviews": "S  A  A  A  A  F  F  N  N",
        "POST /api/v1/actions/:id/progress-updates": "S  A  A  A  A  A  F  N  N",
        "POST /api/v1/actions/:id/due-day": "S  A  A  A  A  F  F  N  N",
        "GET /api/v1/actions/:id/changes": "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/actions/:id/changes/:change/approve": "S  A  A  A  F  F  F  N  N",
        "POST /api/v1/actions/:id/changes/:change/refuse": "S  A  A  A  F  F  F  N  N",
        "GET /api/v1/changes": "S  A  A  A  A  A  A  A  A",
        "PUT /api/v1/indicators/:id/services/:service/settings": "S  A  A  A  A  F  F  N  N",
        "GET /api/v1/changes/:change": "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/changes/:change/approve": "S  A  A  A  F  F  F  N  N",
        "POST /api/v1/changes/:change/refuse": "S  A  A  A  F  F  F  N  N",
        "POST /api/v1/actions/:id/transitions": "S  A  A  A  A  A  F  N  N",
        "GET /api/v1/dashboard": "S  A  A  A  A  A  A  A  A",
        "GET /api/v1/decisions": "S  A  A  A  A  A  F  A  A",
        "POST /api/v1/decisions/:id/done": "S  V  V  V  V  F  F  V  N",
        "GET /api/v1/escalations": "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/escalations": "S  V  V  V  V  F  F  V  V",
        "GET /api/v1/escalations/:id": "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/escalations/:id/responses": "S  V  V  V  V  F  V  N  N",
        "POST /api/v1/escalations/:id/transitions": "S  V  V  V  V  F  V  N  N",
        "POST /api/v1/escalations/:id/links": "S  V  V  V  V  F  F  N  N",
        "GET /api/v1/governance": "S  A  A  A  A  A  A  A  A",
        "GET /api/v1/people": "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/people": "S  V  V  V  V  F  F  V  V",
        "GET /api/v1/people/aggregates": "S  A  A  A  A  A  A  A  A",
        "GET /api/v1/people/:id": "S  A  A  A  A  A  N  N  N",
        "PUT /api/v1/people/:id": "S  V  V  V  V  F  N  N  N",
        "GET /api/v1/people/:id/pattern": "S  A  A  A  A  A  N  N  N",
        "POST /api/v1/people/:id/shares": "S  V  V  V  V  F  N  N  N",
        "GET /api/v1/safeguarding-concerns": "S  A  A  A  A  A  F  A  A",
        "POST /api/v1/safeguarding-concerns": "S  V  V  V  V  V  F  V  V",
        "POST /api/v1/safeguarding-concerns/import": "S  V  V  V  V  F  F  V  V",
        "GET /api/v1/safeguarding-concerns/:id": "S  A  A  A  A  A  F  N  N",
        "PUT /api/v1/safeguarding-concerns/:id": "S  V  V  V  V  F  F  N  N",
        "GET /api/v1/restrictive-interventions": "S  A  A  A  A  A  F  A  A",
        "POST /api/v1/restrictive-interventions": "S  V  V  V  V  V  F  V  V",
        "POST /api/v1/restrictive-interventions/import": "S  V  V  V  V  F  F  V  V",
        "GET /api/v1/restrictive-interventions/:id": "S  A  A  A  A  A  F  N  N",
        "PUT /api/v1/restrictive-interventions/:id": "S  V  V  V  V  V  F  N  N",
        "GET /api/v1/cqc-notifications": "S  A  A  A  A  A  F  A  A",
        "POST /api/v1/cqc-notifications": "S  V  V  V  V  F  F  V  V",
        "GET /api/v1/cqc-notifications/:id": "S  A  A  A  A  A  F  N  N",
        "PUT /api/v1/cqc-notifications/:id": "S  V  V  V  V  F  F  N  N",
        "GET /api/v1/frameworks": "S  A  A  A  A  A  F  A  A",
        "POST /api/v1/frameworks": "S  V  F  F  F  F  F  F  V",
        "PUT /api/v1/frameworks/in-force": "S  V  F  F  F  F  F  F  V",
        // Each organisation's own escalation thresholds: everyone reads them, the admin saves them.
        "GET /api/v1/escalations/thresholds": "S  A  A  A  A  A  A  A  A",
        "PUT /api/v1/escalations/thresholds": "S  V  F  F  F  F  F  F  V",
        // Senior visits: the provider's people read them; the nominated individual or a quality lead records.
        "GET /api/v1/services/:id/senior-visits": "S  A  A  A  A  A  F  N  N",
        "GET /api/v1/learning": "S  A  A  A  A  A  F  A  A",
        "POST /api/v1/learning": "S  F  V  V  F  F  F  F  F",
        "POST /api/v1/learning/checks/:check": "S  V  V  V  N  N  N  V  N",
        "GET /api/v1/services/:id/safety-models": "S  A  A  A  A  A  F  N  N",
        "POST /api/v1/services/:id/safety-models": "S  V  V  V  V  F  F  N  N",
        "GET /api/v1/safety-models/:model": "S  A  A  A  A  A  F  N  N",
        "POST /api/v1/safety-models/:model/checks": "S  V  V  V  V  V  F  N  N",
        "POST /api/v1/safety-models/:model/verifications": "S  V  V  V  V  F  F  N  N",
        "POST /api/v1/safety-models/:model/re-sign": "S  F  F  F  V  F  F  N  N",
        "POST /api/v1/safety-models/:model/stand-down": "S  V  V  V  V  F  F  N  N",
        "POST /api/v1/services/:id/senior-visits": "S  F  V  V  F  F  F  N  N",
        "PUT /api/v1/services/:id/senior-visits/visitors": "S  F  V  V  F  F  F  N  N",
        // Thresholds that fired: the provider's people read them; a manager or above answers (issue 36).
        "GET /api/v1/escalations/fired": "S  A  A  A  A  A  F  A  A",
        "GET /api/v1/escalations/fired/:firing": "S  A  A  A  A  A  F  N  N",
        "POST /api/v1/escalations/fired/:firing/not-escalating": "S  V  V  V  V  F  F  N  N",
        "POST /api/v1/escalations/fired/:firing/take-up": "S  V  V  V  V  F  F  N  N",
        "PUT /api/v1/frameworks/commissioners": "S  V  F  F  F  F  F  F  V",
        "GET /api/v1/frameworks/:framework": "S  A  A  A  A  A  F  A  N",
        "GET /api/v1/crosswalks/:from/:to": "S  A  A  A  A  A  F  A  A",
        "POST /api/v1/crosswalks": "S  V  F  F  F  F  F  F  V",
        "GET /api/v1/remap": "S  F  V  V  F  F  F  F  F",
        "POST /api/v1/remap": "S  F  V  V  F  F  F  F  F",
        "GET /api/v1/evidence/:id": "S  A  A  A  A  A  A  N  N",
        "GET /api/v1/evidence/:id/files/:file": "S  A  A  A  A  A  A  N  N",
        "GET /api/v1/exports/actions": "S  A  A  A  A  A  A  A  A",
        "GET /api/v1/exports/map": "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/imports/actions": "S  V  V  V  V  F  F  V  V",
        "GET /api/v1/indicators": "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/indicators": "S  V  V  V  F  F  F  F  V",
        "GET /api/v1/indicators/:id/services/:service/spc": "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/indicators/values": "S  V  V  V  V  F  F  V  V",
        "GET /api/v1/map": "S  A  A  A  A  A  A  A  A",
        "GET /api/v1/meetings": "S  A  A  A  A  A  F  A  A",
        "GET /api/v1/meetings/:id": "S  A  A  A  A  A  F  A  N",
        "POST /api/v1/meetings/:id/addenda": "S  V  V  V  V  F  F  V  N",
        "GET /api/v1/meetings/:id/agenda": "S  A  A  A  A  A  F  A  N",
        "POST /api/v1/meetings/:id/approve": "S  V  V  V  V  F  F  V  N",
        "PUT /api/v1/meetings/:id/attendance": "S  V  V  V  V  F  F  V  N",
        "POST /api/v1/meetings/:id/items/:item/challenges": "S  V  V  V  V  F  F  V  N",
        "POST /api/v1/meetings/:id/items/:item/decisions": "S  V  V  V  V  F  F  V  N",
        "PUT /api/v1/meetings/:id/items/:item/discussion": "S  V  V  V  V  F  F  V  N",
        "POST /api/v1/meetings/:id/items/:item/follow-ups": "S  V  V  V  V  F  F  V  N",
        "GET /api/v1/meetings/:id/minutes": "S  A  A  A  A  A  F  A  N",
        "POST /api/v1/meetings/:id/start": "S  V  V  V  V  F  F  V  N",
        "GET /api/v1/openapi.json": "A  A  A  A  A  A  A  A  A",
        "GET /api/v1/reports/:kind": "S  A  A  A  A  F  A  A  A",
        "GET /api/v1/routes": "S  A  A  A  A  A  F  A  A",
        "GET /api/v1/routes/:id": "S  A  A  A  A  A  F  A  N",
        "POST /api/v1/routes/:id/meetings": "S  V  V  V  V  F  F  V  N",
        "GET /api/v1/services": "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/services": "S  V  F  F  F  F  F  F  V",
        "GET /api/v1/services/:id/oversight": "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/services/:id/oversight": "S  V  V  V  V  F  V  N  N",
        "GET /calendar/:file": "A  A  A  A  A  A  A  A  A",
        "GET /dashboard": "S  A  A  A  A  A  A  A  A",
        "GET /decisions": "S  A  A  A  A  A  F  A  A",
        "POST /decisions/:id/done": "S  V  V  V  V  F  F  V  N",
        "GET /escalations": "S  A  A  A  A  A  A  A  A",
        "POST /escalations": "S  V  V  V  V  F  F  V  V",
        "GET /escalations/:id": "S  A  A  A  A  A  A  N  N",
        "POST /escalations/:id/responses": "S  V  V  V  V  F  V  N  N",
        "POST /escalations/:id/transition": "S  V  V  V  V  F  V  N  N",
        "POST /escalations/:id/links": "S  V  V  V  V  F  F  N  N",
        "GET /governance": "S  A  A  A  A  A  A  A  A",
        "GET /escalations/new": "S  A  A  A  A  F  F  A  A",
        "GET /escalations/thresholds": "S  A  A  A  A  A  A  A  A",
        "POST /escalations/thresholds": "S  V  F  F  F  F  F  F  V",
        "GET /escalations/fired/:firing": "S  A  A  A  A  A  F  N  N",
        "GET /services/:id/visits": "S  A  A  A  A  A  F  N  N",
        "GET /learning": "S  A  A  A  A  A  F  A  A",
        "POST /learning": "S  F  V  V  F  F  F  F  F",
        "POST /learning/checks/:check": "S  V  V  V  N  N  N  V  N",
        "GET /services/:id/safety-models": "S  A  A  A  A  A  F  N  N",
        "POST /services/:id/safety-models": "S  V  V  V  V  F  F  N  N",
        "GET /safety-models/:model": "S  A  A  A  A  A  F  N  N",
        "POST /safety-models/:model/checks": "S  V  V  V  V  V  F  N  N",
        "POST /safety-models/:model/verifications": "S  V  V  V  V  F  F  N  N",
        "POST /safety-models/:model/re-sign": "S  F  F  F  V  F  F  N  N",
        "POST /safety-models/:model/stand-down": "S  V  V  V  V  F  F  N  N",
        "POST /services/:id/visits": "S  F  V  V  F  F  F  N  N",
        "POST /services/:id/visits/visitors": "S  F  V  V  F  F  F  N  N",
        "POST /escalations/fired/:firing/not-escalating": "S  V  V  V  V  F  F  N  N",
        "POST /escalations/fired/:firing/take-up": "S  V  V  V  V  F  F  N  N",
        "GET /evidence/:id/edit": "S  A  A  A  A  F  F  N  N",
        "POST /evidence/:id/edit": "S  V  V  V  V  F  F  N  N",
        "GET /evidence/:id/files/:file": "S  A  A  A  A  A  A  N  N",
        "GET /health": "A  A  A  A  A  A  A  A  A",
        "GET /indicators": "S  A  A  A  A  A  A  A  A",
        "POST /indicators": "S  V  V  V  F  F  F  F  V",
        "GET /indicators/:id": "S  A  A  A  A  A  A  A  N",
        "GET /indicators/:id/services/:service": "S  A  A  A  A  A  A  N  N",
        "POST /indicators/:id/services/:service/settings": "S  A  A  A  A  F  F  N  N",
        "POST /indicators/:id/services/:service/values": "S  V  V  V  V  F  F  N  N",
        "POST /indicators/import": "S  V  V  V  V  F  F  V  V",
        "GET /map": "S  A  A  A  A  A  A  A  A",
        "GET /map.csv": "S  A  A  A  A  A  A  A  A",
        "GET /map.xlsx": "S  A  A  A  A  A  A  A  A",
        "GET /meetings": "S  A  A  A  A  A  F  A  A",
        "GET /meetings/:id": "S  A  A  A  A  A  F  A  N",
        "POST /meetings/:id/addenda": "S  V  V  V  V  F  F  V  N",
        "POST /meetings/:id/approve": "S  V  V  V  V  F  F  V  N",
        "POST /meetings/:id/attendance": "S  V  V  V  V  F  F  V  N",
        "GET /meetings/:id/items/:item": "S  A  A  A  A  A  F  A  N",
        "POST /meetings/:id/items/:item/challenges": "S  V  V  V  V  F  F  V  N",
        "POST /meetings/:id/items/:item/decisions": "S  V  V  V  V  F  F  V  N",
        "POST /meetings/:id/items/:item/discussion": "S  V  V  V  V  F  F  V  N",
        "POST /meetings/:id/items/:item/follow-ups": "S  V  V  V  V  F  F  V  N",
        "POST /meetings/:id/start": "S  A  A  A  A  F  F  A  N",
        "GET /metrics": "A  A  A  A  A  A  A  A  A",
        "GET /ready": "A  A  A  A  A  A  A  A  A",
        "GET /reports": "S  A  A  A  A  F  A  A  A",
        "GET /reports/pack": "S  V  V  V  V  F  V  V  V",
        "GET /reset-password/:token": "A  A  A  A  A  A  A  A  A",
        "POST /reset-password/:token": "V  V  V  V  V  V  V  V  V",
        "GET /routes/:id": "S  A  A  A  A  A  F  A  N",
        "POST /routes/:id/meetings": "S  V  V  V  V  F  F  V  N",
        "GET /services/:id/dashboard": "S  A  A  A  A  A  A  N  N",
        "POST /services/:id/oversight": "S  V  V  V  V  F  V  N  N",
        "POST /services/:id/oversight-updates": "S  V  V  V  V  F  F  N  N",
        "GET /setup": "S  S  S  S  S  S  S  S  S",
        "POST /setup": "F  F  F  F  F  F  F  F  F",
        "GET /sign-in": "A  A  A  A  A  A  A  A  A",
        "POST /sign-in": "S  S  S  S  S  S  S  S  S",
        "GET /sign-in/code": "S  S  S  S  S  S  S  S  S",
        "POST /sign-in/code": "S  S  S  S  S  S  S  S  S",
        "POST /sign-out": "S  S  S  S  S  S  S  S  S",
        "GET /people": "S  A  A  A  A  A  A  A  A",
        "GET /people/:id": "S  A  A  A  A  A  N  N  N",
        "GET /people/:id/edit": "S  A  A  A  A  F  F  N  N",
        "GET /people/new": "S  A  A  A  A  F  F  A  A",
        "POST /people": "S  V  V  V  V  F  F  V  V",
        "POST /people/:id": "S  V  V  V  V  F  N  N  N",
        "POST /people/:id/shares": "S  V  V  V  V  F  N  N  N",
        "GET /safeguarding": "S  A  A  A  A  A  F  A  A",
        "GET /safeguarding/:id": "S  A  A  A  A  A  F  N  N",
        "GET /safeguarding/new": "S  A  A  A  A  A  F  A  A",
        "POST /safeguarding": "S  V  V  V  V  V  F  V  V",
        "POST /safeguarding/:id": "S  V  V  V  V  F  F  N  N",
        "GET /interventions": "S  A  A  A  A  A  F  A  A",
        "GET /interventions/:id": "S  A  A  A  A  A  F  N  N",
        "GET /interventions/new": "S  A  A  A  A  A  F  A  A",
        "POST /interventions": "S  V  V  V  V  V  F  V  V",
        "POST /interventions/:id": "S  V  V  V  V  V  F  N  N",
        "GET /cqc-notifications": "S  A  A  A  A  A  F  A  A",
        "GET /cqc-notifications/:id": "S  A  A  A  A  A  F  N  N",
        "POST /cqc-notifications": "S  V  V  V  V  F  F  V  V",
        "POST /cqc-notifications/:id": "S  V  V  V  V  F  F  N  N",
        "GET /safeguarding/import": "S  A  A  A  A  F  F  A  A",
        "POST /safeguarding/import": "S  V  V  V  V  F  F  V  V",
        "GET /interventions/import": "S  A  A  A  A  F  F  A  A",
        "POST /interventions/import": "S  V  V  V  V  F  F  V  V",
        "GET /frameworks": "S  A  A  A  A  A  F  A  A",
        "GET /frameworks/:fid": "S  A  A  A  A  A  F  A  N",
        "GET /frameworks/crosswalks/:from/:to": "S  A  A  A  A  A  F  A  A",
        "GET /frameworks/remap": "S  F  V  V  F  F  F  F  F",
        "POST /frameworks": "S  V  F  F  F  F  F  F  V",
        "POST /frameworks/commissioners": "S  V  F  F  F  F  F  F  V",
        "POST /frameworks/crosswalks": "S  V  F  F  F  F  F  F  V",
        "POST /frameworks/in-force": "S  V  F  F  F  F  F  F  V",
        "POST /frameworks/remap": "S  F  V  V  F  F  F  F  F",
        "GET /sources": "S  A  A  A  A  F  F  A  A",
        "POST /sources": "S  V  V  V  V  F  F  V  V"
    ]
}
