import Fluent
import GripCore
import Vapor

/// The notifications to CQC as a care log (issue 34): its form, its permissions and how a request makes its
/// service. The pages and the API write through these, the same way.
extension StatutoryNotificationService: CareLogService {
    static let mayCreate = Permission.decideConcerns
    static let mayUpdate = Permission.decideConcerns

    static func make(_ req: Request) throws -> StatutoryNotificationService {
        StatutoryNotificationService(db: req.db, actor: try req.actor, now: req.now)
    }
    static func parse(_ form: NotificationForm) -> (StatutoryNotificationService.Input, [FieldError]) {
        form.parse()
    }
    static func version(_ form: NotificationForm) -> Int? { form.version }
    static func problems(_ input: StatutoryNotificationService.Input, _ req: Request) -> [FieldError] {
        StatutoryNotificationService.problems(input, now: req.now)
    }
    static func version(of record: StatutoryNotification) -> Int { record.version }
}
