import GripCore
import Vapor

/// Every form, JSON and multipart body is checked against GripCore's `InputLimits` before it is
/// decoded: text that is not UTF-8 is a 400 naming the field; a field too long or holding a
/// control character is a 422 naming it. Nothing is written, whatever the handler.
enum InputCheck {
    static func fields(_ fields: [(String, String)]) throws {
        let problems = fields.compactMap { name, value in
            InputLimits.problem(field: name, value: value).map { FieldError(name, $0) }
        }
        if !problems.isEmpty { throw AppError.invalid(problems) }
    }

    static func notUTF8(_ field: String) -> AppError {
        let message = "\(field) is not UTF-8 text. Send text encoded as UTF-8."
        return AppError(.badRequest, message, fields: [FieldError(field, message)])
    }

    /// The form's fields, or a 400 naming the first whose bytes are not UTF-8.
    static func form(_ body: ByteBuffer) throws -> [(String, String)] {
        let (fields, bad) = InputLimits.formFields(Array(body.readableBytesView))
        if let bad { throw notUTF8(bad) }
        return fields
    }

    /// The text parts of a multipart body (files are checked by their own rules), or a 400 naming
    /// the first that is not UTF-8.
    static func multipart(_ body: ByteBuffer, boundary: String) throws -> [(String, String)] {
        let (fields, bad) = try multipartFields(body, boundary: boundary)
        if let bad { throw notUTF8(bad.isEmpty ? "a field" : bad) }
        return fields
    }

    /// A 400 for a multipart body no parser may be given (`InputLimits.multipartProblem`).
    static func multipartFraming(_ body: ByteBuffer, boundary: String) throws {
        if let problem = InputLimits.multipartProblem(Array(body.readableBytesView), boundary: boundary) {
            throw AppError(
                .badRequest, problem + " Send multipart/form-data as a browser does.",
                fields: [FieldError("body", problem)])
        }
    }

    /// The text parts that are UTF-8, and the name of the first that is not.
    static func multipartFields(
        _ body: ByteBuffer, boundary: String
    ) throws -> (fields: [(String, String)], badField: String?) {
        try multipartFraming(body, boundary: boundary)
        let parser = MultipartParser(boundary: boundary)
        var fields: [(String, String)] = []
        var name = "", isFile = false, bytes: [UInt8] = [], badField: String?
        parser.onHeader = { header, value in
            guard header.lowercased() == "content-disposition" else { return }
            isFile = value.contains("filename=")
            if let r = value.range(of: "name=\"") {
                name = String(value[r.upperBound...].prefix { $0 != "\"" })
            }
        }
        parser.onBody = { buffer in
            if !isFile { bytes += buffer.readBytes(length: buffer.readableBytes) ?? [] }
        }
        parser.onPartComplete = {
            if !isFile {
                if let text = String(validating: bytes, as: UTF8.self) {
                    fields.append((name, text))
                } else if badField == nil {
                    badField = name
                }
            }
            name = ""; isFile = false; bytes = []
        }
        try parser.execute(body)
        return (fields, badField)
    }
}
