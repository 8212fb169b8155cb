import Fluent
import Foundation
import GripCore

/// Attention flags for many actions at once: two queries, whatever the count.
enum AttentionQueries {
    static func flags(for actions: [RecoveryAction], today: Day, on db: any Database) async throws -> [UUID: [RaisedFlag]] {
        let ids = actions.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let evidence = try await EvidenceAction.query(on: db)
            .join(Evidence.self, on: \EvidenceAction.$evidence.$id == \Evidence.$id)
            .filter(\.$action.$id ~~ ids)
            .field(\.$action.$id).field(Evidence.self, \.$day).field(Evidence.self, \.$category).all()
        var lastEvidence: [UUID: Day] = [:]
        var outcome: Set<UUID> = []
        for row in evidence {
            let e = try row.joined(Evidence.self)
            let aid = row.$action.id
            if let d = Day(iso: e.day), lastEvidence[aid].map({ d > $0 }) ?? true { lastEvidence[aid] = d }
            if e.category == EvidenceCategories.outcomes { outcome.insert(aid) }
        }
        let reviews = try await Review.query(on: db).filter(\.$action.$id ~~ ids).filter(\.$measureValue != nil)
            .sort(\.$day).sort(\.$createdAt).field(\.$action.$id).field(\.$measureValue).field(\.$day).field(\.$createdAt).all()
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
