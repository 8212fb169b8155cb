import GripCore
import Vapor

extension Request {
    func flash(_ message: String) { session.data["flash"] = message }

    /// Renders a page with a status (a form re-rendered with its errors answers 4xx).
    func render<T: Encodable>(
        _ template: String, _ context: T, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let res = try await view.render(template, context).encodeResponse(for: self)
        res.status = status
        return res
    }
}

/// An option of a select, radio or checkbox list.
struct Choice: Encodable {
    let value: String
    let label: String
    let selected: Bool

    /// `<option>`s for a long list (a group's 200 services), drawn with `Markup` rather than walked by the
    /// template engine (issue 35); the template prints them inside its `<select>` with `#markup(…)`.
    static func options(_ choices: [Choice]) -> HTML {
        Markup.build(reserving: choices.count * 80) { m in
            for c in choices {
                if c.selected {
                    m.element("option", ["value": c.value, "selected": ""], text: c.label)
                } else {
                    m.element("option", ["value": c.value], text: c.label)
                }
            }
        }
    }
}

/// Per-field messages and the values the person typed, for re-rendering a form.
struct FormState: Encodable {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var summary: [FieldError] = []

    init(values: [String: String] = [:], errors: [FieldError] = []) {
        self.values = values
        self.summary = errors
        for e in errors where self.errors[e.field] == nil { self.errors[e.field] = e.message }
    }
}
