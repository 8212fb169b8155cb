import Fluent
import Vapor

/// Fluent's sessions, without the write Vapor makes at the end of every request: the session is
/// saved only when its data changed (sign-in, a new CSRF token, a flash message). A page view is
/// then a read, which matters on SQLite, where writes queue behind each other.
struct QuietSessions: AsyncSessionDriver {
    let inner: any SessionDriver

    struct ReadKey: StorageKey { typealias Value = [String: String] }

    /// Sessions are nobody's organisation: they are forgotten one by one (signed out), never revoked together.
    static let remembered = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static func key(_ id: SessionID) -> String { "s:" + id.string }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        let id = try await inner.createSession(data, for: request).get()
        remember(data, id, request)
        return id
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
        let id = try await inner.updateSession(sessionID, to: data, for: request).get()
        remember(data, id, request)
        return id
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        RememberedReads.shared.forget(Self.key(sessionID))
        try await inner.deleteSession(sessionID, for: request).get()
    }

    private func remember(_ data: SessionData, _ id: SessionID, _ request: Request) {
        RememberedReads.shared.remember(
            data, as: Self.key(id), of: Self.remembered, readAt: RememberedReads.shared.revocations,
            now: request.now)
    }
}
