import Fluent
import GripCore
import Vapor

/// The log of notifications to CQC (issue 23): list with overdue ones flagged, recording one, marking it sent.
struct NotificationsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let n = routes.grouped("cqc-notifications")
        n.get(use: list)
        n.post(use: create)
        n.get(":id", use: show)
        n.post(":id", use: update)
    }

    static func log(_ req: Request) throws -> StatutoryNotificationService {
        StatutoryNotificationService(db: req.db, actor: try req.actor, now: req.now)
    }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render("notifications/list", try await NotificationListPage.load(req))
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("notifications/show", try await NotificationPage.load(req))
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.actor.require(.decideConcerns)
        let f = try req.content.decode(NotificationForm.self)
        let (input, unreadable) = f.parse()
        do {
            if !unreadable.isEmpty {
                throw AppError.invalid(
                    InputParse.merge(
                        unreadable,
                        StatutoryNotificationService.problems(
                            input, now: req.now)))
            }
            let n = try await Self.log(req).create(input)
            req.flash(
                n.sentAt == nil
                    ? "Recorded. It is due with CQC by \(UKTime.format(n.dueAt))."
                    : "Recorded as sent.")
            return req.redirect(to: Paths.notification(n.id!))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await req.render(
                "notifications/list",
                try await NotificationListPage.load(
                    req, form: FormState(values: NotificationFields.values(f), errors: e.fieldErrors)), status: e.status
            )
        }
    }

    @Sendable func update(req: Request) async throws -> Response {
        let log = try Self.log(req)
        let existing = try await log.find(req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        try req.actor.require(.decideConcerns)
        let f = try req.content.decode(NotificationForm.self)
        let (input, unreadable) = f.parse()
        do {
            if !unreadable.isEmpty {
                throw AppError.invalid(
                    InputParse.merge(
                        unreadable,
                        StatutoryNotificationService.problems(
                            input, now: req.now)))
            }
            let n = try await log.update(existing.id, input, version: f.version)
            req.flash(n.sentAt == nil ? "Saved." : "Saved as sent to CQC.")
            return req.redirect(to: Paths.notification(n.id!))
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            var state = FormState(
                values: NotificationFields.values(f),
                errors: e.fieldErrors.isEmpty
                    ? [FieldError("version", e.reason)] : e.fieldErrors)
            if e.status == .conflict { state.values["version"] = String(try await log.find(existing.id).version) }
            return try await req.render(
                "notifications/show", try await NotificationPage.load(req, form: state),
                status: e.status)
        }
    }
}
