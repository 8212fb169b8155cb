import Fluent
import FluentSQL
import SQLKit

extension QueryBuilder {
    /// `COUNT(*)`: the database may answer it from any covering index. Fluent's `count()` counts the
    /// id column (`COUNT("actions"."id")`), which makes SQLite read every row of the table: 30 ms
    /// against 1.4 ms at 20,000 actions (issue 21).
    func countRows() async throws -> Int {
        try await aggregate(
            .custom(
                SQLAlias(
                    SQLFunction("COUNT", args: SQLLiteral.all),
                    as: SQLIdentifier(FieldKey.aggregate.description))), as: Int.self
        ).get()
    }

    /// One page, counted with `countRows()`: Fluent's `paginate` with a lean count.
    func leanPage(_ request: PageRequest) async throws -> Page<Model> {
        let per = Swift.max(request.per, 1), page = Swift.max(request.page, 1)
        let total = try await countRows()
        let items = try await copy().range(((page - 1) * per)..<(page * per)).all()
        return Page(items: items, metadata: PageMetadata(page: page, per: per, total: total))
    }
}
