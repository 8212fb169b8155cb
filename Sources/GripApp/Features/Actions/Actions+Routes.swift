import Fluent
import GripCore
import Vapor

/// The action pages: list with filters, create, edit, the action page and its forms.
struct ActionsWebController: RouteCollection {
    /// The largest evidence file accepted; the request body may be a little larger (the form's other fields).
    var maxUploadBytes: Int = FileCheck.defaultLimitBytes

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.actions, use: list)
        routes.get(.newAction, use: newForm)
        routes.grouped(HeavyWorkMiddleware()).get(.actionsCSV, use: exportCSV)
        routes.grouped(HeavyWorkMiddleware()).get(.actionsXLSX, use: exportXLSX)
        routes.get(.actionsImport, use: importForm)
        let upload = maxUploadBytes + 1_048_576
        routes.post(.actionsImport, maxBytes: upload, use: importUpload)
        // The preview sends the file back (base64) with the mapping.
        routes.post(.actionsImportConfirm, maxBytes: maxUploadBytes * 2 + 1_048_576, use: importConfirm)
        routes.post(.actions, use: create)
        routes.get(.action, use: show)
        routes.get(.actionEdit, use: editForm)
        routes.post(.actionEdit, use: update)
        routes.post(.actionTransition, use: transition)
        routes.post(.actionDueDay, use: changeDueDay)
        routes.post(.actionSteps, use: addStep)
        routes.post(.actionStepDone, use: completeStep)
        routes.post(.actionEvidence, maxBytes: upload, use: recordEvidence)
        routes.post(.actionEvidenceRequests, use: requestEvidence)
        routes.post(.actionReviews, use: recordReview)
        routes.post(.actionProgress, use: recordProgress)
        routes.post(.actionChange, use: decideChange)
        routes.post(.actionClose, use: close)
        routes.post(.actionReAudits, use: reAudit)
    }

    func id(_ req: Request, _ name: String = "id") throws -> UUID {
        guard let s = req.parameters.get(name), let id = UUID(uuidString: s) else { throw AppError.notFound("action") }
        return id
    }

    // MARK: list

    @Sendable func list(req: Request) async throws -> View {
        let actor = try req.actor
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let fw = try await FrameworkCatalogue(db: req.db, organisationID: actor.organisationID).inForceRemembered()
            .framework
        var (filter, errors) = ActionFilter.parse(raw, framework: fw)
        if !errors.isEmpty { filter = ActionFilter() }
        let today = req.today
        let page = try await ActionQueries.list(filter, actor: actor, today: today, on: req.db)
        let flags = try await AttentionQueries.flags(for: page.items.map(\.facts), today: today, on: req.db)
        let services = try await ActionQueries.serviceNames(for: actor, on: req.db)
        // The lead filter offers the organisation-wide roles and the chosen service's people.
        let people = try await People.choices(
            organisationID: actor.organisationID, serviceID: filter.serviceID, including: filter.leadID,
            activeOnly: false, on: req.db)
        let pages = max(1, (page.metadata.total + filter.per - 1) / filter.per)
        func href(_ p: Int) -> String {
            var items = filter.queryItems
            items["page"] = String(p)
            return Paths.actions + "?"
                + items.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }
        let ctx = ActionListPage(
            layout: Layout(req, title: "Actions", section: "actions"),
            table: RowsTable(rows: page.items.map { ActionRow($0, today: today, flags: flags[$0.facts.id] ?? []) }),
            total: page.metadata.total, page: filter.page, pages: pages,
            previousHref: filter.page > 1 ? href(filter.page - 1) : nil,
            nextHref: filter.page < pages ? href(filter.page + 1) : nil,
            statusOptions: Choice.options(
                ActionStatus.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: filter.status == $0)
                }),
            serviceOptions: Choice.options(
                services.map {
                    Choice(value: $0.id.uuidString, label: $0.name, selected: filter.serviceID == $0.id)
                }),
            bandOptions: Choice.options(
                RiskBand.allCases.reversed().map {
                    Choice(value: $0.rawValue, label: $0.label, selected: filter.band == $0)
                }),
            leadOptions: Choice.options(
                people.map {
                    Choice(value: $0.id!.uuidString, label: $0.name, selected: filter.leadID == $0.id)
                }),
            statementLabel: fw.itemLabel,
            statementOptions: Choice.options(
                fw.items.map {
                    Choice(
                        value: $0.id, label: "\($0.id) \($0.title)",
                        selected: filter.statement == $0.id)
                }),
            overdue: filter.overdue, canCreate: actor.may(.createActions), errors: errors,
            exportQuery: filter.queryItems.filter { $0.key != "page" && $0.key != "per" }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&"))
        return try await req.view.render("actions/list", ctx)
    }
}
