import Fluent
import Foundation
import GripCore
import SQLKit

/// One table for every change the change policy holds (issue 33): an action's fields or cancellation,
/// a commissioner's oversight, a series' settings. The action changes already proposed move over,
/// as they were, and `proposed_changes` goes.
struct CreatePendingChanges: AsyncMigration {
    static let indexes = [
        (name: "idx_pending_changes_record", table: "pending_changes", columns: ["record_id", "status"]),
        (name: "idx_pending_changes_org_status", table: "pending_changes", columns: ["organisation_id", "status"]),
        (name: "idx_pending_changes_action", table: "pending_changes", columns: ["action_id", "status"])
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema(PendingChange.schema)
            .id()
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("status", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .uuid, .required)
            .field("operation", .string, .required)
            .field("need", .string, .required)
            .field("approver", .string, .required)
            .field("reason", .string, .required)
            .field("proposed", .string, .required)
            .field("weakenings", .string, .required)
            .field("approval_band", .string)
            .field("record_version", .int, .required)
            .field("policy_version", .string, .required)
            .field("decided_at", .datetime)
            .field("decision_reason", .string)
            .field("proposed_by_name", .string, .required)
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("service_id", .uuid, .required, .references("services", "id"))
            .field("action_id", .uuid, .references("actions", "id"))
            .field("proposed_by_id", .uuid, .references("users", "id"))
            .field("decided_by_id", .uuid, .references("users", "id"))
            .create()
        try await CreateIndexes.create(Self.indexes, on: database)
        try await moveProposedChanges(on: database)
        try await CreateIndexes.drop(CreateProposedChange.indexes, on: database)
        try await database.schema("proposed_changes").delete()
    }

    /// A proposed change as `proposed_changes` held it.
    struct Old: Decodable {
        let id: UUID
        let version: Int
        let created_at: Date?
        let status: String
        let reason: String
        let proposed: String
        let weakenings: String
        let approval_band: String
        let action_version: Int
        let decided_at: Date?
        let decision_reason: String?
        let organisation_id: UUID
        let action_id: UUID
        let proposed_by_id: UUID
        let decided_by_id: UUID?
    }

    func moveProposedChanges(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let old = try await sql.select().column("*").from("proposed_changes").all(decoding: Old.self)
        for o in old {
            guard let action = try await RecoveryAction.find(o.action_id, on: database) else { continue }
            let c = PendingChange()
            c.id = o.id
            c.version = o.version
            c.createdAt = o.created_at
            c.status = ChangeStatus(rawValue: o.status) ?? .pending
            c.recordType = .action
            c.recordID = o.action_id
            c.operation = .actionUpdate
            c.need = .secondPerson
            c.approver = .approveChange
            c.reason = o.reason
            c.proposed = o.proposed
            c.weakenings = o.weakenings
            c.approvalBand = RiskBand(rawValue: o.approval_band)
            c.recordVersion = o.action_version
            c.policyVersion = "oversight-change-v1"
            c.decidedAt = o.decided_at
            c.decisionReason = o.decision_reason
            c.proposedByName = try await User.find(o.proposed_by_id, on: database)?.name ?? ""
            c.$organisation.id = o.organisation_id
            c.$service.id = action.$service.id
            c.$action.id = o.action_id
            c.$proposedBy.id = o.proposed_by_id
            c.$decidedBy.id = o.decided_by_id
            try await c.create(on: database)
        }
    }

    /// Back to `proposed_changes` (empty: a held change of a record other than an action has no place there).
    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(Self.indexes, on: database)
        try await database.schema(PendingChange.schema).delete()
        try await CreateProposedChange().prepare(on: database)
    }
}
