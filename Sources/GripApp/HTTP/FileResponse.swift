import Foundation
import Vapor

/// Downloads: always attachments, never shown inline.
enum FileResponse {
    /// The bytes as an attachment of a type and name.
    static func attachment(_ data: Data, type: HTTPMediaType, name: String) -> Response {
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.contentType = type
        res.headers.contentDisposition = .init(.attachment, filename: name)
        return res
    }

    /// A table as CSV or XLSX.
    static func table(_ table: Table, _ format: Exports.Format, fileName: String) throws -> Response {
        let res: Response
        switch format {
        case .csv:
            res = Response(status: .ok, body: .init(string: table.csv()))
            res.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        case .xlsx:
            res = Response(status: .ok, body: .init(data: try table.xlsx()))
            res.headers.contentType = HTTPMediaType(
                type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        res.headers.contentDisposition = .init(.attachment, filename: "\(fileName).\(format.rawValue)")
        return res
    }

    /// A stored file someone uploaded: a type on the safe list or `application/octet-stream`, its name made safe
    /// for the header (with the UTF-8 name beside it), never sniffed, never cached.
    static func stored(_ bytes: Data, filename: String, contentType: String, safeTypes: Set<String>) -> Response {
        let res = Response(status: .ok, body: .init(data: bytes))
        let safe = safeTypes.contains(contentType) ? contentType : "application/octet-stream"
        res.headers.replaceOrAdd(name: .contentType, value: safe)
        let ascii = filename.unicodeScalars.map {
            $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 32 ? String($0) : "_"
        }.joined()
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        res.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        res.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        res.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return res
    }
}
