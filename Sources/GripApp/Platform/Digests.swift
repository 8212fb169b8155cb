import Crypto
import Foundation
import GripCore

/// SHA-256 as 64 lower-case hex digits: the audit chain, stored token hashes and file hashes.
enum Digests {
    static func sha256(_ bytes: some DataProtocol) -> String {
        Hex.string(SHA256.hash(data: bytes))
    }

    static func sha256(_ text: String) -> String {
        sha256(Data(text.utf8))
    }
}
