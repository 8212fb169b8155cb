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

    /// A form's write on a record's page: on success its message is flashed and the browser sent to `location`; a
    /// refusal (422, or 409 for a stale or settled record) shows `template` again, the person's values kept and the
    /// fields named (a refusal naming none is shown against the form).
    func submitting<T: Encodable>(
        values: [String: String], to location: String, template: String,
        page: (FormState) async throws -> T, _ write: () async throws -> String
    ) async throws -> Response {
        do {
            flash(try await write())
            return redirect(to: location)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let form = FormState(
                values: values, errors: e.fieldErrors.isEmpty ? [FieldError("form", e.reason)] : e.fieldErrors)
            return try await render(template, try await page(form), status: e.status)
        }
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
