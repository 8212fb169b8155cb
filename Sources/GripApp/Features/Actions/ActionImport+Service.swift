import Fluent
import Foundation
import GripCore

/// Imports an action plan spreadsheet: names and e-mail addresses resolved against the
/// organisation, every row checked with the same rules as the action form, then all actions
/// created in one go, or none.
struct ActionImportService {
    let db: any Database
    let actor: Actor
    let today: Day

    struct Failure: Error, Sendable { let problems: [ActionImport.Problem] }

    struct Checked: Sendable {
        let inputs: [ActionInput]
        let rows: [ActionImport.Row]
    }

    /// Checks everything; throws `Failure` listing every problem by row and column.
    func check(header: [String], rows: [[String]], mapping: [String: Int]) async throws -> Checked {
        try actor.require(.createActions)
        let (read, readProblems) = ActionImport.read(header: header, rows: rows, mapping: mapping, today: today)
        var problems = readProblems
        func column(_ id: String) -> String {
            mapping[id].flatMap { header.indices.contains($0) ? header[$0] : nil }
                ?? (ActionImport.field(id)?.label ?? id)
        }
        // Everything the rows name, loaded once; statements are the framework in force's.
        let fw = try await FrameworkCatalogue(db: db, organisationID: actor.organisationID).inForce().framework
        let services = try await Service.query(on: db).visible(to: actor).all()
        let serviceBy = Dictionary(services.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let users = try await Scoped.query(User.self, for: actor, on: db).all()
        let userBy = Dictionary(users.map { ($0.email.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let routes = try await Scoped.query(ReviewRoute.self, for: actor, on: db).sort(
            \.$name
        ).all()
        let routeBy = Dictionary(routes.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let covered = try await RouteService.query(on: db).filter(\.$route.$id ~~ routes.compactMap(\.id)).all()
        // Actions already in Grip (not cancelled), so a plan imported twice is refused rather than doubled.
        let existing = try await Scoped.query(RecoveryAction.self, for: actor, on: db)
            .filter(\.$status != .cancelled).field(\.$reference).field(\.$title).field(\.$service.$id).all()
        let existingBy = Dictionary(
            existing.map { ("\($0.$service.id)|\($0.title.lowercased())", $0.reference) },
            uniquingKeysWith: { a, _ in a })
        var inputs: [ActionInput] = []
        var kept: [ActionImport.Row] = []
        for r in read {
            var rowProblems: [ActionImport.Problem] = []
            func problem(_ id: String, _ message: String) {
                rowProblems.append(.init(row: r.line, column: column(id), message: message))
            }
            let service = serviceBy[r.service.lowercased()]
            if service == nil && !r.service.isEmpty {
                problem("service", "No service called '\(r.service)' among yours.")
            }
            if let sid = service?.id, let ref = existingBy["\(sid)|\(r.title.lowercased())"] {
                problem("title", "\(ref) already has this title at \(service!.name): each action once.")
            }
            let lead = userBy[r.leadEmail], reviewer = userBy[r.reviewerEmail]
            if lead == nil && !r.leadEmail.isEmpty {
                problem("lead", "No one with the e-mail \(r.leadEmail) in this organisation.")
            }
            if reviewer == nil && !r.reviewerEmail.isEmpty {
                problem("reviewer", "No one with the e-mail \(r.reviewerEmail) in this organisation.")
            }
            var route: ReviewRoute?
            if let name = r.route {
                route = routeBy[name.lowercased()]
                if route == nil { problem("route", "No review route called '\(name)'.") }
            } else if let sid = service?.id {
                // The service's own recovery meeting, else any route covering it.
                let mine = routes.filter { rt in covered.contains { $0.$route.id == rt.id && $0.$service.id == sid } }
                route = mine.first { $0.kind == .serviceRecoveryMeeting } ?? mine.first
                if route == nil {
                    problem(
                        "route",
                        "No review route covers \(service!.name): add one under Admin, or name one in a route column.")
                }
            }
            // The row read with the action form's own fields; the service, people and route as matched here.
            var input = ActionInput(), unread: [FieldError] = []
            for f in ActionFields.all { if let text = r.texts[f.name] { f.read(text, &input, &unread) } }
            input.serviceID = service?.id; input.sourceID = .some(nil); input.statementIDs = r.statements
            input.leadID = lead?.id; input.reviewerID = reviewer?.id; input.routeID = route?.id
            input.initialStatus = .open
            for e in unread { problem(Self.importField(e.field), e.message) }
            // The action form's own rules, row by row, with the field named as the file's column.
            if rowProblems.isEmpty, !readProblems.contains(where: { $0.row == r.line }) {
                let service = ActionService(db: db, actor: actor, today: today, framework: fw)
                let (merged, missing) = input.merged(over: nil, statements: [])
                var errors = missing
                if let v = merged {
                    do {
                        errors += try await service.check(v, rating: try service.rate(v.factors), framework: fw)
                    } catch let e as AppError { errors += e.fieldErrors }
                }
                for e in errors { problem(Self.importField(e.field), e.message) }
            }
            problems += rowProblems
            inputs.append(input)
            kept.append(r)
        }
        guard problems.isEmpty else {
            throw Failure(problems: problems.sorted { ($0.row, $0.column) < ($1.row, $1.column) })
        }
        return Checked(inputs: inputs, rows: kept)
    }

    /// An action form field's import column (the risk rating is read from the harm column onwards).
    static func importField(_ field: String) -> String { field == "risk" ? "harm" : field }

    /// Checks, then creates every action in one transaction with its audit entries: all or nothing.
    func run(header: [String], rows: [[String]], mapping: [String: Int]) async throws -> [RecoveryAction] {
        let checked = try await check(header: header, rows: rows, mapping: mapping)
        let service = ActionService(db: db, actor: actor, today: today)
        let inputs = checked.inputs
        let fw = try await service.frameworkInForce()
        return try await db.writeTransaction { tx in
            var created: [RecoveryAction] = []
            let inTx = ActionService(db: tx, actor: service.actor, today: service.today, framework: fw)
            for input in inputs { created.append(try await inTx.create(input)) }
            return created
        }
    }
}
