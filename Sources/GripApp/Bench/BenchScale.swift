import Fluent
import Foundation
import GripCore

/// The benchmark's sizes (issue 7): `group` is a large care group on one small server.
enum BenchScale: String, CaseIterable, Sendable {
    case small, group, national

    var services: Int {
        switch self {
        case .small: 10;
        case .group: 200;
        case .national: 2000
        }
    }
    var usersPerService: Int { 10 }
    var actionsPerService: Int { 100 }
    var evidencePerAction: Int { 10 }
    var months: Int { self == .small ? 24 : 60 }
    var meetingsPerService: Int { 25 }
}

/// A deterministic generator (SplitMix64): the same seed gives the same data set.
struct BenchRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func uuid() -> UUID {
        let a = next(), b = next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8((a >> (8 * UInt64(i))) & 0xFF); bytes[8 + i] = UInt8((b >> (8 * UInt64(i))) & 0xFF)
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
