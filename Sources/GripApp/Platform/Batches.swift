import Fluent

/// Working on many records at once without exceeding a database's limit on bound values
/// (SQLite allows 32,766 in a statement, PostgreSQL 65,535).
enum Batches {
    /// Values bound in one statement's `IN` list, at most.
    static let defaultSize = 5000

    /// Splits `items` into consecutive slices of at most `size`.
    static func chunks<T>(_ items: [T], size: Int = defaultSize) -> [[T]] {
        precondition(size > 0, "a chunk holds at least one item")
        return stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min(items.count, $0 + size)]) }
    }

    /// Inserts `models` in multi-row statements of at most `size` rows. Choose `size` so that
    /// rows × columns stays well under 32,766.
    static func create<M: Model>(_ models: [M], size: Int = 400, on db: any Database) async throws {
        for chunk in chunks(models, size: size) { try await chunk.create(on: db) }
    }
}
