import Fluent
import Foundation
import GripCore
import SQLKit

/// One field's change in an audit entry.
struct AuditChange: Codable, Sendable, Equatable {
    let field: String
    let before: String?
    let after: String?
}

extension AuditChange {
    /// The fields whose values differ between two snapshots of a record, by field name (a creation: `before` empty).
    static func diff(_ before: [String: String?], _ after: [String: String?]) -> [AuditChange] {
        after.keys.sorted().compactMap { k in
            (before[k] ?? nil) == (after[k] ?? nil)
                ? nil
                : AuditChange(
                    field: k, before: before[k] ?? nil,
                    after: after[k] ?? nil)
        }
    }
}

/// Who is making a change: a signed-in person, a token, or the command line.
struct AuditActor: Sendable {
    let id: UUID?
    let name: String
}

enum AuditHash {
    static let genesis = String(repeating: "0", count: 64)

    /// The hash of an entry: SHA-256 over its content and the previous entry's hash.
    static func hash(
        prev: String, organisationID: UUID, seq: Int, atMilliseconds: Int64, actorID: UUID?,
        actorName: String, entityType: String, entityID: UUID, operation: String, changes: String
    ) -> String {
        let canonical = [
            prev, organisationID.uuidString, String(seq), String(atMilliseconds),
            actorID?.uuidString ?? "-", actorName, entityType, entityID.uuidString, operation, changes
        ]
        .map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return Digests.sha256(canonical)
    }

    static func hash(of e: AuditEntry, prev: String) -> String {
        hash(
            prev: prev, organisationID: e.$organisation.id, seq: e.seq, atMilliseconds: e.atMilliseconds,
            actorID: e.actorID, actorName: e.actorName, entityType: e.entityType, entityID: e.entityID,
            operation: e.operation, changes: e.changes)
    }
}
