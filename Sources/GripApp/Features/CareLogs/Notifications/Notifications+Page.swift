import Fluent
import GripCore
import Vapor

/// The log of notifications to CQC (issue 23): list with overdue ones flagged, recording one, marking it sent.
enum NotificationPages: CareLogPages {
    static let listRoute = SiteRoute.notifications
    static let recordRoute = SiteRoute.notification
    static let listView = "notifications/list"
    static let showView = "notifications/show"
    static let mayCreate = Permission.decideConcerns
    static let mayUpdate = Permission.decideConcerns

    static func log(_ req: Request) throws -> StatutoryNotificationService {
        StatutoryNotificationService(db: req.db, actor: try req.actor, now: req.now)
    }
    static func parse(_ form: NotificationForm) -> (StatutoryNotificationService.Input, [FieldError]) {
        form.parse()
    }
    static func version(_ form: NotificationForm) -> Int? { form.version }
    static func problems(_ input: StatutoryNotificationService.Input, _ req: Request) -> [FieldError] {
        StatutoryNotificationService.problems(input, now: req.now)
    }

    static func href(_ n: StatutoryNotification) -> String { Paths.notification(n.id!) }
    static func created(_ n: StatutoryNotification) -> String {
        n.sentAt == nil ? "Recorded. It is due with CQC by \(UKTime.format(n.dueAt))." : "Recorded as sent."
    }
    static func saved(_ n: StatutoryNotification) -> String { n.sentAt == nil ? "Saved." : "Saved as sent to CQC." }
    static func values(_ form: NotificationForm) -> [String: String] { NotificationFields.values(form) }

    static func listPage(_ req: Request) async throws -> any Encodable { try await NotificationListPage.load(req) }
    static func showPage(_ req: Request) async throws -> any Encodable { try await NotificationPage.load(req) }
    static func createRefused(_ req: Request, _ form: FormState) async throws -> (view: String, page: any Encodable) {
        (listView, try await NotificationListPage.load(req, form: form))
    }
    static func updateRefused(
        _ req: Request, _ current: StatutoryNotification, _ form: FormState
    ) async throws
        -> (view: String, page: any Encodable)
    { (showView, try await NotificationPage.load(req, form: form)) }
}

extension StatutoryNotificationService: CareLogService {
    static func version(of record: StatutoryNotification) -> Int { record.version }
}
