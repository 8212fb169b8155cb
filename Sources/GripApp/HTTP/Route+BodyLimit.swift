import Vapor

extension Route {
    private static let bodyLimitKey = "grip.bodyLimit"

    /// The most bytes this route collects, when it is not the app's default: middleware that must
    /// read the body before the route does (the CSRF check) collects to the same limit.
    var bodyLimit: Int? {
        get { userInfo[Self.bodyLimitKey] as? Int }
        set { userInfo[Self.bodyLimitKey] = newValue }
    }
}

extension RoutesBuilder {
    /// A POST route that takes a body of up to `maxBytes` (an upload), with the limit recorded on
    /// the route for the CSRF check.
    @discardableResult
    func post<Response: AsyncResponseEncodable>(
        _ path: PathComponent..., maxBytes: Int,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = on(.POST, path, body: .collect(maxSize: ByteCount(value: maxBytes)), use: closure)
        route.bodyLimit = maxBytes
        return route
    }
}
