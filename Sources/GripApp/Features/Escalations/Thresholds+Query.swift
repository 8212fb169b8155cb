import Fluent
import Foundation
import GripCore

/// An organisation's escalation thresholds in force (issue 36): the highest saved version, or Grip's defaults
/// (version 1) where none has been saved.
struct ThresholdsInForce: Sendable {
    let set: EscalationThresholdSet
    /// When the version in force was saved, and by whom; nil for the defaults.
    let savedAt: Date?
    let savedBy: String?

    static func load(for actor: Actor, on db: any Database) async throws -> ThresholdsInForce {
        guard
            let row = try await Scoped.query(EscalationThresholdVersion.self, for: actor, on: db)
                .sort(\.$version, .descending).with(\.$savedBy).first()
        else { return ThresholdsInForce(set: .defaults, savedAt: nil, savedBy: nil) }
        return ThresholdsInForce(
            set: try decode(row), savedAt: row.createdAt, savedBy: row.savedBy?.name ?? "Grip")
    }

    static func decode(_ row: EscalationThresholdVersion) throws -> EscalationThresholdSet {
        var set = try JSONDecoder().decode(EscalationThresholdSet.self, from: Data(row.document.utf8))
        set.version = row.version
        return set
    }

    static func encode(_ set: EscalationThresholdSet) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(set), as: UTF8.self)
    }
}

/// Saving a new version of the thresholds: the provider admin, through the one door, audited with the set before
/// and after; a save made against an older version than the one in force is refused (409).
struct ThresholdService {
    let db: any Database
    let actor: Actor

    func save(_ proposed: EscalationThresholdSet, expected: Int?) async throws -> EscalationThresholdSet {
        try actor.require(.administer)
        var errors = proposed.problems()
        if expected == nil { errors.append(FieldError("version", "Send the version you changed.")) }
        if !errors.isEmpty { throw AppError.invalid(errors) }
        let actor = self.actor
        return try await ChangeDoor.applyingFree(.settings, ["escalation_thresholds"], actor: actor, on: db) { rec in
            let current = try await ThresholdsInForce.load(for: actor, on: rec.db).set
            guard expected == current.version else {
                throw AppError.stale("set of thresholds", current: current.version)
            }
            var next = proposed
            next.version = current.version + 1
            let row = EscalationThresholdVersion()
            row.$organisation.id = actor.organisationID
            row.version = next.version
            row.document = try ThresholdsInForce.encode(next)
            row.$savedBy.id = actor.userID
            try await row.create(on: rec.db)
            try await rec.record(
                "escalation_thresholds", try row.requireID(), "saved",
                [
                    AuditChange(
                        field: "escalation_thresholds", before: try ThresholdsInForce.encode(current),
                        after: row.document)
                ])
            return next
        }
    }
}
