import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting

@testable import GripApp

/// The OpenAPI document checked against the code (issue 34): every `/api/v1` operation is called as
/// several people, with the authorisation matrix's records and bodies, and every answer must be a status
/// its operation documents, with a body that matches the documented schema *exactly* — a property the
/// code sends and the schema does not name fails, as does a required property the code leaves out.
@Suite struct OpenAPIConformanceTests {
    static let callers = ["ql", "rm", "staff", "commissioner", "admin"]

    @Test func everyAPIAnswerMatchesItsDocumentedSchema() async throws {
        let doc = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(doc["paths"] as? [String: Any])
        let components = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let checker = SchemaChecker(schemas: components)
        var bodiesChecked = 0
        var schemasUsed = Set<String>()
        for caller in Self.callers {
            try await withGrip { app in
                let f = try await Fixture.make(app)
                let records = try await MatrixRecords.make(app, f)
                let client = try await MatrixClient.make(app, caller: caller, fixture: f)
                let routes = app.routes.all.filter { $0.path.first?.description == "api" }
                    .sorted { MatrixRecords.order($0) < MatrixRecords.order($1) }
                for route in routes {
                    let key = MatrixRecords.key(route)
                    let template =
                        "/"
                        + route.path.map { c -> String in
                            if case .parameter(let name) = c { return "{\(name)}" }
                            return c.description
                        }.joined(separator: "/")
                    let res = try await client.send(
                        route.method, records.path(for: route), api: true, body: MatrixBodies.body(for: key))
                    let method = route.method.rawValue.lowercased()
                    guard let operation = (paths[template] as? [String: Any])?[method] as? [String: Any],
                        let responses = operation["responses"] as? [String: Any]
                    else {
                        Issue.record("\(key) is not in the OpenAPI document")
                        continue
                    }
                    let status = String(res.status.code)
                    guard let response = (responses[status] ?? responses["default"]) as? [String: Any] else {
                        Issue.record(
                            "\(key) as \(caller) answered \(status), which the document does not list "
                                + "(\(responses.keys.sorted().joined(separator: ", "))): \(res.body.string.prefix(200))"
                        )
                        continue
                    }
                    let type = res.headers.contentType.map { "\($0.type)/\($0.subType)" } ?? ""
                    guard let content = response["content"] as? [String: Any],
                        let media = content[type] as? [String: Any], let schema = media["schema"] as? [String: Any]
                    else {
                        let documented = (response["content"] as? [String: Any])?.keys.sorted() ?? []
                        if !documented.isEmpty && !documented.contains(type) {
                            Issue.record("\(key) answered \(status) as \(type); the document says \(documented)")
                        }
                        continue
                    }
                    guard type.hasSuffix("json") else { continue }
                    let value = try JSONSerialization.jsonObject(
                        with: Data(buffer: res.body), options: [.fragmentsAllowed])
                    var problems: [String] = []
                    checker.check(value, schema, at: "$", into: &problems, used: &schemasUsed)
                    bodiesChecked += 1
                    for p in problems.prefix(5) {
                        Issue.record("\(key) as \(caller), \(status): \(p)")
                    }
                }
            }
        }
        // The walk reached the answers that matter: most operations' bodies, and most schemas.
        #expect(bodiesChecked > 300, "\(bodiesChecked) bodies checked")
        #expect(schemasUsed.count > 40, "schemas met: \(schemasUsed.sorted())")
    }

    /// The checker itself fails on each kind of mismatch, so a pass above means something.
    @Test func theCheckerCatchesEachKindOfMismatch() {
        let schemas: [String: Any] = [
            "Thing": [
                "type": "object",
                "properties": [
                    "id": ["type": "string", "format": "uuid"], "day": ["type": "string", "format": "date"],
                    "n": ["type": "integer"], "kind": ["type": "string", "enum": ["a", "b"]],
                    "note": ["type": ["string", "null"]], "tags": ["type": "array", "items": ["type": "string"]],
                    "counts": ["type": "object", "additionalProperties": ["type": "integer"]]
                ],
                "required": ["id", "n"]
            ]
        ]
        let checker = SchemaChecker(schemas: schemas)
        let ref: [String: Any] = ["$ref": "#/components/schemas/Thing"]
        func problems(_ value: Any) -> [String] {
            var out: [String] = []
            var used = Set<String>()
            checker.check(value, ref, at: "$", into: &out, used: &used)
            return out
        }
        let good: [String: Any] = [
            "id": UUID().uuidString, "day": "2026-12-06", "n": 3, "kind": "a", "note": NSNull(),
            "tags": ["x"], "counts": ["a": 1]
        ]
        #expect(problems(good).isEmpty)
        func with(_ key: String, _ value: Any?) -> [String: Any] {
            var v = good
            v[key] = value
            return v
        }
        #expect(problems(with("extra", 1)).contains { $0.contains("$.extra") && $0.contains("not in the schema") })
        #expect(problems(with("n", nil)).contains { $0.contains("$.n") && $0.contains("required") })
        #expect(problems(with("n", "3")).contains { $0.contains("$.n") })
        #expect(problems(with("n", 2.5)).contains { $0.contains("$.n") })
        #expect(problems(with("kind", "c")).contains { $0.contains("$.kind") })
        #expect(problems(with("id", "not-a-uuid")).contains { $0.contains("$.id") })
        #expect(problems(with("day", "06/12/2026")).contains { $0.contains("$.day") })
        #expect(problems(with("tags", [1])).contains { $0.contains("$.tags[0]") })
        #expect(problems(with("counts", ["a": "x"])).contains { $0.contains("$.counts.a") })
        #expect(problems(with("n", true)).contains { $0.contains("$.n") })
    }
}

/// The subset of JSON Schema the document uses: `$ref`, `type` (one or several), `enum`, `format`
/// (uuid, date, date-time), `properties` (closed: an undeclared property is a mismatch), `required`,
/// `additionalProperties`, `items`, `oneOf`, `minimum` and `maximum`.
struct SchemaChecker {
    let schemas: [String: Any]

    func check(
        _ value: Any, _ schema: [String: Any], at path: String, into problems: inout [String],
        used: inout Set<String>
    ) {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.split(separator: "/").last ?? "")
            used.insert(name)
            guard let target = schemas[name] as? [String: Any] else {
                problems.append("\(path): \(ref) is not a schema of the document")
                return
            }
            check(value, target, at: path, into: &problems, used: &used)
            return
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            let passing = options.filter { option in
                var p: [String] = []
                check(value, option, at: path, into: &p, used: &used)
                return p.isEmpty
            }
            if passing.isEmpty { problems.append("\(path): matches none of its oneOf schemas") }
            return
        }
        let types: [String] = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? []
        let actual = Self.jsonType(value)
        if !types.isEmpty {
            let ok = types.contains(actual) || (actual == "integer" && types.contains("number"))
            guard ok else {
                problems.append("\(path): a \(actual), the schema says \(types.joined(separator: " or "))")
                return
            }
        }
        if let values = schema["enum"] as? [String], let s = value as? String, !values.contains(s) {
            problems.append("\(path): \"\(s)\" is not one of \(values)")
        }
        if let s = value as? String, let format = schema["format"] as? String, !Self.matches(s, format) {
            problems.append("\(path): \"\(s)\" is not a \(format)")
        }
        if let n = value as? NSNumber, actual != "boolean" {
            if let min = schema["minimum"] as? Double, n.doubleValue < min { problems.append("\(path): below \(min)") }
            if let max = schema["maximum"] as? Double, n.doubleValue > max { problems.append("\(path): above \(max)") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any]
            let additional = schema["additionalProperties"] as? [String: Any]
            for (key, item) in object {
                if let p = properties?[key] as? [String: Any] {
                    check(item, p, at: "\(path).\(key)", into: &problems, used: &used)
                } else if let additional {
                    check(item, additional, at: "\(path).\(key)", into: &problems, used: &used)
                } else if properties != nil {
                    problems.append("\(path).\(key): sent, but not in the schema")
                }
            }
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path).\(key): required by the schema, not sent")
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, item) in array.enumerated() {
                check(item, items, at: "\(path)[\(i)]", into: &problems, used: &used)
            }
        }
    }

    static func jsonType(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case is String: return "string"
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        case let n as NSNumber:
            // JSONSerialization's numbers say what they were read as: c a boolean, d a number with a fraction.
            switch String(cString: n.objCType) {
            case "c", "B": return "boolean"
            case "d", "f": return n.doubleValue == n.doubleValue.rounded() ? "integer" : "number"
            default: return "integer"
            }
        default: return "unknown"
        }
    }

    static func matches(_ s: String, _ format: String) -> Bool {
        switch format {
        case "uuid": return UUID(uuidString: s) != nil
        case "date": return Day(iso: s) != nil
        case "date-time": return ISO8601DateFormatter().date(from: s) != nil
        default: return true
        }
    }
}
