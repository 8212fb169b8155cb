import Foundation
import GripCore

/// Reads every request would otherwise repeat, remembered for a few seconds per organisation (issue 35): a
/// session's data (`QuietSessions`), who a session's person or a bearer token is, and the framework the
/// organisation has in force. A page or an API
/// call then needs no statement for them. A committed change to a person, a token, an organisation or a loaded
/// framework version (audited as `user`, `api_token`, `organisation`, `framework_version`: a role, a
/// deactivation, a revoked token, a two-factor rule, a framework put in force) forgets what is remembered of
/// that organisation at once on this instance; another instance sharing the database, or the command line, is
/// seen within `lifetime`.
final class RememberedReads: @unchecked Sendable {  // every field behind `lock`
    /// Who is signed in: the person, their organisation's two-factor rule, and whether and when the person
    /// set it up (sessions only).
    struct SignedIn: Sendable {
        let actor: Actor
        let twoFactorRoles: Set<Role>
        let enrolled: Bool
        let enrolledAt: Date?
    }

    /// One per process: the audit log, which sees every change, has no application to find one in.
    static let shared = RememberedReads()
    /// The audited records whose change can change who someone is, whether they may sign in, or the framework.
    static let revokingRecords: Set<String> = ["user", "api_token", "organisation", "framework_version"]
    static let lifetime: TimeInterval = 5
    static let capacity = 10_000

    private let lock = NSLock()
    /// Moves on at every revocation; `revokedAt` holds each organisation's last, so a change in one
    /// provider does not make every other provider's reads be made again.
    private var sequence = 0
    private var revokedAt: [UUID: Int] = [:]
    private var entries: [String: (value: any Sendable, organisation: UUID, at: Date, readAt: Int)] = [:]

    /// The revocation counter, read before the database is and handed back to `remember`: a change committed
    /// between the two is not hidden by what was read before it.
    var revocations: Int { lock.withLock { sequence } }

    func recall<T: Sendable>(_ key: String, as type: T.Type, now: Date) -> T? {
        lock.withLock {
            guard let e = entries[key], e.readAt >= revokedAt[e.organisation, default: 0],
                now >= e.at, now.timeIntervalSince(e.at) < Self.lifetime
            else { return nil }
            return e.value as? T
        }
    }

    func remember<T: Sendable>(_ value: T, as key: String, of organisation: UUID, readAt revocations: Int, now: Date) {
        lock.withLock {
            guard revocations >= revokedAt[organisation, default: 0] else { return }
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (value, organisation, now, revocations)
        }
    }

    /// The value remembered under `key`, else `read`'s, remembered for next time as the organisation's
    /// that `organisation` names.
    func value<T: Sendable>(
        _ key: String, now: Date, organisation: (T) -> UUID, read: () async throws -> T?
    ) async rethrows -> T? {
        if let known = recall(key, as: T.self, now: now) { return known }
        let revocations = self.revocations
        guard let value = try await read() else { return nil }
        remember(value, as: key, of: organisation(value), readAt: revocations, now: now)
        return value
    }

    /// Forgets one remembered read (a session signed out).
    func forget(_ key: String) {
        _ = lock.withLock { entries.removeValue(forKey: key) }
    }

    /// Forgets what is remembered of the organisation: called once a change to one of its people, its tokens,
    /// itself or its frameworks has committed.
    func revoke(organisation: UUID) {
        lock.withLock {
            sequence += 1
            revokedAt[organisation] = sequence
        }
    }
}
