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

enum ActionQueries {
    /// One page of visible actions, with service, lead and reviewer eager-loaded:
    /// a count, the page, and one query per relation — never one per row.
    /// One page of the list: counted, then read with its service, lead and reviewer joined (two statements,
    /// where loading each with Fluent's `with` took three more).
    static func list(
        _ f: ActionFilter, actor: Actor, today: Day, on db: any Database
    ) async throws -> Page<RecoveryAction> {
        let per = max(f.per, 1), page = max(f.page, 1)
        let total = try await filtered(f, actor: actor, today: today, on: db).countRows()
        let items = try await filtered(f, actor: actor, today: today, on: db)
            .join(Service.self, on: \RecoveryAction.$service.$id == \Service.$id)
            .join(ActionLead.self, on: \RecoveryAction.$lead.$id == \ActionLead.$id)
            .join(ActionReviewer.self, on: \RecoveryAction.$reviewer.$id == \ActionReviewer.$id)
            .sort(\.$dueDay).sort(\.$reference).range(((page - 1) * per)..<(page * per)).all()
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
        try await filtered(f, actor: actor, today: today, on: db).with(\.$service).with(\.$lead).with(\.$reviewer).with(
            \.$route
        ).with(\.$source)
            .sort(\.$dueDay).sort(\.$reference).limit(limit).all()
    }

    static func filtered(
        _ f: ActionFilter, actor: Actor, today: Day, on db: any Database
    ) -> QueryBuilder<RecoveryAction> {
        var q = RecoveryAction.query(on: db).visible(to: actor)
        if let s = f.status { q = q.filter(\.$status == s) }
        if let s = f.serviceID { q = q.filter(\.$service.$id == s) }
        if let b = f.band { q = q.filter(\.$riskBand == b) }
        if let l = f.leadID { q = q.filter(\.$lead.$id == l) }
        if let st = f.statement, let fw = f.framework {
            q = q.join(ActionMapping.self, on: \RecoveryAction.$id == \ActionMapping.$action.$id)
                .filter(ActionMapping.self, \.$framework == fw).filter(ActionMapping.self, \.$itemID == st)
        }
        if f.overdue {
            q = q.filter(\.$dueDay < today.iso).filter(\.$status ~~ ActionStatus.allCases.filter(\.isLive))
        }
        return q
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
