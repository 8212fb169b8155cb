import Fluent
import GripCore
import Vapor

/// The change policy's pages (issue 33): `/rules` shows every row of the policy to everyone signed in;
/// `/changes/:change` records a decision on a held change of any record (the action page has its own form).
struct ChangesWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.rules, use: rules)
        routes.post(.change, use: decide)
    }

    struct RulesPage: Encodable {
        struct Row: Encodable {
            let subject: String
            let field: String
            let proposer: String
            let needs: String
            let approver: String
            let checks: String
        }
        struct Group: Encodable {
            let record: String
            let id: String
            let rows: [Row]
        }
        let layout: Layout
        let version: String
        let groups: [Group]
    }

    /// The policy, generated from `ChangePolicy.rows`: the same data the door judges by.
    @Sendable func rules(req: Request) async throws -> View {
        let groups = GovernedRecord.allCases.map { record in
            RulesPage.Group(
                record: record.label, id: record.rawValue,
                rows: ChangePolicy.rows(for: record).map { r in
                    RulesPage.Row(
                        subject: r.label, field: r.subject, proposer: r.proposer.who, needs: r.needText,
                        approver: r.approver?.who ?? "—", checks: r.checks ?? "—")
                })
        }
        return try await req.view.render(
            "rules",
            RulesPage(
                layout: Layout(req, title: "Rules in force", section: "rules"),
                version: ChangePolicy.version, groups: groups))
    }

    /// Where a change's record is read: its page.
    static func page(of c: PendingChange) -> String {
        switch c.recordType {
        case .action: Paths.action(c.recordID)
        case .indicatorSeries: Paths.series(c.recordID, c.$service.id)
        case .escalationFiring: Paths.firing(c.recordID)
        default: Paths.serviceDashboard(c.$service.id)
        }
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let actor = try req.actor
        let service = PendingChanges(db: req.db, actor: actor, today: req.today)
        let change = try await service.find(try req.uuid("change", notFound: "proposed change"))
        let (relation, _) = try await service.relation(to: change)
        let form = try ChangeDecisionForm.read(req, deciding: change, as: actor, relation: relation)
        do {
            let c = try await service.decide(change, form)
            req.flash(
                c.status == .approved
                    ? "\(c.operation.title): \(c.need == .ownerConfirmation ? "confirmed" : "approved") and applied."
                    : "\(c.operation.title): refused; nothing changed.")
            return req.redirect(to: Self.page(of: c))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let errors = (e.fieldErrors.isEmpty ? [FieldError("decision", e.reason)] : e.fieldErrors)
                .map { FieldError("change_" + $0.field, $0.message) }
            let state = FormState(values: ["change_reason": form.reason ?? ""], errors: errors)
            switch change.recordType {
            case .indicatorSeries:
                req.parameters.set("id", to: change.recordID.uuidString)
                req.parameters.set("service", to: change.$service.id.uuidString)
                return try await req.render(
                    "indicators/series",
                    try await IndicatorsWebController().seriesPage(req, form: state),
                    status: e.status)
            case .escalationFiring:
                req.parameters.set("firing", to: change.recordID.uuidString)
                return try await req.render(
                    "escalations/firing", try await FiringsWebController.page(req, form: state), status: e.status)
            case .commissionerOversight:
                req.parameters.set("id", to: change.$service.id.uuidString)
                return try await req.render(
                    "dashboard/service",
                    try await DashboardWebController().servicePage(req, form: state),
                    status: e.status)
            default:
                req.parameters.set("id", to: change.recordID.uuidString)
                return try await ActionsWebController(maxUploadBytes: req.application.maxUploadBytes)
                    .rerender(
                        req, AppError(e.status, e.reason, fields: errors),
                        values: ["change_reason": form.reason ?? ""])
            }
        }
    }
}
