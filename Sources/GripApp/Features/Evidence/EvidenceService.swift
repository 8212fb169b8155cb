import Fluent
import Foundation
import GripCore

/// Recording and changing evidence, requests for evidence, with files stored content-addressed.
struct EvidenceService {
    let db: any Database
    let actor: Actor
    let today: Day
    var maxUploadBytes: Int = FileCheck.defaultLimitBytes
    /// The framework version statements are chosen under (nil: the one in force, read only when statements are given).
    var framework: Framework? = nil

    typealias Upload = UploadedFile

    struct Input: Sendable {
        var category: String?
        var kind: EvidenceKind?
        var day: Day?
        var summary: String?
        var statementIDs: [String]?
        var requestID: UUID?
    }

    /// Who may record evidence: anyone who delivers work and can see the action.
    func requireCanRecord() throws {
        try actor.require(.recordEvidence)
    }

    /// The framework in force when the input names statements (no statement, no query).
    func framework(for input: Input) async throws -> Framework? {
        guard !(input.statementIDs ?? []).isEmpty else { return nil }
        if let framework { return framework }
        return try await FrameworkCatalogue(db: db, organisationID: actor.organisationID).inForce().framework
    }

    func validate(_ input: Input, creating: Bool, framework: Framework?) -> [FieldError] {
        EvidenceRules.problems(
            category: input.category, kindChosen: input.kind != nil, day: input.day, summary: input.summary,
            statementIDs: input.statementIDs, creating: creating, framework: framework, today: today)
    }

    /// Records evidence against one or more actions, with its files, in one transaction.
    func record(actionIDs: [UUID], _ input: Input, files: [Upload]) async throws -> Evidence {
        try requireCanRecord()
        guard !actionIDs.isEmpty else { throw AppError.invalid("actions", "Link the evidence to at least one action.") }
        let actions = try await RecoveryAction.query(on: db).visible(to: actor).filter(\.$id ~~ actionIDs).all()
        guard Set(actions.compactMap(\.id)) == Set(actionIDs) else { throw AppError.notFound("action") }
        let fw = try await framework(for: input)
        var errors = validate(input, creating: true, framework: fw)
        var checked: [(Upload, FileCheck.Accepted)] = []
        for f in files {
            switch FileCheck.check(filename: f.filename, bytes: f.bytes, limit: maxUploadBytes) {
            case .success(let a): checked.append((f, a))
            case .failure(let e): errors.append(e)
            }
        }
        var request: EvidenceRequest?
        if let rid = input.requestID {
            request = try await Scoped.query(EvidenceRequest.self, for: actor, on: db)
                .filter(\.$id == rid).first()
            if let r = request {
                if !actionIDs.contains(r.$action.id) {
                    errors.append(FieldError("request", "That request is for a different action."))
                }
                if r.fulfilledAt != nil {
                    errors.append(FieldError("request", "That request has already been fulfilled."))
                }
                if let why = Permission.fulfilEvidenceRequest.refusal(
                    for: actor.role, RecordRelation(isOwner: r.$requestedOf.id == actor.id))
                {
                    errors.append(FieldError("request", why))
                }
            } else {
                errors.append(FieldError("request", "No such request for evidence."))
            }
        }
        guard errors.isEmpty, let category = input.category, let kind = input.kind, let day = input.day,
            let summary = input.summary?.trimmingCharacters(in: .whitespacesAndNewlines)
        else { throw AppError.invalid(errors) }
        let statements = Array(Set(input.statementIDs ?? [])).sorted()
        let actor = self.actor
        let prepared = checked.map { ($0.0, $0.1, Digests.sha256($0.0.bytes)) }
        let fulfilling = request
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let e = Evidence()
            e.$organisation.id = actor.organisationID
            e.$recordedBy.id = actor.id
            e.category = category
            e.kind = kind
            e.day = day.iso
            e.summary = summary
            e.version = 1
            try await e.create(on: rec.db)
            let eid = try e.requireID()
            for a in actionIDs { try await EvidenceAction(evidence: e, actionID: a).create(on: rec.db) }
            if let fw {
                for s in statements {
                    try await EvidenceMapping(
                        evidenceID: eid, framework: fw.id,
                        itemID: s
                    ).create(on: rec.db)
                }
            }
            var fileNotes: [String] = []
            for (upload, accepted, hash) in prepared {
                let stored: StoredFile
                if let existing = try await StoredFile.query(on: rec.db).filter(\.$sha256 == hash).first() {
                    stored = existing
                } else {
                    stored = StoredFile()
                    stored.sha256 = hash
                    stored.size = upload.bytes.count
                    stored.bytes = Data(upload.bytes)
                    try await stored.create(on: rec.db)
                }
                let ef = EvidenceFile()
                ef.$evidence.id = eid
                ef.$storedFile.id = try stored.requireID()
                ef.filename = String(upload.filename.suffix(200))
                ef.contentType = accepted.contentType
                ef.size = upload.bytes.count
                try await ef.create(on: rec.db)
                fileNotes.append("\(ef.filename) (\(FileCheck.megabytes(ef.size)), sha256 \(hash.prefix(12)))")
            }
            if let request = fulfilling {
                request.fulfilledAt = Clock.current.now()
                request.$fulfilledBy.id = eid
                try await request.update(on: rec.db)
            }
            let changes =
                [
                    AuditChange(field: "category", before: nil, after: category),
                    AuditChange(field: "kind", before: nil, after: kind.rawValue),
                    AuditChange(field: "date", before: nil, after: day.iso),
                    AuditChange(field: "summary", before: nil, after: summary),
                    AuditChange(field: "statements", before: nil, after: statements.joined(separator: ", ")),
                    AuditChange(field: "files", before: nil, after: fileNotes.joined(separator: "; "))
                ]
                + (fulfilling.map { [AuditChange(field: "request", before: "open", after: "fulfilled: \($0.what)")] }
                    ?? [])
            try await rec.record("evidence", eid, "created", changes)
            for a in actionIDs {
                try await rec.record(
                    "action", a, "evidence_recorded",
                    [AuditChange(field: "evidence", before: nil, after: "\(category): \(summary)")])
            }
            return e
        }
    }

    /// Evidence the actor can see: linked to at least one visible action.
    static func visible(_ id: UUID?, for actor: Actor, on db: any Database) async throws -> Evidence {
        guard let id,
            let e = try await Scoped.query(Evidence.self, for: actor, on: db)
                .filter(\.$id == id).first()
        else { throw AppError.notFound("evidence") }
        let visible = try await RecoveryAction.query(on: db).visible(to: actor)
            .join(EvidenceAction.self, on: \RecoveryAction.$id == \EvidenceAction.$action.$id)
            .filter(EvidenceAction.self, \.$evidence.$id == id).count()
        guard visible > 0 else { throw AppError.notFound("evidence") }
        return e
    }

    /// Only the recorder or a manager changes evidence.
    func update(_ id: UUID, _ input: Input, version: Int?) async throws -> Evidence {
        let e = try await Self.visible(id, for: actor, on: db)
        try actor.require(.editEvidence, RecordRelation(isOwner: e.$recordedBy.id == actor.id))
        let errors = validate(input, creating: false, framework: try await framework(for: input))
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let fresh = try await Evidence.find(id, on: rec.db) else { throw AppError.notFound("evidence") }
            guard let version, fresh.version == version else {
                throw AppError.stale("evidence", current: fresh.version)
            }
            let before = [
                "category": fresh.category, "kind": fresh.kind.rawValue, "date": fresh.day, "summary": fresh.summary
            ]
            if let c = input.category { fresh.category = c }
            if let k = input.kind { fresh.kind = k }
            if let d = input.day { fresh.day = d.iso }
            if let s = input.summary { fresh.summary = s.trimmingCharacters(in: .whitespacesAndNewlines) }
            fresh.version += 1
            try await fresh.update(on: rec.db)
            if before["date"] != fresh.day || before["category"] != fresh.category {
                // The links carry the day and category the attention rules read.
                try await EvidenceAction.query(on: rec.db).filter(\.$evidence.$id == id)
                    .set(\.$day, to: fresh.day).set(\.$category, to: fresh.category).update()
            }
            let after = [
                "category": fresh.category, "kind": fresh.kind.rawValue, "date": fresh.day, "summary": fresh.summary
            ]
            let changes = ActionService.diff(before, after)
            if !changes.isEmpty {
                try await rec.record("evidence", id, "updated", changes)
                let links = try await EvidenceAction.query(on: rec.db).filter(\.$evidence.$id == id).all()
                for l in links { try await rec.record("action", l.$action.id, "evidence_changed", changes) }
            }
            return fresh
        }
    }

    /// Asks a person for evidence on an action (what is needed, by when).
    func request(actionID: UUID, of personID: UUID?, what rawWhat: String, due: Day?) async throws -> EvidenceRequest {
        try requireCanRecord()
        let action = try await Access.action(actionID, for: actor, on: db)
        var errors: [FieldError] = []
        let what = rawWhat.trimmingCharacters(in: .whitespacesAndNewlines)
        if what.isEmpty || what.count > 1000 {
            errors.append(FieldError("what", "Say what evidence is needed (at most 1000 characters)."))
        }
        if let due {
            if due < today { errors.append(FieldError("due_day", "The request cannot be due in the past.")) }
        } else {
            errors.append(FieldError("due_day", "Enter when the evidence is needed by, as a real date."))
        }
        var person: Candidate?
        if let personID {
            person = try await ActionService(db: db, actor: actor, today: today).candidates(
                [personID], serviceID: action.$service.id)[personID]
            if let p = person, let problem = ActionRules.leadProblem(p) { errors.append(FieldError("person", problem)) }
            if person == nil { errors.append(FieldError("person", "No such person in this organisation.")) }
        } else {
            errors.append(FieldError("person", "Choose who the evidence is requested from."))
        }
        guard errors.isEmpty, let personID, let due, let person else { throw AppError.invalid(errors) }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let r = EvidenceRequest()
            r.$organisation.id = actor.organisationID
            r.$action.id = actionID
            r.$requestedOf.id = personID
            r.$requestedBy.id = actor.id
            r.what = what
            r.dueDay = due.iso
            try await r.create(on: rec.db)
            try await rec.record(
                "action", actionID, "evidence_requested",
                [
                    AuditChange(field: "request", before: nil, after: "\(what) — from \(person.name), by \(due.iso)")
                ])
            return r
        }
    }
}
