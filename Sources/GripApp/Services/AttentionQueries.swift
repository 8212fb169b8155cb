import Fluent
import Foundation
import GripCore
import SQLKit

/// Attention flags for many actions at once: two queries (per 5,000 actions), whatever the count.
enum AttentionQueries {
    struct EvidenceFacts: Decodable { let action_id: UUID; let last_day: String?; let outcome: Int }

    static func flags(for actions: [RecoveryAction], today: Day, on db: any Database) async throws -> [UUID: [RaisedFlag]] {
        let ids = actions.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        // The latest evidence day and whether any is outcome evidence, per action, aggregated in the database.
        var lastEvidence: [UUID: Day] = [:]
        var outcome: Set<UUID> = []
        var reviews: [Review] = []
        let sql = db as! any SQLDatabase
        for chunk in stride(from: 0, to: ids.count, by: 5000).map({ Array(ids[$0..<min(ids.count, $0 + 5000)]) }) {
            let rows = try await sql.raw("""
                SELECT ea.action_id AS action_id, MAX(e.day) AS last_day,
                       MAX(CASE WHEN e.category = \(bind: EvidenceCategories.outcomes) THEN 1 ELSE 0 END) AS outcome
                FROM evidence_actions ea JOIN evidence e ON e.id = ea.evidence_id
                WHERE ea.action_id IN (\(binds: chunk)) GROUP BY ea.action_id
                """).all(decoding: EvidenceFacts.self)
            for r in rows {
                if let d = r.last_day.flatMap(Day.init(iso:)) { lastEvidence[r.action_id] = d }
                if r.outcome == 1 { outcome.insert(r.action_id) }
            }
            reviews += try await Review.query(on: db).filter(\.$action.$id ~~ chunk).filter(\.$measureValue != nil)
                .sort(\.$day).sort(\.$createdAt).field(\.$action.$id).field(\.$measureValue).field(\.$day).field(\.$createdAt).all()
        }
        let measures = Dictionary(grouping: reviews, by: { $0.$action.id }).mapValues { $0.compactMap(\.measureValue) }
        var out: [UUID: [RaisedFlag]] = [:]
        for a in actions {
            guard let id = a.id, let due = Day(iso: a.dueDay), let next = Day(iso: a.nextReviewDay), let base = Day(iso: a.baselineDay) else { continue }
            let facts = AttentionFacts(status: a.status, band: a.riskBand, dueDay: due, nextReviewDay: next, baselineDay: base,
                                       direction: a.direction, baselineValue: a.baselineValue, measures: measures[id] ?? [],
                                       lastEvidenceDay: lastEvidence[id], hasOutcomeEvidence: outcome.contains(id), hasLinkedIndicator: a.$indicator.id != nil)
            out[id] = Attention.flags(facts, policy: ReviewPolicy.version(a.reviewPolicyVersion) ?? .current, today: today)
        }
        return out
    }
}
