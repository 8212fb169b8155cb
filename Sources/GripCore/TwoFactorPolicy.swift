import Foundation

/// Two-factor sign-in policy: which roles an organisation requires it of.
public enum TwoFactorPolicy {
    public static func parse(_ stored: String) -> Set<Role> {
        Set(stored.split(separator: ",").compactMap { Role(rawValue: String($0).trimmingCharacters(in: .whitespaces)) })
    }

    /// The roles ticked on the settings form, or the field's error naming what is not a role.
    public static func roles(from names: [String]) -> Result<Set<Role>, FieldError> {
        let unknown = names.filter { Role(rawValue: $0) == nil }
        guard unknown.isEmpty else {
            return .failure(
                FieldError("roles", "Choose roles from the list: \(unknown.joined(separator: ", ")) is not a role."))
        }
        return .success(Set(names.compactMap(Role.init(rawValue:))))
    }

    public static func store(_ roles: Set<Role>) -> String {
        Role.allCases.filter(roles.contains).map(\.rawValue).joined(separator: ",")
    }

    /// Whether this person must set up two-factor sign-in before using Grip.
    public static func mustEnrol(role: Role, required: Set<Role>, enrolled: Bool) -> Bool {
        !enrolled && required.contains(role)
    }
}

/// RFC 4648 base32 (the alphabet authenticator apps use), without padding.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes of a base32 text (any case; spaces, hyphens and padding ignored), or nil if it is not base32.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for c in text.uppercased().utf8 where c != UInt8(ascii: " ") && c != UInt8(ascii: "-") && c != UInt8(ascii: "=")
        {
            guard let value = alphabet.firstIndex(of: c) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
            buffer &= (1 << bits) - 1
        }
        return out
    }
}
