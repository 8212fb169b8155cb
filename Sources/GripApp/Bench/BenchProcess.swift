import Foundation

/// The benchmark's child processes: `grip` itself, run as a command (data, token, audit verify)
/// or as the server under test, with its environment pointing at the benchmark's database.
struct BenchProcess {
    let executable: String
    let environment: [String: String]
    let logDirectory: String

    /// This very executable (the server under test is the same build as the harness).
    static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `grip ARGS` with its output (both streams) going to LOG_DIRECTORY/NAME.log.
    func launch(_ arguments: [String], name: String) throws -> (process: Process, log: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let logPath = logDirectory + "/\(name).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try log.close()  // the child has its own copy
        return (process, logPath)
    }

    /// Runs `grip ARGS` to the end; returns its output and elapsed seconds, or fails with its output.
    func run(_ arguments: [String], name: String) throws -> (output: String, seconds: Double) {
        let start = ContinuousClock.now
        let (process, logPath) = try launch(arguments, name: name)
        process.waitUntilExit()
        let seconds = (ContinuousClock.now - start).seconds
        let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure(
                description:
                    "grip \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus)):\n\(output)")
        }
        return (output, seconds)
    }

    /// Starts `grip serve` in production mode on a loopback port; its output goes to NAME.log.
    func startServer(port: Int, name: String = "server", log: String = "warning") throws -> Process {
        let arguments = [
            "serve", "--env", "production", "--log", log, "--hostname", "127.0.0.1",
            "--port", String(port)
        ]
        return try launch(arguments, name: name).process
    }

    /// The same, with these variables added to the environment.
    func adding(_ variables: [String: String]) -> BenchProcess {
        BenchProcess(
            executable: executable, environment: environment.merging(variables) { $1 },
            logDirectory: logDirectory)
    }

    /// Resident memory of a process from /proc: the peak since the last reset and now, in MB.
    static func memory(of pid: Int32) -> (peakMB: Double, currentMB: Double)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func kilobytes(_ key: String) -> Double? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return nil }
            return line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
        }
        guard let peak = kilobytes("VmHWM"), let now = kilobytes("VmRSS") else { return nil }
        return (peak / 1024, now / 1024)
    }

    /// The largest peak of these processes (each server's own: they share nothing but the database).
    static func peakMB(of pids: [Int32]) -> Double? { pids.compactMap { memory(of: $0)?.peakMB }.max() }

    /// Resets the process's peak resident size to its current one (Linux `clear_refs` 5), so each
    /// operation's peak is its own; false where the kernel does not allow it.
    @discardableResult
    static func resetPeakMemory(of pid: Int32) -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/\(pid)/clear_refs") else { return false }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1000 }
}
