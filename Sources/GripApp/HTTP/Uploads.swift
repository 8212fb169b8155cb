import Foundation
import GripCore
import Vapor

/// A file sent with a form or an API call.
struct UploadedFile: Sendable {
    let filename: String
    let bytes: [UInt8]
}

/// Uploads, for every form and API call that takes a file: the size refused before parsing, the chosen file read.
enum Uploads {
    /// The uploaded file, if one was chosen (an empty file input sends nothing useful).
    static func file(_ file: File?) -> UploadedFile? {
        guard let file, !(file.filename.isEmpty && file.data.readableBytes == 0) else { return nil }
        let bytes = file.data.getBytes(at: file.data.readerIndex, length: file.data.readableBytes) ?? []
        return UploadedFile(filename: file.filename.isEmpty ? "unnamed" : file.filename, bytes: bytes)
    }

    /// A body well over the upload limit is refused before it is parsed (the server also caps what it collects).
    static func refuseOversizedBody(_ req: Request) throws {
        let limit = req.application.maxUploadBytes
        if let length = req.body.data?.readableBytes, length > limit + 1_048_576 {
            let size = FileCheck.megabytes(length), most = FileCheck.megabytes(limit)
            throw AppError(
                .payloadTooLarge, "The upload is \(size); the limit is \(most).",
                fields: [FieldError("file", "The file is larger than \(most).")])
        }
    }

    struct Form: Content { var file: File? }

    /// The bytes of a form's `file` field; 422 naming the field when none was chosen.
    static func data(_ req: Request, missing: String) throws -> Data {
        let upload = try req.content.decode(Form.self)
        guard let file = upload.file, file.data.readableBytes > 0 else {
            throw AppError.invalid("file", missing)
        }
        return Data(buffer: file.data)
    }
}
