import Fluent
import GripCore
import Vapor

/// The restrictive interventions as a care log (issue 34): its form, its permissions and how a request makes its
/// service. The pages and the API write through these, the same way.
extension InterventionService: CareLogService {
    static let mayCreate = Permission.raiseConcerns
    static let mayUpdate = Permission.raiseConcerns

    static func make(_ req: Request) throws -> InterventionService {
        InterventionService(db: req.db, actor: try req.actor, now: req.now)
    }
    static func parse(_ form: InterventionForm) -> (InterventionService.Input, [FieldError]) { form.parse() }
    static func version(_ form: InterventionForm) -> Int? { form.version }
    static func problems(_ input: InterventionService.Input, _ req: Request) -> [FieldError] {
        InterventionService.problems(input, now: req.now)
    }
    static func version(of record: RestrictiveIntervention) -> Int { record.version }
}
