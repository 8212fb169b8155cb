import Foundation
import GripCore
import NIOCore
import NIOHTTP1
import Vapor

/// The operations `grip bench` measures, in order: the floor, sign-in, reads (one client, then
/// many), writes (many clients), the indicator import. Each gets its own peak server memory.
struct BenchOperations: Sendable {
    let load: BenchLoad
    let manifest: BenchData.Manifest
    let token: String
    let clients: Int
    let scale: BenchScale
    let today: Day

    /// Requests per run: (one client, many clients).
    var health: (Int, Int) { scale == .small ? (200, 1600) : (1000, 8000) }
    var reads: (Int, Int) { scale == .small ? (20, 10 * clients) : (100, 50 * clients) }
    var packs: (Int, Int) { scale == .small ? (3, clients) : (5, 2 * clients) }
    var signIns: (Int, Int) { scale == .small ? (3, clients) : (5, 2 * clients) }
    var updates: Int { scale == .small ? 20 * clients : 200 * clients }
    var creates: Int { scale == .small ? 10 * clients : 50 * clients }
    var evidence: Int { scale == .small ? 10 * clients : 100 * clients }

    var allActions: [UUID] { manifest.services.flatMap(\.actions) }
    /// How long one run may go on before its clients stop (after one request each).
    var budget: Duration { scale == .small ? .seconds(10) : .seconds(30) }

    /// A read: its name, its target with many clients, its target alone (issue 35: p50 at one client, as a
    /// multiple of the floor or in milliseconds) and its path for (client, request number).
    typealias PathOp = (
        name: String, target: BenchTarget?, alone: BenchTarget?, path: @Sendable (Int, Int) -> String
    )

    /// The pages read with a session: (client, request number) → path.
    var readOps: [PathOp] {
        let services = manifest.services, actions = allActions, indicators = manifest.indicators
        let livePages = max(2, actions.count * 3 / 10 / ActionFilter().per)
        let deep = max(2, livePages * 4 / 5)
        return [
            (
                "action list, page 1 (in progress)", BenchTarget(.p95Below, 25), BenchTarget(.floorsAtMost, 10),
                { _, _ in
                    "/actions?status=in_progress"
                }
            ),
            (
                "action list, deep page \(deep)", BenchTarget(.p95Below, 25), BenchTarget(.floorsAtMost, 10),
                { _, _ in
                    "/actions?status=in_progress&page=\(deep)"
                }
            ),
            (
                "action page", BenchTarget(.p95Below, 25), BenchTarget(.floorsAtMost, 10),
                { c, n in
                    Paths.action(actions[(c * 997 + n * 31) % actions.count])
                }
            ),
            (
                "service dashboard", BenchTarget(.p95Below, 25), BenchTarget(.floorsAtMost, 10),
                { c, n in
                    Paths.serviceDashboard(services[(c * 7 + n) % services.count].id)
                }
            ),
            (
                "provider dashboard (\(services.count) services)", BenchTarget(.p95Below, 100),
                BenchTarget(.floorsAtMost, 30),
                { _, _ in
                    Paths.dashboard
                }
            ),
            ("recovery map", BenchTarget(.p95Below, 100), BenchTarget(.floorsAtMost, 30), { _, _ in Paths.map }),
            (
                "XmR chart", BenchTarget(.p95Below, 100), nil,
                { c, n in
                    Paths.series(indicators[(c + n) % indicators.count], services[(c * 3 + n) % services.count].id)
                }
            )
        ]
    }

    /// The API's lists, read with the bearer token.
    var apiReads: [PathOp] {
        [
            (
                "API: GET /api/v1/actions?per=10", BenchTarget(.p95Below, 25), BenchTarget(.floorsAtMost, 3),
                { _, _ in Paths.api + "/actions?per=10" }
            ),
            ("API: GET /api/v1/map", BenchTarget(.p95Below, 100), nil, { _, _ in Paths.api + "/map" })
        ]
    }

    /// The packs, as HTML.
    var packOps: [PathOp] {
        let services = manifest.services
        let ten = min(10, services.count)
        return [
            (
                "commissioner pack (\(ten) services)", BenchTarget(.p95Below, 1000), BenchTarget(.p50AtMost, 400),
                { c, n in
                    let first = ((c + n) * ten) % services.count
                    return "/reports/pack?kind=commissioner&format=html"
                        + (0..<ten).map { "&services=\(services[(first + $0) % services.count].id)" }.joined()
                }
            ),
            (
                "CQC evidence pack (1 service)", BenchTarget(.p95Below, 2000), nil,
                { c, n in
                    "/reports/pack?kind=cqc&format=html&services=\(services[(c * 5 + n) % services.count].id)"
                }
            )
        ]
    }

    static func update(_ id: UUID, version: Int, token: String, note: String) -> BenchRequest {
        .json(
            .PATCH, Paths.apiAction(id), token: token,
            body: Retitle(version: version, title: "Bench action \(id.uuidString.prefix(8)): \(note)"))
    }

    func create(client c: Int, n: Int) -> BenchRequest {
        let svc = manifest.services[c % manifest.services.count]
        var v = BenchData.actionValues(
            title: "Bench new action \(n) by client \(c)", theme: "Medicines", gaps: 4,
            baselineDay: today.adding(days: -10), baselineValue: 60,
            factors: RiskFactors(harm: 2, peopleAffected: 2, recurrence: 2, regulatoryImpact: 2, controlWeakness: 2),
            due: today.adding(days: 45), people: (svc.id, svc.lead, svc.manager, svc.route))
        v.statementIDs = [Framework.cqc2023.items[0].id]
        return .json(.POST, Paths.api + "/actions", token: token, body: ActionInput(v))
    }

    /// A change's body (version and title); a new action's is an `ActionInput`, encoded as `ActionCreateBody`
    /// reads it.
    struct Retitle: Encodable { let version: Int; let title: String }

    func recordEvidence(client c: Int, n: Int) -> BenchRequest {
        let categories = Reference.evidenceCategories.map(\.id)
        let svc = manifest.services[(c + 5) % manifest.services.count]
        let id = svc.actions[(n * 7) % svc.actions.count]
        return .json(
            .POST, Paths.apiAction(id) + "/evidence", token: token,
            body: EvidenceCreateDTO(
                category: categories[n % categories.count],
                kind: EvidenceKind.allCases[n % EvidenceKind.allCases.count],
                date: today, summary: "Bench evidence \(n) from client \(c)", statements: nil, requestId: nil,
                actionIds: nil))
    }

    /// Returns the signed-in sessions' cookies, for the statement count that follows.
    @discardableResult
    /// `pids` are the servers under test (their peak memory is the largest of theirs).
    func measure(into report: inout BenchReport, pids: [Int32]) async throws -> [String] {
        func timed(
            _ name: String, clients n: Int, total: Int, warmUp: Int = 0, target: BenchTarget? = nil,
            floor: LatencySummary? = nil,
            make: @escaping @Sendable (Int, Int) -> BenchRequest,
            check: (@Sendable (Int, BenchLoad.Answer) -> Bool)? = nil
        ) async -> LatencySummary? {
            for pid in pids { BenchProcess.resetPeakMemory(of: pid) }
            let outcome: BenchLoad.Outcome
            if let check {
                outcome = await load.run(
                    clients: n, total: total, warmUp: warmUp, budget: budget, make: make, check: check)
            } else {
                outcome = await load.run(clients: n, total: total, warmUp: warmUp, budget: budget, make: make)
            }
            report.add(
                name, clients: n, outcome: outcome, peakMB: BenchProcess.peakMB(of: pids), floor: floor,
                target: target)
            BenchRun.say(report.rows.last!.line)
            // Said at once, not only in the closing report: a row that stops the bench (no sign-in succeeded)
            // would otherwise take its cause with it.
            if let e = outcome.firstError { BenchRun.say("  first error: \(e)") }
            return outcome.summary
        }

        // The floor: an HTTP round trip that does nothing.
        let floor1 = await timed("health (floor)", clients: 1, total: health.0, warmUp: 50) { _, _ in
            BenchRequest(path: "/health")
        }
        let floorN = await timed("health (floor)", clients: clients, total: health.1, warmUp: 50) { _, _ in
            BenchRequest(path: "/health")
        }

        // Sign-in (bcrypt by design); the sessions it makes are the readers' cookies.
        let cookies = try await signIn(timed: { name, n, total, make, check in
            await timed(name, clients: n, total: total, make: make, check: check)
        })

        for (name, target, alone, path) in readOps {
            _ = await timed(name, clients: 1, total: reads.0, warmUp: 5, target: alone, floor: floor1) { c, n in
                .get(path(c, n), cookie: cookies[0])
            }
            _ = await timed(name, clients: clients, total: reads.1, warmUp: clients, target: target, floor: floorN) {
                c, n in
                .get(path(c, n), cookie: cookies[c % cookies.count])
            }
        }
        // The API's lists, with the bearer token: a small page of actions, and a page of the map.
        let bearer = self.token
        for (name, target, alone, path) in apiReads {
            _ = await timed(name, clients: 1, total: reads.0, warmUp: 5, target: alone, floor: floor1) { c, n in
                .api(path(c, n), token: bearer)
            }
            _ = await timed(
                name, clients: clients, total: reads.1, warmUp: clients, target: target,
                floor: floorN
            ) { c, n in .api(path(c, n), token: bearer) }
        }
        for (name, target, alone, path) in packOps {
            _ = await timed(name, clients: 1, total: packs.0, warmUp: 1, target: alone, floor: floor1) { c, n in
                .get(path(c, n), cookie: cookies[0])
            }
            _ = await timed(name, clients: clients, total: packs.1, target: target, floor: floorN) { c, n in
                .get(path(c, n), cookie: cookies[c % cookies.count])
            }
        }

        // Writes over the API, every one with its audit entry; each client works on its own service.
        let actions = allActions
        let versions = Locked([UUID: Int]())
        let token = self.token
        _ = await timed(
            "update an action", clients: clients, total: updates, target: BenchTarget(.throughputAbove, 500),
            make: { c, n in
                // Each client has its own slice of the actions, so no two clients change the same one.
                let slice = max(1, actions.count / clients)
                let id = actions[(c * slice + n % slice) % actions.count]
                let version = versions.with { $0[id] ?? 1 }
                return Self.update(id, version: version, token: token, note: "update \(n) by client \(c)")
            },
            check: { _, answer in
                guard answer.status == .ok, let object = Self.json(answer),
                    let id = (object["id"] as? String).flatMap(UUID.init(uuidString:)),
                    let version = object["version"] as? Int
                else { return false }
                versions.with { $0[id] = version }
                return true
            })
        _ = await timed(
            "create an action", clients: clients, total: creates,
            make: { c, n in
                create(client: c, n: n)
            }, check: { _, a in a.status == .created })
        _ = await timed(
            "record evidence", clients: clients, total: evidence,
            make: { c, n in
                recordEvidence(client: c, n: n)
            }, check: { _, a in a.status == .created })

        try await importValues(cookie: cookies[0], into: &report, pids: pids)
        return cookies
    }

    /// Sign-in as the quality lead: each sign-in first fetches the form (its session and CSRF token,
    /// not timed), then posts it. Returns the signed-in sessions' cookies, one per client.
    func signIn(
        timed: (
            String, Int, Int, @escaping @Sendable (Int, Int) -> BenchRequest,
            @escaping @Sendable (Int, BenchLoad.Answer) -> Bool
        ) async -> LatencySummary?
    ) async throws -> [String] {
        var forms: [(cookie: String, csrf: String)] = []
        for _ in 0..<signIns.0 {
            let page = try await load.send(BenchRequest(path: "/sign-in"))
            guard let cookie = Self.cookie(page.headers), let csrf = Self.csrf(page.text) else {
                throw BenchProcess.Failure(
                    description: "the sign-in page gave no session or CSRF token (status \(page.status.code))")
            }
            forms.append((cookie, csrf))
        }
        let prepared = forms
        let signedIn = Locked([Int: String]())
        let perClient = max(1, signIns.1 / clients)
        @Sendable func request(_ index: Int) -> BenchRequest {
            .form(
                "/sign-in", cookie: prepared[index].cookie,
                fields: [
                    ("email", "ql@bench.example"), ("password", BenchData.password), ("_csrf", prepared[index].csrf)
                ])
        }
        _ = await timed("sign in", 1, signIns.0, { _, n in request(n) }, { _, a in a.status == .seeOther })
        // The forms used once above are spent (their sessions were replaced): fetch fresh ones.
        var fresh: [(cookie: String, csrf: String)] = []
        for i in 0..<(perClient * clients) {
            let page = try await load.send(BenchRequest(path: "/sign-in"), client: i / perClient)
            guard let cookie = Self.cookie(page.headers), let csrf = Self.csrf(page.text) else {
                throw BenchProcess.Failure(description: "no sign-in form")
            }
            fresh.append((cookie, csrf))
        }
        let second = fresh
        _ = await timed(
            "sign in", clients, perClient * clients,
            { c, n in
                .form(
                    "/sign-in", cookie: second[c * perClient + n].cookie,
                    fields: [
                        ("email", "ql@bench.example"), ("password", BenchData.password),
                        ("_csrf", second[c * perClient + n].csrf)
                    ])
            },
            { c, a in
                guard a.status == .seeOther, let cookie = Self.cookie(a.headers) else { return false }
                signedIn.with { $0[c] = cookie }
                return true
            })
        let cookies = signedIn.with { d in (0..<clients).compactMap { d[$0] } }
        guard !cookies.isEmpty else {
            throw BenchProcess.Failure(description: "no sign-in succeeded: see the sign-in rows above")
        }
        return cookies
    }

    /// The indicator import: months of history before the generated ones, for every service and
    /// indicator (100,000 values at group scale), uploaded as a CSV file through the page's form.
    func importValues(cookie: String, into report: inout BenchReport, pids: [Int32]) async throws {
        let series = manifest.services.count * manifest.indicators.count
        let months = scale == .small ? 25 : Int((100_000.0 / Double(series)).rounded(.up))
        guard let first = Day(iso: manifest.firstMonth) else {
            throw BenchProcess.Failure(description: "the manifest has no first month")
        }
        var csv = "service,indicator,period,value\n"
        var count = 0
        for s in manifest.services {
            for name in manifest.indicatorNames {
                for m in 1...months {
                    var y = first.year, mo = first.month - m
                    while mo < 1 { mo += 12; y -= 1 }
                    csv += "\(s.name),\(name),\(String(format: "%04d-%02d", y, mo)),\((count * 7) % 23 + 2)\n"
                    count += 1
                }
            }
        }
        let page = try await load.send(.get(Paths.indicators, cookie: cookie))
        guard let csrf = Self.csrf(page.text) else {
            throw BenchProcess.Failure(
                description: "the indicators page has no import form (status \(page.status.code))")
        }
        let boundary = "grip-bench-\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
        body.writeString(
            """
            --\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; \
            filename=\"history.csv\"\r\nContent-Type: text/csv\r\n\r\n
            """
        )
        body.writeString(csv)
        body.writeString("\r\n--\(boundary)--\r\n")
        let request = BenchRequest(
            method: .POST, path: Paths.indicators + "/import",
            headers: [
                ("Cookie", cookie), ("Content-Type", "multipart/form-data; boundary=\(boundary)"),
                ("X-CSRF-Token", csrf)
            ],
            body: body)
        for pid in pids { BenchProcess.resetPeakMemory(of: pid) }
        let start = ContinuousClock.now
        let answer = try await load.send(request)
        let seconds = (ContinuousClock.now - start).seconds
        guard answer.status == .seeOther else {
            throw BenchProcess.Failure(
                description: "the import of \(count) values answered \(answer.status.code): \(answer.text.prefix(500))")
        }
        report.add(
            single: "import \(count) indicator values (CSV)", seconds: seconds,
            detail: String(
                format: "%.0f values/s, %.1f MB", Double(count) / seconds, Double(csv.utf8.count) / 1_048_576),
            target: BenchTarget(.secondsBelow, 5), peakMB: BenchProcess.peakMB(of: pids))
        BenchRun.say(report.rows.last!.line)
    }

    static func cookie(_ headers: HTTPHeaders) -> String? {
        headers["Set-Cookie"].lazy.compactMap { $0.split(separator: ";").first.map(String.init) }.first {
            $0.hasPrefix("grip_session=")
        }
    }

    static func csrf(_ html: String) -> String? {
        guard let r = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func json(_ a: BenchLoad.Answer) -> [String: Any]? {
        guard var body = a.body, let bytes = body.readBytes(length: body.readableBytes) else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }
}
