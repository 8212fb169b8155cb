import Fluent
import GripCore
import Vapor

/// The calendar feed settings (signed in) and the feed itself (at its secret URL, no session).
struct CalendarSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.accountCalendar, use: page)
        routes.post(.accountCalendar, use: reset)
        routes.post(.accountCalendarStop, use: stop)
    }

    struct Page: Encodable { let layout: Layout; let hasFeed: Bool; let url: String? }

    @Sendable func page(req: Request) async throws -> View {
        let actor = try req.actor
        let user = try await User.find(actor.id, on: req.db)
        return try await req.view.render(
            "account/calendar",
            Page(layout: Layout(req, title: "Calendar feed"), hasFeed: user?.calendarTokenHash != nil, url: nil))
    }

    @Sendable func reset(req: Request) async throws -> Response {
        let actor = try req.actor
        let token = try await CalendarFeed.reset(actor, on: req.db)
        // Shown once, on this page: only its hash is kept.
        return try await req.render(
            "account/calendar",
            Page(
                layout: Layout(req, title: "Calendar feed"), hasFeed: true,
                url: req.publicBaseURL + Paths.calendarFeed(token)))
    }

    @Sendable func stop(req: Request) async throws -> Response {
        try await CalendarFeed.stop(try req.actor, on: req.db)
        req.flash("Your calendar feed is stopped; its address no longer works.")
        return req.redirect(to: Paths.calendarSettings)
    }
}

struct CalendarFeedController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.calendar, use: feed)
    }

    @Sendable func feed(req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"), file.hasSuffix(".ics"),
            let user = try await CalendarFeed.owner(of: String(file.dropLast(4)), on: req.db)
        else {
            throw AppError(
                .notFound, "No calendar at this address. It may have been reset: copy the new address from Grip.")
        }
        let today = req.today
        let events = try await CalendarFeed.events(for: user, today: today, baseURL: req.publicBaseURL, on: req.db)
        let text = ICalendar.document(name: "Grip – \(user.name)", events: events, stamp: req.now)
        let res = Response(status: .ok, body: .init(string: text))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        res.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        res.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"grip.ics\"")
        return res
    }
}
