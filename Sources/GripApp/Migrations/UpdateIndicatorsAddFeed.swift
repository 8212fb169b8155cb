import Fluent

/// An indicator Grip computes from one of its logs names its feed (issue 23); typed values are refused for it. It
/// sits right after `CreateIndicator` in the list because later migrations read indicators through the model; on a
/// database that ran those already it simply runs last.
struct UpdateIndicatorsAddFeed: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("indicators").field("feed", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("indicators").deleteField("feed").update()
    }
}
