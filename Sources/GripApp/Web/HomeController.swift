import Fluent
import GripCore
import Vapor

/// My work: what is due for me, by risk.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
    }

    struct StepRow: Encodable {
        let what: String; let action: String; let href: String; let due: String; let overdue: Bool
    }

    struct HomePage: Encodable {
        let layout: Layout
        let name: String
        let role: String
        let leading: RowsTable
        let reviewing: RowsTable
        let steps: [StepRow]
        let servicesOverview: [ServiceSummary]
        let isCommissioner: Bool
    }

    struct ServiceSummary: Encodable {
        let name: String; let href: String; let live: Int; let overdue: Int; let extremeHigh: Int
    }

    @Sendable func home(req: Request) async throws -> View {
        let actor = try req.actor
        let today = Day.today(now: Date())
        let live = ActionStatus.allCases.filter { $0.isLive || $0 == .monitoring }
        func byRisk(_ a: [RecoveryAction]) -> RowsTable {
            RowsTable(rows: a.sorted { ($0.riskScore, $1.dueDay) > ($1.riskScore, $0.dueDay) }.map { ActionRow($0, today: today) })
        }
        let leading = try await RecoveryAction.query(on: req.db).visible(to: actor)
            .filter(\.$lead.$id == actor.id).filter(\.$status ~~ live)
            .with(\.$service).with(\.$lead).sort(\.$dueDay).limit(100).all()
        let reviewing = try await RecoveryAction.query(on: req.db).visible(to: actor)
            .filter(\.$reviewer.$id == actor.id).filter(\.$status ~~ live)
            .with(\.$service).with(\.$lead).sort(\.$dueDay).limit(100).all()
        let steps = try await ActionStep.query(on: req.db)
            .join(RecoveryAction.self, on: \ActionStep.$action.$id == \RecoveryAction.$id)
            .filter(RecoveryAction.self, \.$organisation.$id == actor.organisationID)
            .filter(\.$owner.$id == actor.id).filter(\.$doneOn == nil)
            .sort(\.$dueDay).limit(100).all()
        let stepRows = try steps.map { s -> StepRow in
            let a = try s.joined(RecoveryAction.self)
            let d = Day(iso: s.dueDay)
            return StepRow(what: s.what, action: "\(a.reference) \(a.title)", href: Paths.action(s.$action.id, tab: "steps"),
                           due: d?.ukFormat ?? s.dueDay, overdue: d.map { $0 < today } ?? false)
        }
        var overview: [ServiceSummary] = []
        if actor.role == .commissioner || actor.role.isOrganisationScoped {
            let services = try await Service.query(on: req.db).visible(to: actor).sort(\.$name).all()
            let actions = try await RecoveryAction.query(on: req.db).visible(to: actor)
                .filter(\.$status ~~ ActionStatus.allCases.filter(\.isLive))
                .field(\.$id).field(\.$service.$id).field(\.$dueDay).field(\.$riskBand).field(\.$status).all()
            let grouped = Dictionary(grouping: actions, by: { $0.$service.id })
            overview = services.map { s in
                let a = grouped[s.id!] ?? []
                return ServiceSummary(name: s.name, href: Paths.actions + "?service=\(s.id!.uuidString)", live: a.count,
                                      overdue: a.filter { Day(iso: $0.dueDay).map { $0 < today } ?? false }.count,
                                      extremeHigh: a.filter { $0.riskBand.isHighOrExtreme }.count)
            }
        }
        return try await req.view.render("home", HomePage(
            layout: Layout(req, title: "My work", section: "home"), name: actor.name, role: actor.role.label,
            leading: byRisk(leading), reviewing: byRisk(reviewing), steps: stepRows, servicesOverview: overview,
            isCommissioner: actor.role == .commissioner))
    }
}
