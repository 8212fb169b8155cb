import Foundation
import Testing
@testable import GripCore

@Suite struct HexTests {
    @Test func matchesPrintfForEveryByte() {
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.string(all) == all.map { String(format: "%02x", $0) }.joined())
    }

    @Test func emptyAndShortInputs() {
        #expect(Hex.string([UInt8]()) == "")
        #expect(Hex.string([0x00]) == "00")
        #expect(Hex.string([0xab, 0x0f]) == "ab0f")
    }
}
