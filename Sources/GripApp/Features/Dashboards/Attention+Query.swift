import Fluent
import Foundation
import GripCore
import SQLKit

/// What the attention rules, the dashboards' counts and the recovery map read of an action: a
/// dozen plain columns, decoded from SQL rows rather than as models (a provider group has
/// thousands of live actions, and a model costs forty property objects a row).
struct ActionFacts: Decodable, Sendable {
    let id: UUID
    let serviceID: UUID
    let status: ActionStatus
    let riskBand: RiskBand
    let riskScore: Int
    let theme: String
    let dueDay: String
    let nextReviewDay: String
    let baselineDay: String
    let direction: TargetDirection
    let baselineValue: Double
    let reviewPolicyVersion: String
    let indicatorID: UUID?
    let reAuditDueDay: String?
    let closedOn: String?

    enum CodingKeys: String, CodingKey {
        case id, status, theme, direction
        case serviceID = "service_id", riskBand = "risk_band", riskScore = "risk_score", dueDay = "due_day"
        case nextReviewDay = "next_review_day", baselineDay = "baseline_day", baselineValue = "baseline_value"
        case reviewPolicyVersion = "review_policy_version", indicatorID = "indicator_id", reAuditDueDay =
            "reaudit_due_day"
        case closedOn = "closed_on"
    }

    init(_ a: RecoveryAction) {
        id = a.id!
        serviceID = a.$service.id
        status = a.status
        riskBand = a.riskBand
        riskScore = a.riskScore
        theme = a.theme
        dueDay = a.dueDay
        nextReviewDay = a.nextReviewDay
        baselineDay = a.baselineDay
        direction = a.direction
        baselineValue = a.baselineValue
        reviewPolicyVersion = a.reviewPolicyVersion
        indicatorID = a.$indicator.id
        reAuditDueDay = a.reAuditDueDay
        closedOn = a.closedOn
    }

    /// The action as the recovery map's choice of current action reads it (nil without a due day).
    var mapCandidate: (candidate: CurrentAction.Candidate, theme: String)? {
        Day(iso: dueDay).map { due in
            (CurrentAction.Candidate(id: id, isLive: status.isLive, riskScore: riskScore, dueDay: due), theme)
        }
    }

    /// The columns the facts are read from.
    static let columns = [
        "id", "service_id", "status", "risk_band", "risk_score", "theme", "due_day", "next_review_day", "baseline_day",
        "direction", "baseline_value", "review_policy_version", "indicator_id", "reaudit_due_day", "closed_on"
    ]

    /// The actions of some services (already checked as visible to the reader) in some statuses;
    /// one query per 5,000 services, optionally narrowed to a band or a theme.
    static func load(
        organisationID: UUID, serviceIDs: [UUID], statuses: [ActionStatus], band: RiskBand? = nil, theme: String? = nil,
        on db: any Database
    ) async throws -> [ActionFacts] {
        let sql = db as! any SQLDatabase
        var out: [ActionFacts] = []
        for chunk in Batches.chunks(serviceIDs) {
            var q = sql.select()
                .columns(columns.map { SQLIdentifier($0) })
                .from(RecoveryAction.schema)
                .where("organisation_id", .equal, organisationID)
                .where("service_id", .in, chunk)
                .where("status", .in, statuses.map(\.rawValue))
            if let band { q = q.where("risk_band", .equal, band.rawValue) }
            if let theme { q = q.where("theme", .equal, theme) }
            out += try await q.all(decoding: ActionFacts.self)
        }
        return out
    }
}

/// Attention flags for many actions at once: two queries (per 5,000 actions), whatever the count.
enum AttentionQueries {
    /// An action's evidence facts (`kind` 0) or one of its measures (`kind` 1).
    struct FactRow: Decodable {
        let action_id: UUID
        let kind: Int
        let day: String?
        let outcome: Int
        let measure_value: Double?
    }

    static func flags(
        for actions: [RecoveryAction], today: Day, on db: any Database
    ) async throws -> [UUID: [RaisedFlag]] {
        try await flags(for: actions.filter { $0.id != nil }.map(ActionFacts.init), today: today, on: db)
    }

    /// Of these actions, those with outcome evidence (one statement a chunk, on the links' own category).
    static func withOutcomeEvidence(_ ids: [UUID], on db: any Database) async throws -> Set<UUID> {
        struct Row: Decodable { let action_id: UUID }
        var out: Set<UUID> = []
        let sql = db as! any SQLDatabase
        for chunk in Batches.chunks(ids, size: 2500) {
            let rows = try await sql.raw(
                """
                SELECT DISTINCT action_id FROM evidence_actions
                WHERE action_id IN (\(binds: chunk)) AND category = \(bind: EvidenceCategories.outcomes)
                """
            ).all(decoding: Row.self)
            out.formUnion(rows.map(\.action_id))
        }
        return out
    }

    static func flags(for actions: [ActionFacts], today: Day, on db: any Database) async throws -> [UUID: [RaisedFlag]]
    {
        let ids = actions.map(\.id)
        guard !ids.isEmpty else { return [:] }
        // One statement: the latest evidence day and whether any is outcome evidence, per action, aggregated
        // in the database from the links alone (they carry their evidence's day and category: one covering
        // index); then each action's measures in the order they were reviewed.
        var lastEvidence: [UUID: Day] = [:]
        var outcome: Set<UUID> = []
        var measures: [UUID: [Double]] = [:]
        let sql = db as! any SQLDatabase
        for chunk in Batches.chunks(ids, size: 2500) {
            let rows = try await sql.raw(
                """
                SELECT action_id, 0 AS kind, MAX(day) AS day,
                       MAX(CASE WHEN category = \(bind: EvidenceCategories.outcomes) THEN 1 ELSE 0 END) AS outcome,
                       NULL AS measure_value, NULL AS created_at
                FROM evidence_actions WHERE action_id IN (\(binds: chunk)) GROUP BY action_id
                UNION ALL
                SELECT action_id, 1 AS kind, day, 0 AS outcome, measure_value, created_at FROM reviews
                WHERE action_id IN (\(binds: chunk)) AND measure_value IS NOT NULL
                ORDER BY kind, day, created_at
                """
            ).all(decoding: FactRow.self)
            for r in rows {
                if r.kind == 1 {
                    if let m = r.measure_value { measures[r.action_id, default: []].append(m) }
                    continue
                }
                if let d = r.day.flatMap(Day.init(iso:)) { lastEvidence[r.action_id] = d }
                if r.outcome == 1 { outcome.insert(r.action_id) }
            }
        }
        var out: [UUID: [RaisedFlag]] = [:]
        for a in actions {
            out[a.id] = raised(
                a, measures: measures[a.id] ?? [], lastEvidence: lastEvidence[a.id],
                outcome: outcome.contains(a.id), today: today)
        }
        return out
    }

    /// One action's flags from its evidence and its reviews (newest first), already read by its page: no
    /// statement. The same facts as the aggregates above.
    static func flags(
        for a: RecoveryAction, evidence: [Evidence], reviews: [Review], today: Day
    ) -> [RaisedFlag] {
        guard a.id != nil else { return [] }
        return raised(
            ActionFacts(a), measures: reviews.reversed().compactMap(\.measureValue),
            lastEvidence: evidence.compactMap { Day(iso: $0.day) }.max(),
            outcome: evidence.contains { $0.category == EvidenceCategories.outcomes }, today: today) ?? []
    }

    private static func raised(
        _ a: ActionFacts, measures: [Double], lastEvidence: Day?, outcome: Bool, today: Day
    ) -> [RaisedFlag]? {
        guard let due = Day(iso: a.dueDay), let next = Day(iso: a.nextReviewDay), let base = Day(iso: a.baselineDay)
        else { return nil }
        let facts = AttentionFacts(
            status: a.status, band: a.riskBand, dueDay: due, nextReviewDay: next, baselineDay: base,
            direction: a.direction, baselineValue: a.baselineValue, measures: measures,
            lastEvidenceDay: lastEvidence, hasOutcomeEvidence: outcome,
            hasLinkedIndicator: a.indicatorID != nil,
            reAuditDue: a.reAuditDueDay.flatMap(Day.init(iso:)))
        return Attention.flags(facts, policy: ReviewPolicy.version(a.reviewPolicyVersion) ?? .current, today: today)
    }
}
