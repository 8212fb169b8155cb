import LeafKit

/// In a template's context, `HTML` is a dictionary under a key no form or record has; `#markup(…)` prints only that.
/// A plain string handed to `#markup` is refused, and `#unsafeHTML` refuses to run: markup reaches a page only
/// through `Markup`, which escaped it.
extension HTML: LeafDataRepresentable {
    static let leafKey = "grip.markup"
    var leafData: LeafData { .dictionary([Self.leafKey: .string(rendered)]) }
}

/// `#markup(value)`: prints an `HTML` value as it is.
struct MarkupTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard ctx.parameters.count == 1 else {
            throw LeafError(.unknownError("#markup(): give one value"))
        }
        let value = ctx.parameters[0]
        if value.isNil { return .string("") }
        guard let html = value.dictionary?[HTML.leafKey]?.string else {
            throw LeafError(.unknownError("#markup(): the value is not HTML built by Markup"))
        }
        return .string(html)
    }
}

/// Takes `#unsafeHTML`'s place, so a template that still uses it fails loudly instead of printing a string as markup.
struct RefusedUnsafeHTMLTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        throw LeafError(
            .unknownError("#unsafeHTML() is not available: build the markup with Markup, print it with #markup()"))
    }
}

/// `#route("meeting", id)`: a typed route's path from a template, its parameters filled in order. An unknown name
/// fails the page (and `SiteRouteTests` checks every name in every template), so a template's link cannot point
/// where no route is.
struct RouteTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let name = ctx.parameters.first?.string, let route = SiteRoute.named[name] else {
            throw LeafError(.unknownError("#route(): no route named \(ctx.parameters.first?.string ?? "")"))
        }
        let values = ctx.parameters.dropFirst().map { $0.string ?? "" }
        guard values.count == route.parameters.count else {
            throw LeafError(.unknownError("#route(\(name)): give \(route.parameters.count) value(s)"))
        }
        return .string(route.path(Array(values)))
    }
}
