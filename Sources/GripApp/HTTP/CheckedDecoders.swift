import GripCore
import Vapor

/// `application/x-www-form-urlencoded`, checked, then Vapor's decoder.
struct CheckedFormDecoder: ContentDecoder {
    let base = URLEncodedFormDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(
        _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]
    ) throws -> D {
        try InputCheck.fields(try InputCheck.form(body))
        return try base.decode(D.self, from: body, headers: headers, userInfo: userInfo)
    }
}

/// JSON, checked (UTF-8, then every string and key), then the app's snake_case decoder.
struct CheckedJSONDecoder: ContentDecoder {
    let base: JSONDecoder

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(
        _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]
    ) throws -> D {
        let bytes = Array(body.readableBytesView)
        guard String(validating: bytes, as: UTF8.self) != nil else { throw InputCheck.notUTF8("body") }
        // Not JSON at all: the base decoder says so, with the place.
        if let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) {
            var strings: [(String, String)] = []
            InputLimits.jsonStrings(value, into: &strings)
            try InputCheck.fields(strings)
        }
        return try base.decode(D.self, from: body, headers: headers, userInfo: userInfo)
    }
}

/// `multipart/form-data`, its text parts checked, then Vapor's decoder.
struct CheckedFormDataDecoder: ContentDecoder {
    let base = FormDataDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(
        _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]
    ) throws -> D {
        // Every multipart body is checked, one without a boundary too: Vapor's decoder would give it to the parser.
        try InputCheck.fields(
            try InputCheck.multipart(body, boundary: headers.contentType?.parameters["boundary"] ?? ""))
        return try base.decode(D.self, from: body, headers: headers, userInfo: userInfo)
    }
}
