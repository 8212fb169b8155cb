import Foundation
import GripCore
import Vapor

/// My work: what is due for me, by risk and date.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.home, use: home)
    }

    @Sendable func home(req: Request) async throws -> View {
        try await req.view.render(
            "home",
            HomePage(
                layout: Layout(req, title: "My work", section: "home"),
                work: try await MyWorkQuery(db: req.db, actor: try req.actor, now: req.now).load()))
    }
}
