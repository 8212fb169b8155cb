import Foundation
import GripCore
import NIOCore
import NIOHTTP1
import Vapor

/// Where the figures came from.
struct BenchMachine: Codable, Sendable {
    var cpu: String
    var cores: Int
    var memoryGB: Double
    var os: String
    var build: String
    var date: String

    var summary: String { "\(cpu), \(cores) cores, \(String(format: "%.1f", memoryGB)) GB, \(os), \(build) build" }

    static func current() -> BenchMachine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? "unknown CPU"
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let os =
            release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            ?? "Linux"
        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        return BenchMachine(
            cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGB: Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824, os: os, build: build,
            date: ISO8601DateFormatter().string(from: Clock.current.now()))
    }
}

/// A value shared by concurrent clients behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func with<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
