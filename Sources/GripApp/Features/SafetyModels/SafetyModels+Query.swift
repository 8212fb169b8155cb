import Fluent
import Foundation
import GripCore

/// Safety-critical operating models (issue 36): set up by a manager on a service, linked to the actions they protect;
/// staff record the checks they do, a senior lead verifies them; the owner re-signs it or it lapses; it ends only by
/// a stand-down a quality lead or the nominated individual who did not propose it approves. Every write passes the
/// door and is audited with the model.
struct SafetyModelService {
    let db: any Database
    let actor: Actor
    var today: Day = Clock.current.today()

    /// How far back the model's page charts its daily rates.
    static let chartDays = 56

    struct Input: Sendable {
        var title: String
        var startDay: Day?
        var plannedEndDay: Day?
        var reSignDays: Int?
        var shiftsPerDay: Int?
        var completedBy: String
        var verifiedBy: String
        /// Each check's title and times a day (nil: once a shift); blank titles are left out.
        var checks: [(title: String, timesADay: Int?)]
        var protects: [UUID]
    }

    struct VerificationInput: Sendable {
        var method: SafetyModel.VerificationMethod?
        var check: String?
        var day: Day?
        var held: Bool?
        var found: String
    }

    /// A model as a list shows it: where it stands and today's checks done of those due.
    struct Summary: Sendable {
        let model: OperatingModel
        let state: SafetyModel.State
        let today: SafetyModel.DayRates?
    }

    /// A model, everything its page shows.
    struct Position: Sendable {
        let model: OperatingModel
        let facts: SafetyModel.Facts
        let state: SafetyModel.State
        let signatures: [OperatingModelSignature]
        let rates: [SafetyModel.DayRates]
        let todayDone: [String: Int]
        let lapses: [SafetyModel.Lapse]
        let verifications: [SafetyVerification]
        let protects: [RecoveryAction]
        let pending: PendingChange?
    }

    // MARK: reading

    func visible() -> QueryBuilder<OperatingModel> { OperatingModel.query(on: db).visible(to: actor) }

    func find(_ id: UUID?) async throws -> OperatingModel {
        guard let id, let m = try await visible().filter(\.$id == id).with(\.$service).with(\.$owner).first() else {
            throw AppError.notFound("safety-critical operating model")
        }
        return m
    }

    /// A service's models, newest first, each with its state and today's rates: five statements.
    func list(serviceID: UUID?) async throws -> (Service, [Summary]) {
        try actor.require(.readProviderWork)
        let service = try await Access.service(serviceID, for: actor, on: db)
        let models = try await visible().filter(\.$service.$id == service.requireID())
            .sort(\.$startDay, .descending).with(\.$owner).limit(100).all()
        let ids = try models.map { try $0.requireID() }
        let signatures = try await Self.signatures(of: ids, actor: actor, on: db)
        let records = try await Self.dayRecords(of: ids, from: today, to: today, actor: actor, on: db)
        return (
            service,
            try models.map { m in
                let facts = m.facts(signedOn: signatures[try m.requireID()] ?? [])
                let rates = SafetyModel.rates(
                    facts, checks: m.checks, records: records[try m.requireID()] ?? [], from: today, to: today)
                return Summary(model: m, state: SafetyModel.state(facts, today: today), today: rates.last)
            }
        )
    }

    func position(_ id: UUID?) async throws -> Position {
        try actor.require(.readProviderWork)
        let m = try await find(id)
        let mid = try m.requireID()
        let signatures = try await Scoped.query(OperatingModelSignature.self, for: actor, on: db)
            .filter(\.$model.$id == mid).sort(\.$day).with(\.$signedBy).all()
        let facts = m.facts(signedOn: signatures.compactMap { Day(iso: $0.day) })
        let from = max(facts.startDay, today.adding(days: -(Self.chartDays - 1)))
        let records = try await Self.dayRecords(of: [mid], from: from, to: today, actor: actor, on: db)[mid] ?? []
        let verifications = try await SafetyVerification.query(on: db).visible(to: actor).filter(\.$model.$id == mid)
            .sort(\.$day, .descending).sort(\.$createdAt, .descending).with(\.$verifier).limit(50).all()
        let protects =
            m.protects.isEmpty
            ? [] : try await RecoveryAction.query(on: db).visible(to: actor).filter(\.$id ~~ m.protects).all()
        let pending = try await PendingChange.query(on: db).visible(to: actor).filter(\.$recordID == mid)
            .filter(\.$status == .pending).first()
        var todayDone: [String: Int] = [:]
        for r in records where r.day == today { todayDone[r.check, default: 0] += r.completed }
        return Position(
            model: m, facts: facts, state: SafetyModel.state(facts, today: today), signatures: signatures,
            rates: SafetyModel.rates(facts, checks: m.checks, records: records, from: from, to: today),
            todayDone: todayDone, lapses: SafetyModel.lapses(facts, today: today), verifications: verifications,
            protects: protects, pending: pending)
    }

    /// The models running today on the actor's services (started, not stood down; the 50 that started first), with
    /// today's checks done of those due: four statements (My work).
    func running() async throws -> [MyWork.SafetyCheckRow] {
        let models = try await visible().filter(\.$startDay <= today.iso).filter(\.$stoodDownOn == nil)
            .with(\.$service).sort(\.$startDay).limit(50).all()
        guard !models.isEmpty else { return [] }
        let ids = try models.map { try $0.requireID() }
        let signatures = try await Self.signatures(of: ids, actor: actor, on: db)
        let records = try await Self.dayRecords(of: ids, from: today, to: today, actor: actor, on: db)
        return try models.map { m in
            let mid = try m.requireID()
            let facts = m.facts(signedOn: signatures[mid] ?? [])
            let rate = SafetyModel.rates(facts, checks: m.checks, records: records[mid] ?? [], from: today, to: today)
                .last
            var lapsed = false
            if case .lapsed = SafetyModel.state(facts, today: today) { lapsed = true }
            return MyWork.SafetyCheckRow(
                title: m.title, href: Paths.safetyModel(mid) + "#today", service: m.service.name,
                today: rate.map { "\($0.done) of \($0.due) checks done" } ?? "",
                complete: rate.map { $0.done >= $0.due } ?? true, lapsed: lapsed)
        }
    }

    /// Stand-down decisions, newest first (at most 50; of one service when asked): the decision log lists them beside
    /// the meetings' decisions. One statement.
    func standDowns(serviceID: UUID?) async throws -> [OperatingModel] {
        var q = visible().filter(\.$stoodDownOn != nil)
        if let serviceID { q = q.filter(\.$service.$id == serviceID) }
        return try await q.sort(\.$stoodDownOn, .descending).with(\.$service).with(\.$stoodDownBy)
            .with(\.$standDownApprovedBy).limit(50).all()
    }

    /// Each model's signature days (one statement).
    static func signatures(of ids: [UUID], actor: Actor, on db: any Database) async throws -> [UUID: [Day]] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: [Day]] = [:]
        for s in try await Scoped.query(OperatingModelSignature.self, for: actor, on: db)
            .filter(\.$model.$id ~~ ids).all()
        {
            if let d = Day(iso: s.day) { out[s.$model.id, default: []].append(d) }
        }
        return out
    }

    /// Each model's checks done and verified (the record held) per day and check, from `from` to `to` (two
    /// statements).
    static func dayRecords(
        of ids: [UUID], from: Day, to: Day, actor: Actor, on db: any Database
    ) async throws -> [UUID: [SafetyModel.DayRecord]] {
        guard !ids.isEmpty else { return [:] }
        struct Key: Hashable { let model: UUID; let day: String; let check: String }
        var done: [Key: Int] = [:], verified: [Key: Int] = [:]
        for r in try await SafetyCheckRecord.query(on: db).visible(to: actor).filter(\.$model.$id ~~ ids)
            .filter(\.$day >= from.iso).filter(\.$day <= to.iso).all()
        {
            done[Key(model: r.$model.id, day: r.day, check: r.checkKey), default: 0] += 1
        }
        for v in try await SafetyVerification.query(on: db).visible(to: actor).filter(\.$model.$id ~~ ids)
            .filter(\.$day >= from.iso).filter(\.$day <= to.iso).filter(\.$held == true).all()
        {
            verified[Key(model: v.$model.id, day: v.day, check: v.checkKey), default: 0] += 1
        }
        var out: [UUID: [SafetyModel.DayRecord]] = [:]
        for k in Set(done.keys).union(verified.keys) {
            guard let day = Day(iso: k.day) else { continue }
            out[k.model, default: []].append(
                .init(day: day, check: k.check, completed: done[k] ?? 0, verified: verified[k] ?? 0))
        }
        return out
    }

    // MARK: writing

    static func clean(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Sets a model up on a service: its owner is the person who sets it up, whose set-up is its first signature.
    func setUp(serviceID: UUID?, _ input: Input) async throws -> OperatingModel {
        let service = try await Access.service(serviceID, for: actor, on: db)
        try actor.require(.keepSafetyModels)
        let sid = try service.requireID()
        let (checks, facts, problems) = Self.problems(input, today: today)
        var errors = problems
        let title = Self.clean(input.title)
        let protects = Array(Set(input.protects))
        let actions =
            protects.isEmpty
            ? [] : try await RecoveryAction.query(on: db).visible(to: actor).filter(\.$id ~~ protects).all()
        if actions.count != protects.count || actions.contains(where: { $0.$service.id != sid }) {
            errors.append(FieldError("protects", "Choose actions of \(service.name) only."))
        }
        if !errors.isEmpty { throw AppError.invalid(errors) }
        let actor = self.actor
        let stored = try String(
            decoding: JSONEncoder().encode(checks.map(OperatingModel.StoredCheck.init)), as: UTF8.self)
        let protectsJSON = try String(
            decoding: JSONEncoder().encode(protects.sorted { $0.uuidString < $1.uuidString }), as: UTF8.self)
        return try await ChangeDoor.applyingFree(.safetyModel, ["set_up"], actor: actor, on: db) { rec in
            let m = OperatingModel()
            m.$organisation.id = actor.organisationID
            m.$service.id = sid
            m.$owner.id = actor.id
            m.version = 1
            m.title = title
            m.startDay = facts.startDay.iso
            m.plannedEndDay = facts.plannedEndDay.iso
            m.reSignDays = facts.reSignDays
            m.shiftsPerDay = facts.shiftsPerDay
            m.checksJSON = stored
            m.completedBy = Self.clean(input.completedBy)
            m.verifiedBy = Self.clean(input.verifiedBy)
            m.protectsJSON = protectsJSON
            try await m.create(on: rec.db)
            rec.touch(services: [sid])
            try await rec.record(
                "safety_model", m.requireID(), "created",
                [
                    AuditChange(field: "service", before: nil, after: service.name),
                    AuditChange(field: "title", before: nil, after: title),
                    AuditChange(field: "start_day", before: nil, after: m.startDay),
                    AuditChange(field: "planned_end_day", before: nil, after: m.plannedEndDay),
                    AuditChange(field: "re_sign_days", before: nil, after: String(m.reSignDays)),
                    AuditChange(field: "shifts_per_day", before: nil, after: String(m.shiftsPerDay)),
                    AuditChange(
                        field: "checks", before: nil,
                        after: checks.map { "\($0.title) (\($0.frequency.label))" }.joined(separator: "; ")),
                    AuditChange(field: "completed_by", before: nil, after: m.completedBy),
                    AuditChange(field: "verified_by", before: nil, after: m.verifiedBy),
                    AuditChange(field: "protects", before: nil, after: actions.map(\.reference).joined(separator: ", "))
                ])
            return m
        }
    }

    /// The model's checks (keyed c1, c2… in order) and facts as set up, and GripCore's problems with them, each
    /// named by its field (a form whose own parsing failed asks too, to name every problem at once).
    static func problems(
        _ input: Input, today: Day
    ) -> (checks: [SafetyModel.Check], facts: SafetyModel.Facts, problems: [FieldError]) {
        let checks = input.checks.enumerated().map { i, c in
            SafetyModel.Check(
                key: "c\(i + 1)", title: Self.clean(c.title), frequency: c.timesADay.map { .perDay($0) } ?? .perShift)
        }
        var errors = SafetyModel.setUpProblems(
            title: Self.clean(input.title), startDay: input.startDay, plannedEndDay: input.plannedEndDay,
            completedBy: input.completedBy, verifiedBy: input.verifiedBy, today: today)
        let facts = SafetyModel.Facts(
            startDay: input.startDay ?? today, plannedEndDay: input.plannedEndDay ?? input.startDay ?? today,
            reSignDays: input.reSignDays ?? SafetyModel.defaultReSignDays, shiftsPerDay: input.shiftsPerDay ?? 3)
        errors += SafetyModel.problems(facts, checks: checks).filter { p in !errors.contains { $0.field == p.field } }
        return (checks, facts, errors)
    }

    static func checkVersion(_ version: Int?, of m: OperatingModel) throws {
        guard let version else { throw AppError.invalid("version", "Send the version of the model you saw.") }
        guard version == m.version else { throw AppError.stale("safety-critical operating model", current: m.version) }
    }

    /// The owner re-signs it today: it stays in force for its re-sign days (a lapsed model is restored; the lapse
    /// stays on record).
    func reSign(_ id: UUID?, version: Int?) async throws -> OperatingModel {
        let m = try await find(id)
        try actor.require(.reSignSafetyModel, RecordRelation(isOwner: m.$owner.id == actor.id))
        try Self.checkVersion(version, of: m)
        let mid = try m.requireID()
        let signed = try await Self.signatures(of: [mid], actor: actor, on: db)[mid] ?? []
        let facts = m.facts(signedOn: signed)
        let problems = SafetyModel.reSignProblems(facts, today: today)
        if !problems.isEmpty { throw AppError.invalid(problems) }
        let before = SafetyModel.state(facts, today: today)
        let actor = self.actor, today = self.today
        return try await ChangeDoor.applyingFree(.safetyModel, ["re_sign"], actor: actor, on: db) { rec in
            guard let fresh = try await OperatingModel.find(mid, on: rec.db) else {
                throw AppError.notFound("safety-critical operating model")
            }
            guard fresh.version == m.version else {
                throw AppError.stale("safety-critical operating model", current: fresh.version)
            }
            let s = OperatingModelSignature()
            s.$organisation.id = actor.organisationID
            s.$model.id = mid
            s.$signedBy.id = actor.id
            s.day = today.iso
            try await s.create(on: rec.db)
            fresh.version += 1
            try await fresh.update(on: rec.db)
            // A lapsed model is a drift signal of its service.
            rec.touch(services: [fresh.$service.id])
            let after = SafetyModel.state(m.facts(signedOn: signed + [today]), today: today)
            try await rec.record(
                "safety_model", mid, "re_signed",
                [
                    AuditChange(field: "signed_on", before: nil, after: today.iso),
                    AuditChange(field: "state", before: before.label, after: after.label)
                ])
            return fresh
        }
    }

    /// One check done, recorded by the person who did it.
    func recordCheck(_ id: UUID?, check: String?, day: Day?) async throws -> SafetyCheckRecord {
        let m = try await find(id)
        try actor.require(.recordSafetyChecks)
        let mid = try m.requireID()
        let facts = m.facts(signedOn: [])
        let problems = SafetyModel.checkProblems(facts, checks: m.checks, key: check, day: day, today: today)
        guard problems.isEmpty, let check, let day else { throw AppError.invalid(problems) }
        let title = m.checks.first { $0.key == check }?.title ?? check
        let actor = self.actor
        return try await ChangeDoor.applyingFree(.safetyModel, ["check"], actor: actor, on: db) { rec in
            let r = SafetyCheckRecord()
            r.$organisation.id = actor.organisationID
            r.$service.id = m.$service.id
            r.$model.id = mid
            r.$recordedBy.id = actor.id
            r.day = day.iso
            r.checkKey = check
            try await r.create(on: rec.db)
            try await rec.record(
                "safety_model", mid, "check_done",
                [
                    AuditChange(field: "check", before: nil, after: title),
                    AuditChange(field: "day", before: nil, after: day.iso)
                ])
            return r
        }
    }

    /// A senior lead's verification of a day's check.
    func verify(_ id: UUID?, _ input: VerificationInput) async throws -> SafetyVerification {
        let m = try await find(id)
        try actor.require(.verifySafetyChecks)
        let mid = try m.requireID()
        let problems = SafetyModel.verificationProblems(
            m.facts(signedOn: []), checks: m.checks, method: input.method, key: input.check, day: input.day,
            held: input.held, found: input.found, today: today)
        guard problems.isEmpty, let method = input.method, let check = input.check, let day = input.day,
            let held = input.held
        else { throw AppError.invalid(problems) }
        let title = m.checks.first { $0.key == check }?.title ?? check
        let actor = self.actor, found = Self.clean(input.found)
        return try await ChangeDoor.applyingFree(.safetyModel, ["verification"], actor: actor, on: db) { rec in
            let v = SafetyVerification()
            v.$organisation.id = actor.organisationID
            v.$service.id = m.$service.id
            v.$model.id = mid
            v.$verifier.id = actor.id
            v.day = day.iso
            v.checkKey = check
            v.method = method
            v.held = held
            v.found = found
            try await v.create(on: rec.db)
            try await rec.record(
                "safety_model", mid, "verified",
                [
                    AuditChange(field: "check", before: nil, after: title),
                    AuditChange(field: "day", before: nil, after: day.iso),
                    AuditChange(field: "method", before: nil, after: method.rawValue),
                    AuditChange(field: "held", before: nil, after: held ? "yes" : "no"),
                    AuditChange(field: "found", before: nil, after: found)
                ])
            return v
        }
    }

    /// A stand-down: the evidence it rests on, held for a quality lead or the nominated individual who did not
    /// propose it. The model stays in force until they approve.
    func proposeStandDown(_ id: UUID?, evidence raw: String, version: Int?) async throws -> PendingChange {
        let m = try await find(id)
        try actor.require(.keepSafetyModels)
        try Self.checkVersion(version, of: m)
        let mid = try m.requireID()
        let facts = m.facts(signedOn: try await Self.signatures(of: [mid], actor: actor, on: db)[mid] ?? [])
        let problems = SafetyModel.proposalProblems(evidence: raw, today: today, facts: facts)
        if !problems.isEmpty { throw AppError.invalid(problems) }
        let message = "Stand down \(m.title) at \(m.service.name)"
        let outcome = try await ChangeDoor.pass(
            .safetyModel, edits: [PolicyEdit("stand_down", meetsCondition: false, message: message)],
            reason: raw, reasonField: "evidence", actor: actor, on: db,
            hold: {
                ChangeDoor.Hold(
                    recordType: .safetyModel, recordID: mid, serviceID: m.$service.id, operation: .standDown,
                    payload: "{}", weakenings: [], recordVersion: m.version, subject: m.service.name,
                    title: m.title, path: Paths.safetyModel(mid),
                    details: [AuditChange(field: "stand_down", before: nil, after: "proposed")])
            },
            apply: { _ in })
        guard case .held(let change) = outcome else {
            throw AppError(.internalServerError, "The stand-down was not held for a second person.")
        }
        return change
    }

    /// What approving a stand-down does, checked again as the model now stands: it ends today.
    func approved(_ c: PendingChange) async throws -> PendingChanges.Applier {
        let m = try await find(c.recordID)
        let mid = try m.requireID()
        let facts = m.facts(signedOn: try await Self.signatures(of: [mid], actor: actor, on: db)[mid] ?? [])
        // A held change always has its proposer (a person); none would be nobody the approver could be.
        let problems = SafetyModel.standDownProblems(
            proposer: c.$proposedBy.id ?? UUID(), approver: actor.id, evidence: c.reason, today: today, facts: facts)
        if !problems.isEmpty { throw AppError.invalid(problems) }
        let today = self.today, approver = actor.id, proposer = c.$proposedBy.id, evidence = c.reason
        return { rec, note in
            guard let fresh = try await OperatingModel.find(mid, on: rec.db) else {
                throw AppError.notFound("safety-critical operating model")
            }
            guard fresh.stoodDownOn == nil else {
                throw AppError(.conflict, "The model is already stood down.")
            }
            fresh.stoodDownOn = today.iso
            fresh.standDownEvidence = evidence
            fresh.$stoodDownBy.id = proposer
            fresh.$standDownApprovedBy.id = approver
            fresh.version += 1
            try await fresh.update(on: rec.db)
            rec.touch(services: [fresh.$service.id])
            try await rec.record(
                "safety_model", mid, "stood_down",
                [
                    AuditChange(field: "stood_down_on", before: nil, after: today.iso),
                    AuditChange(field: "evidence", before: nil, after: evidence)
                ] + note)
        }
    }
}

/// A model as the commissioner pack shows it (issue 36): in force since, completion and verification over the
/// period, lapses, stand-down.
struct PackSafetyModel: Sendable {
    let id: UUID
    let title: String
    let service: String
    let since: Day
    let plannedEnd: Day
    let state: SafetyModel.State
    let due: Int
    let done: Int
    let verified: Int
    let lapses: [SafetyModel.Lapse]
    let stoodDownOn: Day?
    let standDownEvidence: String?

    var completion: Double? { due == 0 ? nil : 100 * Double(done) / Double(due) }
    var verification: Double? { done == 0 ? nil : 100 * Double(verified) / Double(done) }
}

extension SafetyModelService {
    /// The models of some services that ran in a period, with their rates over it: four statements.
    static func forPack(
        serviceIDs: [UUID], services: [UUID: Service], period: ReportPeriod, today: Day, actor: Actor,
        on db: any Database
    ) async throws -> [PackSafetyModel] {
        guard !serviceIDs.isEmpty else { return [] }
        let models = try await OperatingModel.query(on: db).visible(to: actor).filter(\.$service.$id ~~ serviceIDs)
            .filter(\.$startDay <= period.to.iso)
            .group(.or) { $0.filter(\.$stoodDownOn == nil).filter(\.$stoodDownOn >= period.from.iso) }
            .sort(\.$startDay).limit(500).all()
        let ids = try models.map { try $0.requireID() }
        let signatures = try await signatures(of: ids, actor: actor, on: db)
        // Whole days: today's checks are still being done.
        let end = min(period.to, today.adding(days: -1))
        let records = try await dayRecords(of: ids, from: period.from, to: end, actor: actor, on: db)
        return try models.map { m in
            let mid = try m.requireID()
            let facts = m.facts(signedOn: signatures[mid] ?? [])
            let rates = SafetyModel.rates(
                facts, checks: m.checks, records: records[mid] ?? [], from: period.from, to: end)
            return PackSafetyModel(
                id: mid, title: m.title, service: services[m.$service.id]?.name ?? "", since: facts.startDay,
                plannedEnd: facts.plannedEndDay, state: SafetyModel.state(facts, today: end),
                due: rates.reduce(0) { $0 + $1.due }, done: rates.reduce(0) { $0 + $1.done },
                verified: rates.reduce(0) { $0 + $1.verified },
                lapses: SafetyModel.lapses(facts, today: end).filter { ($0.to ?? end) >= period.from },
                stoodDownOn: facts.stoodDownOn, standDownEvidence: m.standDownEvidence)
        }
    }
}
