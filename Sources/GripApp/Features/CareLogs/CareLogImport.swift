import Fluent
import Foundation
import GripCore

/// Imports safeguarding concerns or restrictive interventions from a CSV or XLSX export of a care-record system
/// (issue 23): every row checked with the same rules as the forms, every problem named by row and column, and
/// then all or nothing in one transaction, the computed series refreshed once. People are named by reference code.
struct CareLogImport {
    enum Log: String, Sendable { case concerns, interventions }

    struct Problem: Sendable, Equatable, Encodable, CustomStringConvertible {
        /// The spreadsheet's row (the header is row 1).
        let row: Int
        let column: String
        let message: String
        var description: String { "row \(row)" + (column.isEmpty ? "" : ", column \(column)") + ": \(message)" }
    }

    struct Failure: Error, Sendable { let problems: [Problem] }

    let db: any Database
    let actor: Actor
    let now: Date

    static let maxRows = 10_000

    static func columns(_ log: Log) -> (required: [String], optional: [String]) {
        switch log {
        case .concerns:
            (
                ["person", "raised_at", "raised_by_role", "category", "summary", "safeguards", "notify_cqc"],
                [
                    "decision", "rationale", "decision_at", "referred_at", "la_reference", "review_due", "outcome",
                    "learning", "closed_at"
                ]
            )
        case .interventions:
            (
                ["person", "started_at", "minutes", "place", "trigger", "kind", "staff", "injury"],
                ["recovery_minutes", "debrief_at", "debrief_by", "panel_on", "learning"]
            )
        }
    }

    /// The header line of a file that imports: what the page and the README show.
    static func header(_ log: Log) -> String {
        let c = columns(log)
        return (c.required + c.optional).joined(separator: ",")
    }

    /// Checks the whole file and imports it; the number of records written.
    func run(_ log: Log, data: Data) async throws -> Int {
        // Imports bring decisions, referrals and panel sign-offs with them: a manager's to make.
        try actor.require(.decideConcerns)
        let table: (header: [String], rows: [[String]])
        do { table = try SpreadsheetReader.read(data) } catch {
            throw Failure(problems: [Problem(row: 1, column: "", message: error.message)])
        }
        let header = table.header.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
        }
        let (required, optional) = Self.columns(log)
        var problems: [Problem] = []
        for (i, h) in header.enumerated() where !h.isEmpty && !(required + optional).contains(h) {
            problems.append(
                Problem(
                    row: 1, column: table.header[i],
                    message: "Not a column of this import: use "
                        + Self.header(log) + "."))
        }
        for r in required where !header.contains(r) {
            problems.append(Problem(row: 1, column: r, message: "The file has no \(r) column."))
        }
        let rows = table.rows.enumerated().filter {
            !$0.element.allSatisfy {
                $0.trimmingCharacters(in: .whitespaces)
                    .isEmpty
            }
        }
        if rows.isEmpty { problems.append(Problem(row: 2, column: "", message: "There are no rows to import.")) }
        if rows.count > Self.maxRows {
            problems.append(
                Problem(
                    row: Self.maxRows + 2, column: "",
                    message: "Import at most \(Self.maxRows) rows "
                        + "at a time."))
        }
        guard problems.isEmpty else { throw Failure(problems: problems) }
        // Everyone the file names, in one query.
        let personColumn = header.firstIndex(of: "person") ?? 0
        let references = Set(
            rows.compactMap { row in
                row.element.indices.contains(personColumn)
                    ? row.element[personColumn].trimmingCharacters(in: .whitespaces)
                    : nil
            })
        let people = try await PeopleService(db: db, actor: actor, today: Day.today(now: now)).visible()
            .filter(\.$reference ~~ Array(references)).all()
        let byReference = Dictionary(people.map { ($0.reference, $0) }, uniquingKeysWith: { a, _ in a })
        let lines = rows.map { row in
            (
                line: row.offset + 2,
                fields: Dictionary(
                    header.enumerated().compactMap { i, h in
                        h.isEmpty || !row.element.indices.contains(i) ? nil : (h, row.element[i])
                    }, uniquingKeysWith: { a, _ in a })
            )
        }
        let actor = self.actor
        let today = Day.today(now: now)
        switch log {
        case .concerns:
            let checked = try check(
                lines, byReference: byReference, time: "raised_at", problems: &problems,
                read: { (f: ConcernForm) in
                    let (input, unreadable) = f.parse()
                    return (
                        input, InputParse.merge(unreadable, SafeguardingService.problems(input, now: now)),
                        input.raisedAt
                    )
                })
            try await refuseExisting(checked.map { ($0.person.id!, $0.at, $0.line) }, log: log, problems: &problems)
            guard problems.isEmpty else { throw Failure(problems: problems) }
            return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) {
                rec in
                for row in checked {
                    _ = try await SafeguardingService.insert(row.input, person: row.person, by: actor, rec: rec)
                }
                try await IndicatorFeeds.refresh(
                    .safeguarding, services: Set(checked.map { $0.person.$service.id }), today: today, rec: rec)
                return checked.count
            }
        case .interventions:
            let checked = try check(
                lines, byReference: byReference, time: "started_at", problems: &problems,
                read: { (f: InterventionForm) in
                    let (input, unreadable) = f.parse()
                    return (
                        input, InputParse.merge(unreadable, InterventionService.problems(input, now: now)),
                        input.startedAt
                    )
                })
            try await refuseExisting(checked.map { ($0.person.id!, $0.at, $0.line) }, log: log, problems: &problems)
            guard problems.isEmpty else { throw Failure(problems: problems) }
            return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) {
                rec in
                for row in checked {
                    _ = try await InterventionService.insert(row.input, person: row.person, by: actor, rec: rec)
                }
                try await IndicatorFeeds.refresh(
                    .interventions, services: Set(checked.map { $0.person.$service.id }), today: today, rec: rec)
                return checked.count
            }
        }
    }

    struct Checked<Input: Sendable>: Sendable {
        let input: Input
        let person: Person
        let at: Date
        let line: Int
    }

    /// Reads each row as the form (the person named by reference code), checks it with the form's rules, and
    /// refuses the same person and time twice in the file; every problem is added by row and column.
    private func check<Form: Decodable, Input: Sendable>(
        _ lines: [(line: Int, fields: [String: String])], byReference: [String: Person], time: String,
        problems: inout [Problem], read: (Form) -> (Input, [FieldError], Date?)
    ) throws -> [Checked<Input>] {
        var seen: [String: Int] = [:]
        var checked: [Checked<Input>] = []
        for (line, fields) in lines {
            let ref = fields["person"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let person = byReference[ref]
            var body = fields
            body["person"] = person?.id?.uuidString ?? ""
            let form = try JSONDecoder().decode(Form.self, from: JSONSerialization.data(withJSONObject: body))
            var (input, errors, at) = read(form)
            errors.removeAll { $0.field == "person" }
            if person == nil {
                errors.insert(
                    FieldError(
                        "person",
                        ref.isEmpty
                            ? "Give the person's reference code."
                            : "No one supported by your services has the reference \(ref)."), at: 0)
            }
            if let person, let when = at {
                let key = "\(person.id!)|\(when.timeIntervalSince1970)"
                if let first = seen[key] {
                    errors.append(FieldError(time, "The same person and time is already on row \(first)."))
                }
                seen[key] = line
            } else {
                at = nil
            }
            problems += errors.map { Problem(row: line, column: $0.field, message: $0.message) }
            if errors.isEmpty, let person, let at {
                checked.append(Checked(input: input, person: person, at: at, line: line))
            }
        }
        return checked
    }

    /// A record already in the log (the same person at the same time) is refused, so a file imported twice writes
    /// nothing the second time. One query.
    private func refuseExisting(_ keys: [(UUID, Date, Int)], log: Log, problems: inout [Problem]) async throws {
        guard !keys.isEmpty else { return }
        let people = Array(Set(keys.map(\.0)))
        let times = Set(keys.map { "\($0.0)|\($0.1.timeIntervalSince1970)" })
        let existing: [String]
        let column: String
        switch log {
        case .concerns:
            column = "raised_at"
            existing = try await SafeguardingConcern.query(on: db).filter(\.$person.$id ~~ people)
                .field(\.$person.$id).field(\.$raisedAt).all().map {
                    "\($0.$person.id)|\($0.raisedAt.timeIntervalSince1970)"
                }
        case .interventions:
            column = "started_at"
            existing = try await RestrictiveIntervention.query(on: db).filter(\.$person.$id ~~ people)
                .field(\.$person.$id).field(\.$startedAt).all()
                .map { "\($0.$person.id)|\($0.startedAt.timeIntervalSince1970)" }
        }
        let clash = Set(existing).intersection(times)
        guard !clash.isEmpty else { return }
        for key in keys where clash.contains("\(key.0)|\(key.1.timeIntervalSince1970)") {
            problems.append(
                Problem(row: key.2, column: column, message: "Already in the log for this person at this time."))
        }
    }
}
