import Fluent
import GripCore
import Vapor

/// The log of notifications to CQC (issue 23): list with overdue ones flagged, recording one, marking it sent.
enum NotificationPages: CareLogPages {
    typealias Log = StatutoryNotificationService
    static let listRoute = SiteRoute.notifications
    static let recordRoute = SiteRoute.notification
    static let listView = "notifications/list"
    static let showView = "notifications/show"
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
