import Fluent
import Foundation
import GripCore

/// Re-mapping actions from one framework version to another through a crosswalk (issue 22): the plan shows what
/// each action would map to and what a person must choose; a quality lead confirms the chosen lines in one audited
/// transaction. Mappings under the old version are kept.
struct RemapService {
    let db: any Database
    let actor: Actor
    let today: Day

    struct Line: Sendable {
        let action: RecoveryAction
        let proposal: Crosswalk.Proposal
    }

    struct Plan: Sendable {
        let from: Framework
        let to: Framework
        /// Nil when no crosswalk joins the two versions: every mapped action then needs a person's choice.
        let crosswalk: Crosswalk?
        let lines: [Line]
        /// A digest of the plan as shown: a confirm made on a plan that has changed since is refused (409).
        let digest: String

        func count(_ outcome: Crosswalk.Proposal.Outcome) -> Int {
            lines.filter { $0.proposal.outcome == outcome }.count
        }
    }

    var catalogue: FrameworkCatalogue { FrameworkCatalogue(db: db, organisationID: actor.organisationID) }

    /// The plan for every action of the organisation that is not cancelled, in reference order. Three queries
    /// (the frameworks, the actions with their services, their mappings under both versions) whatever the count.
    func plan(from fromID: String?, to toID: String?) async throws -> Plan {
        try actor.require(.remapFrameworks)
        let inForce = try await catalogue.inForce().framework
        var errors: [FieldError] = []
        let toText = toID ?? ""
        let to = toText.isEmpty ? nil : try await catalogue.find(toText)
        if toText.isEmpty {
            errors.append(FieldError("to", "Choose the framework version to re-map to."))
        } else if to == nil {
            errors.append(FieldError("to", "No framework version '\(toText)' is loaded."))
        }
        var from = inForce
        if let fromID, !fromID.isEmpty, fromID != inForce.id {
            if let found = try await catalogue.find(fromID) {
                from = found
            } else {
                errors.append(FieldError("from", "No framework version '\(fromID)' is loaded."))
            }
        }
        if let to, to.id == from.id {
            errors.append(FieldError("to", "Choose a version other than the one re-mapped from."))
        }
        guard errors.isEmpty, let to else { throw AppError.invalid(errors) }
        let crosswalk = try await catalogue.crosswalk(from: from.id, to: to.id)
        let actions = try await Scoped.query(RecoveryAction.self, for: actor, on: db)
            .filter(\.$status != .cancelled).with(\.$service).sort(\.$reference).all()
        let ids = actions.compactMap(\.id)
        let mappings =
            ids.isEmpty
            ? []
            : try await ActionMapping.query(on: db).filter(\.$action.$id ~~ ids)
                .filter(\.$framework ~~ [from.id, to.id]).all()
        var old: [UUID: [String]] = [:], new: [UUID: [String]] = [:]
        for m in mappings {
            if m.framework == from.id {
                old[m.$action.id, default: []].append(m.itemID)
            } else {
                new[m.$action.id, default: []].append(m.itemID)
            }
        }
        let order = to.items.map(\.id)
        let empty = Crosswalk(from: from.id, to: to.id, rows: [])
        let lines = actions.map { a in
            Line(
                action: a,
                proposal: (crosswalk ?? empty).propose(
                    fromItems: old[a.id!] ?? [], existing: new[a.id!] ?? [],
                    order: order))
        }
        let text = lines.map { l in
            "\(l.action.id!.uuidString):\(l.action.version):\(l.proposal.fromItems.joined(separator: ","))"
                + ">\(l.proposal.existing.joined(separator: ","))>\(l.proposal.proposedItems.joined(separator: ","))"
        }.joined(separator: "\n")
        return Plan(
            from: from, to: to, crosswalk: crosswalk, lines: lines,
            digest: Digests.sha256("\(from.id)>\(to.id)\n" + text))
    }

    /// Adds the proposed mappings of the chosen actions, all in one audited transaction. `digest` is the plan's as
    /// the person saw it. Returns how many actions were re-mapped.
    func confirm(from fromID: String?, to toID: String?, actionIDs: [UUID], digest: String?) async throws -> Int {
        let plan = try await plan(from: fromID, to: toID)
        guard digest == plan.digest else {
            throw AppError(
                .conflict,
                "The actions or the crosswalk changed since this re-map was shown: nothing was "
                    + "re-mapped. Look at the plan again and confirm it.",
                fields: [FieldError("digest", "The plan changed.")])
        }
        let chosen = Set(actionIDs)
        let lines = plan.lines.filter { chosen.contains($0.action.id!) && $0.proposal.outcome == .proposed }
        if lines.isEmpty {
            throw AppError.invalid("actions", "Tick at least one action whose proposed mapping you confirm.")
        }
        if lines.count != chosen.count {
            throw AppError.invalid(
                "actions",
                "Only actions with a proposed mapping can be confirmed here; map the others "
                    + "from their own pages.")
        }
        let to = plan.to, from = plan.from
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) {
            rec in
            for l in lines {
                let id = try l.action.requireID()
                for item in l.proposal.proposedItems {
                    try await ActionMapping(actionID: id, framework: to.id, itemID: item).create(on: rec.db)
                }
                try await rec.record(
                    "action", id, "remapped",
                    [
                        AuditChange(
                            field: "mappings_\(to.id)", before: nil,
                            after: l.proposal.proposedItems.joined(separator: ", ")),
                        AuditChange(
                            field: "from_\(from.id)", before: l.proposal.fromItems.joined(separator: ", "), after: nil)
                    ])
            }
            try await rec.record(
                "organisation", actor.organisationID, "actions remapped",
                [
                    AuditChange(field: "from", before: nil, after: from.id),
                    AuditChange(field: "to", before: nil, after: to.id),
                    AuditChange(field: "actions", before: nil, after: String(lines.count)),
                    AuditChange(
                        field: "crosswalk", before: nil,
                        after: plan.crosswalk.map { "\($0.from) to \($0.to)" } ?? "none")
                ])
            return lines.count
        }
    }
}
