import Vapor

/// Queues the routes that read a whole provider group through `HeavyWork` (see there).
/// Group them with `routes.grouped(HeavyWorkMiddleware())`; it runs after sign-in checks,
/// so a caller who is turned away never waits.
struct HeavyWorkMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await HeavyWork.run { try await next.respond(to: request) }
    }
}
