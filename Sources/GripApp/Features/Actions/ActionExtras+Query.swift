import Fluent
import GripCore
import Vapor

/// The action page's evidence, reviews and closure: built once per page, in a bounded number of queries.
struct ActionExtras: Encodable {
    struct Flag: Encodable { let label: String; let explanation: String }
    struct FileLink: Encodable { let name: String; let href: String; let size: String }
    struct EvidenceRow: Encodable {
        let category: String; let kind: String; let date: String; let summary: String; let recordedBy: String
        let counts: Bool; let files: [FileLink]; let editHref: String?
    }
    struct RequestRow: Encodable {
        let what: String; let of: String; let due: String; let overdue: Bool; let fulfilled: Bool;
        let fulfilHref: String?
    }
    struct ReviewRow: Encodable {
        let date: String; let rag: String; let ragClass: String; let measure: String?; let commentary: String;
        let decision: String; let by: String
    }
    struct ProgressRow: Encodable { let date: String; let measure: String?; let commentary: String; let by: String }
    struct Unmet: Encodable { let code: String; let message: String }
    struct ReAuditRow: Encodable {
        let date: String; let result: String; let finding: String; let by: String; let tested: String?
        let controlChange: String?; let evidence: String?
    }

    let flags: [Flag]
    let evidence: [EvidenceRow]
    let requests: [RequestRow]
    let reviews: [ReviewRow]
    let progress: [ProgressRow]
    let pending: PendingPanel?
    let escalation: String?
    let categories: [Choice]
    let kinds: [Choice]
    let evidenceStatements: [Choice]
    let requestPeople: [Choice]
    let otherActions: [Choice]
    let rags: [Choice]
    let requestID: String
    let uploadLimit: String
    let canRecord: Bool
    let canRecordProgress: Bool
    let canAssure: Bool
    let assureRefusal: String?
    let progressHref: String
    let closable: Bool
    let unmet: [Unmet]
    let isReviewer: Bool
    let canClose: Bool
    let overrideOptions: [Choice]
    let closedOn: String?
    let closedBy: String?
    let overrideCondition: String?
    let overrideReason: String?
    let inMonitoring: Bool
    let monitoringUntil: String?
    let reAuditDue: String?
    let reAuditOverdue: Bool
    let canReAudit: Bool
    let reaudits: [ReAuditRow]
    /// The action's evidence, for a re-audit to rest on.
    let reauditEvidence: [Choice]
    let outcomeIndicator: String?
    let outcomeHref: String?
    let evidenceHref: String
    let requestsHref: String
    let reviewsHref: String
    let closeHref: String
    let reauditHref: String

    /// `a` comes with its route loaded; `people` are the service's choices (`People.choices`), loaded once for the
    /// page.
    static func build(
        _ req: Request, action a: RecoveryAction, actor: Actor, framework fw: Framework,
        statements: [String],
        people: [User], tab: String, today: Day
    ) async throws -> ActionExtras {
        let db = req.db
        let id = try a.requireID()
        let categoryNames = Reference.evidenceCategoryTitles
        let evidence = try await Evidence.query(on: db)
            .join(EvidenceAction.self, on: \Evidence.$id == \EvidenceAction.$evidence.$id)
            .filter(EvidenceAction.self, \.$action.$id == id)
            .with(\.$files).sort(\.$day, .descending).allWithPerson(\.$recordedBy)
        let requests = try await EvidenceRequest.query(on: db).filter(\.$action.$id == id)
            .sort(\.$dueDay).allWithPerson(\.$requestedOf)
        let reviews = try await Review.query(on: db).filter(\.$action.$id == id)
            .sort(\.$day, .descending).sort(\.$createdAt, .descending).allWithPerson(\.$reviewer)
        let progress = try await ProgressUpdate.query(on: db).filter(\.$action.$id == id)
            .sort(\.$day, .descending).sort(\.$createdAt, .descending).allWithPerson(\.$author)
        let pendingChange = try await PendingChange.query(on: db).filter(\.$recordID == id)
            .filter(\.$status == .pending).first()
        let flags = AttentionQueries.flags(for: a, evidence: evidence, reviews: reviews, today: today)
        let relation = actor.relation(to: a)
        let live = a.status.isLive || a.status == .monitoring
        let reaudits = try await ReAudit.query(on: db).filter(\.$action.$id == id)
            .sort(\.$day, .descending).allWithPerson(\.$recordedBy)
        let unmet = ClosureGate.unmet(
            try await ReviewService(db: db, actor: actor, today: today).facts(
                for: a, signer: actor.id, known: (evidence, reviews)))
        let canRecord = actor.may(.recordEvidence, relation)
        let requestPeople = canRecord ? people : []
        // The action's service's other actions: scoped through the action (visible to the actor, and so is its
        // service). Naming the organisation too led SQLite to walk the organisation's index in reference order
        // (17 ms of a 20 ms page at 20,000 actions) rather than the service's index (0.4 ms), issue 35.
        let others =
            canRecord
            ? try await RecoveryAction.query(on: db)
                .filter(\.$service.$id == a.$service.id).filter(\.$id != id)
                .filter(\.$status ~~ ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring })
                .field(\.$id).field(\.$reference).field(\.$title).sort(\.$reference).limit(100).all() : []
        let closedBy: String? = if let cid = a.$closedBy.id { try await User.find(cid, on: db)?.name } else { nil }
        let baseline = Day(iso: a.baselineDay)!
        let closedOn = a.closedOn.flatMap(Day.init(iso:))
        let requestID = (try? req.query.get(String.self, at: "request")) ?? ""
        let isReviewer = a.$reviewer.id == actor.id
        let outcome: Indicator? = if let iid = a.$indicator.id { try await Indicator.find(iid, on: db) } else { nil }
        return ActionExtras(
            flags: flags.map { Flag(label: $0.flag.label, explanation: $0.explanation) },
            evidence: evidence.map { e in
                let d = Day(iso: e.day)
                return EvidenceRow(
                    category: categoryNames[e.category] ?? e.category, kind: e.kind.label, date: d?.ukFormat ?? e.day,
                    summary: e.summary,
                    recordedBy: e.recordedBy.name, counts: d.map { $0 >= baseline } ?? false,
                    files: e.files.map {
                        FileLink(
                            name: $0.filename, href: Paths.evidenceFile(e.id!, $0.id!),
                            size: FileCheck.humanSize($0.size))
                    },
                    editHref: actor.may(.editEvidence, RecordRelation(isOwner: e.$recordedBy.id == actor.id))
                        ? Paths.editEvidence(e.id!) : nil)
            },
            requests: requests.map { r in
                let d = Day(iso: r.dueDay)
                let mine = actor.may(.fulfilEvidenceRequest, RecordRelation(isOwner: r.$requestedOf.id == actor.id))
                return RequestRow(
                    what: r.what, of: r.requestedOf.name, due: d?.ukFormat ?? r.dueDay,
                    overdue: r.fulfilledAt == nil && (d.map { $0 < today } ?? false), fulfilled: r.fulfilledAt != nil,
                    fulfilHref: r.fulfilledAt == nil && mine
                        ? Paths.action(id, tab: "evidence") + "&request=\(r.id!.uuidString)#record-evidence" : nil)
            },
            reviews: reviews.map { r in
                ReviewRow(
                    date: Day(iso: r.day)?.ukFormat ?? r.day, rag: r.rag.label, ragClass: "rag-" + r.rag.rawValue,
                    measure: r.measureValue.map { ActionRules.display($0) }, commentary: r.commentary,
                    decision: [
                        r.decision, r.controlChange.map { "Control changed: \($0)" },
                        r.escalation.map { "Escalated: \($0)" }
                    ]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " "), by: r.reviewer.name)
            },
            progress: progress.map { u in
                ProgressRow(
                    date: Day(iso: u.day)?.ukFormat ?? u.day,
                    measure: u.reportedMeasure.map { ActionRules.display($0) },
                    commentary: u.commentary, by: u.author.name)
            },
            pending: try pendingChange.map { c in
                try PendingPanel(
                    c, actor: actor, relation: PendingChanges.relation(of: actor, to: c, action: a),
                    href: Paths.actionChange(id, try c.requireID()))
            },
            escalation: a.escalation.map { "\($0) (\(a.escalatedOn.flatMap { Day(iso: $0)?.ukFormat } ?? ""))" },
            categories: Reference.evidenceCategories.map { Choice(value: $0.id, label: $0.title, selected: false) },
            kinds: EvidenceKind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            evidenceStatements: statements.map { s in Choice(value: s, label: fw.label(ofItem: s), selected: true) },
            requestPeople: requestPeople.map {
                Choice(value: $0.id!.uuidString, label: "\($0.name) (\($0.role.label))", selected: false)
            },
            otherActions: others.map {
                Choice(value: $0.id!.uuidString, label: "\($0.reference) \($0.title)", selected: false)
            },
            rags: RAG.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            requestID: UUID(uuidString: requestID) != nil ? requestID : "",
            uploadLimit: FileCheck.megabytes(req.application.maxUploadBytes),
            canRecord: canRecord && live,
            canRecordProgress: actor.may(.recordProgress, relation) && live,
            canAssure: actor.may(.recordAssuranceReview, relation) && live,
            assureRefusal: Permission.recordAssuranceReview.refusal(for: actor.role, relation),
            progressHref: Paths.actionProgress(id),
            closable: unmet.isEmpty, unmet: unmet.map { Unmet(code: $0.code.rawValue, message: $0.message) },
            isReviewer: isReviewer, canClose: actor.may(.signOffClosure, relation) && a.status.isLive,
            overrideOptions: unmet.filter { $0.code.canBeOverridden(on: a.riskBand) }.map {
                Choice(value: $0.code.rawValue, label: $0.message, selected: false)
            },
            closedOn: closedOn?.ukFormat, closedBy: closedBy, overrideCondition: a.overrideCondition,
            overrideReason: a.overrideReason,
            inMonitoring: a.status == .monitoring,
            monitoringUntil: closedOn.map {
                Monitoring.windowEnds(closedOn: $0, cadenceDays: a.route.cadenceDays).ukFormat
            },
            reAuditDue: a.reAuditDueDay.flatMap(Day.init(iso:))?.ukFormat,
            reAuditOverdue: a.status == .monitoring
                && (a.reAuditDueDay.flatMap(Day.init(iso:)).map { $0 < today } ?? false),
            canReAudit: a.status == .monitoring && actor.may(.reAudit, relation),
            reaudits: reaudits.map { r in
                ReAuditRow(
                    date: Day(iso: r.day)?.ukFormat ?? r.day, result: r.passed ? "Passed" : "Failed",
                    finding: r.finding,
                    by: r.recordedBy.name,
                    tested: r.sample.map { s in r.method.map { "\(s) (\($0))" } ?? s },
                    controlChange: r.controlChange,
                    evidence: r.$evidence.id.flatMap { eid in evidence.first { $0.id == eid } }
                        .map { "\(Day(iso: $0.day)?.ukFormat ?? $0.day), \($0.kind.label): \($0.summary)" })
            },
            reauditEvidence: evidence.map { e in
                Choice(
                    value: e.id!.uuidString,
                    label: "\(Day(iso: e.day)?.ukFormat ?? e.day), \(e.kind.label): \(e.summary)",
                    selected: false)
            },
            outcomeIndicator: outcome.map { "\($0.name) (\($0.unit))" },
            outcomeHref: outcome.map { Paths.series($0.id!, a.$service.id) },
            evidenceHref: Paths.actionEvidence(id), requestsHref: Paths.actionEvidenceRequests(id),
            reviewsHref: Paths.actionReviews(id),
            closeHref: Paths.actionClose(id), reauditHref: Paths.actionReAudits(id))
    }
}
