import Fluent
import Vapor

/// Fluent's sessions, without the write Vapor makes at the end of every request: the session is
/// saved only when its data changed (sign-in, a new CSRF token, a flash message). A page view is
/// then a read, which matters on SQLite, where writes queue behind each other.
struct QuietSessions: AsyncSessionDriver {
    let inner: any SessionDriver

    struct ReadKey: StorageKey { typealias Value = [String: String] }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        try await inner.createSession(data, for: request).get()
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        let data = try await inner.readSession(sessionID, for: request).get()
        request.storage[ReadKey.self] = data?.snapshot
        return data
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        if let read = request.storage[ReadKey.self], read == data.snapshot { return sessionID }
        return try await inner.updateSession(sessionID, to: data, for: request).get()
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await inner.deleteSession(sessionID, for: request).get()
    }
}
