import Fluent
import Foundation
import GripCore

/// What a form or a JSON body says about a safeguarding concern, as text; both the web and the API parse this.
struct ConcernForm: Codable, Sendable {
    var person: String?
    var raised_at: String?
    var raised_by_role: String?
    var category: String?
    var summary: String?
    var safeguards: String?
    var decision: String?
    var rationale: String?
    var decision_at: String?
    var referred_at: String?
    var la_reference: String?
    /// `yes` or `no` (a form's radio buttons), or a JSON boolean's text.
    var notify_cqc: String?
    var review_due: String?
    var outcome: String?
    var learning: String?
    var closed_at: String?
    var version: Int?

    func parse() -> (SafeguardingService.Input, [FieldError]) {
        var errors: [FieldError] = []
        var category: SafeguardingCategory?
        if let c = self.category?.trimmingCharacters(in: .whitespaces), !c.isEmpty {
            category = SafeguardingCategory(rawValue: c)
            if category == nil { errors.append(FieldError("category", "Choose a category from the list.")) }
        }
        var notify: Bool?
        switch (notify_cqc ?? "").trimmingCharacters(in: .whitespaces).lowercased() {
        case "": notify = nil
        case "yes", "true", "1": notify = true
        case "no", "false", "0": notify = false
        default: errors.append(FieldError("notify_cqc", "Say yes or no: does CQC need a notification?"))
        }
        let input = SafeguardingService.Input(
            personID: InputParse.uuid(person, "person", "the person", into: &errors),
            raisedAt: InputParse.time(raised_at, "raised_at", "When it was raised", into: &errors),
            raisedByRole: raised_by_role ?? "", category: category, summary: summary ?? "",
            safeguards: safeguards ?? "", decision: decision ?? "", rationale: rationale ?? "",
            decisionAt: InputParse.time(decision_at, "decision_at", "The decision's time", into: &errors),
            referredAt: InputParse.time(referred_at, "referred_at", "The referral's time", into: &errors),
            laReference: la_reference ?? "", notifyCQC: notify,
            reviewDue: InputParse.day(review_due, "review_due", "The review day", into: &errors),
            outcome: outcome ?? "", learning: learning ?? "",
            closedAt: InputParse.time(closed_at, "closed_at", "The closure's time", into: &errors))
        return (input, errors)
    }
}

/// The safeguarding log (issue 23). Anyone delivering care records a concern and its immediate safeguards; a
/// registered manager or above records the decision, referral and closure. Each write recomputes the service's
/// computed safeguarding series in the same transaction. Commissioners read the measures, not the log.
struct SafeguardingService: PersonLogService {
    let db: any Database
    let actor: Actor
    let now: Date
    static let feed = IndicatorFeeds.Log.safeguarding

    struct Input: Sendable {
        var personID: UUID?
        var raisedAt: Date?
        var raisedByRole: String
        var category: SafeguardingCategory?
        var summary: String
        var safeguards: String
        var decision: String
        var rationale: String
        var decisionAt: Date?
        var referredAt: Date?
        var laReference: String
        var notifyCQC: Bool?
        var reviewDue: Day?
        var outcome: String
        var learning: String
        var closedAt: Date?

        var record: ConcernRecord {
            ConcernRecord(
                personChosen: personID != nil, raisedAt: raisedAt, raisedByRole: raisedByRole,
                categoryChosen: category != nil, summary: summary, safeguards: safeguards, decision: decision,
                rationale: rationale, decisionAt: decisionAt, referredAt: referredAt, laReference: laReference,
                reviewDue: reviewDue, outcome: outcome, learning: learning, closedAt: closedAt,
                notifyAnswered: notifyCQC != nil)
        }
    }

    /// Concerns the actor may read: the provider's side, in their services.
    func visible() throws -> QueryBuilder<SafeguardingConcern> {
        try Scoped.providerLog(SafeguardingConcern.self, for: actor, on: db)
    }

    func find(_ id: UUID?) async throws -> SafeguardingConcern {
        try await Scoped.providerRecord(SafeguardingConcern.self, id, what: "safeguarding concern", for: actor, on: db)
    }

    static func problems(_ input: Input, now: Date) -> [FieldError] {
        SafeguardingRules.recordProblems(input.record, now: now)
    }

    private static func apply(_ input: Input, to c: SafeguardingConcern) {
        let trim = { (s: String) in s.trimmingCharacters(in: .whitespacesAndNewlines) }
        c.raisedAt = input.raisedAt ?? c.raisedAt
        c.raisedByRole = trim(input.raisedByRole)
        if let cat = input.category { c.category = cat }
        c.summary = trim(input.summary)
        c.safeguards = trim(input.safeguards)
        c.decision = trim(input.decision)
        c.rationale = trim(input.rationale)
        c.decisionAt = input.decisionAt
        c.referredAt = input.referredAt
        c.laReference = trim(input.laReference)
        c.notifyCQC = input.notifyCQC ?? c.notifyCQC
        c.reviewDue = input.reviewDue?.iso
        c.outcome = trim(input.outcome)
        c.learning = trim(input.learning)
        c.closedAt = input.closedAt
    }

    private static func snapshot(_ c: SafeguardingConcern) -> [String: String?] {
        [
            "person": c.$person.id.uuidString, "raised_at": UKTime.format(c.raisedAt), "raised_by_role": c.raisedByRole,
            "category": c.category.rawValue, "summary": c.summary, "safeguards": c.safeguards, "decision": c.decision,
            "rationale": c.rationale, "decision_at": c.decisionAt.map(UKTime.format),
            "referred_at": c.referredAt.map(UKTime.format), "la_reference": c.laReference,
            "notify_cqc": c.notifyCQC ? "yes" : "no", "review_due": c.reviewDue, "outcome": c.outcome,
            "learning": c.learning, "closed_at": c.closedAt.map(UKTime.format)
        ]
    }

    func create(_ input: Input) async throws -> SafeguardingConcern {
        try actor.require(.raiseConcerns)
        if input.record.hasManagementPart { try actor.require(.decideConcerns) }
        return try await write.create(person: input.personID, problems: Self.problems(input, now: now)) {
            try await Self.insert(input, person: $0, by: $1, rec: $2)
        }
    }

    /// Writes one checked concern, its audit entry and the notification it prompts, in the caller's transaction
    /// (the caller refreshes the computed series once for everything it wrote).
    static func insert(
        _ input: Input, person: Person, by actor: Actor, rec: AuditRecorder
    ) async throws
        -> SafeguardingConcern
    {
        let c = SafeguardingConcern()
        c.$organisation.id = actor.organisationID
        c.$recordedBy.id = actor.userID
        try c.place(with: person)
        c.notifyCQC = false
        apply(input, to: c)
        if c.decisionAt != nil { c.$decidedBy.id = actor.userID }
        c.version = 1
        try await c.create(on: rec.db)
        try await rec.record("safeguarding_concern", c.requireID(), "created", AuditChange.diff([:], snapshot(c)))
        try await StatutoryNotificationService.prompt(for: c, by: actor.userID, rec: rec)
        return c
    }

    /// The manager's part, and corrections: the whole record with the version read (409 when stale).
    func update(_ id: UUID?, _ input: Input, version: Int?) async throws -> SafeguardingConcern {
        try actor.require(.decideConcerns)
        let c = try await find(id)
        let version = try PersonLogWrite.version(version, current: c.version, what: "safeguarding concern")
        var input = input
        input.personID = input.personID ?? c.$person.id
        input.notifyCQC = input.notifyCQC ?? c.notifyCQC
        let person = try await write.person(input.personID, problems: Self.problems(input, now: now))
        let before = Self.snapshot(c)
        let oldService = c.$service.id
        Self.apply(input, to: c)
        try c.place(with: person)
        if c.decisionAt != nil, (before["decision_at"] ?? nil) == nil { c.$decidedBy.id = actor.userID }
        c.version = version
        let userID = actor.userID
        try await write.update(
            c, table: "safeguarding_concern", what: "safeguarding concern",
            changes: AuditChange.diff(before, Self.snapshot(c)), from: oldService, to: c.$service.id,
            door: .safeguardingDecision, subject: "decision", version: \.version
        ) { rec in try await StatutoryNotificationService.prompt(for: c, by: userID, rec: rec) }
        return c
    }
}
