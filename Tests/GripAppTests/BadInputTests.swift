import Fluent
import Foundation
import GripCore
import Testing
import Vapor
import VaporTesting
@testable import GripApp

/// Every body is checked before it is decoded (`CheckedDecoders`): text that is not UTF-8 is a 400
/// naming the field, a NUL or an overlong field a 422 naming it, and nothing is written. The
/// end-to-end script `Tests/e2e/bad_input.py` throws the same at every form and operation.
@Suite struct BadInputTests {
    func written(_ app: Application) async throws -> Int {
        try await RecoveryAction.query(on: app.db).count() + AuditEntry.query(on: app.db).count()
    }

    /// A form body sent as raw bytes, with the session's cookie and CSRF token.
    func postRaw(
        _ b: Browser, _ path: String, _ body: [UInt8], contentType: String = "application/x-www-form-urlencoded"
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: contentType)
        headers.add(name: .accept, value: "text/html")
        if let cookie = b.cookie { headers.add(name: .cookie, value: cookie) }
        return try await b.app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(bytes: body))
    }

    func formBody(_ b: Browser, _ fields: [(String, String)], replacing name: String, with raw: String) -> [UInt8] {
        let pairs = [("_csrf", b.csrf)] + fields.filter { $0.0 != name }
        let encoded = pairs.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" } + ["\(name)=\(raw)"]
        return Array(encoded.joined(separator: "&").utf8)
    }

    @Test func aWebFormWithBadTextIsRefusedByFieldAndWritesNothing() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            try await b.get("/actions/new")
            let fields = WebActionsTests().form(f)
            let before = try await written(app)
            // Not UTF-8 (escaped, and raw bytes): 400, the field named, not a CSRF refusal.
            let escaped = try await postRaw(b, "/actions", formBody(b, fields, replacing: "title", with: "Falls%FF%FE"))
            #expect(escaped.status == .badRequest)
            #expect(escaped.body.string.contains("title is not UTF-8 text"))
            let raw = try await postRaw(
                b, "/actions", formBody(b, fields, replacing: "title", with: "Falls") + [0xC3, 0x28])
            #expect(raw.status == .badRequest)
            // A NUL, and a title longer than one line.
            let nul = try await postRaw(b, "/actions", formBody(b, fields, replacing: "title", with: "Falls%00audit"))
            #expect(nul.status == .unprocessableEntity)
            #expect(nul.body.string.contains("title contains a control character"))
            let long = try await postRaw(
                b, "/actions", formBody(b, fields, replacing: "title", with: String(repeating: "A", count: 321)))
            #expect(long.status == .unprocessableEntity)
            #expect(long.body.string.contains("title is too long: 321 characters, at most 320."))
            // Free text may be long, but not 20,001 characters.
            let notes = try await postRaw(
                b, "/actions",
                formBody(b, fields, replacing: "interim_controls", with: String(repeating: "b", count: 20_001)))
            #expect(notes.status == .unprocessableEntity)
            #expect(notes.body.string.contains("interim_controls is too long"))
            // A wrong content type.
            #expect(
                try await postRaw(b, "/actions", Array("<title>x</title>".utf8), contentType: "application/xml").status
                    .code / 100 == 4)
            #expect(try await written(app) == before)
            // The same form with good text is accepted: the checks refuse only what they should
            // (interim controls have the action rules' own limit, 4,000 characters).
            let ok = try await postRaw(
                b, "/actions",
                formBody(b, fields, replacing: "interim_controls", with: String(repeating: "b", count: 4_000)))
            #expect(
                ok.status == .seeOther,
                "\(ok.body.string.components(separatedBy: "field-error").dropFirst().map { $0.prefix(200) })")
            #expect(try await RecoveryAction.query(on: app.db).count() == 1)
        }
    }

    @Test func multipartTextPartsAreCheckedToo() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            try await b.get("/actions/new")
            #expect(try await b.post("/actions", WebActionsTests().form(f)).status == .seeOther)
            let action = try #require(try await RecoveryAction.query(on: app.db).first())
            try await b.get("/actions/\(action.id!)")
            let before = try await written(app)
            let boundary = "grip-test-boundary"
            var body = Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(b.csrf)\r\n".utf8)
            body +=
                Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"summary\"\r\n\r\n".utf8) + [0xFF, 0xFE]
                + Array("\r\n".utf8)
            body +=
                Array(
                    """
                    --\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; \
                    filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n
                    """
                    .utf8) + [0xFF] + Array("a,b\r\n".utf8)
            body += Array("--\(boundary)--\r\n".utf8)
            let res = try await postRaw(
                b, "/actions/\(action.id!)/evidence", body, contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(res.status == .badRequest)
            #expect(res.body.string.contains("summary is not UTF-8 text"))
            #expect(try await written(app) == before)
        }
    }

    @Test func jsonWithBadTextIsRefusedByFieldAndWritesNothing() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let before = try await written(app)
            var b = ActionsAPITests().body(f)
            b["title"] = String(repeating: "T", count: 321)
            let long = try await api.json(.POST, "/api/v1/actions", b)
            #expect(long.status == .unprocessableEntity)
            #expect(long.problemFields == ["title"])
            b["title"] = "Falls\u{0}audit"
            #expect(try await api.json(.POST, "/api/v1/actions", b).problemFields == ["title"])
            // A key that is a novel is refused like a value.
            b["title"] = "Falls audit"
            b[String(repeating: "k", count: 20_001)] = 1
            #expect(try await api.json(.POST, "/api/v1/actions", b).status == .unprocessableEntity)
            // Bytes that are not UTF-8.
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(api.token!)")
            headers.add(name: .contentType, value: "application/json")
            let raw = try await app.testing().sendRequest(
                .POST, "/api/v1/actions", headers: headers,
                body: ByteBuffer(bytes: Array(#"{"title": ""#.utf8) + [0xFF] + Array(#""}"#.utf8)))
            #expect(raw.status == .badRequest)
            #expect(raw.problemFields == ["body"])
            #expect(try await written(app) == before)
        }
    }

    /// Multipart framing the parser cannot survive (no boundary; a header name outside ASCII) is a
    /// 400 before any parser sees it: on the API, on a signed-in form, and at sign-in before anyone
    /// is signed in. Nothing is written, and the server carries on.
    @Test func multipartFramingThatWouldStopTheServerIsA400() async throws {
        try await withGrip { app in
            let f = try await Fixture.make(app)
            let action = try await f.createAction(app)
            let api = try await APIClient.make(app, for: f.users["rm"]!)
            let before = try await written(app)
            let notASCII = Array("--b\r\n".utf8) + [0xC3, 0x97] + Array(">--b--\r\n".utf8)
            func sendAPI(_ body: [UInt8], boundary: String) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.add(name: .authorization, value: "Bearer \(api.token!)")
                headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                return try await app.testing().sendRequest(
                    .POST, "/api/v1/actions/\(action.id!)/evidence", headers: headers, body: ByteBuffer(bytes: body))
            }
            let empty = try await sendAPI(Array("--\r\n\r\n".utf8), boundary: "")
            #expect(empty.status == .badRequest)
            #expect(empty.problemFields == ["body"])
            #expect(empty.body.string.contains("boundary must be 1 to 70 characters"))
            let api400 = try await sendAPI(notASCII, boundary: "b")
            #expect(api400.status == .badRequest)
            #expect(api400.body.string.contains("header name that is not ASCII"))

            // Signed in, a form: the CSRF check reads the body first and refuses it the same way.
            let b = try await Browser.signedIn(app, "rm@alpha.example")
            try await b.get("/actions/\(action.id!)")
            let web = try await postRaw(
                b, "/actions/\(action.id!)/evidence", notASCII, contentType: "multipart/form-data; boundary=b")
            #expect(web.status == .badRequest)
            #expect(web.body.string.contains("header name that is not ASCII"))
            #expect(
                try await postRaw(
                    b, "/actions/\(action.id!)/evidence", Array("--\r\n\r\n".utf8),
                    contentType: "multipart/form-data; boundary="
                ).status == .badRequest)
            #expect(
                try await postRaw(
                    b, "/actions/\(action.id!)/evidence", Array("--\r\n\r\n".utf8), contentType: "multipart/form-data"
                ).status == .badRequest)

            // Not signed in: sign-in itself.
            let anon = Browser(app)
            try await anon.get("/sign-in")
            #expect(
                try await postRaw(anon, "/sign-in", notASCII, contentType: "multipart/form-data; boundary=b").status
                    == .badRequest)
            #expect(try await written(app) == before)

            // The server carries on: a well-formed upload is recorded.
            let ok = try await api.multipart(
                "/api/v1/actions/\(action.id!)/evidence",
                [
                    ("category", "observation"), ("kind", "observation"), ("date", Day.today(now: Date()).iso),
                    ("summary", "Round observed")
                ],
                file: ("Café round.csv", Array("time,chart\n12:00,complete\n".utf8)))
            #expect(ok.status == .created)
        }
    }
}
