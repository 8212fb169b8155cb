import Foundation
import GripCore
import NIOCore
import NIOHTTP1
import Vapor

/// `grip bench`: generates the data set into a fresh database, starts the server under test on a
/// loopback port, and measures each operation through real HTTP (see Benchmarks.md).
enum BenchRun {
    static func main(_ arguments: [String]) async -> Int32 {
        let (options, problems) = BenchOptions.parse(arguments)
        guard problems.isEmpty else {
            for p in problems { FileHandle.standardError.write(Data("grip bench: \(p)\n".utf8)) }
            return 2
        }
        do {
            try await run(options)
            return 0
        } catch {
            FileHandle.standardError.write(Data("grip bench: \(error)\n".utf8))
            return 1
        }
    }

    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func run(_ options: BenchOptions) async throws {
        let scratch = NSTemporaryDirectory() + "grip-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: scratch + "/data", withIntermediateDirectories: true)
        defer { if !options.keep { try? FileManager.default.removeItem(atPath: scratch) } }
        var env = ProcessInfo.processInfo.environment
        env["GRIP_DATA_DIR"] = scratch + "/data"
        env["LOG_LEVEL"] = "warning"
        switch options.database {
        case .sqlite:
            env.removeValue(forKey: "DATABASE_URL")
        case .postgres:
            guard let url = env["DATABASE_URL"], !url.isEmpty else {
                throw BenchProcess.Failure(
                    description:
                        """
                        --database postgres: set DATABASE_URL to an empty PostgreSQL database (it is filled and \
                        left as it is)
                        """
                )
            }
        }
        let grip = BenchProcess(executable: BenchProcess.currentExecutable(), environment: env, logDirectory: scratch)
        let machine = BenchMachine.current()
        say(
            """
            grip bench: \(options.scale.rawValue) scale on \(options.database.rawValue), \(options.clients) \
            clients\(options.instances > 1 ? " over \(options.instances) servers" : ""); \(machine.summary)
            """
        )
        if machine.build == "debug" {
            say("Note: this is a debug build. The figures in Benchmarks.md come from `swift build -c release`.")
        }

        // 1. The data set, into the empty database (a child process, so its memory is not the server's).
        let manifestPath = scratch + "/manifest.json"
        let generated = try grip.run(
            ["bench", "data", "--scale", options.scale.rawValue, "--manifest", manifestPath], name: "data")
        let manifest = try JSONDecoder().decode(
            BenchData.Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
        say(
            String(format: "Generated in %.1f s: ", generated.seconds)
                + manifest.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        let tokenRun = try grip.run(
            ["token", "create", "--email", "ql@bench.example", "--name", "grip bench"], name: "token")
        guard let token = tokenRun.output.split(separator: "\n").last.map(String.init), token.count > 20 else {
            throw BenchProcess.Failure(description: "grip token create printed no token:\n\(tokenRun.output)")
        }

        // 2. The servers under test (one unless --instances), on ports nothing else answers on.
        let client = BenchLoad.makeClient()
        let ports = (0..<options.instances).map { options.port + $0 }
        for port in ports {
            if (try? await BenchLoad(client: client, base: "http://127.0.0.1:\(port)").send(
                BenchRequest(path: "/health")))
                != nil
            {
                try? await client.shutdown()
                throw BenchProcess.Failure(
                    description:
                        "something already answers on port \(port): stop it or choose another with --port N")
            }
        }
        var servers: [Process] = []
        var report = BenchReport(
            options: options, machine: machine, manifest: manifest, generationSeconds: generated.seconds)
        do {
            for (i, port) in ports.enumerated() {
                let name = i == 0 ? "server" : "server-\(i + 1)"
                servers.append(try grip.startServer(port: port, name: name))
                try await waitForHealth(
                    BenchLoad(client: client, base: "http://127.0.0.1:\(port)"), server: servers[i],
                    log: scratch + "/\(name).log")
            }
            let load = BenchLoad(client: client, bases: ports.map { "http://127.0.0.1:\($0)" })
            report.startupMB = servers.compactMap { BenchProcess.memory(of: $0.processIdentifier)?.currentMB }.max()
            let ops = BenchOperations(
                load: load, manifest: manifest, token: token, clients: options.clients, scale: options.scale,
                today: Clock.current.today())
            let cookies = try await ops.measure(into: &report, pids: servers.map(\.processIdentifier))
            for server in servers {
                server.terminate()
                server.waitUntilExit()
            }
            // The statements of each operation, on a server that logs every one (after the timings, so
            // the logging costs them nothing).
            let counting = try grip.adding(["GRIP_SQL_LOG": "info"])
                .startServer(port: options.port, name: "server-sql", log: "info")
            do {
                try await waitForHealth(load, server: counting, log: scratch + "/server-sql.log")
                say("Counting the SQL statements of each operation…")
                let statements = BenchStatements(operations: ops, logPath: scratch + "/server-sql.log")
                try await statements.waitForDayRoll()
                report.statements = try await statements.count(cookie: cookies[0])
            } catch {
                counting.terminate()
                throw error
            }
            counting.terminate()
            counting.waitUntilExit()
        } catch {
            for server in servers where server.isRunning { server.terminate() }
            for server in servers { server.waitUntilExit() }
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()

        // 3. The whole audit trail, verified after every write above.
        let verify = try grip.run(["audit", "verify"], name: "audit-verify")
        report.add(
            single: "audit verify (whole trail)", seconds: verify.seconds,
            detail: verify.output.split(separator: "\n").last.map(String.init) ?? "",
            target: BenchTarget(.secondsBelow, 10))
        say("")
        say(report.table())
        if let out = options.out {
            try report.json().write(to: URL(fileURLWithPath: out))
            say("Wrote \(out).")
        }
        if options.keep { say("Kept the data and logs in \(scratch).") }
    }

    static func waitForHealth(_ load: BenchLoad, server: Process, log: String) async throws {
        for _ in 0..<600 {
            if !server.isRunning {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw BenchProcess.Failure(
                    description:
                        "the server stopped before answering (is the port in use? --port N):\n\(text.suffix(2000))")
            }
            if let a = try? await load.send(BenchRequest(path: "/health")), a.status == .ok { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchProcess.Failure(description: "the server did not answer /health within 60 s")
    }
}
