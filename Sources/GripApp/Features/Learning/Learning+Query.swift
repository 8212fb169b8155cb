import Fluent
import Foundation
import GripCore

/// Learning across services (issue 36): a quality lead or the nominated individual marks a finding, a closed action
/// or an escalation as applying to other services; each gets a check with a due day, which its managers answer. The
/// learning log lists what was learned, where it was applied and what each check found. Every write passes the door
/// and is audited with the learning.
struct LearningService {
    let db: any Database
    let actor: Actor
    var today: Day = Clock.current.today()

    /// A piece of learning with its checks, as the log shows it.
    struct Entry: Sendable {
        let item: LearningItem
        let checks: [LearningCheck]
    }

    /// What learning comes from, resolved for the person sharing it: its service and how it reads.
    struct Origin: Sendable {
        let kind: Learning.Origin
        let id: UUID
        let serviceID: UUID
        let serviceName: String
        let label: String
        let href: String
    }

    func origin(_ kind: Learning.Origin?, _ id: UUID?) async throws -> Origin {
        guard let kind, let id else { throw AppError.invalid("origin", "Choose what the learning came from.") }
        switch kind {
        case .finding:
            guard let s = try await Source.query(on: db).visible(to: actor).filter(\.$id == id).with(\.$service).first()
            else { throw AppError.notFound("finding") }
            return Origin(
                kind: kind, id: id, serviceID: s.$service.id, serviceName: s.service.name,
                label: "\(s.kind.label): \(s.title)", href: Paths.sources)
        case .closedAction:
            let a = try await Access.action(id, for: actor, on: db)
            guard a.status.isGated else {
                throw AppError.invalid("origin", "Learning is shared from a closed action (monitoring or sustained).")
            }
            try await a.$service.load(on: db)
            return Origin(
                kind: kind, id: id, serviceID: a.$service.id, serviceName: a.service.name,
                label: "\(a.reference) \(a.title)", href: Paths.action(id))
        case .escalation:
            let e = try await EscalationService(db: db, actor: actor, today: today).find(id)
            try await e.$service.load(on: db)
            return Origin(
                kind: kind, id: id, serviceID: e.$service.id, serviceName: e.service.name,
                label: "\(e.reference) \(e.category.label)", href: Paths.escalation(id))
        }
    }

    /// The log, newest first (at most 100): learning from the person's services, and learning applied to them.
    /// Two statements for the organisation's oversight (the learning, its checks); two more for a person of some
    /// services (the checks on their services, the learning they name).
    func log() async throws -> [Entry] {
        try actor.require(.readProviderWork)
        var items = try await LearningItem.query(on: db).visible(to: actor).sort(\.$createdAt, .descending)
            .with(\.$service).with(\.$sharedBy).limit(100).all()
        if !actor.seesAllServices {
            // Learning from other services applied to mine: the checks on my services name it.
            let known = Set(items.compactMap(\.id))
            let applied = try await LearningCheck.query(on: db).visible(to: actor).sort(\.$dueDay, .descending)
                .limit(100).all().map { $0.$learning.id }.filter { !known.contains($0) }
            if !applied.isEmpty {
                items += try await Scoped.query(LearningItem.self, for: actor, on: db).filter(\.$id ~~ applied)
                    .with(\.$service).with(\.$sharedBy).all()
                items = Array(
                    items.sorted { ($0.createdAt ?? .distantPast) > ($1.createdAt ?? .distantPast) }.prefix(100))
            }
        }
        let ids = try items.map { try $0.requireID() }
        let checks =
            ids.isEmpty
            ? []
            : try await Scoped.query(LearningCheck.self, for: actor, on: db).filter(\.$learning.$id ~~ ids)
                .with(\.$service).with(\.$checkedBy).all()
        let byItem = Dictionary(grouping: checks, by: { $0.$learning.id })
        return items.map { i in
            Entry(item: i, checks: (byItem[i.id!] ?? []).sorted { $0.service.name < $1.service.name })
        }
    }

    /// Checks still open on the person's services, soonest due first (My work; one statement).
    func open(limit: Int = 50) async throws -> [LearningCheck] {
        try await LearningCheck.query(on: db).visible(to: actor).filter(\.$checkedOn == nil)
            .with(\.$learning).with(\.$service).sort(\.$dueDay).limit(limit).all()
    }

    /// Shares learning with other services: each gets a check due on `dueDay`.
    func share(
        _ kind: Learning.Origin?, _ originID: UUID?, summary raw: String, services: [UUID], dueDay: Day?
    ) async throws -> LearningItem {
        try actor.require(.shareLearning)
        let origin = try await origin(kind, originID)
        var problems: [FieldError] = []
        if dueDay == nil { problems.append(FieldError("due_day", "Give the day the checks are due, as a date.")) }
        problems += Learning.problems(
            summary: raw, origin: origin.serviceID, targets: services, dueDay: dueDay ?? today, today: today)
        let targets =
            services.isEmpty
            ? [] : try await Service.query(on: db).visible(to: actor).filter(\.$id ~~ services).all()
        if targets.count != Set(services).count && !problems.contains(where: { $0.field == "services" }) {
            problems.append(FieldError("services", "Choose services from the list."))
        }
        guard problems.isEmpty, let dueDay else { throw AppError.invalid(problems) }
        let actor = self.actor
        let summary = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await ChangeDoor.applyingFree(.learning, ["share"], actor: actor, on: db) { rec in
            let item = LearningItem()
            item.$organisation.id = actor.organisationID
            item.$service.id = origin.serviceID
            item.$sharedBy.id = actor.id
            item.origin = origin.kind
            item.originID = origin.id
            item.originLabel = origin.label
            item.summary = summary
            item.dueDay = dueDay.iso
            try await item.create(on: rec.db)
            let iid = try item.requireID()
            for t in targets {
                let c = LearningCheck()
                c.$organisation.id = actor.organisationID
                c.$learning.id = iid
                c.$service.id = try t.requireID()
                c.version = 1
                c.dueDay = dueDay.iso
                c.note = ""
                try await c.create(on: rec.db)
            }
            try await rec.record(
                "learning", iid, "shared",
                [
                    AuditChange(field: "origin", before: nil, after: "\(origin.kind.rawValue): \(origin.label)"),
                    AuditChange(field: "service", before: nil, after: origin.serviceName),
                    AuditChange(field: "summary", before: nil, after: summary),
                    AuditChange(
                        field: "applies_to", before: nil, after: targets.map(\.name).sorted().joined(separator: ", ")),
                    AuditChange(field: "due_day", before: nil, after: dueDay.iso)
                ])
            return item
        }
    }

    func findCheck(_ id: UUID?) async throws -> LearningCheck {
        guard let id,
            let c = try await LearningCheck.query(on: db).visible(to: actor).filter(\.$id == id)
                .with(\.$service).with(\.$learning).first()
        else { throw AppError.notFound("learning check") }
        return c
    }

    /// What a service's check found, recorded once.
    func check(
        _ id: UUID?, outcome: Learning.Outcome?, note raw: String, version: Int?
    ) async throws -> LearningCheck {
        let c = try await findCheck(id)
        try actor.require(.recordLearningChecks)
        let problems = Learning.checkProblems(outcome: outcome, note: raw)
        guard problems.isEmpty, let outcome else { throw AppError.invalid(problems) }
        guard let version else { throw AppError.invalid("version", "Send the version of the check you saw.") }
        guard c.checkedOn == nil else {
            throw AppError(.conflict, "This check was already recorded on \(c.checkedOn ?? "").")
        }
        guard c.version == version else { throw AppError.stale("learning check", current: c.version) }
        let actor = self.actor, today = self.today
        let note = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let cid = try c.requireID()
        return try await ChangeDoor.applyingFree(.learning, ["check"], actor: actor, on: db) { rec in
            guard let fresh = try await LearningCheck.find(cid, on: rec.db) else {
                throw AppError.notFound("learning check")
            }
            guard fresh.version == version, fresh.checkedOn == nil else {
                throw AppError.stale("learning check", current: fresh.version)
            }
            fresh.checkedOn = today.iso
            fresh.outcome = outcome
            fresh.note = note
            fresh.$checkedBy.id = actor.id
            fresh.version += 1
            try await fresh.update(on: rec.db)
            try await rec.record(
                "learning", fresh.$learning.id, "checked",
                [
                    AuditChange(field: "service", before: nil, after: c.service.name),
                    AuditChange(field: "outcome", before: nil, after: outcome.rawValue),
                    AuditChange(field: "note", before: nil, after: note)
                ])
            fresh.$service.value = c.service
            fresh.$learning.value = c.learning
            return fresh
        }
    }
}
