import Fluent
import Foundation
import GripCore

/// Loading framework versions and crosswalks, and choosing the framework in force: each one audited transaction.
struct FrameworkService {
    let db: any Database
    let actor: Actor
    let today: Day

    var catalogue: FrameworkCatalogue { FrameworkCatalogue(db: db, organisationID: actor.organisationID) }

    static func fileErrors(_ f: FrameworkFile.Failure) -> AppError {
        AppError.invalid(f.problems.map { FieldError("file", $0.description) })
    }

    /// Loads a framework version from a JSON or CSV file. A version's id is used once: a new edition gets a new id.
    func load(_ data: Data) async throws -> Framework {
        try actor.require(.manageFrameworks)
        let fw: Framework
        switch FrameworkFile.parse(data) {
        case .success(let parsed): fw = parsed
        case .failure(let f): throw Self.fileErrors(f)
        }
        let taken = try await catalogue.find(fw.id) != nil
        if taken {
            throw AppError.invalid(
                "file",
                "A framework version with the id '\(fw.id)' is already loaded; a version "
                    + "never changes once loaded, so give a new edition a new id (for example \(fw.id)-v2).")
        }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) {
            rec in
            let row = FrameworkVersion()
            row.$organisation.id = actor.organisationID
            row.$loadedBy.id = actor.isSystem ? nil : actor.id
            row.frameworkID = fw.id
            row.title = fw.title
            row.owner = fw.owner
            row.kind = fw.kind.rawValue
            row.effectiveFrom = fw.effectiveFrom.iso
            row.effectiveTo = fw.effectiveTo?.iso
            row.document = String(decoding: FrameworkFile.json(fw), as: UTF8.self)
            try await row.create(on: rec.db)
            try await rec.record(
                "framework_version", row.requireID(), "loaded",
                [
                    AuditChange(field: "framework_id", before: nil, after: fw.id),
                    AuditChange(field: "title", before: nil, after: fw.title),
                    AuditChange(field: "owner", before: nil, after: fw.owner),
                    AuditChange(field: "kind", before: nil, after: fw.kind.rawValue),
                    AuditChange(field: "items", before: nil, after: String(fw.items.count))
                ])
            return fw
        }
    }

    /// Loads a crosswalk from CSV; it replaces one already loaded between the same two versions.
    func loadCrosswalk(_ data: Data) async throws -> Crosswalk {
        try actor.require(.manageFrameworks)
        guard data.count <= FrameworkFile.Limits.bytes, let text = String(data: data, encoding: .utf8) else {
            throw AppError.invalid("file", "The file must be UTF-8 CSV of at most 1 MB.")
        }
        let known = Dictionary(try await catalogue.all().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let cw: Crosswalk
        switch Crosswalk.parseCSV(text, frameworks: { known[$0] }) {
        case .success(let parsed): cw = parsed
        case .failure(let f): throw Self.fileErrors(f)
        }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) {
            rec in
            let old = try await Scoped.query(FrameworkCrosswalk.self, for: actor, on: rec.db)
                .group(.or) { g in
                    g.group(.and) { $0.filter(\.$fromFramework == cw.from).filter(\.$toFramework == cw.to) }
                    g.group(.and) { $0.filter(\.$fromFramework == cw.to).filter(\.$toFramework == cw.from) }
                }.all()
            for o in old { try await o.delete(on: rec.db) }
            let row = FrameworkCrosswalk()
            row.$organisation.id = actor.organisationID
            row.$loadedBy.id = actor.isSystem ? nil : actor.id
            row.fromFramework = cw.from
            row.toFramework = cw.to
            row.document = cw.csv
            try await row.create(on: rec.db)
            try await rec.record(
                "framework_crosswalk", row.requireID(), old.isEmpty ? "loaded" : "replaced",
                [
                    AuditChange(field: "from", before: nil, after: cw.from),
                    AuditChange(field: "to", before: nil, after: cw.to),
                    AuditChange(field: "rows", before: old.isEmpty ? nil : "replaced", after: String(cw.rows.count))
                ])
            return cw
        }
    }

    /// Puts a regulator framework version in force from a day (today when nil). `expected` is the version the
    /// person saw in force: when someone changed it meanwhile the choice is refused (409).
    func choose(_ frameworkID: String, effectiveOn: Day?, expected: String?) async throws -> Framework {
        try actor.require(.manageFrameworks)
        guard let fw = try await catalogue.find(frameworkID) else {
            throw AppError.invalid("framework", "No framework version '\(frameworkID)' is loaded: load it first.")
        }
        let day = effectiveOn ?? today
        if let p = FrameworkRules.choiceProblem(fw, effectiveOn: day, today: today) { throw AppError.invalid([p]) }
        let actor = self.actor
        return try await ChangeDoor.applyingFree(.frameworkInForce, ["framework"], actor: actor, on: db) {
            rec in
            let org = rec.organisation
            if let expected, expected != org.frameworkVersion {
                throw AppError(
                    .conflict,
                    "Someone else put \(org.frameworkVersion) in force since you opened this page. "
                        + "Reload it, check their choice and try again.",
                    fields: [FieldError("version", "Now in force: \(org.frameworkVersion).")])
            }
            let before = (org.frameworkVersion, org.frameworkEffectiveOn)
            org.frameworkVersion = fw.id
            org.frameworkEffectiveOn = day.iso
            try await rec.record(
                "organisation", org.requireID(), "framework put in force",
                [
                    AuditChange(field: "framework", before: before.0, after: fw.id),
                    AuditChange(field: "effective_on", before: before.1, after: day.iso)
                ])
            return fw
        }
    }

    /// Names the framework a commissioner assesses against (nil or empty `frameworkID`: none any more).
    func chooseForCommissioner(
        _ rawName: String, frameworkID: String?, effectiveOn: Day?,
        version: Int?
    ) async throws -> CommissionerFramework? {
        try actor.require(.manageFrameworks)
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        let day = effectiveOn ?? today
        var errors = FrameworkRules.commissionerProblems(name: name, effectiveOn: day, today: today)
        var chosen: Framework?
        if let id = frameworkID, !id.isEmpty {
            chosen = try await catalogue.find(id)
            if chosen == nil {
                errors.append(FieldError("framework", "No framework version '\(id)' is loaded: load it first."))
            }
        }
        let fw = chosen
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let actor = self.actor
        let orgID = actor.organisationID
        return try await AuditLog.transaction(on: db, organisationID: orgID, actor: actor.audit) { rec in
            let existing = try await Scoped.query(CommissionerFramework.self, organisation: orgID, on: rec.db)
                .filter(\.$commissioner == name).first()
            if let existing, let version, existing.version != version {
                throw AppError.stale("commissioner's framework", current: existing.version)
            }
            guard let fw else {
                guard let existing else { return nil }
                try await existing.delete(on: rec.db)
                try await rec.record(
                    "commissioner_framework", existing.requireID(), "removed",
                    [
                        AuditChange(field: "commissioner", before: name, after: nil),
                        AuditChange(field: "framework", before: existing.frameworkID, after: nil)
                    ])
                return nil
            }
            let row = existing ?? CommissionerFramework()
            let before = existing.map { ($0.frameworkID, $0.effectiveOn) }
            row.$organisation.id = orgID
            row.commissioner = name
            row.frameworkID = fw.id
            row.effectiveOn = day.iso
            row.version = (existing?.version ?? 0) + 1
            try await row.save(on: rec.db)
            try await rec.record(
                "commissioner_framework", row.requireID(), existing == nil ? "chosen" : "changed",
                [
                    AuditChange(field: "commissioner", before: existing == nil ? nil : name, after: name),
                    AuditChange(field: "framework", before: before?.0, after: fw.id),
                    AuditChange(field: "effective_on", before: before?.1, after: day.iso)
                ])
            return row
        }
    }
}
