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
                    let res = try await client.send(route.method, path, api: path.hasPrefix("/api/"))
                    #expect(res.status.code < 500, "\(key) as \(caller) answered \(res.status.code): \(res.body.string.prefix(300))")
                    observed[key, default: Array(repeating: "?", count: AuthorisationMatrix.callers.count)][column] = MatrixRecords.outcome(res)
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
            #expect(String(expected) == got, "\(key): expected \(expected), got \(got) (callers \(AuthorisationMatrix.callers.joined(separator: ", ")))")
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
        default: return "A"
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
            .addStep(aid, .init(what: "Check every MAR chart", ownerRole: "Shift lead", ownerID: f.id("staff"), whereRecorded: "MAR audit", dueDay: today.adding(days: 7)))
        let evidence = try await EvidenceService(db: app.db, actor: rm, today: today)
            .record(actionIDs: [aid], .init(category: "processes", kind: .audit, day: today, summary: "MAR audit"),
                    files: [.init(filename: "audit.csv", bytes: Array("week,complete\n1,57\n".utf8))])
        let file = try await EvidenceFile.query(on: app.db).filter(\.$evidence.$id == evidence.id!).first()!
        let indicator = try await Indicator.query(on: app.db).filter(\.$organisation.$id == f.orgA).first()
        let escalation = try await EscalationService(db: app.db, actor: rm, today: today).create(.init(
            serviceID: f.sid("one"), category: .repeatedIncidents, facts: "Three falls in a week.", safeguards: "Hourly checks.",
            actionsTaken: "Falls assessment.", supportNeeded: "Falls clinic.", respondBy: today.adding(days: 3), jointReviewDay: nil, raiseNow: true))
        let meetings = MeetingService(db: app.db, actor: rm, today: today)
        let meeting = try await meetings.schedule(routeID: f.rid("a"), day: today)
        let started = try await meetings.start(meeting.id, version: meeting.version)
        let item = try await MeetingItem.query(on: app.db).filter(\.$meeting.$id == started.id!).first()!
        let decision = try await meetings.addDecision(started.id, itemID: item.id, text: "Induct agency nurses", ownerID: f.id("rm"), dueDay: today.adding(days: 7))
        let (token, _) = try await TokenService.create(name: "target", for: f.users["staff2"]!, actor: AuditActor(id: nil, name: "test"), on: app.db)
        let feed = try await CalendarFeed.reset(try f.actor("staff"), on: app.db)
        let reset = try await AdminService(db: app.db, actor: try f.actor("admin")).resetLink(for: f.id("staff2"))
        // A change that weakens oversight, proposed by the registered manager (the senior reviewer), waiting for a second person.
        var lower = ActionInput()
        (lower.harm, lower.peopleAffected, lower.recurrence, lower.regulatoryImpact, lower.controlWeakness) = (2, 2, 2, 2, 2)
        lower.changeReason = "Every chart audited complete for a month."
        let fresh = try await RecoveryAction.find(aid, on: app.db)!
        guard case .proposed(let change) = try await ActionService(db: app.db, actor: rm, today: today).update(fresh, lower, version: fresh.version) else {
            throw AppError(.internalServerError, "lowering the band did not propose a change")
        }
        r.ids = [
            "actions": aid.uuidString, "steps": step.id!.uuidString, "evidence": evidence.id!.uuidString, "files": file.id!.uuidString,
            "indicators": indicator?.id?.uuidString ?? UUID().uuidString, "services": f.sid("one").uuidString,
            "escalations": escalation.id!.uuidString, "meetings": started.id!.uuidString, "items": item.id!.uuidString,
            "decisions": decision.id!.uuidString, "tokens": token.id!.uuidString, "users": f.id("staff2").uuidString,
            "routes": f.rid("a").uuidString, "sources": f.sources["one"]!.id!.uuidString, "calendar": feed, "reset-password": reset,
            "changes": change.id!.uuidString,
        ]
        return r
    }

    /// The route's path with each parameter replaced by organisation A's record of the kind the segment before names.
    func path(for route: Route) -> String {
        var out: [String] = []
        var previous = ""
        for component in route.path {
            switch component {
            case .constant(let s):
                out.append(s)
                previous = s
            case .parameter(let name):
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
            try await b.get("/sign-in")    // a session and CSRF token, so forms are refused for not being signed in
            return MatrixClient(browser: b, api: APIClient(app: app, token: nil))
        }
        let user = f.users[caller]!
        return MatrixClient(browser: try await Browser.signedIn(app, user.email), api: try await APIClient.make(app, for: user))
    }

    func send(_ method: HTTPMethod, _ path: String, api isAPI: Bool) async throws -> TestingHTTPResponse {
        if isAPI {
            return try await api.send(method, path, json: method == .GET || method == .DELETE ? nil : "{}")
        }
        if method == .GET { return try await browser.get(path) }
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
        headers.add(name: .accept, value: "text/html")
        if let cookie = browser.cookie { headers.add(name: .cookie, value: cookie) }
        let res = try await browser.app.testing().sendRequest(method, path, headers: headers,
                                                              body: ByteBuffer(string: "_csrf=\(Browser.encode(browser.csrf))"))
        browser.absorb(res)
        return res
    }
}

enum AuthorisationMatrix {
    /// The table's columns.
    static let callers = ["nobody", "admin", "ni", "ql", "rm", "staff", "commissioner", "rm2", "adminB"]

    /// A: allowed (the route did its work, or refused the empty input with 400/409/422 after the
    /// rulebook let the caller through — every rule is asked before a body is read);
    /// S: sign in first (401, or a redirect to the sign-in page); F: forbidden (403); N: not found (404).
    /// Columns: nobody; provider admin, nominated individual, quality lead; the registered manager,
    /// staff member and commissioner of the records' service; the registered manager of another
    /// service of the same provider; the admin of another organisation.
    static let table: [String: String] = [
        // route                                              no ad ni ql rm st co r2 oB
        "GET /":                                             "S  A  A  A  A  A  A  A  A",
        "GET /account/calendar":                             "S  A  A  A  A  A  A  A  A",
        "GET /account/two-factor":                           "S  A  A  A  A  A  A  A  A",
        "POST /account/two-factor":                          "S  A  A  A  A  A  A  A  A",
        "POST /account/two-factor/disable":                  "S  A  A  A  A  A  A  A  A",
        "POST /account/calendar":                            "S  A  A  A  A  A  A  A  A",
        "POST /account/calendar/stop":                       "S  A  A  A  A  A  A  A  A",
        "GET /actions":                                      "S  A  A  A  A  A  A  A  A",
        "POST /actions":                                     "S  A  A  A  A  F  F  A  A",
        "GET /actions/:id":                                  "S  A  A  A  A  A  A  N  N",
        "POST /actions/:id/close":                           "S  F  F  F  A  F  F  N  N",
        "POST /actions/:id/due-day":                         "S  A  A  A  A  F  F  N  N",
        "GET /actions/:id/edit":                             "S  A  A  A  A  F  F  N  N",
        "POST /actions/:id/edit":                            "S  A  A  A  A  F  F  N  N",
        "POST /actions/:id/evidence":                        "S  A  A  A  A  A  F  N  N",
        "POST /actions/:id/evidence-requests":               "S  A  A  A  A  A  F  N  N",
        "POST /actions/:id/reaudits":                        "S  A  A  A  A  F  F  N  N",
        "POST /actions/:id/reviews":                         "S  A  A  A  A  F  F  N  N",
        "POST /actions/:id/progress":                        "S  A  A  A  A  A  F  N  N",
        "POST /actions/:id/changes/:change":                 "S  A  A  A  F  F  F  N  N",
        "POST /actions/:id/steps":                           "S  A  A  A  A  F  F  N  N",
        "POST /actions/:id/steps/:step/done":                "S  A  A  A  A  A  F  N  N",
        "POST /actions/:id/transition":                      "S  A  A  A  A  A  F  N  N",
        "GET /actions/export.csv":                           "S  A  A  A  A  A  A  A  A",
        "GET /actions/export.xlsx":                          "S  A  A  A  A  A  A  A  A",
        "GET /actions/import":                               "S  A  A  A  A  F  F  A  A",
        "POST /actions/import":                              "S  A  A  A  A  F  F  A  A",
        "POST /actions/import/confirm":                      "S  A  A  A  A  F  F  A  A",
        "GET /actions/new":                                  "S  A  A  A  A  F  F  A  A",
        "GET /admin":                                        "S  A  F  F  F  F  F  F  A",
        "GET /admin/routes":                                 "S  A  F  F  F  F  F  F  A",
        "POST /admin/routes":                                "S  A  F  F  F  F  F  F  A",
        "GET /admin/routes/:id":                             "S  A  F  F  F  F  F  F  N",
        "POST /admin/routes/:id":                            "S  A  F  F  F  F  F  F  N",
        "GET /admin/services":                               "S  A  F  F  F  F  F  F  A",
        "POST /admin/services":                              "S  A  F  F  F  F  F  F  A",
        "GET /admin/services/:id":                           "S  A  F  F  F  F  F  F  N",
        "POST /admin/services/:id":                          "S  A  F  F  F  F  F  F  N",
        "GET /admin/settings":                               "S  A  F  F  F  F  F  F  A",
        "POST /admin/settings/two-factor":                   "S  A  F  F  F  F  F  F  A",
        "GET /admin/tokens":                                 "S  A  F  F  F  F  F  F  A",
        "POST /admin/tokens":                                "S  A  F  F  F  F  F  F  A",
        "POST /admin/tokens/:id/revoke":                     "S  A  F  F  F  F  F  F  N",
        "GET /admin/users":                                  "S  A  F  F  F  F  F  F  A",
        "POST /admin/users":                                 "S  A  F  F  F  F  F  F  A",
        "GET /admin/users/:id":                              "S  A  F  F  F  F  F  F  N",
        "POST /admin/users/:id":                             "S  A  F  F  F  F  F  F  N",
        "POST /admin/users/:id/deactivate":                  "S  A  F  F  F  F  F  F  N",
        "POST /admin/users/:id/reset-link":                  "S  A  F  F  F  F  F  F  N",
        "POST /admin/users/:id/two-factor/reset":            "S  A  F  F  F  F  F  F  N",
        "GET /api/v1/actions":                               "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/actions":                              "S  A  A  A  A  F  F  A  A",
        "GET /api/v1/actions/:id":                           "S  A  A  A  A  A  A  N  N",
        "PATCH /api/v1/actions/:id":                         "S  A  A  A  A  F  F  N  N",
        "POST /api/v1/actions/:id/close":                    "S  F  F  F  A  F  F  N  N",
        "GET /api/v1/actions/:id/closure":                   "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/actions/:id/evidence":                 "S  A  A  A  A  A  F  N  N",
        "POST /api/v1/actions/:id/evidence-requests":        "S  A  A  A  A  A  F  N  N",
        "POST /api/v1/actions/:id/reaudits":                 "S  A  A  A  A  F  F  N  N",
        "POST /api/v1/actions/:id/reviews":                  "S  A  A  A  A  F  F  N  N",
        "POST /api/v1/actions/:id/progress-updates":         "S  A  A  A  A  A  F  N  N",
        "POST /api/v1/actions/:id/due-day":                  "S  A  A  A  A  F  F  N  N",
        "GET /api/v1/actions/:id/changes":                   "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/actions/:id/changes/:change/approve":  "S  A  A  A  F  F  F  N  N",
        "POST /api/v1/actions/:id/changes/:change/refuse":   "S  A  A  A  F  F  F  N  N",
        "POST /api/v1/actions/:id/transitions":              "S  A  A  A  A  A  F  N  N",
        "GET /api/v1/dashboard":                             "S  A  A  A  A  A  A  A  A",
        "GET /api/v1/decisions":                             "S  A  A  A  A  A  F  A  A",
        "POST /api/v1/decisions/:id/done":                   "S  A  A  A  A  F  F  A  N",
        "GET /api/v1/escalations":                           "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/escalations":                          "S  A  A  A  A  F  F  A  A",
        "GET /api/v1/escalations/:id":                       "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/escalations/:id/responses":            "S  A  A  A  A  F  A  N  N",
        "POST /api/v1/escalations/:id/transitions":          "S  A  A  A  A  F  A  N  N",
        "GET /api/v1/evidence/:id":                          "S  A  A  A  A  A  A  N  N",
        "GET /api/v1/evidence/:id/files/:file":              "S  A  A  A  A  A  A  N  N",
        "GET /api/v1/exports/actions":                       "S  A  A  A  A  A  A  A  A",
        "GET /api/v1/exports/map":                           "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/imports/actions":                      "S  A  A  A  A  F  F  A  A",
        "GET /api/v1/indicators":                            "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/indicators":                           "S  A  A  A  F  F  F  F  A",
        "GET /api/v1/indicators/:id/services/:service/spc":  "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/indicators/values":                    "S  A  A  A  A  F  F  A  A",
        "GET /api/v1/map":                                   "S  A  A  A  A  A  A  A  A",
        "GET /api/v1/meetings":                              "S  A  A  A  A  A  F  A  A",
        "GET /api/v1/meetings/:id":                          "S  A  A  A  A  A  F  A  N",
        "POST /api/v1/meetings/:id/addenda":                 "S  A  A  A  A  F  F  A  N",
        "GET /api/v1/meetings/:id/agenda":                   "S  A  A  A  A  A  F  A  N",
        "POST /api/v1/meetings/:id/approve":                 "S  A  A  A  A  F  F  A  N",
        "PUT /api/v1/meetings/:id/attendance":               "S  A  A  A  A  F  F  A  N",
        "POST /api/v1/meetings/:id/items/:item/challenges":  "S  A  A  A  A  F  F  A  N",
        "POST /api/v1/meetings/:id/items/:item/decisions":   "S  A  A  A  A  F  F  A  N",
        "PUT /api/v1/meetings/:id/items/:item/discussion":   "S  A  A  A  A  F  F  A  N",
        "POST /api/v1/meetings/:id/items/:item/follow-ups":  "S  A  A  A  A  F  F  A  N",
        "GET /api/v1/meetings/:id/minutes":                  "S  A  A  A  A  A  F  A  N",
        "POST /api/v1/meetings/:id/start":                   "S  A  A  A  A  F  F  A  N",
        "GET /api/v1/openapi.json":                          "A  A  A  A  A  A  A  A  A",
        "GET /api/v1/reports/:kind":                         "S  A  A  A  A  F  A  A  A",
        "GET /api/v1/routes":                                "S  A  A  A  A  A  F  A  A",
        "GET /api/v1/routes/:id":                            "S  A  A  A  A  A  F  A  N",
        "POST /api/v1/routes/:id/meetings":                  "S  A  A  A  A  F  F  A  N",
        "GET /api/v1/services":                              "S  A  A  A  A  A  A  A  A",
        "POST /api/v1/services":                             "S  A  F  F  F  F  F  F  A",
        "GET /api/v1/services/:id/oversight":                "S  A  A  A  A  A  A  N  N",
        "POST /api/v1/services/:id/oversight":               "S  A  A  A  A  F  A  N  N",
        "GET /calendar/:file":                               "A  A  A  A  A  A  A  A  A",
        "GET /dashboard":                                    "S  A  A  A  A  A  A  A  A",
        "GET /decisions":                                    "S  A  A  A  A  A  F  A  A",
        "POST /decisions/:id/done":                          "S  A  A  A  A  F  F  A  N",
        "GET /escalations":                                  "S  A  A  A  A  A  A  A  A",
        "POST /escalations":                                 "S  A  A  A  A  F  F  A  A",
        "GET /escalations/:id":                              "S  A  A  A  A  A  A  N  N",
        "POST /escalations/:id/responses":                   "S  A  A  A  A  F  A  N  N",
        "POST /escalations/:id/transition":                  "S  A  A  A  A  F  A  N  N",
        "GET /escalations/new":                              "S  A  A  A  A  F  F  A  A",
        "GET /evidence/:id/edit":                            "S  A  A  A  A  F  F  N  N",
        "POST /evidence/:id/edit":                           "S  A  A  A  A  F  F  N  N",
        "GET /evidence/:id/files/:file":                     "S  A  A  A  A  A  A  N  N",
        "GET /health":                                       "A  A  A  A  A  A  A  A  A",
        "GET /indicators":                                   "S  A  A  A  A  A  A  A  A",
        "POST /indicators":                                  "S  A  A  A  F  F  F  F  A",
        "GET /indicators/:id":                               "S  A  A  A  A  A  A  A  N",
        "GET /indicators/:id/services/:service":             "S  A  A  A  A  A  A  N  N",
        "POST /indicators/:id/services/:service/settings":   "S  A  A  A  A  F  F  N  N",
        "POST /indicators/:id/services/:service/values":     "S  A  A  A  A  F  F  N  N",
        "POST /indicators/import":                           "S  A  A  A  A  F  F  A  A",
        "GET /map":                                          "S  A  A  A  A  A  A  A  A",
        "GET /map.csv":                                      "S  A  A  A  A  A  A  A  A",
        "GET /map.xlsx":                                     "S  A  A  A  A  A  A  A  A",
        "GET /meetings":                                     "S  A  A  A  A  A  F  A  A",
        "GET /meetings/:id":                                 "S  A  A  A  A  A  F  A  N",
        "POST /meetings/:id/addenda":                        "S  A  A  A  A  F  F  A  N",
        "POST /meetings/:id/approve":                        "S  A  A  A  A  F  F  A  N",
        "POST /meetings/:id/attendance":                     "S  A  A  A  A  F  F  A  N",
        "GET /meetings/:id/items/:item":                     "S  A  A  A  A  A  F  A  N",
        "POST /meetings/:id/items/:item/challenges":         "S  A  A  A  A  F  F  A  N",
        "POST /meetings/:id/items/:item/decisions":          "S  A  A  A  A  F  F  A  N",
        "POST /meetings/:id/items/:item/discussion":         "S  A  A  A  A  F  F  A  N",
        "POST /meetings/:id/items/:item/follow-ups":         "S  A  A  A  A  F  F  A  N",
        "POST /meetings/:id/start":                          "S  A  A  A  A  F  F  A  N",
        "GET /metrics":                                      "A  A  A  A  A  A  A  A  A",
        "GET /ready":                                        "A  A  A  A  A  A  A  A  A",
        "GET /reports":                                      "S  A  A  A  A  F  A  A  A",
        "GET /reports/pack":                                 "S  A  A  A  A  F  A  A  A",
        "GET /reset-password/:token":                        "A  A  A  A  A  A  A  A  A",
        "POST /reset-password/:token":                       "A  A  A  A  A  A  A  A  A",
        "GET /routes/:id":                                   "S  A  A  A  A  A  F  A  N",
        "POST /routes/:id/meetings":                         "S  A  A  A  A  F  F  A  N",
        "GET /services/:id/dashboard":                       "S  A  A  A  A  A  A  N  N",
        "POST /services/:id/oversight":                      "S  A  A  A  A  F  A  N  N",
        "POST /services/:id/oversight-updates":              "S  A  A  A  A  F  F  N  N",
        "GET /setup":                                        "S  S  S  S  S  S  S  S  S",
        "POST /setup":                                       "F  F  F  F  F  F  F  F  F",
        "GET /sign-in":                                      "A  A  A  A  A  A  A  A  A",
        "POST /sign-in":                                     "S  S  S  S  S  S  S  S  S",
        "GET /sign-in/code":                                 "S  S  S  S  S  S  S  S  S",
        "POST /sign-in/code":                                "S  S  S  S  S  S  S  S  S",
        "POST /sign-out":                                    "S  S  S  S  S  S  S  S  S",
        "GET /sources":                                      "S  A  A  A  A  F  F  A  A",
        "POST /sources":                                     "S  A  A  A  A  F  F  A  A",
    ]
}
