import Fluent
import Foundation
import GripCore

/// Loads a person's work (My work, and the daily digest): everything they lead or review, re-audits, evidence
/// requests, steps, updates to the commissioner, approvals waiting and the care logs. A fixed number of queries.
struct MyWorkQuery {
    let db: any Database
    let actor: Actor
    let now: Date

    func load() async throws -> MyWork {
        let today = Day.today(now: now)
        let mine = ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring }
        // Everything I lead or review that is live or in monitoring: one query, then sorted into sections.
        let held = try await RecoveryAction.query(on: db).visible(to: actor)
            .group(.or) { $0.filter(\.$lead.$id == actor.id).filter(\.$reviewer.$id == actor.id) }
            .filter(\.$status ~~ mine)
            .with(\.$service).with(\.$lead).with(\.$route).sort(\.$dueDay).limit(300).all()
        // Re-audits due within a fortnight or overdue: the senior reviewer's, and for quality leads every one
        // they can see (bounded: the 100 soonest).
        let reAuditCandidates = try await RecoveryAction.query(on: db).visible(to: actor)
            .filter(\.$status == .monitoring).filter(\.$reAuditDueDay <= today.adding(days: 14).iso)
            .with(\.$service).with(\.$lead).with(\.$route).sort(\.$reAuditDueDay).limit(100).all()
        let reAudits = reAuditCandidates.filter {
            AfterClosure.remindsOfReAudit(role: actor.role, isReviewer: $0.$reviewer.id == actor.id)
        }
        let heldIDs = Set(held.compactMap(\.id))
        let flags = try await AttentionQueries.flags(
            for: held + reAudits.filter { !heldIDs.contains($0.id!) }, today: today, on: db)
        func table(_ actions: [RecoveryAction], by key: (RecoveryAction) -> String = { $0.dueDay }) -> RowsTable {
            RowsTable(
                rows: actions.sorted { ($0.riskScore, key($1)) > ($1.riskScore, key($0)) }
                    .map { ActionRow($0, today: today, flags: flags[$0.id!] ?? []) })
        }
        let soon = today.adding(days: 7).iso
        let signOff = held.filter { $0.$reviewer.id == actor.id && $0.status == .awaitingAssurance }
        let reviewsDue = held.filter { $0.status.isLive && $0.nextReviewDay <= soon }
        let leading = held.filter { $0.$lead.id == actor.id && $0.status.isLive }
        // In monitoring until re-audited, however long ago it closed (the window alone would let it slip away).
        let monitoring = held.filter { $0.status == .monitoring }
        let requests = try await Scoped.query(EvidenceRequest.self, for: actor, on: db)

            .filter(\.$requestedOf.$id == actor.id).filter(\.$fulfilledAt == nil)
            .join(RecoveryAction.self, on: \EvidenceRequest.$action.$id == \RecoveryAction.$id)
            .with(\.$requestedBy).sort(\.$dueDay).limit(100).all()
        let requestRows = try requests.map { r -> MyWork.RequestRow in
            let a = try r.joined(RecoveryAction.self)
            let d = Day(iso: r.dueDay)
            return MyWork.RequestRow(
                what: r.what, action: "\(a.reference) \(a.title)",
                href: Paths.action(r.$action.id, tab: "evidence") + "&request=\(r.id!.uuidString)#record-evidence",
                due: d?.ukFormat ?? r.dueDay, overdue: d.map { $0 < today } ?? false, from: r.requestedBy.name)
        }
        let steps = try await ActionStep.query(on: db)
            .join(RecoveryAction.self, on: \ActionStep.$action.$id == \RecoveryAction.$id)
            .scoped(RecoveryAction.self, to: actor)
            .filter(\.$owner.$id == actor.id).filter(\.$doneOn == nil)
            .sort(\.$dueDay).limit(100).all()
        let stepRows = try steps.map { s -> MyWork.StepRow in
            let a = try s.joined(RecoveryAction.self)
            let d = Day(iso: s.dueDay)
            return MyWork.StepRow(
                what: s.what, action: "\(a.reference) \(a.title)", href: Paths.action(s.$action.id, tab: "steps"),
                due: d?.ukFormat ?? s.dueDay, overdue: d.map { $0 < today } ?? false)
        }
        // Updates the commissioner asked for, due within a fortnight, for the services I manage.
        var updatesDue: [MyWork.UpdateDue] = []
        var updatesOverdue: [(service: Service, due: Day)] = []
        if actor.may(.updateCommissioner) {
            let mineServices = try await Service.query(on: db).visible(to: actor).sort(\.$name).all()
            let positions = try await OversightService.positions(mineServices.compactMap(\.id), on: db)
            for s in mineServices {
                guard let p = positions[s.id!], let due = p.nextUpdateDue, due <= today.adding(days: 14) else {
                    continue
                }
                if due < today { updatesOverdue.append((s, due)) }
                updatesDue.append(
                    MyWork.UpdateDue(
                        service: s.name, href: Paths.serviceDashboard(s.id!) + "#oversight",
                        level: p.current!.level.label,
                        due: due.ukFormat, overdue: due < today))
            }
        }
        var overview: [MyWork.ServiceOverviewRow] = []
        if actor.may(.seeServicesOverview) {
            // From the services' summaries: a fixed number of queries however many actions they hold.
            let services = try await Service.query(on: db).visible(to: actor).sort(\.$name).all()
            let summaries = try await ServiceSummaries.current(
                services, organisationID: actor.organisationID,
                today: today, part: .heat, on: db)
            overview = services.map { s in
                let summary = summaries[s.id!] ?? ServiceSummary()
                return MyWork.ServiceOverviewRow(
                    name: s.name, href: Paths.actions + "?service=\(s.id!.uuidString)",
                    live: summary.live, overdue: summary.count(.overdue),
                    extremeHigh: summary.extremeHigh)
            }
        }
        let approvals = try await Self.approvals(actor: actor, on: db)
        let due =
            actor.may(.readProviderWork)
            ? try await FiringService(db: db, actor: actor, now: now).open(limit: 50) : []
        let notices = try await Notifications(db: db, actor: actor, today: today)
            .list(mine: held, requests: requests, updatesOverdue: updatesOverdue)
        return MyWork(
            name: actor.name, role: actor.role.label,
            escalationsDue: due.map { FiringsWebController.FiringRow($0, now: now) },
            safetyChecks: actor.may(.readProviderWork)
                ? try await SafetyModelService(db: db, actor: actor, today: today).running() : [],
            learningChecks: actor.may(.recordLearningChecks)
                ? try await LearningService(db: db, actor: actor, today: today).open().map { c in
                    let status = Learning.status(
                        dueDay: Day(iso: c.dueDay) ?? today, checkedOn: nil, outcome: nil, today: today)
                    var overdue = false
                    if case .overdue = status { overdue = true }
                    return MyWork.LearningRow(
                        service: c.service.name, summary: c.learning.summary,
                        href: SiteRoute.learning.pattern + "#check-\(c.id!.uuidString)", status: status.label,
                        overdue: overdue)
                } : [],
            approvals: approvals,
            reAudits: RowsTable(rows: reAudits.map { ActionRow($0, today: today, flags: flags[$0.id!] ?? []) }),
            signOff: table(signOff), reviewsDue: table(reviewsDue, by: { $0.nextReviewDay }), leading: table(leading),
            monitoring: table(monitoring), requests: requestRows, steps: stepRows, servicesOverview: overview,
            isCommissioner: !actor.may(.readProviderWork), updatesDue: updatesDue, notices: notices,
            careLogs: try await CareLogWork.load(db: db, actor: actor, now: now))
    }

    /// Held changes I may decide, on records I can see (bounded: the oldest 50), in four queries: the changes,
    /// their actions (for my relation and the band), services and indicators (for their names).
    static func approvals(actor: Actor, on db: any Database) async throws -> [MyWork.ApprovalRow] {
        let pending = try await PendingChange.query(on: db).visible(to: actor).filter(\.$status == .pending)
            .sort(\.$createdAt).limit(50).all().filter { $0.$proposedBy.id != actor.id }
        guard !pending.isEmpty else { return [] }
        let actionIDs = pending.compactMap { $0.$action.id }
        let actions =
            actionIDs.isEmpty
            ? []
            : try await RecoveryAction.query(on: db).visible(to: actor)
                .filter(\.$id ~~ actionIDs).all()
        let actionBy = Dictionary(actions.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let services = try await Service.query(on: db).visible(to: actor)
            .filter(\.$id ~~ Set(pending.map { $0.$service.id })).all()
        let serviceName = Dictionary(services.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let indicatorIDs = pending.filter { $0.recordType == .indicatorSeries }.map(\.recordID)
        let indicators =
            indicatorIDs.isEmpty
            ? []
            : try await Scoped.query(Indicator.self, for: actor, on: db)
                .filter(\.$id ~~ indicatorIDs).all()
        let indicatorName = Dictionary(indicators.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        return pending.compactMap { c -> MyWork.ApprovalRow? in
            let action = c.$action.id.flatMap { actionBy[$0] }
            if c.$action.id != nil && action == nil { return nil }
            guard actor.may(c.approver, PendingChanges.relation(of: actor, to: c, action: action)) else { return nil }
            let service = serviceName[c.$service.id] ?? ""
            let (subject, href): (String, String) =
                switch c.recordType {
                case .action: ("\(action!.reference) \(action!.title)", Paths.action(action!.id!))
                case .indicatorSeries:
                    (
                        "\(indicatorName[c.recordID] ?? "Indicator") at \(service)",
                        Paths.series(c.recordID, c.$service.id)
                    )
                case .escalationFiring: ("\(service): not escalating", Paths.firing(c.recordID))
                default: ("\(service): commissioner oversight", Paths.serviceDashboard(c.$service.id))
                }
            return MyWork.ApprovalRow(
                action: subject, href: href + "#pending-change",
                what: c.decodedWeakenings.map(\.message).joined(separator: " "), reason: c.reason,
                by: c.proposedByName, at: UKTime.format(c.createdAt ?? Clock.current.now()))
        }
    }
}
