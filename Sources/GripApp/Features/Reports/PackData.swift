import Fluent
import Foundation
import GripCore
import SQLKit

/// Everything the packs read for some services and a period, in a fixed number of queries
/// whatever the number of services, actions, evidence and values.
struct PackData: Sendable {
    let organisation: Organisation
    let services: [Service]
    let period: ReportPeriod
    let today: Day
    let baseURL: String
    let actions: [RecoveryAction]
    /// The framework version the pack is made under (the one in force unless asked otherwise), and each
    /// action's items under it.
    let framework: Framework
    let statements: [UUID: [String]]
    /// Evidence on those actions dated in the period, with the actions and statements it supports.
    let evidence: [PackEvidence]
    let evidenceActions: [UUID: [UUID]]
    let evidenceStatements: [UUID: [String]]
    let latestReview: [UUID: PackReview]
    let latestDueChange: [UUID: DueDayChange]
    let reAudits: [ReAudit]
    /// Re-audits in the period before (what the last pack covered: `period.previous`), for what changed since.
    let previousReAudits: [ReAudit]
    /// Every oversight level recorded for these services, oldest first (the summary's changes since the last pack).
    let oversightHistory: [ServiceOversight]
    /// Escalations raised in the period before.
    let previousEscalationsRaised: Int
    let sources: [Source]
    let escalations: [Escalation]
    let series: [IndicatorService.Series]
    let challenges: [(challenge: MeetingChallenge, item: MeetingItem, meeting: Meeting)]
    let meetings: [Meeting]
    let decisions: [Decision]
    let oversight: [UUID: OversightService.Position]
    /// Approved minutes about these services, with challenges and decisions (what a commissioner may see).
    let shared: [SharedGovernance.Item]
    /// Drift signals per service, as of `today`.
    let drift: [UUID: [Drift.Signal]]
    /// Notifications to CQC that happened in the period, and any still unsent from before it (issue 23).
    let notifications: [StatutoryNotification]
    /// Who approved each held cancellation (by action): a high or extreme action is cancelled only so (issue 33).
    let cancellationApprovers: [UUID: String]
    /// Thresholds that fired in the period and were answered after their time to act, or not at all by the time
    /// the pack was made (issue 36), oldest first.
    let lateEscalations: [EscalationFiring]
    /// Safety-critical operating models that ran in the period, with their rates over it (issue 36).
    let safetyModels: [PackSafetyModel]

    /// Built once: the assembly looks actions up for every evidence line (a computed dictionary here
    /// was rebuilt per line, 28 % of a 10-service commissioner pack's time).
    let serviceByID: [UUID: Service]
    let actionByID: [UUID: RecoveryAction]

    func link(_ path: String) -> String { baseURL + path }

    /// Loads for the services the actor can see (all of them, or those named).
    /// `framework`: the id of the version to make the pack under (nil: the one in force), such as the version an
    /// older pack was made with, or a commissioner's own framework.
    static func load(
        actor: Actor, serviceIDs: [UUID]?, period: ReportPeriod, today: Day, baseURL: String,
        framework frameworkID: String? = nil, on db: any Database
    ) async throws -> PackData {
        guard let organisation = try await Organisation.find(actor.organisationID, on: db) else {
            throw AppError.notFound("organisation")
        }
        let catalogue = FrameworkCatalogue(db: db, organisationID: actor.organisationID)
        let framework: Framework
        if let frameworkID, !frameworkID.isEmpty {
            guard let found = try await catalogue.find(frameworkID) else {
                throw AppError.invalid("framework", "No framework version '\(frameworkID)' is loaded.")
            }
            framework = found
        } else {
            framework = try await catalogue.inForce().framework
        }
        var sq = Service.query(on: db).visible(to: actor)
        if let ids = serviceIDs { sq = sq.filter(\.$id ~~ ids) }
        let services = try await sq.sort(\.$name).all()
        if let ids = serviceIDs, Set(services.compactMap(\.id)) != Set(ids) {
            throw AppError.invalid("services", "One of the services is not one of yours.")
        }
        let sids = services.compactMap(\.id)
        guard !sids.isEmpty else { throw AppError.invalid("services", "Choose at least one service.") }
        let actions = try await Scoped.query(RecoveryAction.self, for: actor, on: db)
            .filter(\.$service.$id ~~ sids).with(\.$lead).with(\.$service).sort(\.$reference).all()
        let aids = actions.compactMap(\.id)
        let statements = try await ActionQueries.statements(of: aids, framework: framework.id, on: db)
        let links = try await PackEvidence.links(of: aids, in: period, on: db)
        var evidenceActions: [UUID: [UUID]] = [:]
        var evidenceByID: [UUID: PackEvidence] = [:]
        for l in links {
            evidenceActions[l.evidence.id, default: []].append(l.actionID)
            evidenceByID[l.evidence.id] = l.evidence
        }
        let eids = Array(evidenceByID.keys)
        let evidenceMappings =
            eids.isEmpty
            ? []
            : try await EvidenceMapping.query(on: db).filter(\.$evidence.$id ~~ eids)
                .filter(\.$framework == framework.id).all()
        let evidenceStatements = Dictionary(
            grouping: evidenceMappings,
            by: { $0.$evidence.id }
        ).mapValues { $0.map(\.itemID) }
        var latestReview: [UUID: PackReview] = [:]
        for r in try await PackReview.reviews(of: aids, to: period.to, on: db) { latestReview[r.actionID] = r }
        let changes =
            aids.isEmpty
            ? [] : try await DueDayChange.query(on: db).filter(\.$action.$id ~~ aids).sort(\.$createdAt).all()
        var latestDueChange: [UUID: DueDayChange] = [:]
        for c in changes { latestDueChange[c.$action.id] = c }
        let bothAudits =
            aids.isEmpty
            ? []
            : try await ReAudit.query(on: db).filter(\.$action.$id ~~ aids)
                .filter(\.$day >= period.previous.from.iso).filter(\.$day <= period.to.iso).sort(\.$day).all()
        let reAudits = bothAudits.filter { $0.day >= period.from.iso }
        let previousReAudits = bothAudits.filter { $0.day < period.from.iso }
        let oversightHistory = try await ServiceOversight.query(on: db).filter(\.$service.$id ~~ sids)
            .sort(\.$since).sort(\.$createdAt).all()
        let sources = try await Scoped.query(Source.self, for: actor, on: db).filter(
            \.$service.$id ~~ sids
        )
        .sort(\.$raisedOn).all()
        let allEscalations = try await Scoped.query(Escalation.self, for: actor, on: db)
            .filter(\.$service.$id ~~ sids).filter(\.$status != .draft).with(\.$service).sort(\.$reference).all()
        let previousEscalationsRaised = allEscalations.filter { e in
            e.raisedOn.flatMap(Day.init(iso:)).map { period.previous.contains($0) } ?? false
        }.count
        let escalations =
            allEscalations
            .filter { e in
                (e.raisedOn.flatMap(Day.init(iso:)).map { $0 <= period.to } ?? false)
                    && (e.status.isOpen || (e.raisedOn.flatMap(Day.init(iso:)).map { $0 >= period.from } ?? false))
            }
        // Indicator series up to the end of the period.
        let indicators = try await Scoped.query(Indicator.self, for: actor, on: db).sort(
            \.$name
        ).all()
        let values = try await SeriesValueRow.all(of: sids, to: period.to, on: db)
        let settings = try await SeriesSetting.query(on: db).filter(\.$service.$id ~~ sids).all()
        let settingBy = Dictionary(
            settings.map { ("\($0.$indicator.id)|\($0.$service.id)", $0) }, uniquingKeysWith: { a, _ in a })
        let valuesBy = Dictionary(grouping: values, by: { "\($0.indicatorID)|\($0.serviceID)" })
        var series: [IndicatorService.Series] = []
        for s in services {
            for i in indicators {
                let key = "\(i.id!)|\(s.id!)"
                guard let vs = valuesBy[key], !vs.isEmpty else { continue }
                series.append(IndicatorService.analyse(i, s, values: vs, setting: settingBy[key], today: today))
            }
        }
        // Meetings in the period of routes covering these services, their challenges and decisions.
        let routeIDs = Set(
            try await RouteService.query(on: db).filter(\.$service.$id ~~ sids).all().map { $0.$route.id })
        let meetings =
            routeIDs.isEmpty
            ? []
            : try await Meeting.query(on: db).filter(\.$route.$id ~~ routeIDs)
                .filter(\.$status ~~ [MeetingStatus.held, .approved]).filter(\.$day >= period.from.iso).filter(
                    \.$day <= period.to.iso
                )
                .with(\.$route).sort(\.$day).all()
        let mids = meetings.compactMap(\.id)
        let items = mids.isEmpty ? [] : try await MeetingItem.query(on: db).filter(\.$meeting.$id ~~ mids).all()
        let itemBy = Dictionary(items.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let meetingBy = Dictionary(meetings.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let challengeRows =
            items.isEmpty
            ? []
            : try await MeetingChallenge.query(on: db).filter(\.$item.$id ~~ items.compactMap(\.id))
                .with(\.$challenger).sort(\.$createdAt).all()
        let challenges = challengeRows.compactMap {
            c -> (challenge: MeetingChallenge, item: MeetingItem, meeting: Meeting)? in
            guard let item = itemBy[c.$item.id], let m = meetingBy[item.$meeting.id] else { return nil }
            return (c, item, m)
        }
        let decisions = try await Scoped.query(Decision.self, for: actor, on: db)
            .group(.or) { $0.filter(\.$service.$id ~~ sids).filter(\.$service.$id == nil) }
            .filter(\.$status == .open).with(\.$owner).sort(\.$dueDay).limit(500).all()
            .filter { d in d.$service.id != nil || mids.contains(d.$meeting.id) }
        let oversight = try await OversightService.positions(sids, on: db)
        let shared = try await SharedGovernance.load(actor: actor, serviceIDs: sids, period: period, on: db)
        // Drift from the stored summaries (computed only where stale), as the dashboards read it.
        let summaries = try await ServiceSummaries.current(
            services, organisationID: actor.organisationID, today: today, part: .heat, on: db)
        let drift = Dictionary(
            services.map { ($0.id!, summaries[$0.id!]?.drift ?? []) },
            uniquingKeysWith: { a, _ in a })
        let periodStart = LocalTime.parse(period.from.iso + "T00:00") ?? Date.distantPast
        let periodEnd = LocalTime.parse(period.to.adding(days: 1).iso + "T00:00") ?? Date.distantFuture
        let notifications =
            sids.isEmpty
            ? []
            : try await Scoped.query(StatutoryNotification.self, for: actor, on: db)
                .filter(\.$service.$id ~~ sids)
                .filter(\.$occurredAt < periodEnd)
                .group(.or) { $0.filter(\.$occurredAt >= periodStart).filter(\.$sentAt == nil) }
                .with(\.$service).with(\.$person).sort(\.$occurredAt).limit(1000).all()
        let cancelledIDs = actions.filter { $0.status == .cancelled }.compactMap(\.id)
        let approvals =
            cancelledIDs.isEmpty
            ? []
            : try await PendingChange.query(on: db)
                .filter(\.$recordID ~~ cancelledIDs).filter(\.$operation == .actionCancel).filter(
                    \.$status == .approved
                )
                .with(\.$decidedBy).all()
        let cancellationApprovers = Dictionary(
            approvals.map { c in
                (
                    c.recordID,
                    (c.decidedBy?.name ?? "—") + (c.decidedAt.map { ", \(Day.today(now: $0).ukFormat)" } ?? "")
                )
            }, uniquingKeysWith: { a, _ in a })
        let now = Clock.current.now()
        let lateEscalations = try await Scoped.query(EscalationFiring.self, for: actor, on: db)
            .filter(\.$service.$id ~~ sids).filter(\.$firedAt >= periodStart)
            .filter(\.$firedAt < TimeToAct.endOf(period.to))
            .group(.or) { $0.filter(\.$late == true).filter(\.$deadline < now) }
            .with(\.$service).sort(\.$firedAt).all()
            .filter { $0.late || $0.answeredAt == nil }
        let safetyModels = try await SafetyModelService.forPack(
            serviceIDs: sids, services: Dictionary(services.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a }),
            period: period, today: today, actor: actor, on: db)
        // By day and summary, then id: the same pack twice lists evidence in the same order (each id written
        // out once, not at every comparison: that was a tenth of a commissioner pack's time).
        let evidence = evidenceByID.values.map { ($0, $0.id.uuidString) }
            .sorted { ($0.0.day, $0.0.summary, $0.1) < ($1.0.day, $1.0.summary, $1.1) }.map(\.0)
        return PackData(
            organisation: organisation, services: services, period: period, today: today, baseURL: baseURL,
            actions: actions,
            framework: framework, statements: statements, evidence: evidence,
            evidenceActions: evidenceActions, evidenceStatements: evidenceStatements, latestReview: latestReview,
            latestDueChange: latestDueChange, reAudits: reAudits, previousReAudits: previousReAudits,
            oversightHistory: oversightHistory, previousEscalationsRaised: previousEscalationsRaised,
            sources: sources, escalations: escalations, series: series,
            challenges: challenges, meetings: meetings, decisions: decisions, oversight: oversight,
            shared: shared, drift: drift, notifications: notifications,
            cancellationApprovers: cancellationApprovers, lateEscalations: lateEscalations,
            safetyModels: safetyModels,
            serviceByID: Dictionary(services.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a }),
            actionByID: Dictionary(actions.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a }))
    }
}

/// An item of evidence as the packs show it: the columns they read, as a plain row (issue 35: decoding 5,000
/// joined models was a sixth of a ten-service commissioner pack's time).
struct PackEvidence: Sendable, Decodable {
    let id: UUID
    let day: String
    let category: String
    let kind: EvidenceKind
    let summary: String

    /// A link from an action to evidence, with the evidence.
    struct Link: Sendable, Decodable {
        let actionID: UUID
        let evidence: PackEvidence

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            actionID = try c.decode(UUID.self, forKey: .actionID)
            evidence = try PackEvidence(from: decoder)
        }
        enum CodingKeys: String, CodingKey { case actionID = "action_id" }
    }

    /// The evidence on some (scoped) actions dated in a period, one row a link: read through the links' own
    /// copy of the evidence's day, so only the period's links are joined to their evidence.
    static func links(of actionIDs: [UUID], in period: ReportPeriod, on db: any Database) async throws -> [Link] {
        guard !actionIDs.isEmpty else { return [] }
        return try await (db as! any SQLDatabase).select()
            .column(SQLColumn("action_id", table: "l"))
            .columns(["id", "day", "category", "kind", "summary"].map { SQLColumn($0, table: "e") })
            .from(SQLAlias(SQLIdentifier(EvidenceAction.schema), as: SQLIdentifier("l")))
            .join(
                SQLAlias(SQLIdentifier(Evidence.schema), as: SQLIdentifier("e")),
                on: SQLColumn("id", table: "e"), .equal, SQLColumn("evidence_id", table: "l")
            )
            .where(SQLColumn("action_id", table: "l"), .in, SQLBind.group(actionIDs))
            .where(SQLColumn("day", table: "l"), .greaterThanOrEqual, SQLBind(period.from.iso))
            .where(SQLColumn("day", table: "l"), .lessThanOrEqual, SQLBind(period.to.iso))
            .all(decoding: Link.self)
    }

}

/// An action's review as the packs read it (the latest by the period's end gives an overdue action's reason):
/// a plain row of the three columns they show.
struct PackReview: Sendable, Decodable {
    let actionID: UUID
    let day: String
    let rag: RAG
    let commentary: String

    enum CodingKeys: String, CodingKey { case actionID = "action_id", day, rag, commentary }

    /// The reviews of some (scoped) actions up to a day, each action's in the order they were recorded.
    static func reviews(of actionIDs: [UUID], to day: Day, on db: any Database) async throws -> [PackReview] {
        guard !actionIDs.isEmpty else { return [] }
        return try await (db as! any SQLDatabase).select()
            .columns("action_id", "day", "rag", "commentary")
            .from(Review.schema)
            .where("action_id", .in, SQLBind.group(actionIDs))
            .where("day", .lessThanOrEqual, SQLBind(day.iso))
            .orderBy("action_id").orderBy("day").orderBy("created_at")
            .all(decoding: PackReview.self)
    }
}
