import Foundation

/// Time-based one-time passwords as authenticator apps make them (RFC 6238: HMAC-SHA1,
/// 30-second steps, 6 digits). The HMAC is passed in, so the rule stays pure.
public enum TOTP {
    public static let period: TimeInterval = 30
    public static let digits = 6
    /// Codes from one step either side of now are accepted, for clocks a little out.
    public static let window = 1
    /// 160-bit secrets, as RFC 4226 recommends.
    public static let secretBytes = 20

    public typealias HMAC = @Sendable (_ key: [UInt8], _ message: [UInt8]) -> [UInt8]

    public static func counter(at time: Date) -> UInt64 {
        UInt64(max(0, (time.timeIntervalSince1970 / period).rounded(.down)))
    }

    /// The code for one time step (RFC 4226 dynamic truncation).
    public static func code(secret: [UInt8], counter: UInt64, digits: Int = digits, hmac: HMAC) -> String {
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (8 * (7 - $0))) }
        let h = hmac(secret, message)
        let offset = Int(h[h.count - 1] & 0x0F)
        let binary =
            UInt32(h[offset] & 0x7F) << 24 | UInt32(h[offset + 1]) << 16 | UInt32(h[offset + 2]) << 8
            | UInt32(h[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(binary % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// The time step a typed code matches, or nil. Spaces are ignored; a step at or before
    /// `lastUsed` is refused, so a code cannot be used twice.
    public static func verify(_ typed: String, secret: [UInt8], at time: Date, lastUsed: UInt64?, hmac: HMAC) -> UInt64?
    {
        let typed = typed.filter { $0 != " " && $0 != "-" }
        guard typed.count == digits, typed.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        let now = Int64(counter(at: time))
        var matched: UInt64?
        for delta in -window...window {
            let step = now + Int64(delta)
            guard step >= 0 else { continue }
            let candidate = UInt64(step)
            // Compare every candidate, whatever matched, so the time taken says nothing.
            if equal(code(secret: secret, counter: candidate, hmac: hmac), typed),
                lastUsed.map({ candidate > $0 }) ?? true
            {
                matched = candidate
            }
        }
        return matched
    }

    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The `otpauth://` address an authenticator app reads (from a QR code or a link).
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~@"))
        let i = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        let a = account.addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        return "otpauth://totp/\(i):\(a)?secret=\(Base32.encode(secret))&issuer=\(i)"
            + "&algorithm=SHA1&digits=\(digits)&period=\(Int(period))"
    }

    /// The secret as people type it into an app: groups of four letters.
    public static func grouped(_ secret: [UInt8]) -> String {
        let text = Array(Base32.encode(secret))
        return stride(from: 0, to: text.count, by: 4).map { String(text[$0..<min($0 + 4, text.count)]) }.joined(
            separator: " ")
    }
}
