import Foundation
import GripCore

/// Who a session's person or a bearer token is, remembered for a few seconds (issue 35), so a page or an API
/// call needs no statement to know who is asking. A committed change to a person, a token or an organisation
/// (audited as `user`, `api_token` or `organisation`: a role, a deactivation, a revoked token, a two-factor rule)
/// moves the revocation counter, which forgets everything remembered on this instance at once. Another
/// instance sharing the database, or the command line, forgets within `lifetime`.
final class SignedInCache: @unchecked Sendable {  // every field behind `lock`
    struct SignedIn: Sendable {
        let actor: Actor
        /// The organisation's two-factor rule, and whether and when the person set it up (sessions only).
        let twoFactorRoles: Set<Role>
        let enrolled: Bool
        let enrolledAt: Date?
    }

    /// One per process: the audit log, which sees every change, has no application to find one in.
    static let shared = SignedInCache()
    /// The audited records whose change can change who someone is or whether they may sign in.
    static let revokingRecords: Set<String> = ["user", "api_token", "organisation"]
    static let lifetime: TimeInterval = 5
    static let capacity = 10_000

    private let lock = NSLock()
    /// Moves on at every revocation; `revokedAt` holds each organisation's last, so a change in one
    /// provider does not make every other provider's people be read again.
    private var sequence = 0
    private var revokedAt: [UUID: Int] = [:]
    private var entries: [String: (signedIn: SignedIn, at: Date, readAt: Int)] = [:]

    /// The revocation counter, read before the database is and handed back to `remember`: a change committed
    /// between the two is not hidden by what was read before it.
    var revocations: Int { lock.withLock { sequence } }

    func recall(_ key: String, now: Date) -> SignedIn? {
        lock.withLock {
            guard let e = entries[key], e.readAt >= revokedAt[e.signedIn.actor.organisationID, default: 0],
                now >= e.at, now.timeIntervalSince(e.at) < Self.lifetime
            else { return nil }
            return e.signedIn
        }
    }

    func remember(_ signedIn: SignedIn, as key: String, readAt revocations: Int, now: Date) {
        lock.withLock {
            guard revocations >= revokedAt[signedIn.actor.organisationID, default: 0] else { return }
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (signedIn, now, revocations)
        }
    }

    /// Forgets the organisation's people: called once a change to one of them, a token or the organisation
    /// itself has committed.
    func revoke(organisation: UUID) {
        lock.withLock {
            sequence += 1
            revokedAt[organisation] = sequence
        }
    }
}
