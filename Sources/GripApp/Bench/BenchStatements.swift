import Foundation

/// The SQL statements each operation makes, counted on a second server that logs every statement
/// (`GRIP_SQL_LOG=info`, `--log info`): the lines one request adds to its log, once the start-up's
/// day-roll has finished. Each read is sent once before it is counted, so the count is the steady
/// state (summaries already current, as on a busy day).
struct BenchStatements: Sendable {
    let operations: BenchOperations
    let logPath: String
    /// What each statement's log line says (SQLKit's drivers, SQLite and PostgreSQL alike).
    static let marker = "Executing query"

    struct Count: Encodable, Sendable {
        let operation: String
        let statements: Int
    }

    func count(cookie: String) async throws -> [Count] {
        let ops = operations
        var counts: [Count] = []
        for op in ops.readOps + ops.packOps {
            counts.append(try await count(op.name, warm: true) { .get(op.path(0, 0), cookie: cookie) })
        }
        for op in ops.apiReads {
            counts.append(try await count(op.name, warm: true) { .api(op.path(0, 0), token: ops.token) })
        }
        let id = ops.allActions[ops.allActions.count / 2]
        counts.append(
            try await count("update an action (API PATCH)", warm: false) {
                let current = try await ops.load.send(.api(Paths.apiAction(id), token: ops.token))
                guard let version = BenchOperations.json(current)?["version"] as? Int else {
                    throw BenchProcess.Failure(
                        description: "GET \(Paths.apiAction(id)) gave no version (\(current.status.code))")
                }
                return BenchOperations.update(id, version: version, token: ops.token, note: "counted update")
            })
        counts.append(try await count("create an action (API POST)", warm: false) { ops.create(client: 0, n: 0) })
        counts.append(
            try await count("record evidence (API POST)", warm: false) {
                ops.recordEvidence(client: 0, n: 0)
            })
        return counts
    }

    /// Sends the request (twice when `warm`, counting the second) and counts the statements logged.
    func count(_ name: String, warm: Bool, _ make: () async throws -> BenchRequest) async throws -> Count {
        if warm { _ = try await operations.load.send(try await make()) }
        let request = try await make()
        try await settle()
        let before = size()
        let answer = try await operations.load.send(request)
        guard answer.status.code < 400 else {
            throw BenchProcess.Failure(description: "counting statements: \(name) answered \(answer.status.code)")
        }
        try await settle()
        let n = try text(from: before).components(separatedBy: Self.marker).count - 1
        return Count(operation: name, statements: n)
    }

    /// Waits for the start-up day-roll to say it has finished (its statements are nobody's request).
    func waitForDayRoll() async throws {
        var offset: UInt64 = 0
        for _ in 0..<3000 {
            let added = try text(from: offset)
            if added.contains("service summaries recomputed") || added.contains("day-roll failed") {
                try await settle()
                return
            }
            // Keep a line's worth, in case the message straddles two reads.
            offset += UInt64(max(0, added.utf8.count - 200))
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchProcess.Failure(description: "the counting server's day-roll did not finish within ten minutes")
    }

    private func text(from offset: UInt64) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: logPath))
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }

    private func size() -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: logPath))?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// Waits until nothing more is being logged (the day-roll at start-up, a request's last lines).
    func settle() async throws {
        var last = size()
        for _ in 0..<1200 {
            try await Task.sleep(for: .milliseconds(100))
            let now = size()
            if now == last { return }
            last = now
        }
        throw BenchProcess.Failure(description: "the server's log did not settle within two minutes")
    }
}
