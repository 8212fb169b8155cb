import Fluent
import Foundation
import SQLKit

/// One UPDATE of a versioned record's changed fields that applies only while the row still holds the
/// version the caller read (`WHERE id = … AND version = …`, with `RETURNING`: SQLite 3.35+, PostgreSQL).
///
/// It replaces a read under the audit lock followed by a write. On PostgreSQL the UPDATE sees any
/// write that committed while the transaction waited for the lock (an UPDATE re-checks its condition
/// on the newest row), so a stale version is refused exactly as the read used to refuse it.
enum VersionedUpdate {
    /// The fields a model has changed, as Fluent would write them.
    private final class Changes: DatabaseInput {
        var values: [(FieldKey, DatabaseQuery.Value)] = []
        func set(_ value: DatabaseQuery.Value, at key: FieldKey) { values.append((key, value)) }
    }

    /// Moves `model`'s version (the `version` column, which `version` names) on by one and writes its
    /// changes while the row still holds the version it had. Otherwise throws 409 naming the current version (and
    /// leaves that version on `model`, for a
    /// form shown again), or 404 when the row is gone.
    static func save<M: Model>(
        _ model: M, version: ReferenceWritableKeyPath<M, Int>, what: String,
        on db: any Database
    ) async throws where M.IDValue == UUID {
        let id = try model.requireID()
        let from = model[keyPath: version]
        model[keyPath: version] = from + 1
        let changes = Changes()
        model.input(to: changes)
        let sql = db as! any SQLDatabase
        var update = sql.update(M.schema)
        for (key, value) in changes.values where key != .id {
            update = update.set(SQLColumn(key.description), to: try expression(value))
        }
        let written =
            try await update
            .where("id", .equal, id)
            .where("version", .equal, from)
            .returning("version")
            .first()
        if written != nil { return }
        guard let row = try await sql.select().column("version").from(M.schema).where("id", .equal, id).first() else {
            throw AppError.notFound(what)
        }
        let current = try row.decode(column: "version", as: Int.self)
        model[keyPath: version] = current
        throw AppError.stale(what, current: current)
    }

    private static func expression(_ value: DatabaseQuery.Value) throws -> any SQLExpression {
        switch value {
        case .bind(let v): return SQLBind(v)
        case .null: return SQLLiteral.null
        case .enumCase(let s): return SQLLiteral.string(s)
        case .default: return SQLLiteral.default
        default:
            throw AppError(.internalServerError, "A record's change could not be written (an unsupported value).")
        }
    }
}
