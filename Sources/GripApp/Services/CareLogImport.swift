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
            (["person", "raised_at", "raised_by_role", "category", "summary", "safeguards", "notify_cqc"],
             ["decision", "rationale", "decision_at", "referred_at", "la_reference", "review_due", "outcome",
              "learning", "closed_at"])
        case .interventions:
            (["person", "started_at", "minutes", "place", "trigger", "kind", "staff", "injury"],
             ["recovery_minutes", "debrief_at", "debrief_by", "panel_on", "learning"])
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
            problems.append(Problem(row: 1, column: table.header[i], message: "Not a column of this import: use "
                + Self.header(log) + "."))
        }
        for r in required where !header.contains(r) {
            problems.append(Problem(row: 1, column: r, message: "The file has no \(r) column."))
        }
        let rows = table.rows.enumerated().filter { !$0.element.allSatisfy { $0.trimmingCharacters(in: .whitespaces)
            .isEmpty } }
        if rows.isEmpty { problems.append(Problem(row: 2, column: "", message: "There are no rows to import.")) }
        if rows.count > Self.maxRows {
            problems.append(Problem(row: Self.maxRows + 2, column: "", message: "Import at most \(Self.maxRows) rows "
                + "at a time."))
        }
        guard problems.isEmpty else { throw Failure(problems: problems) }
        func value(_ row: [String], _ column: String) -> String? {
            header.firstIndex(of: column).flatMap { row.indices.contains($0) ? row[$0] : nil }
        }
        // Everyone the file names, in one query.
        let references = Set(rows.compactMap { value($0.element, "person")?.trimmingCharacters(in: .whitespaces) })
        let people = try await PeopleService(db: db, actor: actor, today: Day.today(now: now)).visible()
            .filter(\.$reference ~~ Array(references)).all()
        let byReference = Dictionary(people.map { ($0.reference, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: [String: Int] = [:]
        switch log {
        case .concerns:
            var checked: [(SafeguardingService.Input, Person, Int)] = []
            for (k, row) in rows {
                let line = k + 2
                let ref = value(row, "person")?.trimmingCharacters(in: .whitespaces) ?? ""
                let person = byReference[ref]
                var form = ConcernForm()
                form.person = person?.id?.uuidString
                form.raised_at = value(row, "raised_at"); form.raised_by_role = value(row, "raised_by_role")
                form.category = value(row, "category"); form.summary = value(row, "summary")
                form.safeguards = value(row, "safeguards"); form.decision = value(row, "decision")
                form.rationale = value(row, "rationale"); form.decision_at = value(row, "decision_at")
                form.referred_at = value(row, "referred_at"); form.la_reference = value(row, "la_reference")
                form.notify_cqc = value(row, "notify_cqc"); form.review_due = value(row, "review_due")
                form.outcome = value(row, "outcome"); form.learning = value(row, "learning")
                form.closed_at = value(row, "closed_at")
                let (input, unreadable) = form.parse()
                var errors = unreadable + SafeguardingService.problems(input, now: now)
                    .filter { p in !unreadable.contains { $0.field == p.field } }
                if input.notifyCQC == nil, !errors.contains(where: { $0.field == "notify_cqc" }) {
                    errors.append(FieldError("notify_cqc", "Say yes or no: does CQC need a notification?"))
                }
                errors.removeAll { $0.field == "person" }
                if person == nil {
                    errors.insert(FieldError("person", ref.isEmpty ? "Give the person's reference code."
                        : "No one supported by your services has the reference \(ref)."), at: 0)
                }
                if let person, let at = input.raisedAt {
                    let key = "\(person.id!)|\(at.timeIntervalSince1970)"
                    if let first = seen[key] {
                        errors.append(FieldError("raised_at", "The same person and time is already on row \(first)."))
                    }
                    seen[key] = line
                }
                problems += errors.map { Problem(row: line, column: $0.field, message: $0.message) }
                if errors.isEmpty, let person { checked.append((input, person, line)) }
            }
            try await refuseExisting(checked.map { ($0.1.id!, $0.0.raisedAt!, $0.2) }, log: log, problems: &problems)
            guard problems.isEmpty else { throw Failure(problems: problems) }
            let actor = self.actor, today = Day.today(now: now), rowsChecked = checked
            return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
                for (input, person, _) in rowsChecked {
                    _ = try await SafeguardingService.insert(input, person: person, by: actor, rec: rec)
                }
                try await IndicatorFeeds.refresh(.safeguarding, services: Set(rowsChecked.map { $0.1.$service.id }),
                                                 today: today, rec: rec)
                return rowsChecked.count
            }
        case .interventions:
            var checked: [(InterventionService.Input, Person, Int)] = []
            for (k, row) in rows {
                let line = k + 2
                let ref = value(row, "person")?.trimmingCharacters(in: .whitespaces) ?? ""
                let person = byReference[ref]
                var form = InterventionForm()
                form.person = person?.id?.uuidString
                form.started_at = value(row, "started_at"); form.minutes = value(row, "minutes")
                form.place = value(row, "place"); form.trigger = value(row, "trigger"); form.kind = value(row, "kind")
                form.staff = value(row, "staff"); form.injury = value(row, "injury")
                form.recovery_minutes = value(row, "recovery_minutes"); form.debrief_at = value(row, "debrief_at")
                form.debrief_by = value(row, "debrief_by"); form.panel_on = value(row, "panel_on")
                form.learning = value(row, "learning")
                let (input, unreadable) = form.parse()
                var errors = unreadable + InterventionService.problems(input, now: now)
                    .filter { p in !unreadable.contains { $0.field == p.field } }
                errors.removeAll { $0.field == "person" }
                if person == nil {
                    errors.insert(FieldError("person", ref.isEmpty ? "Give the person's reference code."
                        : "No one supported by your services has the reference \(ref)."), at: 0)
                }
                if let person, let at = input.startedAt {
                    let key = "\(person.id!)|\(at.timeIntervalSince1970)"
                    if let first = seen[key] {
                        errors.append(FieldError("started_at", "The same person and time is already on row \(first)."))
                    }
                    seen[key] = line
                }
                problems += errors.map { Problem(row: line, column: $0.field, message: $0.message) }
                if errors.isEmpty, let person { checked.append((input, person, line)) }
            }
            try await refuseExisting(checked.map { ($0.1.id!, $0.0.startedAt!, $0.2) }, log: log, problems: &problems)
            guard problems.isEmpty else { throw Failure(problems: problems) }
            let actor = self.actor, today = Day.today(now: now), rowsChecked = checked
            return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
                for (input, person, _) in rowsChecked {
                    _ = try await InterventionService.insert(input, person: person, by: actor, rec: rec)
                }
                try await IndicatorFeeds.refresh(.interventions, services: Set(rowsChecked.map { $0.1.$service.id }),
                                                 today: today, rec: rec)
                return rowsChecked.count
            }
        }
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
                .field(\.$person.$id).field(\.$raisedAt).all().map { "\($0.$person.id)|\($0.raisedAt.timeIntervalSince1970)" }
        case .interventions:
            column = "started_at"
            existing = try await RestrictiveIntervention.query(on: db).filter(\.$person.$id ~~ people)
                .field(\.$person.$id).field(\.$startedAt).all()
                .map { "\($0.$person.id)|\($0.startedAt.timeIntervalSince1970)" }
        }
        let clash = Set(existing).intersection(times)
        guard !clash.isEmpty else { return }
        for key in keys where clash.contains("\(key.0)|\(key.1.timeIntervalSince1970)") {
            problems.append(Problem(row: key.2, column: column, message: "Already in the log for this person at this time."))
        }
    }
}
