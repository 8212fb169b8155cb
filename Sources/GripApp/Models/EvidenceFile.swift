import Fluent
import Foundation
import GripCore

/// File content, stored once per SHA-256 in the database (one backup holds everything).
final class StoredFile: Model, @unchecked Sendable {
    static let schema = "stored_files"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int
    @Field(key: "bytes") var bytes: Data

    init() {}
}

/// A file attached to an item of evidence, under the name it was uploaded with.
final class EvidenceFile: Model, @unchecked Sendable {
    static let schema = "evidence_files"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int

    // relationships
    @Parent(key: "evidence_id") var evidence: Evidence
    @Parent(key: "stored_file_id") var storedFile: StoredFile

    init() {}
}

extension StoredFile {
    var properties: [any AnyProperty] { [_id, _createdAt, _sha256, _size, _bytes] }
}

extension EvidenceFile {
    var properties: [any AnyProperty] { [_id, _filename, _contentType, _size, _evidence, _storedFile] }
}
