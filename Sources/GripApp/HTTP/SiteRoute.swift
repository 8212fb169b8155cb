import Foundation
import Vapor

/// One of the site's URLs as a typed pattern (`/actions/:id/edit`), as SwiftPackageIndex-Server's `SiteURL` does it:
/// the same value registers the route and builds every link to it, so a link cannot point where no route is, and a
/// route moved is moved for its links too (issue 34). `SiteRoute.all` lists them; `SiteRouteTests` checks that each
/// is registered and that its links resolve to it.
struct SiteRoute: Sendable, Hashable, CustomStringConvertible {
    /// The path from the site's root, parameters written `:name`.
    let pattern: String

    init(_ pattern: StaticString) { self.pattern = pattern.description }

    var description: String { pattern }

    /// The pattern's components, for registering the route.
    var components: [PathComponent] { pattern.pathComponents }

    /// The parameters' names, in order.
    var parameters: [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// The path with its parameters filled in order (each percent-encoded as a path segment).
    func path(_ values: [String]) -> String {
        // A wrong count is a programming error: tests stop on it; a release server does not crash on a link.
        assert(values.count == parameters.count, "\(pattern) takes \(parameters.count) values")
        var next = values.makeIterator()
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { segment -> String in
            guard segment.hasPrefix(":"), let value = next.next() else { return String(segment) }
            return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? value
        }
        return "/" + segments.joined(separator: "/")
    }

    /// The path with its record ids filled in order: `SiteRoute.actionEdit(id)` is `/actions/<id>/edit`.
    func callAsFunction(_ ids: UUID...) -> String { path(ids.map(\.uuidString)) }
}

/// A route's handler.
typealias SiteHandler<R: AsyncResponseEncodable> = @Sendable (Request) async throws -> R

extension RoutesBuilder {
    /// Registers a typed route (`routes.get(.meetingItem, use: …)`); `get`, `post`, `put`, `patch` and `delete`
    /// name the method.
    @discardableResult
    func on<R>(_ method: HTTPMethod, _ route: SiteRoute, use closure: @escaping SiteHandler<R>) -> Route {
        on(method, route.components, use: closure)
    }

    @discardableResult
    func get<R>(_ route: SiteRoute, use c: @escaping SiteHandler<R>) -> Route { on(.GET, route, use: c) }
    @discardableResult
    func post<R>(_ route: SiteRoute, use c: @escaping SiteHandler<R>) -> Route { on(.POST, route, use: c) }
    @discardableResult
    func put<R>(_ route: SiteRoute, use c: @escaping SiteHandler<R>) -> Route { on(.PUT, route, use: c) }
    @discardableResult
    func patch<R>(_ route: SiteRoute, use c: @escaping SiteHandler<R>) -> Route { on(.PATCH, route, use: c) }
    @discardableResult
    func delete<R>(_ route: SiteRoute, use c: @escaping SiteHandler<R>) -> Route { on(.DELETE, route, use: c) }

    /// A POST route that takes a body of up to `maxBytes` (an upload), the limit recorded for the CSRF check.
    @discardableResult
    func post<R>(_ route: SiteRoute, maxBytes: Int, use closure: @escaping SiteHandler<R>) -> Route {
        let r = on(.POST, route.components, body: .collect(maxSize: ByteCount(value: maxBytes)), use: closure)
        r.bodyLimit = maxBytes
        return r
    }
}
