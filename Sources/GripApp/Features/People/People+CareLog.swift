import Fluent
import GripCore
import Vapor

/// The people supported as a care log (issue 34): its form, its permissions and how a request makes its service.
/// The pages and the API write through these, the same way.
extension PeopleService: CareLogService {
    static let mayCreate = Permission.recordPeople
    static let mayUpdate = Permission.recordPeople

    static func make(_ req: Request) throws -> PeopleService {
        PeopleService(db: req.db, actor: try req.actor, today: req.today)
    }

    /// Reads the form, with the risk ratings from their `risk_<area>` fields.
    static func decode(_ req: Request) throws -> PersonForm {
        var f = try req.content.decode(PersonForm.self)
        let raw = (try? req.content.decode([String: String].self)) ?? [:]
        var risks = f.risks ?? [:]
        for area in PersonRiskArea.allCases {
            if let level = raw["risk_\(area.rawValue)"] { risks[area.rawValue] = level }
        }
        f.risks = risks
        return f
    }
    static func parse(_ form: PersonForm) -> (PeopleService.Input, [FieldError]) { form.parse() }
    static func version(_ form: PersonForm) -> Int? { form.version }
    static func problems(_ input: PeopleService.Input, _ req: Request) -> [FieldError] {
        PeopleService.problems(input, today: req.today)
    }
    static func version(of record: Person) -> Int { record.version }
}
