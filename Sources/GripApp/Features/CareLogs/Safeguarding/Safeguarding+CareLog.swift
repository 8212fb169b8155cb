import Fluent
import GripCore
import Vapor

/// The safeguarding concerns as a care log (issue 34): its form, its permissions and how a request makes its
/// service. The pages and the API write through these, the same way.
extension SafeguardingService: CareLogService {
    static let mayCreate = Permission.raiseConcerns
    static let mayUpdate = Permission.decideConcerns

    static func make(_ req: Request) throws -> SafeguardingService {
        SafeguardingService(db: req.db, actor: try req.actor, now: req.now)
    }
    static func parse(_ form: ConcernForm) -> (SafeguardingService.Input, [FieldError]) { form.parse() }
    static func version(_ form: ConcernForm) -> Int? { form.version }
    static func problems(_ input: SafeguardingService.Input, _ req: Request) -> [FieldError] {
        SafeguardingService.problems(input, now: req.now)
    }
    static func version(of record: SafeguardingConcern) -> Int { record.version }
}
