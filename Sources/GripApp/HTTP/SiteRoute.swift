import Foundation
import Vapor

/// One of the site's URLs as a typed pattern (`/actions/:id/edit`), as SwiftPackageIndex-Server's `SiteURL` does it:
/// the same value registers the route and builds every link to it, so a link cannot point where no route is, and a
/// route moved is moved for its links too (issue 34). `SiteRoute.all` lists them; `SiteRouteTests` checks that each
/// is registered and that its links resolve to it.
struct SiteRoute: Sendable, Hashable, CustomStringConvertible {
    /// The path from the site's root, parameters written `:name`.
    let pattern: String
    /// The parameters' names, in order.
    let parameters: [String]
    /// The pattern's text around its parameters (`/actions/`, `/edit`): one more than the parameters. Split once
    /// here, so a page of links does not split the pattern for each.
    private let texts: [String]

    init(_ pattern: StaticString) {
        self.pattern = pattern.description
        var texts = [""], names: [String] = []
        for segment in self.pattern.split(separator: "/", omittingEmptySubsequences: true) {
            texts[texts.count - 1] += "/"
            if segment.hasPrefix(":") {
                names.append(String(segment.dropFirst()))
                texts.append("")
            } else {
                texts[texts.count - 1] += segment
            }
        }
        self.parameters = names
        self.texts = texts
    }

    var description: String { pattern }

    /// The pattern's components, for registering the route.
    var components: [PathComponent] { pattern.pathComponents }

    /// The path with its parameters filled in order (each percent-encoded as a path segment).
    func path(_ values: [String]) -> String {
        // A wrong count is a programming error: tests stop on it; a release server does not crash on a link.
        assert(values.count == parameters.count, "\(pattern) takes \(parameters.count) values")
        var path = texts[0]
        for (i, name) in parameters.enumerated() {
            path += i < values.count ? Self.segment(values[i]) : ":" + name
            path += texts[i + 1]
        }
        return path.isEmpty ? "/" : path
    }

    /// A value as one path segment: as it is when it needs no encoding (an id), else percent-encoded.
    private static func segment(_ value: String) -> String {
        let plain = value.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
                || b == 0x2E
        }
        if plain { return value }
        return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? value
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
