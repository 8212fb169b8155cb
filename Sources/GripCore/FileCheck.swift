import Foundation

/// Checks an uploaded file from its content, not only its name: the accepted types,
/// their safe content type for download, and refusals in plain words.
public enum FileCheck {
    public struct Accepted: Sendable, Equatable {
        public let contentType: String
        public let label: String
    }

    public static let defaultLimitBytes = 20 * 1024 * 1024

    /// Content types Grip sends files back with; anything else goes as application/octet-stream.
    public static var safeDownloadTypes: Set<String> {
        Set(["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/csv", "text/plain"])
            .union(office.values).union(legacyOffice.values)
    }

    static let office: [String: String] = [
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text",
        "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "odp": "application/vnd.oasis.opendocument.presentation"
    ]
    static let legacyOffice: [String: String] = [
        "doc": "application/msword", "xls": "application/vnd.ms-excel", "ppt": "application/vnd.ms-powerpoint"
    ]

    public static func fileExtension(_ filename: String) -> String {
        guard let dot = filename.lastIndex(of: "."), dot != filename.startIndex else { return "" }
        return filename[filename.index(after: dot)...].lowercased()
    }

    /// The accepted type of the file, or a message saying why it is refused.
    public static func check(
        filename: String, bytes: [UInt8], limit: Int = defaultLimitBytes
    ) -> Result<Accepted, FieldError> {
        func refuse(_ m: String) -> Result<Accepted, FieldError> { .failure(FieldError("file", m)) }
        let name = filename.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { return refuse("The file has no name.") }
        if bytes.isEmpty { return refuse("\(name) is empty.") }
        if bytes.count > limit {
            return refuse("\(name) is \(megabytes(bytes.count)); the limit is \(megabytes(limit)).")
        }
        let ext = fileExtension(name)
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && Array(bytes[offset..<(offset + magic.count)]) == magic
        }
        // Executables and scripts, whatever they are called.
        if starts([0x7F, 0x45, 0x4C, 0x46]) || starts([0x4D, 0x5A]) || starts([0xCF, 0xFA, 0xED, 0xFE])
            || starts([0xFE, 0xED, 0xFA, 0xCE])
            || starts([0xCA, 0xFE, 0xBA, 0xBE]) || starts(Array("#!".utf8))
        {
            return refuse("\(name) is a program or script, not a document: it cannot be stored as evidence.")
        }
        let detected: (type: String, label: String, extensions: Set<String>)?
        if starts(Array("%PDF-".utf8)) {
            detected = ("application/pdf", "PDF", ["pdf"])
        } else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            detected = ("image/png", "PNG image", ["png"])
        } else if starts([0xFF, 0xD8, 0xFF]) {
            detected = ("image/jpeg", "JPEG image", ["jpg", "jpeg"])
        } else if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) {
            detected = ("image/gif", "GIF image", ["gif"])
        } else if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) {
            detected = ("image/webp", "WebP image", ["webp"])
        } else if starts([0x50, 0x4B, 0x03, 0x04]) {
            guard let type = office[ext] else {
                return refuse(
                    """
                    \(name) is a ZIP archive; only office documents (.docx, .xlsx, .pptx, .odt, .ods, .odp) are \
                    accepted in that form.
                    """
                )
            }
            detected = (type, "office document", [ext])
        } else if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            guard let type = legacyOffice[ext] else {
                return refuse("\(name) is an older office file; name it .doc, .xls or .ppt.")
            }
            detected = (type, "office document", [ext])
        } else if isPlainText(bytes) {
            detected = ("text/csv", "CSV or text", ["csv", "txt"])
        } else {
            detected = nil
        }
        guard let d = detected else {
            return refuse(
                "\(name) is not a type Grip accepts: PDF, images (PNG, JPEG, GIF, WebP), office documents or CSV.")
        }
        guard d.extensions.contains(ext) else {
            return refuse(
                """
                \(name) contains a \(d.label) but is named .\(ext.isEmpty ? "(nothing)" : ext): rename it \
                .\(d.extensions.sorted().first!) or choose the right file.
                """
            )
        }
        let contentType = ext == "txt" ? "text/plain" : d.type
        return .success(Accepted(contentType: contentType, label: d.label))
    }

    static func isPlainText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil else { return false }
        return true
    }

    /// A file size as people read it: "740 bytes", "12 KB", "3.4 MB".
    public static func humanSize(_ n: Int) -> String {
        if n < 1024 { return "\(n) bytes" }
        if n < 1_048_576 { return "\(Int((Double(n) / 1024).rounded(.up))) KB" }
        return megabytes(n)
    }

    public static func megabytes(_ n: Int) -> String {
        let mb = Double(n) / 1_048_576
        return mb >= 10 ? "\(Int(mb.rounded())) MB" : String(format: "%.1f MB", mb)
    }
}
