import Fluent
import Vapor

/// Fluent's sessions, without the write Vapor makes at the end of every request: the session is
/// saved only when its data changed (sign-in, a new CSRF token, a flash message). A page view is
/// then a read, which matters on SQLite, where writes queue behind each other.
///
/// The writes go through `writeTransaction`, like every other write: on SQLite a write on a pool connection that
/// met the writer's open transaction spun in SQLiteNIO's busy handler (which retries forever) on a thread of the
/// pool the writer needs for its next statement; two such sign-ins held both threads and nothing moved again
/// (`grip bench`'s four-client sign-in timed out after 300 s in CI, 8 December).
struct QuietSessions: AsyncSessionDriver {
    let inner: any SessionDriver

    struct ReadKey: StorageKey { typealias Value = [String: String] }

    /// Sessions are nobody's organisation: they are forgotten one by one (signed out), never revoked together.
    static let remembered = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static func key(_ id: SessionID) -> String { "s:" + id.string }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        let id = Self.newID()
        try await request.db.writeTransaction { tx in try await SessionRecord(key: id, data: data).create(on: tx) }
        remember(data, id, request)
        return id
    }

    /// 32 random bytes, as Fluent's sessions make them.
    static func newID() -> SessionID {
        var g = SystemRandomNumberGenerator()
        return SessionID(
            string: Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &g) }).base64EncodedString())
    }

    /// A page (GET or HEAD) may be answered from what this instance read or wrote of the session in the last
    /// few seconds (`RememberedReads`); a change (any other method) always reads the row.
    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        let known =
            request.method == .GET || request.method == .HEAD
            ? RememberedReads.shared.recall(Self.key(sessionID), as: SessionData.self, now: request.now) : nil
        let revocations = RememberedReads.shared.revocations
        let data: SessionData?
        if let known { data = known } else { data = try await inner.readSession(sessionID, for: request).get() }
        request.storage[ReadKey.self] = data?.snapshot
        if known == nil, let data {
            RememberedReads.shared.remember(
                data, as: Self.key(sessionID), of: Self.remembered, readAt: revocations, now: request.now)
        }
        return data
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        if let read = request.storage[ReadKey.self], read == data.snapshot { return sessionID }
        try await request.db.writeTransaction { tx in
            try await SessionRecord.query(on: tx).filter(\.$key == sessionID).set(\.$data, to: data).update()
        }
        remember(data, sessionID, request)
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        RememberedReads.shared.forget(Self.key(sessionID))
        try await request.db.writeTransaction { tx in
            try await SessionRecord.query(on: tx).filter(\.$key == sessionID).delete()
        }
    }

    private func remember(_ data: SessionData, _ id: SessionID, _ request: Request) {
        RememberedReads.shared.remember(
            data, as: Self.key(id), of: Self.remembered, readAt: RememberedReads.shared.revocations,
            now: request.now)
    }
}
