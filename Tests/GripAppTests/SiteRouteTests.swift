import Foundation
import Testing
import VaporTesting

@testable import GripApp

/// The typed routes (issue 34): each one registers its route and builds its links, so the two cannot drift apart.
@Suite struct SiteRouteTests {
    @Test func everyTypedRouteIsRegistered() async throws {
        try await withGrip { app in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            let missing = SiteRoute.all.filter { !registered.contains($0.pattern) }
            #expect(missing.isEmpty, "not registered: \(missing)")
            #expect(!SiteRoute.all.isEmpty && Set(SiteRoute.all).count == SiteRoute.all.count)
        }
    }

    @Test func linksFillTheParametersInOrder() {
        let id = UUID(), step = UUID()
        #expect(SiteRoute.actionStepDone(id, step) == "/actions/\(id.uuidString)/steps/\(step.uuidString)/done")
        #expect(SiteRoute.actions.parameters.isEmpty && SiteRoute.actionChange.parameters == ["id", "change"])
        #expect(Paths.editAction(id) == "/actions/\(id.uuidString)/edit")
        #expect(SiteRoute("/t/:x").path(["a b/c"]) == "/t/a%20b%2Fc")
        #expect(SiteRoute("/t/:x/u").path(["ok-1_2.3"]) == "/t/ok-1_2.3/u")
        #expect(SiteRoute("/").path([]) == "/" && SiteRoute("/a/b").path([]) == "/a/b")
        #expect(SiteRoute("/:a/:b").path(["x", "é"]) == "/x/%C3%A9")
    }

    /// A link built from a route reaches that route's handler (not a 404), signed in.
    @Test func aLinkReachesItsRoute() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let action = try await f.createAction(app)
            let id = try #require(action.id)
            let browser = try await Browser.signedIn(app, "ql@alpha.example")
            for link in [SiteRoute.actions.path([]), SiteRoute.action(id), SiteRoute.actionEdit(id)] {
                let res = try await browser.get(link)
                #expect(res.status == .ok, "\(link)")
            }
        }
    }

    /// Every template's links name a typed route with the right number of values; none is written by hand
    /// (the stylesheet and the sample files aside).
    @Test func templatesLinkThroughTypedRoutes() throws {
        let root = URL(fileURLWithPath: GripResources.views)
        let files =
            FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" } ?? []
        #expect(files.count > 50)
        let call = try Regex(#"#route\("([A-Za-z]+)"((?:, [^,)]+)*)\)"#)
        let literal = try Regex(#"(?:href|action)="/(?!grip\.css|pack\.css|shared\.css|sample-)[^"]*""#)
        var names = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for m in text.matches(of: call) {
                names += 1
                let name = String(m.output[1].substring ?? "")
                let values = (m.output[2].substring ?? "").split(separator: ",").count
                let route = SiteRoute.named[name]
                #expect(route != nil, "\(file.lastPathComponent): no route \(name)")
                #expect(route?.parameters.count == values, "\(file.lastPathComponent): \(name) takes other values")
            }
            let hand = text.matches(of: literal).map { String(text[$0.range]) }
            #expect(hand.isEmpty, "\(file.lastPathComponent) writes links by hand: \(hand)")
        }
        #expect(names > 80)
    }
}
