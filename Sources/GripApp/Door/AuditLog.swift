import Fluent
import Foundation
import GripCore
import SQLKit

/// Appends audit entries inside the same transaction as the change they record.
/// Created by `AuditLog.transaction`, which first takes the organisation's write lock.
final class AuditRecorder: @unchecked Sendable {
    let db: any Database
    let organisation: Organisation
    let actor: AuditActor
    private var seq: Int
    private var head: String
    private(set) var count = 0
    /// A change to a person, a token or an organisation: who is signed in may differ once it commits.
    private(set) var changesSignIn = false
    /// The change policy version that judged this transaction's change (`ChangeDoor`): named in each entry.
    var policyVersion: String?
    /// Recorded, not yet written: `finish` inserts them before the transaction commits.
    private var pending: [AuditEntry] = []
    /// Services whose summaries this change makes stale (`ServiceSummaries.touch` in `finish`): named,
    /// or through an action (every entry about an action touches its service) or a review route.
    private var touchedServices: Set<UUID> = []
    private var touchedActions: Set<UUID> = []
    private var touchedRoutes: Set<UUID> = []

    init(db: any Database, organisation: Organisation, actor: AuditActor) {
        self.db = db
        self.organisation = organisation
        self.actor = actor
        self.seq = organisation.auditSeq
        self.head = organisation.auditHead
    }

    /// The change alters what these services' summaries hold (their indicators' values, say).
    func touch(services ids: some Sequence<UUID>) { touchedServices.formUnion(ids) }
    /// The change alters what the services of these routes' summaries hold (an approved meeting).
    func touch(routes ids: some Sequence<UUID>) { touchedRoutes.formUnion(ids) }

    func record(_ entityType: String, _ entityID: UUID, _ operation: String, _ changes: [AuditChange]) async throws {
        if entityType == "action" { touchedActions.insert(entityID) }
        if RememberedReads.revokingRecords.contains(entityType) { changesSignIn = true }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let named = policyVersion.map { changes + [AuditChange(field: "policy_version", before: nil, after: $0)] }
        let text = String(decoding: try encoder.encode(named ?? changes), as: UTF8.self)
        seq += 1
        let entry = AuditEntry()
        entry.$organisation.id = try organisation.requireID()
        entry.seq = seq
        entry.atMilliseconds = Int64((Clock.current.now().timeIntervalSince1970 * 1000).rounded())
        entry.actorID = actor.id
        entry.actorName = actor.name
        entry.entityType = entityType
        entry.entityID = entityID
        entry.operation = operation
        entry.changes = text
        entry.prevHash = head
        entry.hash = AuditHash.hash(of: entry, prev: head)
        pending.append(entry)
        head = entry.hash
        count += 1
    }

    /// Writes the entries (multi-row inserts: an import records one per series, thousands) and
    /// moves the organisation's chain head, still inside the transaction.
    fileprivate func finish() async throws {
        try await ServiceSummaries.touch(
            organisationID: organisation.requireID(), services: touchedServices,
            actions: touchedActions, routes: touchedRoutes, on: db)
        guard count > 0 else { return }
        try await Batches.create(pending, size: 500, on: db)
        pending = []
        organisation.auditSeq = seq
        organisation.auditHead = head
        try await organisation.update(on: db)
    }
}

enum AuditLog {
    /// Runs `body` in one transaction that first locks the organisation's audit chain
    /// (a write as the first statement: a row lock on PostgreSQL; on SQLite the transaction waits its
    /// turn for the writer connection, `writeTransaction`), so entries are appended in order and every
    /// change and its entry commit together.
    static func transaction<T: Sendable>(
        on database: any Database, organisationID: UUID, actor: AuditActor,
        _ body: @escaping @Sendable (AuditRecorder) async throws -> T
    ) async throws -> T {
        // The database may run the transaction on another task: it carries the caller's clock across.
        let clock = Clock.current.frozen()
        let (result, changesSignIn) = try await database.writeTransaction { db in
            try await Clock.$current.withValue(clock) { try await run(on: db, organisationID, actor, body) }
        }
        // Committed: what was remembered of who is signed in may be stale (a role, a deactivation, a token).
        if changesSignIn { RememberedReads.shared.revoke(organisation: organisationID) }
        return result
    }

    private static func run<T: Sendable>(
        on db: any Database, _ organisationID: UUID, _ actor: AuditActor,
        _ body: @escaping @Sendable (AuditRecorder) async throws -> T
    ) async throws -> (T, changesSignIn: Bool) {
        // The lock and the organisation's counters in one statement (RETURNING: SQLite 3.35+, PostgreSQL).
        let sql = db as! any SQLDatabase
        guard
            let org = try await sql.update("organisations")
                .set(SQLIdentifier("audit_seq"), to: SQLIdentifier("audit_seq"))
                .where("id", .equal, organisationID)
                .returning(SQLLiteral.all)
                .first()?.decode(fluentModel: Organisation.self)
        else {
            throw AppError.notFound("organisation")
        }
        let recorder = AuditRecorder(db: db, organisation: org, actor: actor)
        let result = try await body(recorder)
        try await recorder.finish()
        return (result, recorder.changesSignIn)
    }

    struct VerifyResult: Sendable {
        let organisation: String
        let checked: Int
        let firstBroken: (seq: Int, id: UUID, reason: String)?
    }

    /// An audit entry as the verifier reads it.
    struct EntryRow: Decodable {
        let id: UUID
        let seq: Int
        let at_ms: Int64
        let actor_id: UUID?
        let actor_name: String
        let entity_type: String
        let entity_id: UUID
        let operation: String
        let changes: String
        let prev_hash: String
        let hash: String
    }

    /// Walks each organisation's chain in order, in pages, recomputing every hash.
    static func verify(on db: any Database) async throws -> [VerifyResult] {
        var results: [VerifyResult] = []
        for org in try await Organisation.query(on: db).sort(\.$name).all() {
            let orgID = try org.requireID()
            var prev = AuditHash.genesis
            var expectedSeq = 1
            var broken: (Int, UUID, String)?
            var lastSeq = 0
            pages: while true {
                // Plain rows, not models: a large group's trail has hundreds of thousands of entries.
                let page = try await (db as! any SQLDatabase).select()
                    .columns(
                        "id", "seq", "at_ms", "actor_id", "actor_name", "entity_type", "entity_id", "operation",
                        "changes", "prev_hash", "hash"
                    )
                    .from(AuditEntry.schema)
                    .where("organisation_id", .equal, orgID)
                    .where("seq", .greaterThan, lastSeq)
                    .orderBy("seq").limit(5000).all(decoding: EntryRow.self)
                if page.isEmpty { break }
                for e in page {
                    let id = e.id
                    if e.seq != expectedSeq {
                        broken = (e.seq, id, "entry \(expectedSeq) is missing (next entry found is \(e.seq))");
                        break pages
                    }
                    if e.prev_hash != prev {
                        broken = (e.seq, id, "its previous-hash does not match entry \(e.seq - 1)"); break pages
                    }
                    if AuditHash.hash(
                        prev: prev, organisationID: orgID, seq: e.seq, atMilliseconds: e.at_ms, actorID: e.actor_id,
                        actorName: e.actor_name, entityType: e.entity_type, entityID: e.entity_id,
                        operation: e.operation, changes: e.changes) != e.hash
                    {
                        broken = (e.seq, id, "its content does not match its hash (the row was altered)"); break pages
                    }
                    prev = e.hash
                    expectedSeq += 1
                    lastSeq = e.seq
                }
            }
            if broken == nil && (lastSeq != org.auditSeq || prev != org.auditHead) {
                broken = (
                    lastSeq + 1, orgID,
                    """
                    the chain ends at entry \(lastSeq) but the organisation records \(org.auditSeq) entries \
                    (entries were removed)
                    """
                )
            }
            results.append(VerifyResult(organisation: org.name, checked: lastSeq, firstBroken: broken))
        }
        return results
    }
}
