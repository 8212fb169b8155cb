import Fluent
import FluentSQL
import Foundation
import GripCore
import SQLKit

/// The decision log across meetings: search, and following decisions through to done.
struct DecisionLog {
    let db: any Database
    let actor: Actor
    let today: Day

    struct Filter: Sendable {
        var text: String?
        var serviceID: UUID?
        var ownerID: UUID?
        var status: DecisionStatus?
        var page = 1
        var per = 50
    }

    /// Decisions the actor may see (their routes' meetings), filtered and paged: two queries.
    func search(_ f: Filter) async throws -> (rows: [Decision], total: Int) {
        let meetings = MeetingService(db: db, actor: actor, today: today)
        try meetings.requireProvider()
        var q = Scoped.query(Decision.self, for: actor, on: db)
        if let routes = try await meetings.visibleRouteIDs() {
            q = q.join(Meeting.self, on: \Decision.$meeting.$id == \Meeting.$id).filter(
                Meeting.self, \.$route.$id ~~ routes)
        }
        if let s = f.serviceID { q = q.filter(\.$service.$id == s) }
        if let o = f.ownerID { q = q.filter(\.$owner.$id == o) }
        if let st = f.status { q = q.filter(\.$status == st) }
        if let t = f.text?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), !t.isEmpty {
            // Case-insensitive on SQLite and PostgreSQL alike.
            q = q.filter(
                .sql(
                    SQLBinaryExpression(
                        left: SQLFunction("lower", args: SQLColumn("text", table: Decision.schema)),
                        op: SQLBinaryOperator.like, right: SQLBind("%" + t + "%"))))
        }
        let total = try await q.copy().count()
        let rows = try await q.with(\.$owner).with(\.$service).with(\.$meeting)
            .sort(\.$status).sort(\.$dueDay).range(((f.page - 1) * f.per)..<(f.page * f.per)).all()
        return (rows, total)
    }

    func find(_ id: UUID?) async throws -> Decision {
        guard let id else { throw AppError.notFound("decision") }
        let meetings = MeetingService(db: db, actor: actor, today: today)
        guard
            let d = try await Scoped.query(Decision.self, for: actor, on: db).filter(
                \.$id == id
            ).first()
        else {
            throw AppError.notFound("decision")
        }
        _ = try await meetings.find(d.$meeting.id)  // the same scope as its meeting
        return d
    }

    /// The owner, or a registered manager or above, marks a decision done with what was done.
    /// The decision log follows decisions through after the minutes are approved; the minutes themselves stay locked.
    func requireCanComplete(_ d: Decision) throws {
        try actor.require(.completeDecisions, RecordRelation(isOwner: d.$owner.id == actor.id))
    }

    func complete(_ id: UUID?, version: Int?, note: String) async throws -> Decision {
        let d = try await find(id)
        try requireCanComplete(d)
        let problems = MeetingRules.completionProblems(status: d.status, note: note)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        guard let version else {
            throw AppError.invalid("version", "Send the version of the decision you are changing.")
        }
        let n = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let actor = self.actor, today = self.today, did = try d.requireID()
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let fresh = try await Decision.find(did, on: rec.db) else { throw AppError.notFound("decision") }
            guard fresh.version == version else { throw AppError.stale("decision", current: fresh.version) }
            fresh.status = .done
            fresh.doneOn = today.iso
            fresh.doneNote = n
            fresh.version += 1
            try await fresh.update(on: rec.db)
            try await rec.record(
                "decision", did, "done",
                [
                    AuditChange(field: "status", before: "open", after: "done"),
                    AuditChange(field: "note", before: nil, after: n)
                ])
            return fresh
        }
    }
}
