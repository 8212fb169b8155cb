import Foundation
import Testing
@testable import GripCore

/// A plain SHA-1 and HMAC for the tests only (GripCore takes its HMAC from the app, which uses swift-crypto).
enum TestSHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        var m = message + [0x80]
        while m.count % 64 != 56 { m.append(0) }
        let bitLength = UInt64(message.count) * 8
        m += (0..<8).map { UInt8(truncatingIfNeeded: bitLength >> (8 * (7 - $0))) }
        for chunk in stride(from: 0, to: m.count, by: 64) {
            var w = (0..<16).map { i in (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(m[chunk + i * 4 + $1]) } }
            for i in 16..<80 { let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]; w.append(x << 1 | x >> 31) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32) =
                    i < 20
                    ? ((b & c) | (~b & d), 0x5A827999)
                    : i < 40
                        ? (b ^ c ^ d, 0x6ED9EBA1)
                        : i < 60 ? ((b & c) | (b & d) | (c & d), 0x8F1BBCDC) : (b ^ c ^ d, 0xCA62C1D6)
                let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, t)
            }
            h = [h[0] &+ a, h[1] &+ b, h[2] &+ c, h[3] &+ d, h[4] &+ e]
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * (3 - $0))) } }
    }

    static let hmac: TOTP.HMAC = { key, message in
        var k = key.count > 64 ? hash(key) : key
        k += Array(repeating: 0, count: 64 - k.count)
        return hash(k.map { $0 ^ 0x5C } + hash(k.map { $0 ^ 0x36 } + message))
    }
}

@Suite struct TOTPTests {
    let secret = Array("12345678901234567890".utf8)

    @Test func sha1MatchesItsPublishedValue() {
        let hex = TestSHA1.hash(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(hex == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    /// RFC 4226 appendix D: HOTP values for counters 0 to 9.
    @Test func hotpMatchesRFC4226() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"
        ]
        #expect((0..<10).map { TOTP.code(secret: secret, counter: UInt64($0), hmac: TestSHA1.hmac) } == expected)
    }

    /// RFC 6238 appendix B, SHA-1, 8 digits.
    @Test(arguments: [
        (59.0, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130")
    ])
    func totpMatchesRFC6238(_ time: Double, _ code: String) {
        let counter = TOTP.counter(at: Date(timeIntervalSince1970: time))
        #expect(TOTP.code(secret: secret, counter: counter, digits: 8, hmac: TestSHA1.hmac) == code)
    }

    @Test func verifyAcceptsOneStepEitherSideAndNoFurther() {
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = TOTP.counter(at: now)
        func code(_ s: UInt64) -> String { TOTP.code(secret: secret, counter: s, hmac: TestSHA1.hmac) }
        #expect(TOTP.verify(code(step), secret: secret, at: now, lastUsed: nil, hmac: TestSHA1.hmac) == step)
        #expect(TOTP.verify(code(step - 1), secret: secret, at: now, lastUsed: nil, hmac: TestSHA1.hmac) == step - 1)
        #expect(TOTP.verify(code(step + 1), secret: secret, at: now, lastUsed: nil, hmac: TestSHA1.hmac) == step + 1)
        #expect(TOTP.verify(code(step - 2), secret: secret, at: now, lastUsed: nil, hmac: TestSHA1.hmac) == nil)
        #expect(TOTP.verify(code(step + 2), secret: secret, at: now, lastUsed: nil, hmac: TestSHA1.hmac) == nil)
        // Typed with a space in the middle, as apps show it.
        let spaced = String(code(step).prefix(3)) + " " + String(code(step).suffix(3))
        #expect(TOTP.verify(spaced, secret: secret, at: now, lastUsed: nil, hmac: TestSHA1.hmac) == step)
    }

    @Test func aCodeIsRefusedOnceUsedAndSoIsAnyEarlierOne() {
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = TOTP.counter(at: now)
        let current = TOTP.code(secret: secret, counter: step, hmac: TestSHA1.hmac)
        #expect(TOTP.verify(current, secret: secret, at: now, lastUsed: step, hmac: TestSHA1.hmac) == nil)
        let earlier = TOTP.code(secret: secret, counter: step - 1, hmac: TestSHA1.hmac)
        #expect(TOTP.verify(earlier, secret: secret, at: now, lastUsed: step - 1, hmac: TestSHA1.hmac) == nil)
        let later = TOTP.code(secret: secret, counter: step + 1, hmac: TestSHA1.hmac)
        #expect(TOTP.verify(later, secret: secret, at: now, lastUsed: step, hmac: TestSHA1.hmac) == step + 1)
    }

    @Test(arguments: ["", "12345", "1234567", "12a456", "１２３４５６", "123456\u{0}"])
    func malformedCodesAreRefused(_ typed: String) {
        #expect(TOTP.verify(typed, secret: secret, at: Date(), lastUsed: nil, hmac: TestSHA1.hmac) == nil)
    }

    @Test func theEpochAndItsFirstStepsWork() {
        let zero = Date(timeIntervalSince1970: 0)
        #expect(TOTP.counter(at: zero) == 0)
        #expect(TOTP.counter(at: Date(timeIntervalSince1970: -100)) == 0)
        #expect(TOTP.verify("755224", secret: secret, at: zero, lastUsed: nil, hmac: TestSHA1.hmac) == 0)
    }

    /// RFC 4648 section 10.
    @Test(arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI")
    ])
    func base32MatchesRFC4648(_ plain: String, _ encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
        #expect(Base32.decode(encoded.lowercased() + "==") == Array(plain.utf8))
    }

    @Test func base32RefusesOtherLettersAndReadsGroups() {
        #expect(Base32.decode("MZXW1") == nil)
        #expect(Base32.decode("MZX W6-YTB OI") == Array("foobar".utf8))
        #expect(TOTP.grouped(Array("foobar".utf8)) == "MZXW 6YTB OI")
    }

    @Test func provisioningAddressNamesIssuerAccountAndSecret() {
        let uri = TOTP.provisioningURI(
            secret: Array("foobar".utf8), account: "sarah.collins@riverside-care.example",
            issuer: "Grip (Riverside Care)")
        #expect(
            uri
                == "otpauth://totp/Grip%20%28Riverside%20Care%29:sarah.collins@riverside-care.example"
                + "?secret=MZXW6YTBOI&issuer=Grip%20%28Riverside%20Care%29&algorithm=SHA1&digits=6&period=30")
    }

    @Test func policyStoresRolesInOrderAndSaysWhoMustEnrol() {
        let roles: Set<Role> = [.staff, .providerAdmin]
        #expect(TwoFactorPolicy.store(roles) == "provider_admin,staff")
        #expect(TwoFactorPolicy.parse("provider_admin, staff,unknown,") == roles)
        #expect(TwoFactorPolicy.parse("") == [])
        #expect(TwoFactorPolicy.mustEnrol(role: .staff, required: roles, enrolled: false))
        #expect(!TwoFactorPolicy.mustEnrol(role: .staff, required: roles, enrolled: true))
        #expect(!TwoFactorPolicy.mustEnrol(role: .commissioner, required: roles, enrolled: false))
    }

    @Test func settingsFormRolesMustAllBeRoles() throws {
        #expect(try TwoFactorPolicy.roles(from: ["staff", "quality_lead", "staff"]).get() == [.staff, .qualityLead])
        #expect(try TwoFactorPolicy.roles(from: []).get() == [])
        switch TwoFactorPolicy.roles(from: ["staff", "wizard", ""]) {
        case .success: Issue.record("an unknown role was accepted")
        case .failure(let e):
            #expect(e.field == "roles")
            #expect(e.message == "Choose roles from the list: wizard,  is not a role.")
        }
    }
}
