import Fluent
import GripCore
import Vapor

/// The escalation thresholds in force, as the API gives them (issue 36): the set itself (the same document the
/// API takes back), when and by whom it was saved, and the years the bank holidays cover.
struct ThresholdsDTO: Content {
    let version: Int
    let thresholds: [EscalationThreshold]
    let reportableCategories: [SafeguardingCategory]
    let watchedSeries: [String]
    let savedAt: Date?
    let savedBy: String?
    let bankHolidayYears: [Int]

    init(_ t: ThresholdsInForce, holidays: BankHolidays) {
        version = t.set.version
        thresholds = t.set.thresholds
        reportableCategories = t.set.reportableCategories
        watchedSeries = t.set.watchedSeries
        savedAt = t.savedAt
        savedBy = t.savedBy
        bankHolidayYears = [holidays.years.lowerBound, holidays.years.upperBound]
    }
}

struct ThresholdsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiEscalationThresholds, use: get)
        routes.put(.apiEscalationThresholds, use: save)
    }

    /// Everyone in the organisation reads them, commissioners included: they say when the provider escalates.
    @Sendable func get(req: Request) async throws -> ThresholdsDTO {
        let actor = try req.actor
        try actor.require(.viewActions)
        return ThresholdsDTO(
            try await ThresholdsInForce.load(for: actor, on: req.db), holidays: req.application.bankHolidays)
    }

    /// The whole set, with the version it was changed from (409 when another save came first).
    @Sendable func save(req: Request) async throws -> ThresholdsDTO {
        let actor = try req.actor
        try actor.require(.administer)
        let body = try req.content.decode(EscalationThresholdSet.self)
        _ = try await ThresholdService(db: req.db, actor: actor).save(body, expected: body.version)
        return ThresholdsDTO(
            try await ThresholdsInForce.load(for: actor, on: req.db), holidays: req.application.bankHolidays)
    }
}
