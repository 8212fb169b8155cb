import Fluent
import Foundation
import SQLKit

/// An indicator's statements belong to a framework version (issue 22): those named before it belonged to the 2023
/// quality statements. It sits right after `CreateIndicator` in the list because later migrations read indicators
/// through the model; on a database that ran those already it simply runs last.
struct UpdateIndicatorsAddStatementsFramework: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("indicators").field("statements_framework", .string).update()
        try await (database as! any SQLDatabase).update("indicators").set(
            "statements_framework", to: CreateFrameworks.before
        )
        .where("statements", .notEqual, "").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("indicators").deleteField("statements_framework").update()
    }
}
