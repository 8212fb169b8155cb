import Fluent
import Foundation
import GripCore
import SQLKit

/// The action list's filters (the same on the page and the API) and its bounded queries.
struct ActionFilter: Sendable {
    var status: ActionStatus?
    var serviceID: UUID?
    var band: RiskBand?
    var leadID: UUID?
    var statement: String?
    /// The framework version `statement` belongs to (the one in force).
    var framework: String?
    var overdue: Bool = false
    var page: Int = 1
    var per: Int = 50

    static let maxPer = 200
    /// Far past any real list, and small enough that (page - 1) × per cannot overflow.
    static let maxPage = 1_000_000

    /// Reads filters from query parameters; a bad value is a field error, never ignored. A statement is an item of
    /// `framework`, the version in force (nil where the list has no statement filter).
    static func parse(_ q: [String: String], framework: Framework? = nil) -> (ActionFilter, [FieldError]) {
        var f = ActionFilter()
        var errors: [FieldError] = []
        func value(_ k: String) -> String? { q[k].flatMap { $0.isEmpty ? nil : $0 } }
        if let s = value("status") {
            if let v = ActionStatus(rawValue: s) {
                f.status = v
            } else {
                errors.append(
                    FieldError(
                        "status",
                        """
                        Unknown status '\(s)': use one of \
                        \(ActionStatus.allCases.map(\.rawValue).joined(separator: ", ")).
                        """
                    ))
            }
        }
        if let s = value("service") {
            if let v = UUID(uuidString: s) {
                f.serviceID = v
            } else {
                errors.append(FieldError("service", "service must be a service id."))
            }
        }
        if let s = value("band") {
            if let v = RiskBand(rawValue: s) {
                f.band = v
            } else {
                errors.append(FieldError("band", "Unknown band '\(s)': use low, moderate, high or extreme."))
            }
        }
        if let s = value("lead") {
            if let v = UUID(uuidString: s) {
                f.leadID = v
            } else {
                errors.append(FieldError("lead", "lead must be a user id."))
            }
        }
        if let s = value("statement") {
            if let framework, framework.contains(s) {
                f.statement = s
                f.framework = framework.id
            } else if let framework {
                errors.append(
                    FieldError(
                        "statement",
                        "'\(s)' is not a \(framework.itemLabel.lowercased()) of "
                            + "\(framework.id), the framework in force."))
            } else {
                errors.append(FieldError("statement", "This list cannot be filtered by statement."))
            }
        }
        if let s = value("overdue") {
            switch s.lowercased() {
            case "true", "1", "yes", "on": f.overdue = true
            case "false", "0", "no", "off": f.overdue = false
            default: errors.append(FieldError("overdue", "overdue must be true or false."))
            }
        }
        if let s = value("page") {
            if let v = Int(s), (1...maxPage).contains(v) {
                f.page = v
            } else {
                errors.append(FieldError("page", "page must be a whole number from 1 to \(maxPage)."))
            }
        }
        if let s = value("per") {
            if let v = Int(s), (1...maxPer).contains(v) {
                f.per = v
            } else {
                errors.append(FieldError("per", "per must be from 1 to \(maxPer)."))
            }
        }
        return (f, errors)
    }

    var queryItems: [String: String] {
        var d: [String: String] = [:]
        if let status { d["status"] = status.rawValue }
        if let serviceID { d["service"] = serviceID.uuidString }
        if let band { d["band"] = band.rawValue }
        if let leadID { d["lead"] = leadID.uuidString }
        if let statement { d["statement"] = statement }
        if overdue { d["overdue"] = "true" }
        return d
    }
}

/// The actions a filter picks for a person, as SQL (issue 35): the filter is written here once, and read by the
/// list's count and page, the API's page and the exports. Scoped through `Scoped.from`, like every read.
struct ActionSelection: Sendable {
    let filter: ActionFilter
    let actor: Actor
    let today: Day
    /// Beyond the list's filter (a dashboard's reads): any of these services, any of these statuses.
    var serviceIDs: [UUID]? = nil
    var statuses: [ActionStatus]? = nil

    /// `FROM actions AS a`, kept to what the person may see, with the filter's conditions.
    @discardableResult
    func apply<B: SQLSubqueryClauseBuilder>(to b: B) -> B {
        Scoped.from(
            RecoveryAction.self, as: "a", service: RecoveryAction.column(\.$service.$id), for: actor, into: b)
        func column(_ name: String) -> SQLColumn { SQLColumn(name, table: "a") }
        if let s = filter.status { b.where(column("status"), .equal, SQLBind(s.rawValue)) }
        if let s = filter.serviceID { b.where(column("service_id"), .equal, SQLBind(s)) }
        if let band = filter.band { b.where(column("risk_band"), .equal, SQLBind(band.rawValue)) }
        if let l = filter.leadID { b.where(column("lead_id"), .equal, SQLBind(l)) }
        if let st = filter.statement, let fw = filter.framework {
            b.join(
                SQLAlias(SQLIdentifier(ActionMapping.schema), as: SQLIdentifier("m")),
                on: SQLColumn("action_id", table: "m"), .equal, column("id")
            )
            .where(SQLColumn("framework", table: "m"), .equal, SQLBind(fw))
            .where(SQLColumn("item_id", table: "m"), .equal, SQLBind(st))
        }
        if filter.overdue {
            b.where(column("due_day"), .lessThan, SQLBind(today.iso))
                .where(column("status"), .in, SQLBind.group(ActionStatus.allCases.filter(\.isLive).map(\.rawValue)))
        }
        if let ids = serviceIDs { b.where(column("service_id"), .in, SQLBind.group(ids)) }
        if let statuses { b.where(column("status"), .in, SQLBind.group(statuses.map(\.rawValue))) }
        return b
    }

    /// The ids of the rows `range` of the list's order (due day, then reference), or of every row, as a subquery:
    /// a deep page skips ids in an index (`CreateActionListIndexes`), not joined rows.
    func ids(_ range: Range<Int>? = nil) -> some SQLExpression {
        SQLSubquery.select { b in
            apply(to: b).column(SQLColumn("id", table: "a"))
            if let range {
                b.orderBy(SQLColumn("due_day", table: "a")).orderBy(SQLColumn("reference", table: "a"))
                    .limit(range.count).offset(range.lowerBound)
            }
            return b
        }
    }

    /// How many actions the filter picks.
    func count(on db: any Database) async throws -> Int {
        struct Row: Decodable { let n: Int }
        let q = apply(to: (db as! any SQLDatabase).select())
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
        return try await q.first(decoding: Row.self)?.n ?? 0
    }

    /// `id IN (the ids of range)`, for a Fluent query that loads those rows as models.
    func idFilter(_ range: Range<Int>? = nil) -> DatabaseQuery.Filter {
        Scoped.ids(of: RecoveryAction.schema, in: ids(range))
    }
}

/// A row of the action list as the page shows it: the attention facts, the reference and title, and the
/// service's and lead's names, read in one statement without decoding a model (issue 35).
struct ActionListRow: Decodable, Sendable {
    let facts: ActionFacts
    let reference: String
    let title: String
    let serviceName: String
    let leadName: String

    enum CodingKeys: String, CodingKey {
        case reference, title
        case serviceName = "service_name", leadName = "lead_name"
    }

    init(from decoder: any Decoder) throws {
        facts = try ActionFacts(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reference = try c.decode(String.self, forKey: .reference)
        title = try c.decode(String.self, forKey: .title)
        serviceName = try c.decode(String.self, forKey: .serviceName)
        leadName = try c.decode(String.self, forKey: .leadName)
    }
}

enum ActionQueries {
    /// One page of the list as plain rows: counted, then read with the service's and lead's names joined to the
    /// page's ids (two statements).
    static func list(
        _ f: ActionFilter, actor: Actor, today: Day, on db: any Database
    ) async throws -> Page<ActionListRow> {
        let per = max(f.per, 1), page = max(f.page, 1)
        let selection = ActionSelection(filter: f, actor: actor, today: today)
        let total = try await selection.count(on: db)
        guard total > (page - 1) * per else {
            return Page(items: [], metadata: PageMetadata(page: page, per: per, total: total))
        }
        let items = try await rows(selection, ((page - 1) * per)..<(page * per), on: db)
        return Page(items: items, metadata: PageMetadata(page: page, per: per, total: total))
    }

    /// The rows of `selection` (the rows `range` of its order, or all) as `ActionListRow`s: the action's columns
    /// with the service's and lead's names joined, in one statement. Only the subquery names the organisation
    /// and the filters, so the outer query finds each row by its id.
    static func rows(
        _ selection: ActionSelection, _ range: Range<Int>? = nil, on db: any Database
    ) async throws -> [ActionListRow] {
        try await (db as! any SQLDatabase).select()
            .columns(ActionFacts.columns.map { SQLColumn($0, table: "a") })
            .columns(SQLColumn("reference", table: "a"), SQLColumn("title", table: "a"))
            .column(SQLColumn("name", table: "s"), as: "service_name")
            .column(SQLColumn("name", table: "l"), as: "lead_name")
            .from(SQLAlias(SQLIdentifier(RecoveryAction.schema), as: SQLIdentifier("a")))
            .join(
                SQLAlias(SQLIdentifier(Service.schema), as: SQLIdentifier("s")),
                on: SQLColumn("id", table: "s"), .equal, SQLColumn("service_id", table: "a")
            )
            .join(
                SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("l")),
                on: SQLColumn("id", table: "l"), .equal, SQLColumn("lead_id", table: "a")
            )
            .where(SQLColumn("id", table: "a"), .in, selection.ids(range))
            .orderBy(SQLColumn("due_day", table: "a")).orderBy(SQLColumn("reference", table: "a"))
            .all(decoding: ActionListRow.self)
    }

    /// One page of the list as models, with service, lead and reviewer joined (the API, whose records carry
    /// every field): counted, then read by the page's ids (two statements).
    static func listModels(
        _ f: ActionFilter, actor: Actor, today: Day, on db: any Database
    ) async throws -> Page<RecoveryAction> {
        let per = max(f.per, 1), page = max(f.page, 1)
        let selection = ActionSelection(filter: f, actor: actor, today: today)
        let total = try await selection.count(on: db)
        guard total > (page - 1) * per else {
            return Page(items: [], metadata: PageMetadata(page: page, per: per, total: total))
        }
        let items = try await RecoveryAction.query(on: db)
            .filter(selection.idFilter(((page - 1) * per)..<(page * per)))
            .join(Service.self, on: \RecoveryAction.$service.$id == \Service.$id)
            .join(ActionLead.self, on: \RecoveryAction.$lead.$id == \ActionLead.$id)
            .join(ActionReviewer.self, on: \RecoveryAction.$reviewer.$id == \ActionReviewer.$id)
            .sort(\.$dueDay).sort(\.$reference).all()
        for a in items {
            a.$service.value = try a.joined(Service.self)
            a.$lead.value = try a.joined(ActionLead.self).model
            a.$reviewer.value = try a.joined(ActionReviewer.self).model
        }
        return Page(items: items, metadata: PageMetadata(page: page, per: per, total: total))
    }

    /// An action's lead and reviewer, both people, joined in one query under their own names.
    final class ActionLead: ModelAlias, @unchecked Sendable {
        static let name = "action_lead"
        let model = User()
    }
    final class ActionReviewer: ModelAlias, @unchecked Sendable {
        static let name = "action_reviewer"
        let model = User()
    }

    /// Every visible action matching the list's filters (for exports), with what an export shows.
    static func all(
        _ f: ActionFilter, actor: Actor, today: Day, limit: Int = 50_000, on db: any Database
    ) async throws -> [RecoveryAction] {
        try await RecoveryAction.query(on: db)
            .filter(ActionSelection(filter: f, actor: actor, today: today).idFilter(0..<limit))
            .with(\.$service).with(\.$lead).with(\.$reviewer).with(\.$route).with(\.$source)
            .sort(\.$dueDay).sort(\.$reference).all()
    }

    /// Many actions' item ids under one framework version, in one query.
    static func statements(of ids: [UUID], framework: String, on db: any Database) async throws -> [UUID: [String]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await ActionMapping.query(on: db).filter(\.$action.$id ~~ ids)
            .filter(\.$framework == framework).all()
        return Dictionary(grouping: rows, by: { $0.$action.id }).mapValues { $0.map(\.itemID).sorted() }
    }

    /// One action's item ids under the organisation's framework in force, with that version's id: one statement.
    static func itemsInForce(
        of actionID: UUID, organisationID: UUID,
        on db: any Database
    ) async throws -> (framework: String, items: [String]) {
        struct Row: Decodable { let framework_version: String; let item_id: String? }
        let rows = try await (db as! any SQLDatabase).raw(
            """
            SELECT o.framework_version, m.item_id FROM organisations o
            LEFT JOIN action_mappings m ON m.framework = o.framework_version AND m.action_id = \(bind: actionID)
            WHERE o.id = \(bind: organisationID)
            """
        ).all(decoding: Row.self)
        guard let first = rows.first else { throw AppError.notFound("organisation") }
        return (first.framework_version, rows.compactMap(\.item_id).sorted())
    }

    /// Many actions' mappings under every version, in one query, ordered by version and item.
    static func mappings(of ids: [UUID], on db: any Database) async throws -> [UUID: [ActionMapping]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await ActionMapping.query(on: db).filter(\.$action.$id ~~ ids)
            .sort(\.$framework).sort(\.$itemID).all()
        return Dictionary(grouping: rows, by: { $0.$action.id })
    }
}
